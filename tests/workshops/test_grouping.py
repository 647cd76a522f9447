"""The grouping engine alone: similar cards are suggested together, in any language, in groups
of at most five; unrelated cards stay alone; the same cards give the same groups."""

import pytest

from cohesion.workshops.grouping import group_label, suggest_groups, tfidf

CARDS = [
    "Mehr Sprachkurse am Abend für Berufstätige",  # 0
    "Sprachkurse mit Kinderbetreuung anbieten",  # 1
    "Kostenlose Sprachkurse für alle Neuzugewanderten",  # 2
    "More affordable housing near the city centre",  # 3
    "Affordable housing for large families",  # 4
    "Türkçe bilen doktorlar ve hemşireler",  # 5
    "Doktorlar için tercüman desteği",  # 6
    "ملاعب رياضية للشباب في الحي",  # 7
    "نوادي رياضية للشباب والشابات",  # 8
    "Ein Willkommensfest im Stadtpark",  # 9
    "Sprachkurse für Mütter am Vormittag",  # 10
    "Sprachkurse online",  # 11
    "Sprachkurse im Jobcenter",  # 12
]


def _group_of(groups, index):
    return next((group for group in groups if index in group), None)


def test_similar_cards_are_grouped_in_each_language():
    groups = suggest_groups(CARDS)
    assert _group_of(groups, 3) == [3, 4]  # English: affordable housing
    assert _group_of(groups, 5) == [5, 6]  # Turkish: doctors
    assert _group_of(groups, 7) == [7, 8]  # Arabic: sports for the young
    # German language courses: six cards, so at most five of them together.
    courses = _group_of(groups, 11)
    assert courses is not None and set(courses) <= {0, 1, 2, 10, 11, 12}
    assert len(courses) == 5


def test_an_unrelated_card_stays_alone_and_groups_are_bounded():
    groups = suggest_groups(CARDS)
    assert _group_of(groups, 9) is None
    assert all(2 <= len(group) <= 5 for group in groups)
    assert groups == sorted(groups)
    assert all(group == sorted(group) for group in groups)
    # Every card is in one group at most.
    flat = [index for group in groups for index in group]
    assert len(flat) == len(set(flat))


@pytest.mark.parametrize("max_group", [2, 3])
def test_a_smaller_maximum_cuts_lower(max_group):
    groups = suggest_groups(CARDS, max_group=max_group)
    assert groups
    assert all(len(group) <= max_group for group in groups)


def test_the_same_cards_give_the_same_groups():
    assert suggest_groups(CARDS) == suggest_groups(list(CARDS))


def test_empty_and_single_input():
    assert suggest_groups([]) == []
    assert suggest_groups(["Sprachkurse online"]) == []
    assert group_label([]) == ""
    assert tfidf([]).shape == (0, 0)


def test_identical_and_empty_cards():
    assert suggest_groups(["Sprachkurse", "Sprachkurse", ""]) == [[0, 1]]
    assert suggest_groups(["", ""]) == []


def test_the_label_is_the_most_shared_word():
    assert group_label([CARDS[i] for i in (0, 2, 10, 11)]) == "Sprachkurse"
    assert group_label([CARDS[5], CARDS[6]]) == "doktorlar"
    assert group_label([CARDS[7], CARDS[8]]) == "رياضية"
    # Short words and common words do not name a group; nothing shared, no label.
    assert group_label(["für die Kinder mehr", "für alle mehr Zeit"]) == ""
    assert group_label(["Sprachkurse online"]) == ""
