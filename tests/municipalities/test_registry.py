import gzip

import pytest

from cohesion.municipalities import gv100ad
from cohesion.municipalities.models import Municipality, SizeClass, size_class_for
from cohesion.municipalities.services import SHIPPED_GV100AD, registry_load_gv100ad


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
    assert registry_load_gv100ad() == 11369
    kerpen = Municipality.objects.get(ags="05362032")
    assert kerpen.size_class == SizeClass.MEDIUM
    assert kerpen.source.endswith("GV-ISys, 30.11.2025, dl-de/by-2-0")
    assert Municipality.objects.get(ags="08111000").size_class == SizeClass.LARGE
    kerpen.population = 1
    kerpen.save()
    assert registry_load_gv100ad() == 11369  # refreshes in place
    assert Municipality.objects.count() == 11369
    assert Municipality.objects.get(ags="05362032").population == 66585


def test_a_truncated_file_leaves_the_registry_untouched(db, tmp_path):
    registry_load_gv100ad()
    with gzip.open(SHIPPED_GV100AD) as handle:
        raw = handle.read().decode("utf-8-sig").splitlines()
    broken = tmp_path / "broken.txt"
    broken.write_text("\n".join(raw[:5000] + ["60" + "x" * 30]), encoding="utf-8")
    with pytest.raises(gv100ad.GV100ADError):
        registry_load_gv100ad(path=broken)
    assert Municipality.objects.count() == 11369
