"""The demo's statistics: real files shipped under cohesion/demo/data with their attribution,
imported without ../shared."""

import hashlib

import pytest

from cohesion.demo.services import DATA_DIR, DEMO_ATTRIBUTION, DEMO_STATISTICS
from cohesion.statistics.models import StatisticsImport
from tests.paths import DATASETS
from tests.real_figures import real_figures_loaded

NRW_EXCERPT = "nrw_12411-01i_excerpt.csv"
CORPUS = DATASETS / "de" / "corpus"


@pytest.fixture(scope="module")
def shipped(django_db_setup, django_db_blocker):
    with real_figures_loaded(django_db_blocker):
        yield


def _record(filename: str) -> StatisticsImport:
    return StatisticsImport.objects.get(filename=filename, state=StatisticsImport.State.APPLIED)


def test_every_shipped_file_is_attributed_in_source_md():
    source_md = (DATA_DIR / "SOURCE.md").read_text(encoding="utf-8")
    shipped_files = {path.name for path in DATA_DIR.iterdir() if path.name != "SOURCE.md"}
    assert shipped_files == {filename for filename, _mapping in DEMO_STATISTICS}
    for filename in shipped_files:
        assert f"`{filename}`" in source_md or filename.rsplit("_", 1)[-1] in source_md
    # The attribution lines the corpus requires, word for word.
    assert "© IT.NRW, Düsseldorf, 2021. Landesdatenbank NRW, Tabelle 12411-01i; dl-de/by-2-0" in (
        source_md
    )
    assert "© Statistische Ämter des Bundes und der Länder, Deutschland" in source_md
    assert "byte-identical" in source_md


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/datasets/de/corpus")
def test_the_nrw_excerpt_is_whole_lines_of_the_original():
    original = (CORPUS / "nrw_12411-01i.csv").read_bytes()
    excerpt = (DATA_DIR / NRW_EXCERPT).read_bytes()
    original_lines = original.split(b"\n")
    excerpt_lines = excerpt.split(b"\n")
    assert excerpt.endswith(b"\n") and excerpt_lines[0] == original_lines[0]
    # Every line is a line of the original, in the original's order.
    positions = [original_lines.index(line) for line in excerpt_lines[1:-1]]
    assert positions == sorted(positions) and len(set(positions)) == len(positions)
    keys = {line.split(b";")[7] for line in excerpt_lines[1:-1]}
    assert {b"05", b"053", b"05362", b"05362032", b"05122"} <= keys
    assert sum(1 for line in excerpt_lines if b";05362032;" in line) == 58  # 1962 to 2019
    assert b"31.12.2019;GEMEIN;Gemeinden;05362032;      Kerpen, Stadt;66702" in excerpt
    assert b"31.12.1962;GEMEIN;Gemeinden;05362032;      Kerpen, Stadt;35752" in excerpt


@pytest.mark.skipif(not CORPUS.exists(), reason="needs ../shared/datasets/de/corpus")
def test_the_regionaldatenbank_files_are_copied_unchanged():
    for path in DATA_DIR.glob("rgs_*"):
        assert (
            hashlib.sha256(path.read_bytes()).digest()
            == hashlib.sha256((CORPUS / path.name).read_bytes()).digest()
        )


@pytest.mark.django_db
def test_a_regionaldatenbank_table_brings_its_own_attribution(shipped):
    record = _record("rgs_21111-02-06-4.csv")
    assert record.source.startswith("© Statistische Ämter des Bundes und der Länder, Deutschland")
    assert record.licence == "dl-de/by-2-0" and record.table_code == "21111-02-06-4"


@pytest.mark.django_db
def test_the_nrw_flat_file_is_imported_with_the_attribution_it_does_not_print(shipped):
    record = _record(NRW_EXCERPT)
    source, licence, table_code = DEMO_ATTRIBUTION[NRW_EXCERPT]
    assert (record.source, record.licence, record.table_code) == (source, licence, table_code)
    assert record.source == "© IT.NRW, Düsseldorf, 2021. Landesdatenbank NRW"
    assert record.new_count == 1276


@pytest.mark.django_db
@pytest.mark.parametrize(
    "filename", ["rgs_21111-01-03-4.csv", "rgs_82411-01-03-4.csv", "rgs_12711-04-02-4-j21.xlsx"]
)
def test_every_regionaldatenbank_file_of_the_demo_is_imported(shipped, filename):
    record = _record(filename)
    assert "Statistische Ämter des Bundes und der Länder" in record.source
