"""Counting a workshop item's answers, and the breakdown by stakeholder group: pure Python, no
Django, so that the presenter's live count and the day's documentation count the same way.

Answers arrive already validated (``kinds``). Every function takes the answers as plain values
and returns JSON-able dicts."""

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

# Never a breakdown of fewer people than this: a group of four voting alike is four names.
MIN_GROUP_SIZE = 5


def scale_tally(answers: Iterable[int], *, steps: int) -> dict:
    """A Likert item: how many chose each step (1..steps), and the mean step."""
    counts = [0] * steps
    for answer in answers:
        counts[answer - 1] += 1
    total = sum(counts)
    mean = sum((step + 1) * count for step, count in enumerate(counts)) / total if total else None
    return {"counts": counts, "total": total, "mean": None if mean is None else round(mean, 2)}


def choice_tally(answers: Iterable[list[int]], *, options: int) -> dict:
    """Single or multiple choice: how many people chose each option (an answer is the list of
    chosen option indices)."""
    counts = [0] * options
    total = 0
    for chosen in answers:
        total += 1
        for option in chosen:
            counts[option] += 1
    return {"counts": counts, "total": total}


def dots_tally(answers: Iterable[Mapping[int, int]], *, options: int) -> dict:
    """Dot voting: the dots each option received, and from how many people."""
    dots = [0] * options
    people = [0] * options
    total = 0
    for allocation in answers:
        total += 1
        for option, count in allocation.items():
            if count:
                dots[option] += count
                people[option] += 1
    return {"dots": dots, "people": people, "total": total}


def borda_tally(answers: Iterable[list[int]], *, options: int) -> dict:
    """Ranking, scored as Borda (and Slido) do: of n options, rank 1 earns n points, rank 2
    n - 1, and so on; an option left unranked earns nothing. The score is the mean over the
    people who ranked."""
    points = [0] * options
    total = 0
    for ranking in answers:
        total += 1
        for place, option in enumerate(ranking):
            points[option] += options - place
    scores = [round(p / total, 2) if total else 0.0 for p in points]
    return {"points": points, "scores": scores, "total": total}


def rating_tally(answers: Iterable[Mapping[int, int]], *, criteria: int, steps: int) -> dict:
    """Rating against criteria (an existing project against reach, sustainability, ...): per
    criterion the mean on 1..steps and how many rated it."""
    sums = [0] * criteria
    counts = [0] * criteria
    total = 0
    for rating in answers:
        total += 1
        for criterion, value in rating.items():
            sums[criterion] += value
            counts[criterion] += 1
    means = [round(s / c, 2) if c else None for s, c in zip(sums, counts, strict=True)]
    return {"means": means, "counts": counts, "total": total, "steps": steps}


@dataclass(frozen=True)
class GroupShare:
    group: str
    people_in_room: int
    answers: int


def breakdown(
    answers_by_group: Mapping[str, list],
    tally: Callable[[list], dict],
    *,
    minimum: int = MIN_GROUP_SIZE,
) -> dict:
    """The tally of each stakeholder group with at least ``minimum`` answers; the groups below
    are named as hidden, never counted alone (not even as "the rest")."""
    shown = {}
    hidden = []
    for group in sorted(answers_by_group):
        answers = answers_by_group[group]
        if len(answers) >= minimum:
            shown[group] = tally(answers)
        else:
            hidden.append(group)
    return {"groups": shown, "hidden": hidden, "minimum": minimum}


def balance(
    *, people_by_group: Mapping[str, int], contributions_by_group: Mapping[str, int], focus: str
) -> dict | None:
    """The moderator's balance panel: the focus group's share of the contributions against its
    share of the people in the room. None while the room or the focus group is too small to
    show without pointing at people."""
    people = sum(people_by_group.values())
    focus_people = people_by_group.get(focus, 0)
    if people < MIN_GROUP_SIZE or focus_people < MIN_GROUP_SIZE:
        return None
    contributions = sum(contributions_by_group.values())
    focus_contributions = contributions_by_group.get(focus, 0)
    room_share = focus_people / people
    contribution_share = focus_contributions / contributions if contributions else 0.0
    return {
        "room_share": round(room_share, 3),
        "contribution_share": round(contribution_share, 3),
        "gap": round(contribution_share - room_share, 3),
    }


# --- cards ---

# Words too common to say anything in a word cloud; the rest is counted as written.
_STOP_DE = (
    "aber alle allem allen aller alles als also am an andere auch auf aus bei beim bin bis"
    " bist da dabei damit dann das dass dem den denn der des die dies diese diesem diesen"
    " dieser dieses doch dort du durch ein eine einem einen einer eines er es etwas euch"
    " für gegen hat hatte haben hier ich ihr ihre im in ist ja jede jeder jedes kann kein"
    " keine man mehr mein meine mit muss nach nicht nichts noch nur ob oder ohne sehr sein"
    " seine sich sie sind so soll sollen um und uns unser unsere unter viel vom von vor war"
    " waren was weil wenn wer werden wie wir wird wo zu zum zur über"
)
_STOP_EN = (
    "about after all also and any are because been but can could did does for from had"
    " has have her his how into its just more most not now our out should some such than"
    " that the their them then there these they this those very was way were what when"
    " where which who why will with would you your"
)
STOP_WORDS: dict[str, frozenset[str]] = {
    "de": frozenset(_STOP_DE.split()),
    "en": frozenset(_STOP_EN.split()),
}
MIN_WORD_LENGTH = 3
CLOUD_SIZES = 5
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def word_cloud(cards: Iterable[tuple[str, str]], *, top: int = 40) -> list[dict]:
    """The most frequent words of open-text cards, counted per language: ``cards`` are (text,
    language) pairs; words are lower-cased, at least MIN_WORD_LENGTH letters, without the
    language's stop words. Each entry has its count and a size from 1 (rare) to CLOUD_SIZES
    (the most frequent), sorted by count, then word."""
    counts: Counter[tuple[str, str]] = Counter()
    for text, language in cards:
        stop = STOP_WORDS.get(language, frozenset())
        for match in _WORD.finditer(text.lower()):
            word = match.group().strip("'’-")
            if len(word) >= MIN_WORD_LENGTH and word not in stop:
                counts[(language, word)] += 1
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0][1], pair[0][0]))[:top]
    largest = ranked[0][1] if ranked else 1
    return [
        {
            "word": word,
            "language": language,
            "count": count,
            "size": 1 + (CLOUD_SIZES - 1) * (count - 1) // max(largest - 1, 1),
        }
        for (language, word), count in ranked
    ]


def category_tally(categories: Iterable[int | None], *, options: int) -> dict:
    """Brainstorm cards per field of action (index into the item's categories), and those
    without one."""
    counts = [0] * options
    uncategorised = total = 0
    for category in categories:
        total += 1
        if category is not None and 0 <= category < options:
            counts[category] += 1
        else:
            uncategorised += 1
    return {"counts": counts, "uncategorised": uncategorised, "total": total}
