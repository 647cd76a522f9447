"""PCA of the vote matrix and the sparsity-aware projections (algorithm notes §1.4, §1.5).

Pure module (numpy and scipy only). Votes are coded as in the exports (agree = +1).

Pol.is imputes every unseen cell with its column mean and centres the columns; the centred
matrix is then exactly the sparse matrix S with S_ij = x_ij − μ_j on the seen cells and 0
elsewhere, so its PCA is the truncated SVD of S and never needs the dense N×C matrix.
Moderated-out columns are zeroed *including* their unseen cells ("everybody passed"): their
mean is 0, they add nothing to S, but they count as seen in the projection scaling.
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds

from .matrix import VoteMatrix


@dataclass(frozen=True, eq=False)
class PCA:
    center: np.ndarray  # (C,) column means μ_j
    components: np.ndarray  # (n_components, C), orthonormal rows
    explained: np.ndarray  # (n_components,) share of the total variance of S (σ_k² / ‖S‖²_F)
    iterations: int = 0  # subspace iterations used by a warm start (0: cold svds / dense)


def _seen_values(matrix: VoteMatrix) -> tuple[sparse.csr_matrix, np.ndarray]:
    """The ``seen`` structure (canonical CSR) and the vote value of each stored cell (+1/−1/0),
    with the moderated-out columns set to 0."""
    seen = matrix.seen.tocsr().astype(np.float64)
    seen.sum_duplicates()
    seen.sort_indices()
    # 2·seen + values is 1, 2 or 3 on every seen cell (never 0), so it has seen's structure.
    coded = (2.0 * seen + matrix.values).tocsr()
    coded.sum_duplicates()
    coded.sort_indices()
    if coded.nnz != seen.nnz:  # a vote outside ``seen``; should not happen
        raise ValueError("the agree/disagree matrices must lie inside seen")
    x = coded.data - 2.0
    mask = matrix.moderated_mask
    if mask.any():
        x[mask[coded.indices]] = 0.0
    structure = sparse.csr_matrix(
        (np.ones_like(x), coded.indices, coded.indptr), shape=matrix.shape
    )
    return structure, x


def column_means(matrix: VoteMatrix) -> np.ndarray:
    """μ_j: the mean of the seen cells of each column (passes count as 0); 0 for a
    moderated-out column (and for a column without votes)."""
    structure, x = _seen_values(matrix)
    n_cols = matrix.shape[1]
    sums = np.bincount(structure.indices, weights=x, minlength=n_cols)
    counts = np.bincount(structure.indices, minlength=n_cols).astype(np.float64)
    means = np.divide(sums, counts, out=np.zeros(n_cols), where=counts > 0)
    means[matrix.moderated_mask] = 0.0
    return means


def centred(matrix: VoteMatrix, center: np.ndarray | None = None) -> sparse.csr_matrix:
    """The sparse centred matrix S (seen cells: x_ij − μ_j; moderated-out columns all 0)."""
    structure, x = _seen_values(matrix)
    if center is None:
        center = column_means(matrix)
    data = x - center[structure.indices]
    data[matrix.moderated_mask[structure.indices]] = 0.0
    s = sparse.csr_matrix((data, structure.indices, structure.indptr), shape=matrix.shape)
    s.eliminate_zeros()
    return s


def vote_counts(matrix: VoteMatrix) -> np.ndarray:
    """n_votes_i in ``rating-mat``: seen cells of the non-moderated columns plus every
    moderated-out column (zero-out makes them seen for everybody)."""
    seen = matrix.seen.tocsr()
    counts = np.asarray(seen.getnnz(axis=1), dtype=np.int64)
    mask = matrix.moderated_mask
    if mask.any():
        counts = counts - np.asarray(seen[:, np.flatnonzero(mask)].getnnz(axis=1)) + int(mask.sum())
    return counts


def _fix_signs(components: np.ndarray, reference: np.ndarray | None) -> np.ndarray:
    components = components.copy()
    for k in range(components.shape[0]):
        row = components[k]
        if reference is not None and k < reference.shape[0]:
            dot = float(row @ reference[k])
            if dot != 0.0:
                if dot < 0:
                    components[k] = -row
                continue
        if row.size and row[int(np.argmax(np.abs(row)))] < 0:
            components[k] = -row
    return components


def _subspace_iteration(
    s: sparse.csr_matrix,
    start: np.ndarray,
    n_components: int,
    rng: np.random.Generator,
    *,
    extra: int = 4,
    max_iter: int = 300,
    tol: float = 1e-9,
) -> tuple[np.ndarray, np.ndarray, int] | None:
    """Block power iteration on SᵀS with Rayleigh–Ritz, started from ``start`` (k×C) plus
    ``extra`` seeded random vectors. Returns (components k×C, σ², iterations) or None when it
    did not converge."""
    n_cols = s.shape[1]
    block = min(n_cols, n_components + extra)
    v = np.empty((n_cols, block))
    v[:, : start.shape[0]] = start.T
    v[:, start.shape[0] :] = rng.standard_normal((n_cols, block - start.shape[0]))
    q, _ = np.linalg.qr(v)
    st = s.T.tocsr()
    for iteration in range(1, max_iter + 1):
        w = st @ (s @ q)
        h = q.T @ w
        h = (h + h.T) / 2
        evals, evecs = np.linalg.eigh(h)
        order = np.argsort(evals)[::-1]
        evals, evecs = evals[order], evecs[:, order]
        ritz = q @ evecs
        w_ritz = w @ evecs
        theta = np.maximum(evals[:n_components], 0.0)
        scale = max(float(theta[0]), 1e-300)
        residual = np.linalg.norm(w_ritz[:, :n_components] - ritz[:, :n_components] * theta, axis=0)
        if np.all(residual <= tol * scale):
            return ritz[:, :n_components].T, theta, iteration
        q, _ = np.linalg.qr(w_ritz)
    return None


def pca(
    matrix: VoteMatrix,
    *,
    n_components: int = 2,
    previous: np.ndarray | None = None,
    seed: int = 0,
) -> PCA:
    """The top ``n_components`` right singular vectors of the sparse centred matrix S.

    ``previous`` (n_components × C, aligned to this matrix's columns, new columns padded
    with 0) warm-starts a block subspace iteration; the signs then follow ``previous``.
    Cold: ``svds`` with a seeded start vector, signs fixed by making the largest-|value|
    entry of each component positive. Deterministic for the same input and seed.
    """
    n_rows, n_cols = matrix.shape
    center = column_means(matrix)
    s = centred(matrix, center)
    total = float(s.multiply(s).sum()) if s.nnz else 0.0
    rng = np.random.default_rng(seed)
    components = np.zeros((n_components, n_cols))
    sigma2 = np.zeros(n_components)
    iterations = 0
    rank = min(n_rows, n_cols)
    if rank == 0 or s.nnz == 0:
        pass
    elif rank <= n_components + 1:
        # Tiny matrix (at most n_components + 1 rows or columns): dense SVD, O(rank·(N+C)).
        _, values, vt = np.linalg.svd(s.toarray(), full_matrices=False)
        m = min(n_components, vt.shape[0])
        components[:m] = vt[:m]
        sigma2[:m] = values[:m] ** 2
    else:
        result = None
        if previous is not None and previous.shape == (n_components, n_cols):
            start = np.asarray(previous, dtype=np.float64)
            norms = np.linalg.norm(start, axis=1)
            if np.all(norms > 0):
                result = _subspace_iteration(s, start, n_components, rng)
        if result is not None:
            components, sigma2, iterations = result
        else:
            k = min(n_components, rank - 1)
            v0 = rng.standard_normal(rank)
            _, values, vt = svds(s, k=k, v0=v0)
            order = np.argsort(values)[::-1]
            components[:k] = vt[order]
            sigma2[:k] = values[order] ** 2
    components = _fix_signs(components, previous)
    explained = sigma2 / total if total > 0 else np.zeros(n_components)
    return PCA(center=center, components=components, explained=explained, iterations=iterations)


def project_participants(matrix: VoteMatrix, model: PCA) -> np.ndarray:
    """p_i = √(n_cols / max(n_votes_i, 1)) · Σ_{j seen} (x_ij − μ_j)·pc_j  (N × n_components)."""
    n_cols = matrix.shape[1]
    s = centred(matrix, model.center)
    raw = np.asarray(s @ model.components.T)
    scale = np.sqrt(n_cols / np.maximum(vote_counts(matrix), 1))
    return raw * scale[:, None]


def project_statements(matrix: VoteMatrix, model: PCA) -> np.ndarray:
    """A virtual participant who agrees (+1) with statement j only: √n_cols·(1 − μ_j)·pc_j
    (C × n_components). Moderated-out statements project to the origin."""
    n_cols = matrix.shape[1]
    points = (np.sqrt(n_cols) * (1.0 - model.center))[:, None] * model.components.T
    points[matrix.moderated_mask] = 0.0
    return points


def statement_extremity(statement_points: np.ndarray) -> np.ndarray:
    """The L2 norm of each statement's projection."""
    return np.linalg.norm(statement_points, axis=1)
