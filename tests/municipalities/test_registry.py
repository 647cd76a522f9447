import datetime
import gzip
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cohesion.municipalities import gv100ad
from cohesion.municipalities.models import (
    Municipality,
    PopulationRecord,
    SizeClass,
    fold_for_search,
    size_class_for,
)
from cohesion.municipalities.selectors import registry_search
from cohesion.municipalities.services import (
    SHIPPED_GV100AD,
    SHIPPED_GV100AD_EDITIONS,
    registry_import_gv100ad,
)

KERPEN = "05362032"


@pytest.mark.parametrize(
    ("population", "size"),
    [
        (None, None),
        (0, "small"),
        (19_999, "small"),
        (20_000, "medium"),
        (99_999, "medium"),
        (100_000, "large"),
    ],
)
def test_size_classes_follow_the_competition(population, size):
    assert size_class_for(population) == size


def test_loading_the_registry_and_loading_it_again(db):
    first = registry_import_gv100ad()
    assert (first.entries, first.created, first.updated) == (11369, 11369, 0)
    kerpen = Municipality.objects.get(ags=KERPEN)
    assert kerpen.size_class == SizeClass.MEDIUM
    assert kerpen.source.endswith("GV-ISys, 30.11.2025, dl-de/by-2-0")
    assert Municipality.objects.get(ags="08111000").size_class == SizeClass.LARGE
    kerpen.population = 1
    kerpen.save()
    again = registry_import_gv100ad()  # a re-import refreshes in place and changes nothing else
    assert (again.created, again.updated) == (0, 11369)
    assert Municipality.objects.count() == 11369
    assert PopulationRecord.objects.count() == 11369
    assert Municipality.objects.get(ags=KERPEN).population == 66585


def test_every_edition_adds_to_the_population_history(db):
    for edition in reversed(SHIPPED_GV100AD_EDITIONS):  # newest first: older ones must not win
        registry_import_gv100ad(path=edition)
    kerpen = Municipality.objects.get(ags=KERPEN)
    history = dict(kerpen.population_records.values_list("reference_date", "population"))
    assert history == {
        datetime.date(2021, 12, 31): 66294,
        datetime.date(2022, 12, 31): 67239,
        datetime.date(2024, 12, 31): 66585,
    }
    assert (kerpen.name, kerpen.population) == ("Kerpen, Kolpingstadt", 66585)
    assert kerpen.territorial_status == datetime.date(2025, 11, 30)
    stuttgart = dict(
        PopulationRecord.objects.filter(municipality__ags="08111000").values_list(
            "reference_date__year", "population"
        )
    )
    assert stuttgart == {2021: 626275, 2022: 632865, 2024: 612663}
    # Units dissolved since 2021 stay known, but only as former ones.
    assert Municipality.objects.get(ags="01059101").name == "Tastrup"
    assert not registry_search(query="Tastrup").exists()
    assert registry_search(query="Tastrup", include_former=True).get().ags == "01059101"
    # Nordrhein-Westfalen today: the Land, 53 districts, 396 municipalities.
    assert registry_search(query="05").count() == 1 + 53 + 396


def test_a_truncated_file_leaves_the_registry_untouched(db, tmp_path):
    registry_import_gv100ad()
    with gzip.open(SHIPPED_GV100AD) as handle:
        raw = handle.read().decode("utf-8-sig").splitlines()
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(raw[:5000] + ["60" + "x" * 30]), encoding="utf-8")
    with pytest.raises(gv100ad.GV100ADError):
        registry_import_gv100ad(path=broken)
    assert Municipality.objects.count() == 11369


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("kerpen", "Kerpen, Kolpingstadt"),
        ("KÖLN", "Köln, Stadt"),
        ("koln", "Köln, Stadt"),
        ("05362032", "Kerpen, Kolpingstadt"),
        ("hersfeld-rot", "Hersfeld-Rotenburg"),
        ("bautzen / bud", "Bautzen / Budyšin, Stadt, Hochschulstadt / Wysokoš"),
    ],
)
def test_registry_search_by_name_or_key(db, query, first):
    registry_import_gv100ad()
    assert registry_search(query=query).first().name == first


def test_search_folds_accents_and_case():
    assert fold_for_search("Straße in Köln, BUDYŠIN") == "strasse in koln, budysin"


def test_import_command_prints_what_it_did(db):
    out = StringIO()
    call_command("import-gv100ad", str(SHIPPED_GV100AD), stdout=out)
    assert "30.11.2025" in out.getvalue() and "11369" in out.getvalue()


def test_import_command_refuses_bad_files_and_imports_nothing(db, tmp_path):
    html = tmp_path / "gv.txt"
    html.write_text("<!DOCTYPE html><html><body>Sitzung abgelaufen</body></html>")
    with translation.override("en"):
        with pytest.raises(CommandError, match="line 1: not a GV100AD record. Nothing was"):
            call_command("import-gv100ad", str(html))
        with pytest.raises(CommandError, match="There is no file"):
            call_command("import-gv100ad", str(tmp_path / "missing.txt"))
    with translation.override("de"), pytest.raises(CommandError, match="Es wurde nichts"):
        call_command("import-gv100ad", str(html))
    assert not Municipality.objects.exists()
