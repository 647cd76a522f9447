"""Which origin group of the statistics a country belongs to, so that a person whose map entry
names a country ("Türkei", "Syria") counts for the quota of its group ("Gastarbeiterländer",
"Vorderasien"). The groups are those of the Ausländerzentralregister's table 12521-0041 as the
indicator catalogue names them; only countries whose group is certain are listed, each under
its German and English name. A country the list does not know counts under its own name."""

GUEST_WORKER = "Gastarbeiterländer"
YUGOSLAVIA = "Gebiet des ehemaligen Jugoslawien"
SOVIET = "Gebiet der ehemaligen Sowjetunion"
EU27 = "EU-27 (seit 01.02.2020)"
NEAR_EAST = "Vorderasien"
AFRICA = "Afrika"

_COUNTRIES: list[tuple[tuple[str, ...], frozenset[str]]] = [
    (("Türkei", "Turkey", "Türkiye"), frozenset({GUEST_WORKER})),
    (("Italien", "Italy"), frozenset({GUEST_WORKER, EU27})),
    (("Griechenland", "Greece"), frozenset({GUEST_WORKER, EU27})),
    (("Spanien", "Spain"), frozenset({GUEST_WORKER, EU27})),
    (("Portugal",), frozenset({GUEST_WORKER, EU27})),
    (("Marokko", "Morocco"), frozenset({GUEST_WORKER, AFRICA})),
    (("Tunesien", "Tunisia"), frozenset({GUEST_WORKER, AFRICA})),
    (("Kroatien", "Croatia"), frozenset({GUEST_WORKER, YUGOSLAVIA, EU27})),
    (("Slowenien", "Slovenia"), frozenset({GUEST_WORKER, YUGOSLAVIA, EU27})),
    (("Serbien", "Serbia"), frozenset({GUEST_WORKER, YUGOSLAVIA})),
    (("Bosnien und Herzegowina", "Bosnia and Herzegovina"), frozenset({GUEST_WORKER, YUGOSLAVIA})),
    (("Kosovo",), frozenset({GUEST_WORKER, YUGOSLAVIA})),
    (("Montenegro",), frozenset({GUEST_WORKER, YUGOSLAVIA})),
    (("Nordmazedonien", "North Macedonia"), frozenset({GUEST_WORKER, YUGOSLAVIA})),
    (("Polen", "Poland"), frozenset({EU27})),
    (("Rumänien", "Romania"), frozenset({EU27})),
    (("Bulgarien", "Bulgaria"), frozenset({EU27})),
    (("Ungarn", "Hungary"), frozenset({EU27})),
    (("Frankreich", "France"), frozenset({EU27})),
    (("Niederlande", "Netherlands"), frozenset({EU27})),
    (("Österreich", "Austria"), frozenset({EU27})),
    (("Litauen", "Lithuania"), frozenset({SOVIET, EU27})),
    (("Lettland", "Latvia"), frozenset({SOVIET, EU27})),
    (("Estland", "Estonia"), frozenset({SOVIET, EU27})),
    (("Russland", "Russische Föderation", "Russia"), frozenset({SOVIET})),
    (("Ukraine",), frozenset({SOVIET})),
    (("Belarus",), frozenset({SOVIET})),
    (("Kasachstan", "Kazakhstan"), frozenset({SOVIET})),
    (("Moldau", "Moldova"), frozenset({SOVIET})),
    (("Georgien", "Georgia"), frozenset({SOVIET})),
    (("Armenien", "Armenia"), frozenset({SOVIET})),
    (("Aserbaidschan", "Azerbaijan"), frozenset({SOVIET})),
    (("Usbekistan", "Uzbekistan"), frozenset({SOVIET})),
    (("Syrien", "Syria"), frozenset({NEAR_EAST})),
    (("Irak", "Iraq"), frozenset({NEAR_EAST})),
    (("Iran",), frozenset({NEAR_EAST})),
    (("Libanon", "Lebanon"), frozenset({NEAR_EAST})),
    (("Jordanien", "Jordan"), frozenset({NEAR_EAST})),
    (("Eritrea",), frozenset({AFRICA})),
    (("Nigeria",), frozenset({AFRICA})),
    (("Somalia",), frozenset({AFRICA})),
    (("Ägypten", "Egypt"), frozenset({AFRICA})),
    (("Ghana",), frozenset({AFRICA})),
    (("Guinea",), frozenset({AFRICA})),
]

COUNTRY_GROUPS: dict[str, frozenset[str]] = {
    name.casefold(): groups for names, groups in _COUNTRIES for name in names
}


def origin_counted(origin: str, ranked_values: list[str]) -> str:
    """The quota value a person's origin counts for: the value itself where the table has a
    row for it, else the largest of the table's groups that contains the country, else the
    origin as written. One value each, so that a person counts once per attribute."""
    if origin in ranked_values:
        return origin
    groups = COUNTRY_GROUPS.get(origin.casefold())
    if groups:
        for value in ranked_values:
            if value in groups:
                return value
    return origin
