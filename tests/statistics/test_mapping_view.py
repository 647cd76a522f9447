"""The mapping step of a plain table: it starts from the guess (or the user's earlier choice),
offers breakdown columns, and keeps every choice when the reader refuses the mapping."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cohesion.statistics.views import SESSION_KEY
from tests.paths import DATASETS

DE = DATASETS / "de"
ZENSUS = DE / "zensus2022" / "zensus2022_einwanderungsgeschichte_gemeinden_bw.csv"
NIEDERSACHSEN = DE / "integrationsmonitoring_niedersachsen"

SMALL = (
    "ags;Gebiet;Jahr;Geschlecht;Einwohner\n"
    "05362032;Kerpen;2024;männlich;32800\n"
    "05362032;Kerpen;2024;weiblich;33785\n"
    "08111000;Stuttgart;2024;männlich;305000\n"
    "08111000;Stuttgart;2024;weiblich;307663\n"
).encode()


# Messages as written in the code; one test reads them in German.
pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def uploaded(client, world, settings, tmp_path):
    """Upload a file as the coordinator; gives the mapping page's URL."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.coordinator)

    def upload(name: str, content: bytes) -> str:
        response = client.post(
            reverse("statistics:upload"), {"file": SimpleUploadedFile(name, content)}
        )
        assert response.status_code == 302 and "/columns/" in response["Location"]
        return response["Location"]

    return upload


def stored_mapping(client) -> dict | None:
    (entry,) = client.session[SESSION_KEY].values()
    return entry["mapping"]


def test_the_form_starts_from_the_guess_with_breakdowns(client, uploaded):
    url = uploaded("einwohner.csv", SMALL)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    initial = response.context["form"].initial
    assert initial["region_key"] == "ags"
    assert initial["region_name"] == "Gebiet"
    assert initial["period"] == "Jahr"
    assert initial["value_columns"] == ["Einwohner"]
    assert initial["dimension_columns"] == ["Geschlecht"]
    page = response.content.decode()
    assert "Breakdown columns" in page
    assert 'value="Geschlecht" id="id_dimension_columns_' in page
    assert "What the guess found in each column" in page
    # accepted as guessed: the mapping is stored and the preview comes next
    form = response.context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    response = client.post(url, data)
    token = url.rstrip("/").split("/")[-2]
    assert response["Location"] == reverse("statistics:preview", args=[token])
    mapping = stored_mapping(client)
    assert (mapping["value"], list(mapping["dimension_columns"])) == ("Einwohner", ["Geschlecht"])


@pytest.mark.shared_data
def test_the_guess_of_real_files(client, uploaded):
    response = client.get(uploaded(ZENSUS.name, ZENSUS.read_bytes()))
    initial = response.context["form"].initial
    assert (initial["region_key"], initial["fixed_period"]) == ("ags", "2022-05-15")
    assert "population" in initial["value_columns"]
    name = "indicator_4-1-4.csv"
    response = client.get(uploaded(name, (NIEDERSACHSEN / name).read_bytes()))
    initial = response.context["form"].initial
    assert initial["dimension_columns"] == ["Nationalität"]
    assert (initial["unit_column"], initial["region_key_prefix_strip"]) == ("Units", "K")
    assert initial["fixed_variable"] == "indicator_4-1-4"


@pytest.mark.shared_data
def test_a_file_without_region_keys_is_mapped_by_hand(client, uploaded):
    name = "indicator_5-3-3.csv"
    response = client.get(uploaded(name, (NIEDERSACHSEN / name).read_bytes()))
    assert response.status_code == 200
    assert "could not guess" in response.content.decode()
    assert response.context["form"].initial == {}


@pytest.mark.shared_data
def test_a_file_of_one_region_is_mapped_with_the_region_of_every_row(client, uploaded):
    # Niedersachsen's 5-3-3 holds the Land's figures only: no column names the region.
    name = "indicator_5-3-3.csv"
    url = uploaded(name, (NIEDERSACHSEN / name).read_bytes())
    choices = {
        "region_key": "",
        "fixed_region": "03",
        "period": "Year",
        "value_columns": ["Value"],
        "fixed_variable": "Abstand der Arbeitslosenquote",
        "dimension_columns": ["Kategorie", "Geschlecht", "Altersgruppe"],
        "unit_column": "Units",
    }
    response = client.post(url, {**choices, "fixed_region": "3"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors["fixed_region"]
    response = client.post(url, {**choices, "region_key": "Kategorie"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors["fixed_region"]  # a key column and a region
    response = client.post(url, {**choices, "fixed_region": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["form"].errors["region_key"]  # neither
    assert stored_mapping(client) is None
    response = client.post(url, choices)
    token = url.rstrip("/").split("/")[-2]
    assert response["Location"] == reverse("statistics:preview", args=[token])
    mapping = stored_mapping(client)
    assert (mapping["region_key"], mapping["fixed_region"]) == ("", "03")
    assert client.get(url).context["form"].initial["fixed_region"] == "03"
    assert client.get(response["Location"]).status_code == 200


CHOICES = {
    "region_key": "Gebiet",  # names, not keys: the reader refuses
    "region_name": "ags",
    "period": "Jahr",
    "value_columns": ["Einwohner"],
    "fixed_variable": "Bevölkerung",
    "dimension_columns": ["Geschlecht"],
    "unit": "Personen",
    "table_code": "12411-01",
    "source": "© IT.NRW",
    "licence": "dl-de/by-2-0",
}


def test_a_refused_mapping_comes_back_in_the_users_language_with_every_choice(client, uploaded):
    url = uploaded("einwohner.csv", SMALL)
    response = client.post(url, CHOICES, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    page = response.content.decode()
    assert "„Kerpen“ ist kein amtlicher Regionalschlüssel." in page
    form = response.context["form"]
    for name, value in CHOICES.items():
        posted = form.data.getlist(name) if isinstance(value, list) else form.data[name]
        assert posted == value
    assert '<option value="Gebiet" selected>' in page
    assert 'value="12411-01"' in page and 'value="Personen"' in page
    assert 'value="Geschlecht" id="id_dimension_columns_3" checked' in page
    assert stored_mapping(client) is None  # nothing stored
    # corrected: accepted
    response = client.post(url, {**CHOICES, "region_key": "ags", "region_name": "Gebiet"})
    assert response.status_code == 302
    assert stored_mapping(client)["fixed_variable"] == "Bevölkerung"


def test_coming_back_shows_the_mapping_chosen_before(client, uploaded):
    url = uploaded("einwohner.csv", SMALL)
    chosen = {**CHOICES, "region_key": "ags", "region_name": "Gebiet", "table_code": "mine"}
    assert client.post(url, chosen).status_code == 302
    initial = client.get(url).context["form"].initial
    assert (initial["table_code"], initial["unit"], initial["fixed_variable"]) == (
        "mine",
        "Personen",
        "Bevölkerung",
    )
    assert initial["dimension_columns"] == ["Geschlecht"]


def test_the_readers_refusal_of_the_mapping_itself_is_translated(client, uploaded):
    url = uploaded("doppelt.csv", b"ags;Jahr;Wert;Wert\n08111000;2024;1;2\n")
    response = client.post(url, {"region_key": "ags", "period": "Jahr", "value_columns": ["Wert"]})
    assert response.status_code == 200
    assert "The file has two columns named “Wert”." in response.content.decode()
    assert stored_mapping(client) is None


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"region_key": "Kennziffer"}, "region_key"),  # a column the file does not have
        ({"dimension_columns": ["Schlüssel"]}, "dimension_columns"),
        ({"value_columns": ["Einwohner", "../etc/passwd"]}, "value_columns"),
        ({"dimension_columns": ["Einwohner"]}, "dimension_columns"),  # one column, two roles
        ({"period": "", "fixed_period": "irgendwann"}, "fixed_period"),
        ({"fixed_period": "2024"}, "fixed_period"),  # a period column and a fixed period
    ],
)
def test_tampered_or_inconsistent_choices_are_form_errors(client, uploaded, changes, field):
    url = uploaded("einwohner.csv", SMALL)
    valid = {**CHOICES, "region_key": "ags", "region_name": "Gebiet"}
    response = client.post(url, {**valid, **changes}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert stored_mapping(client) is None


def test_only_importers_in_their_own_session(client, uploaded, world):
    url = uploaded("einwohner.csv", SMALL)
    for user, status in ((world.moderator, 403), (world.working_group_member, 403)):
        other = Client()
        other.force_login(user)
        assert other.get(url).status_code == status
        assert other.post(url, CHOICES).status_code == status
    other = Client()
    other.force_login(world.other_coordinator)  # may import, but not this session's file
    assert other.get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the log-in page
    assert client.get(url).status_code == 200
