"""The peer engine: hand-computed distances, the rules around them, comparisons on complete
features, and the BBSR types."""

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion.peers.engine import (
    FeatureMatrix,
    Peer,
    Standardised,
    comparable_features,
    comparison,
    district_types,
    municipality_types,
    nearest_peers,
    peers_within_kind,
    standardise,
)


def run_python(code):
    return subprocess.run(  # noqa: S603 - our own interpreter running a fixed script
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout


def test_engine_does_not_import_django():
    code = "import sys, cohesion.peers.engine; print('django' in sys.modules)"
    assert run_python(code).strip() == "False"


def matrix(rows, features=None):
    features = features or sorted({name for row in rows.values() for name in row})
    return FeatureMatrix.from_rows(rows, features)


def given_z(z):
    """A Standardised with exactly these z-scores, to test the distance on its own."""
    z = np.asarray(z, dtype=float)
    return Standardised(z=z, mean=np.zeros(z.shape[1]), std=np.ones(z.shape[1]))


def distances(peers):
    return {peer.key: peer.distance for peer in peers}


# Three regions, two features: f1 = 0, 1, 2 has mean 1 and std sqrt(2/3), so z = -r, 0, r with
# r = sqrt(1.5); f2 = 10, 10, 40 has mean 20 and std sqrt(200), so z = -s, -s, 2s with s =
# sqrt(0.5). A to B differs by (r, 0): sqrt(1.5); A to C by (2r, 3s): sqrt(6 + 4.5).
THREE = {"A": {"f1": 0, "f2": 10}, "B": {"f1": 1, "f2": 10}, "C": {"f1": 2, "f2": 40}}


class TestFeatureMatrix:
    def test_from_rows_keeps_order_and_marks_missing(self):
        m = FeatureMatrix.from_rows({"b": {"x": 1.0}, "a": {"x": None, "y": 2}}, ["x", "y"])
        assert m.keys == ("b", "a")
        assert m.features == ("x", "y")
        assert m.values.dtype == np.float64
        np.testing.assert_array_equal(m.values, [[1.0, np.nan], [np.nan, 2.0]])

    def test_index_of(self):
        m = matrix(THREE)
        assert [m.index_of(key) for key in "ABC"] == [0, 1, 2]
        with pytest.raises(KeyError, match="Z"):
            m.index_of("Z")

    def test_values_are_copied_and_read_only(self):
        values = np.array([[1.0], [2.0]])
        m = FeatureMatrix(keys=("a", "b"), features=("x",), values=values)
        values[0, 0] = 99.0
        assert m.values[0, 0] == 1.0
        with pytest.raises(ValueError):
            m.values[0, 0] = 5.0

    @pytest.mark.parametrize(
        ("keys", "features", "values", "message"),
        [
            (("a",), ("x",), [[1.0, 2.0]], "shape"),
            (("a", "a"), ("x",), [[1.0], [2.0]], "unique"),
            (("a",), ("x", "x"), [[1.0, 2.0]], "unique"),
            (("a",), ("x",), [[np.inf]], "infinity"),
        ],
    )
    def test_invalid(self, keys, features, values, message):
        with pytest.raises(ValueError, match=message):
            FeatureMatrix(keys=keys, features=features, values=np.array(values))


class TestStandardise:
    def test_z_scores_ignore_missing(self):
        result = standardise(np.array([[0.0, 1.0], [2.0, np.nan], [4.0, 3.0]]))
        np.testing.assert_allclose(result.mean, [2.0, 2.0])
        np.testing.assert_allclose(result.std, [math.sqrt(8 / 3), 1.0])
        np.testing.assert_allclose(result.z[:, 0], np.array([-2, 0, 2]) / math.sqrt(8 / 3))
        np.testing.assert_array_equal(result.z[:, 1], [-1.0, np.nan, 1.0])

    def test_matches_nanmean_and_nanstd(self):
        rng = np.random.default_rng(3)
        values = rng.normal(50, 20, size=(30, 4))
        values[rng.random(values.shape) < 0.2] = np.nan
        result = standardise(values)
        np.testing.assert_allclose(result.mean, np.nanmean(values, axis=0))
        np.testing.assert_allclose(result.std, np.nanstd(values, axis=0, ddof=0))

    def test_columns_that_cannot_be_standardised_are_all_nan(self):
        # Constant (0.1 is not exact in binary: a rounded mean must not leave a tiny std),
        # a single value, and nothing at all.
        values = np.array([[0.1, 5.0, np.nan], [0.1, np.nan, np.nan], [0.1, np.nan, np.nan]])
        result = standardise(values)
        assert np.isnan(result.z).all()
        np.testing.assert_array_equal(result.std, [0.0, 0.0, np.nan])

    def test_rejects_other_dimensions(self):
        with pytest.raises(ValueError, match="2-d"):
            standardise(np.zeros(3))


class TestNearestPeers:
    def test_hand_computed_distances(self):
        peers = nearest_peers(matrix(THREE), "A")
        assert [peer.key for peer in peers] == ["B", "C"]
        assert peers[0].distance == pytest.approx(math.sqrt(1.5))
        assert peers[1].distance == pytest.approx(math.sqrt(10.5))
        assert all(peer.shared == 2 for peer in peers)

    def test_returns_peers(self):
        peers = nearest_peers(matrix(THREE), "B", k=1)
        assert peers == [Peer(key="A", distance=pytest.approx(math.sqrt(1.5)), shared=2)]

    def test_scale_does_not_matter(self):
        # Head counts and shares weigh alike: rescaling a column changes nothing.
        scaled = {key: {"f1": row["f1"] * 1e6, "f2": row["f2"] / 1e3} for key, row in THREE.items()}
        assert distances(nearest_peers(matrix(scaled), "A")) == pytest.approx(
            distances(nearest_peers(matrix(THREE), "A"))
        )

    def test_region_is_not_its_own_peer(self):
        rows = {"A": {"x": 1, "y": 1}, "B": {"x": 1, "y": 1}, "C": {"x": 5, "y": 0}}
        peers = nearest_peers(matrix(rows), "A", k=10)
        assert "A" not in [peer.key for peer in peers]
        assert peers[0] == Peer(key="B", distance=0.0, shared=2)

    def test_unknown_key(self):
        with pytest.raises(KeyError):
            nearest_peers(matrix(THREE), "Z")

    def test_candidates_mask(self):
        m = matrix(THREE)
        peers = nearest_peers(m, "A", candidates=np.array([True, False, True]))
        assert [peer.key for peer in peers] == ["C"]
        assert nearest_peers(m, "A", candidates=np.array([True, False, False])) == []

    def test_candidates_must_be_a_boolean_mask_over_rows(self):
        m = matrix(THREE)
        with pytest.raises(ValueError, match="boolean"):
            nearest_peers(m, "A", candidates=np.array([1, 0, 1]))
        with pytest.raises(ValueError, match="boolean"):
            nearest_peers(m, "A", candidates=np.array([True, False]))

    def test_weights(self):
        # z: A (0, 0), B (1, 0), C (0, 2); weights scale the squared differences.
        m = FeatureMatrix(keys=("A", "B", "C"), features=("x", "y"), values=np.zeros((3, 2)))
        z = given_z([[0, 0], [1, 0], [0, 2]])
        plain = distances(nearest_peers(m, "A", standardised=z, min_shared=1))
        assert plain == pytest.approx({"B": 1.0, "C": 2.0})
        heavy = distances(nearest_peers(m, "A", standardised=z, weights={"x": 9}, min_shared=1))
        assert heavy == pytest.approx({"B": 3.0, "C": 2.0})

    def test_weight_zero_ignores_a_feature(self):
        # z: B is near A but for the noise, C farther in x and y and equal in noise.
        m = FeatureMatrix(
            keys=("A", "B", "C"), features=("x", "y", "noise"), values=np.zeros((3, 3))
        )
        z = given_z([[0, 0, 0], [1, 1, 5], [2, 2, 0]])
        assert distances(nearest_peers(m, "A", standardised=z)) == pytest.approx(
            {"C": math.sqrt(8), "B": math.sqrt(27)}
        )
        dropped = nearest_peers(m, "A", standardised=z, weights={"noise": 0})
        assert [peer.key for peer in dropped] == ["B", "C"]
        assert all(peer.shared == 2 for peer in dropped)
        two = FeatureMatrix(keys=("A", "B", "C"), features=("x", "y"), values=np.zeros((3, 2)))
        without = nearest_peers(two, "A", standardised=given_z([[0, 0], [1, 1], [2, 2]]))
        assert distances(dropped) == pytest.approx(distances(without))
        assert distances(dropped) == pytest.approx({"B": math.sqrt(2), "C": math.sqrt(8)})

    @pytest.mark.parametrize(
        ("weights", "message"),
        [({"nope": 1.0}, "nope"), ({"f1": -1.0}, "negative"), ({"f1": math.nan}, "finite")],
    )
    def test_invalid_weights(self, weights, message):
        with pytest.raises(ValueError, match=message):
            nearest_peers(matrix(THREE), "A", weights=weights)

    def test_min_shared(self):
        rows = {
            "A": {"x": 0, "y": 0, "z": 0},
            "B": {"x": 1, "y": None, "z": None},
            "C": {"x": 2, "y": 2, "z": None},
            "D": {"x": 3, "y": 3, "z": 3},
        }
        m = matrix(rows)
        assert {peer.key: peer.shared for peer in nearest_peers(m, "A")} == {"C": 2, "D": 3}
        assert [peer.key for peer in nearest_peers(m, "A", min_shared=3)] == ["D"]
        assert {peer.key for peer in nearest_peers(m, "A", min_shared=1)} == {"B", "C", "D"}

    def test_target_with_too_few_features_has_no_peers(self):
        rows = {"A": {"x": 0}, "B": {"x": 1, "y": 1}, "C": {"x": 2, "y": 5}}
        m = matrix(rows, ["x", "y"])
        assert nearest_peers(m, "A") == []
        assert [peer.key for peer in nearest_peers(m, "A", min_shared=1)] == ["B", "C"]

    def test_missing_data_never_makes_a_region_closer(self):
        # FULL differs by 1 in all four features, GAPS by 1 in the two it has. Summed over
        # shared features alone GAPS would be at sqrt(2), closer than FULL at 2.
        m = FeatureMatrix(
            keys=("T", "FULL", "GAPS"), features=("a", "b", "c", "d"), values=np.zeros((3, 4))
        )
        z = given_z([[0, 0, 0, 0], [1, 1, 1, 1], [1, -1, np.nan, np.nan]])
        peers = {peer.key: peer for peer in nearest_peers(m, "T", standardised=z)}
        assert peers["FULL"].distance == 2.0
        assert peers["GAPS"].distance == 2.0
        assert (peers["FULL"].shared, peers["GAPS"].shared) == (4, 2)

    def test_a_gap_in_the_target_counts_the_same(self):
        m = FeatureMatrix(keys=("T", "A", "B"), features=("a", "b", "c"), values=np.zeros((3, 3)))
        z = given_z([[0, 0, np.nan], [2, 2, 2], [1, 1, 9]])
        assert distances(nearest_peers(m, "T", standardised=z)) == pytest.approx(
            {"B": math.sqrt(3), "A": math.sqrt(12)}
        )

    def test_constant_column_gives_no_nan(self):
        rows = {key: {**row, "same": 7.0} for key, row in THREE.items()}
        peers = nearest_peers(matrix(rows), "A")
        assert all(math.isfinite(peer.distance) for peer in peers)
        assert all(peer.shared == 2 for peer in peers)
        assert distances(peers) == pytest.approx(distances(nearest_peers(matrix(THREE), "A")))

    def test_ties_broken_by_key_and_deterministic(self):
        # Every other region is at the same distance; keys are given out of order.
        rows = {key: {"x": 1, "y": 1} for key in ["09", "03", "07", "01", "05"]}
        rows["00"] = {"x": 0, "y": 0}
        m = matrix(rows)
        first = nearest_peers(m, "00", k=3)
        assert [peer.key for peer in first] == ["01", "03", "05"]
        assert nearest_peers(m, "00", k=3) == first
        assert [peer.key for peer in nearest_peers(m, "00", k=10)] == ["01", "03", "05", "07", "09"]

    def test_ties_at_the_kth_place_go_by_key_among_many(self):
        rng = np.random.default_rng(7)
        keys = [f"{i:05d}" for i in rng.permutation(500)]
        values = np.ones((500, 2))
        values[:250] = 2.0  # half of them far away
        values[keys.index("00042")] = 0.0
        m = FeatureMatrix(keys=tuple(keys), features=("x", "y"), values=values)
        near = sorted(key for key, row in zip(keys, values, strict=True) if row[0] == 1.0)
        assert [peer.key for peer in nearest_peers(m, "00042", k=5)] == near[:5]

    def test_k(self):
        m = matrix(THREE)
        assert len(nearest_peers(m, "A", k=1)) == 1
        assert nearest_peers(m, "A", k=0) == []
        with pytest.raises(ValueError, match="k"):
            nearest_peers(m, "A", k=-1)
        with pytest.raises(ValueError, match="min_shared"):
            nearest_peers(m, "A", min_shared=0)

    def test_precomputed_standardisation_gives_the_same(self):
        m = matrix(THREE)
        assert nearest_peers(m, "A", standardised=standardise(m.values)) == nearest_peers(m, "A")
        with pytest.raises(ValueError, match="shape"):
            nearest_peers(m, "A", standardised=standardise(m.values[:2]))

    def test_large_matrix_matches_a_plain_loop(self):
        rng = np.random.default_rng(11)
        values = rng.normal(size=(300, 6)) * [1, 10, 100, 1e3, 1e4, 1e5]
        values[rng.random(values.shape) < 0.15] = np.nan
        m = FeatureMatrix(
            keys=tuple(f"{i:08d}" for i in range(300)),
            features=tuple(f"f{j}" for j in range(6)),
            values=values,
        )
        weights = {"f0": 2.0, "f2": 0.5, "f5": 0.0}
        z = standardise(values).z
        w = np.array([2.0, 1.0, 0.5, 1.0, 1.0, 0.0])
        expected = []
        for i in range(1, 300):
            both = ~np.isnan(z[0]) & ~np.isnan(z[i]) & (w > 0)
            if both.sum() >= 2:
                mean = (w[both] * (z[0, both] - z[i, both]) ** 2).sum() / w[both].sum()
                expected.append((math.sqrt(mean * w.sum()), m.keys[i]))
        expected.sort()
        peers = nearest_peers(m, m.keys[0], k=25, weights=weights)
        assert [peer.key for peer in peers] == [key for _, key in expected[:25]]
        assert [peer.distance for peer in peers] == pytest.approx([d for d, _ in expected[:25]])


def blobs(seed=1, per_blob=40):
    rng = np.random.default_rng(seed)
    centres = np.array([[0.0, 0.0, 0.0], [10.0, 10.0, 0.0], [5.0, 0.0, 10.0]])
    values = np.concatenate([c + rng.normal(scale=0.5, size=(per_blob, 3)) for c in centres])
    truth = np.repeat(np.arange(3), per_blob)
    order = rng.permutation(len(values))
    m = FeatureMatrix(
        keys=tuple(f"{i:08d}" for i in range(len(values))),
        features=("a", "b", "c"),
        values=values[order],
    )
    return m, truth[order]


# Small numbers of whole values make ties and gaps frequent, which is where the rules bite.
cell = st.one_of(st.none(), st.integers(-5, 5).map(float), st.floats(-1e3, 1e3))


@st.composite
def matrices(draw):
    n_features = draw(st.integers(1, 5))
    n_rows = draw(st.integers(2, 12))
    row = st.lists(cell, min_size=n_features, max_size=n_features)
    values = np.array([draw(row) for _ in range(n_rows)], dtype=float)  # None becomes NaN
    return FeatureMatrix(
        keys=tuple(f"{i:08d}" for i in range(n_rows)),
        features=tuple(f"f{j}" for j in range(n_features)),
        values=values,
    )


@st.composite
def queries(draw):
    m = draw(matrices())
    n = len(m.keys)
    candidates = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)))
    weights = {
        name: draw(st.sampled_from([0.0, 0.5, 1.0, 3.0]))
        for name in draw(st.lists(st.sampled_from(m.features), unique=True))
    }
    return m, candidates, weights, draw(st.integers(1, 3)), draw(st.integers(0, 12))


@settings(max_examples=200, deadline=None)
@given(queries())
def test_property_sorted_non_negative_at_most_k(query):
    m, candidates, weights, min_shared, k = query
    for key in m.keys:
        peers = nearest_peers(
            m, key, k=k, candidates=candidates, weights=weights, min_shared=min_shared
        )
        assert len(peers) <= k
        assert all(peer.distance >= 0 and math.isfinite(peer.distance) for peer in peers)
        assert all(peer.shared >= min_shared for peer in peers)
        assert key not in {peer.key for peer in peers}
        assert all(candidates[m.index_of(peer.key)] for peer in peers)
        order = [(peer.distance, peer.key) for peer in peers]
        assert order == sorted(order)


@settings(max_examples=200, deadline=None)
@given(queries())
def test_property_symmetric(query):
    m, _, weights, min_shared, _ = query
    everyone = np.ones(len(m.keys), dtype=bool)
    found = {
        key: distances(
            nearest_peers(
                m, key, k=len(m.keys), candidates=everyone, weights=weights, min_shared=min_shared
            )
        )
        for key in m.keys
    }
    for a, peers in found.items():
        for b, distance in peers.items():
            assert found[b][a] == distance


class TestComparableFeatures:
    def test_complete_and_differing_columns_only(self):
        values = np.array([[1.0, 5.0, np.nan, 2.0], [2.0, 5.0, 3.0, 2.0], [3.0, 5.0, 4.0, 7.0]])
        assert comparable_features(values).tolist() == [True, False, False, True]

    def test_no_rows_no_features(self):
        assert comparable_features(np.empty((0, 3))).tolist() == [False, False, False]


class TestComparison:
    ROWS = {
        "a": {"pop": 1.0, "share": 0.1, "change": 1.0},
        "b": {"pop": 2.0, "share": None, "change": 2.0},
        "c": {"pop": 3.0, "share": 0.3, "change": 2.0},
        "d": {"pop": 9.0, "share": 0.2, "change": 5.0},
    }

    def test_a_feature_one_region_lacks_is_left_out_for_all(self):
        found = comparison(matrix(self.ROWS, ["pop", "share", "change"]))
        assert found.features == ("pop", "change")
        assert found.left_out == ("share",)
        assert not np.isnan(found.standardised.z).any()

    def test_a_subset_of_rows_may_have_it(self):
        m = matrix(self.ROWS, ["pop", "share", "change"])
        found = comparison(m, np.array([True, False, True, True]))
        assert found.features == ("pop", "share", "change")
        assert found.matrix.keys == ("a", "c", "d")
        assert "b" not in found and "a" in found

    def test_peers_are_euclidean_on_the_z_scores(self):
        found = comparison(matrix(THREE))
        peers = found.peers("A", k=2)
        assert [peer.key for peer in peers] == ["B", "C"]
        assert peers[0].distance == pytest.approx(math.sqrt(1.5))
        assert peers[1].distance == pytest.approx(math.sqrt(6 + 4.5))

    def test_nothing_to_compare_on_gives_no_peers(self):
        found = comparison(matrix({"a": {"x": 1.0}, "b": {"x": None}}))
        assert found.features == ()
        assert found.peers("a") == []

    def test_the_mask_must_fit(self):
        with pytest.raises(ValueError, match="boolean mask"):
            comparison(matrix(THREE), np.array([1, 0, 1]))


class TestPeersWithinKind:
    def test_peers_are_of_the_same_kind_and_features_complete_within_it(self):
        rows = {
            "05": {"pop": 18e6, "share": None},
            "05362": {"pop": 480_000, "share": 14.0},
            "05366": {"pop": 190_000, "share": 9.0},
            "05334": {"pop": 560_000, "share": 17.0},
            "05362032": {"pop": 66_585, "share": None},
            "05362028": {"pop": 60_000, "share": None},
            "05362004": {"pop": 44_000, "share": 12.0},
        }
        kinds = ["state", "district", "district", "district", "town", "town", "town"]
        m = matrix(rows, ["pop", "share"])
        found, peers = peers_within_kind(m, kinds, "05362032")
        assert found.features == ("pop",) and found.left_out == ("share",)
        assert [peer.key for peer in peers] == ["05362028", "05362004"]
        found, peers = peers_within_kind(m, kinds, "05362")
        assert found.features == ("pop", "share")
        assert {peer.key for peer in peers} == {"05366", "05334"}

    def test_kinds_must_fit(self):
        with pytest.raises(ValueError, match="kind of each"):
            peers_within_kind(matrix(THREE), ["a", "b"], "A")


class TestMunicipalityTypes:
    def test_kerpen_is_not_typed_with_berlin_hamburg_muenchen(self):
        # Population and area (km²) roughly as the registry has them; Kerpen exactly.
        names = ["Berlin", "Hamburg", "München", "Kerpen", "Gerolstein", "Obergeckler"]
        population = [3_685_265, 1_862_565, 1_505_005, 66_585, 7_800, 187]
        area = [891.12, 755.09, 310.7, 113.94, 66.0, 4.6]
        types = dict(zip(names, municipality_types(population, area), strict=True))
        assert types["Berlin"] == types["Hamburg"] == types["München"] == "grosse-grossstadt/dense"
        assert types["Kerpen"] == "groessere-mittelstadt/dense"
        assert types["Gerolstein"] == "kleine-kleinstadt/sparse"
        assert types["Obergeckler"] == "landgemeinde/sparse"

    @pytest.mark.parametrize(
        ("population", "size"),
        [
            (500_000, "grosse-grossstadt"),
            (499_999, "kleinere-grossstadt"),
            (100_000, "kleinere-grossstadt"),
            (99_999, "groessere-mittelstadt"),
            (50_000, "groessere-mittelstadt"),
            (20_000, "kleinere-mittelstadt"),
            (19_999, "groessere-kleinstadt"),
            (10_000, "groessere-kleinstadt"),
            (5_000, "kleine-kleinstadt"),
            (4_999, "landgemeinde"),
            (1, "landgemeinde"),
        ],
    )
    def test_size_class_bounds(self, population, size):
        assert municipality_types([population], [population / 150])[0] == f"{size}/dense"
        assert municipality_types([population], [population / 149])[0] == f"{size}/sparse"

    def test_missing_figures(self):
        assert municipality_types([np.nan, 30_000], [10.0, np.nan]) == [
            None,
            "kleinere-mittelstadt",
        ]


class TestDistrictTypes:
    def test_the_four_bbsr_settlement_types(self):
        types = district_types(
            # Köln; Rhein-Erft-Kreis; a district half in towns but thin; one with dense
            # villages; one with settled villages; an empty one; a small district-free city.
            population=[1_084_831, 479_000, 200_000, 300_000, 120_000, 90_000, 60_000],
            area=[405.0, 705.0, 2_000.0, 1_000.0, 1_000.0, 1_500.0, 50.0],
            district_free=[True, False, False, False, False, False, True],
            town_population=[1_084_831, 420_000, 100_000, 100_000, 20_000, 0, 60_000],
            town_area=[405.0, 600.0, 200.0, 100.0, 50.0, 0.0, 50.0],
        )
        assert types == [
            "kreisfreie-grossstadt",
            "staedtischer-kreis",
            "laendlicher-kreis-verdichtet",
            "staedtischer-kreis",  # 200,000 on 900 km² outside the towns: 222 per km²
            "laendlicher-kreis-verdichtet",  # 100,000 on 950 km²: 105 per km²
            "duenn-besiedelt",
            "staedtischer-kreis",  # district-free but under 100,000: by its density
        ]

    def test_no_area_no_type(self):
        assert district_types(
            population=[1.0],
            area=[0.0],
            district_free=[False],
            town_population=[0.0],
            town_area=[0.0],
        ) == [None]


@st.composite
def kinded_matrices(draw):
    m = draw(matrices())
    kinds = draw(
        st.lists(
            st.sampled_from(["municipality", "district"]),
            min_size=len(m.keys),
            max_size=len(m.keys),
        )
    )
    return m, kinds


@settings(max_examples=200, deadline=None)
@given(kinded_matrices(), st.integers(0, 12), st.data())
def test_property_peers_within_kind(mk, k, data):
    """Any matrix with gaps: the same answer twice, peers of the key's kind only, compared on
    features complete within that kind, and a feature with a gap there changes nothing."""
    m, kinds = mk
    for key in m.keys:
        found, peers = peers_within_kind(m, kinds, key, k=k)
        again, peers_again = peers_within_kind(m, kinds, key, k=k)
        assert peers == peers_again and found.features == again.features
        own = kinds[m.index_of(key)]
        assert all(kinds[m.index_of(peer.key)] == own for peer in peers)
        assert key not in {peer.key for peer in peers}
        assert len(peers) <= k
        rows = np.array([kind == own for kind in kinds])
        for j, name in enumerate(m.features):
            if np.isnan(m.values[rows, j]).any():
                assert name not in found.features
        # Scrambling the values of the features left out does not move anyone.
        scrambled = m.values.copy()
        for name in found.left_out:
            j = m.features.index(name)
            noise = data.draw(st.lists(cell, min_size=len(m.keys), max_size=len(m.keys)))
            column = np.array(noise, dtype=float)
            # Keep a gap where it was, so the feature stays incomplete within the kind.
            column[np.isnan(m.values[:, j])] = np.nan
            scrambled[:, j] = column
        other = FeatureMatrix(keys=m.keys, features=m.features, values=scrambled)
        if all(name in comparison(other, rows).left_out for name in found.left_out):
            assert peers_within_kind(other, kinds, key, k=k)[1] == peers
