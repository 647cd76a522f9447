"""PCA and projections: hand-computed cases, moderated-out columns, dense SVD equivalence."""

import numpy as np
import pytest

from cohesion.opinions.engine.matrix import VoteMatrix
from cohesion.opinions.engine.pca import (
    PCA,
    centred,
    column_means,
    pca,
    project_participants,
    project_statements,
    statement_extremity,
    vote_counts,
)
from tests.opinions.polis_data import load_conversation

# a: +1 +1 −1 ; b: +1 −1 · ; c: −1 −1 +1 ; d: 0 · +1   (· = not seen, 0 = pass)
CELLS = {
    (0, 0): 1, (0, 1): 1, (0, 2): -1,
    (1, 0): 1, (1, 1): -1,
    (2, 0): -1, (2, 1): -1, (2, 2): 1,
    (3, 0): 0, (3, 2): 1,
}  # fmt: skip


def small(moderated_out=()) -> VoteMatrix:
    return VoteMatrix.from_cells(
        participants=("a", "b", "c", "d"),
        statements=("s1", "s2", "s3"),
        cells=CELLS,
        moderated_out=moderated_out,
    )


def axes_model(matrix: VoteMatrix) -> PCA:
    """Components along the first two statements, so projections are easy by hand."""
    return PCA(
        center=column_means(matrix),
        components=np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
        explained=np.zeros(2),
    )


def test_column_means_over_voted_cells_passes_count_as_zero():
    assert column_means(small()) == pytest.approx([0.25, -1 / 3, 1 / 3])


def test_moderated_out_column_has_mean_zero_and_counts_as_seen():
    matrix = small(moderated_out=("s3",))
    assert column_means(matrix) == pytest.approx([0.25, -1 / 3, 0.0])
    # raw seen counts 3, 2, 3, 2; s3 is seen by everybody after the zero-out
    assert vote_counts(small()).tolist() == [3, 2, 3, 2]
    assert vote_counts(matrix).tolist() == [3, 3, 3, 2]
    s = centred(matrix).toarray()
    assert np.all(s[:, 2] == 0)


def test_projection_by_hand():
    matrix = small()
    points = project_participants(matrix, axes_model(matrix))
    mu1, mu2 = 0.25, -1 / 3
    expected = np.array(
        [
            [1 - mu1, 1 - mu2],  # a: 3 votes of 3, scale 1
            np.sqrt(3 / 2) * np.array([1 - mu1, -1 - mu2]),  # b: 2 votes
            [-1 - mu1, -1 - mu2],  # c
            np.sqrt(3 / 2) * np.array([0 - mu1, 0.0]),  # d: pass on s1, s2 unseen
        ]
    )
    assert points == pytest.approx(expected)


def test_projection_scaling_counts_moderated_out_columns():
    matrix = small(moderated_out=("s3",))
    points = project_participants(matrix, axes_model(matrix))
    mu1, mu2 = 0.25, -1 / 3
    # b saw s1, s2 and (zeroed) s3: 3 of 3, so the scale is 1, not sqrt(3/2)
    assert points[1] == pytest.approx([1 - mu1, -1 - mu2])
    # d saw s1 and s3: 2 of 3
    assert points[3] == pytest.approx(np.sqrt(3 / 2) * np.array([-mu1, 0.0]))


def test_statement_projection_and_extremity_by_hand():
    matrix = small()
    model = axes_model(matrix)
    points = project_statements(matrix, model)
    root = np.sqrt(3)
    assert points == pytest.approx(
        np.array([[root * (1 - 0.25), 0.0], [0.0, root * (1 + 1 / 3)], [0.0, 0.0]])
    )
    assert statement_extremity(points) == pytest.approx([root * 0.75, root * 4 / 3, 0.0])
    moderated = small(moderated_out=("s1",))
    assert project_statements(moderated, axes_model(moderated))[0] == pytest.approx([0, 0])


def dense_reference(matrix: VoteMatrix) -> tuple[np.ndarray, np.ndarray]:
    """Mean-impute the (zeroed) rating matrix densely, centre it, numpy SVD."""
    values = matrix.values.toarray()
    seen = matrix.seen.toarray().astype(bool)
    mask = matrix.moderated_mask
    values[:, mask] = 0.0
    seen[:, mask] = True
    counts = seen.sum(axis=0)
    means = values.sum(axis=0) / np.maximum(counts, 1)
    imputed = np.where(seen, values, means[None, :])
    center = imputed.mean(axis=0)
    _, _, vt = np.linalg.svd(imputed - center, full_matrices=False)
    return center, vt[:2]


def test_small_matrix_matches_dense_svd():
    matrix = small()
    model = pca(matrix)
    center, vt = dense_reference(matrix)
    assert model.center == pytest.approx(center)
    for k in range(2):
        assert abs(float(model.components[k] @ vt[k])) > 0.9999


@pytest.mark.shared_data
@pytest.mark.parametrize("name", ["bg2050-volunteers", "15-per-hour-seattle"])
def test_real_conversation_matches_dense_svd(name):
    matrix, _ = load_conversation(name)
    model = pca(matrix)
    center, vt = dense_reference(matrix)
    assert model.center == pytest.approx(center, abs=1e-12)
    assert model.components @ model.components.T == pytest.approx(np.eye(2), abs=1e-10)
    for k in range(2):
        assert abs(float(model.components[k] @ vt[k])) > 0.9999
    assert 0 < model.explained[1] <= model.explained[0] < 1


@pytest.mark.shared_data
def test_warm_start_converges_to_the_same_components():
    matrix, _ = load_conversation("bg2050-volunteers")
    cold = pca(matrix)
    rng = np.random.default_rng(3)
    nudged = cold.components + 0.05 * rng.standard_normal(cold.components.shape)
    warm = pca(matrix, previous=nudged)
    assert warm.iterations > 0
    for k in range(2):
        assert float(warm.components[k] @ cold.components[k]) > 0.9999  # signs follow previous


def test_deterministic_and_sign_fixed():
    matrix = small()
    first, second = pca(matrix, seed=7), pca(matrix, seed=7)
    assert np.array_equal(first.components, second.components)
    for row in first.components:
        assert row[np.argmax(np.abs(row))] > 0


def test_degenerate_matrices():
    one = VoteMatrix.from_cells(participants=("a",), statements=("s",), cells={(0, 0): 1})
    model = pca(one)
    assert model.components.shape == (2, 1)
    assert project_participants(one, model) == pytest.approx(np.zeros((1, 2)))
