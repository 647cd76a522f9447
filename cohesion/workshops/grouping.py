"""Suggested groupings of brainstorm cards: a proposal the moderator accepts, moves or renames.

As Parabol's auto-grouping: hierarchical agglomerative clustering with average linkage, groups of
at most ``max_group`` cards, and an adaptive threshold. Cards are compared by TF-IDF over
character 3- to 5-grams, which needs no word lists and no stemming, so German compounds, Turkish
suffixes and Arabic prefixes still share most of their n-grams with their relatives; cards in
different languages rarely do (the caller may pass the cards' translations into one language).

Pure: numpy and scipy, no Django. Deterministic: the same texts in the same order give the same
groups."""

import re
from collections import Counter

import numpy as np
from scipy.cluster.hierarchy import linkage
from scipy.spatial.distance import squareform

NGRAMS = (3, 4, 5)
# Cards further apart than this (cosine distance of their n-gram profiles) are never grouped,
# whatever the group sizes: unrelated cards stay on their own.
MAX_DISTANCE = 0.9
MIN_WORD = 4
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# Words of four letters or more that say nothing about a card's subject.
_STOPWORD_TEXT = """
    aber alle allen auch dass dein denn diese dieser dieses eine einem einen einer eines
    für haben hier ihre immer jede mehr muss nach nicht noch oder sehr sein sind soll sollen
    über viel viele wenn werden wird zum
    about also been could from have into more most much only over should some than that the
    their them then there these they this very were what when which will with would your
    daha için gibi olan olarak veya kadar çok
"""
_STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def _normalise(text: str) -> str:
    return " " + _SPACES.sub(" ", text.casefold()).strip() + " "


def _ngrams(text: str) -> Counter:
    grams: Counter = Counter()
    for n in NGRAMS:
        grams.update(text[i : i + n] for i in range(max(0, len(text) - n + 1)))
    return grams


def tfidf(texts: list[str]) -> np.ndarray:
    """Rows of L2-normalised TF-IDF weights over the texts' character n-grams (sublinear term
    frequency, smoothed inverse document frequency, as scikit-learn's defaults)."""
    counts = [_ngrams(_normalise(text)) for text in texts]
    vocabulary = sorted(set().union(*counts)) if counts else []
    index = {gram: column for column, gram in enumerate(vocabulary)}
    matrix = np.zeros((len(texts), len(vocabulary)))
    for row, grams in enumerate(counts):
        for gram, count in grams.items():
            matrix[row, index[gram]] = 1.0 + np.log(count)
    documents = (matrix > 0).sum(axis=0)
    matrix *= np.log((1.0 + len(texts)) / (1.0 + documents)) + 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def suggest_groups(
    texts: list[str], *, max_group: int = 5, max_distance: float = MAX_DISTANCE
) -> list[list[int]]:
    """Groups of similar texts, as lists of their indices (each ascending; groups ordered by
    their first index). Texts like no other are left out: a group has two to ``max_group``.

    The threshold adapts per branch of the dendrogram: merges are stepped through from the
    closest upwards, and a merge is taken while its group stays within ``max_group`` and its
    distance within ``max_distance``; a branch whose merge is refused stops there, so a large
    family of similar cards is cut lower than a small one."""
    count = len(texts)
    if count < 2 or max_group < 2:
        return []
    vectors = tfidf(texts)
    distances = np.clip(1.0 - vectors @ vectors.T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    distances = (distances + distances.T) / 2.0
    merges = linkage(squareform(distances, checks=False), method="average")
    members: dict[int, list[int]] = {i: [i] for i in range(count)}
    open_nodes = set(range(count))
    for step, (left, right, distance, _size) in enumerate(merges):
        node = count + step
        left, right = int(left), int(right)
        members[node] = members[left] + members[right]
        if (
            left in open_nodes
            and right in open_nodes
            and len(members[node]) <= max_group
            and distance <= max_distance
        ):
            open_nodes -= {left, right}
            open_nodes.add(node)
    groups = [sorted(members[node]) for node in open_nodes if len(members[node]) > 1]
    return sorted(groups)


def group_label(texts: list[str]) -> str:
    """The word of at least four letters that most of the texts share (as first written), or ""
    when no word is in two of them."""
    seen: Counter = Counter()
    first: dict[str, str] = {}
    order: dict[str, int] = {}
    for text in texts:
        words = {}
        for word in _WORD.findall(text):
            key = word.casefold()
            if len(key) < MIN_WORD or key in _STOPWORDS or key.isdigit():
                continue
            words.setdefault(key, word)
        for key, word in words.items():
            seen[key] += 1
            first.setdefault(key, word)
            order.setdefault(key, len(order))
    if not seen:
        return ""
    key = min(seen, key=lambda k: (-seen[k], order[k]))
    return first[key] if seen[key] >= 2 else ""
