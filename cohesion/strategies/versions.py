"""The readable difference between two versions of a strategy document. Pure Python, no Django.

A version is a snapshot of the whole document in this structure (the app's
``strategy_snapshot``; decimals as strings, dates ISO, organiser text as ``{language: text}``)::

    {"title": {..}, "guiding_principles": {..}, "fields": [
        {"id", "title": {..}, "goals": [
            {"id", "title": {..}, "description": {..}, "target_year",
             "measures": [{"id", "title": {..}, "description": {..}, "lead", "partners", "start",
                           "end", "budget", "status", "progress", "weight",
                           "milestones": [{"id", "due", "title": {..}, "done_on"}]}],
             "indicators": [{"id", "catalogue_key", "name": {..}, "unit", "better", "baseline",
                             "baseline_period", "target", "target_year"}]}]}]}

``snapshot_difference`` lists what changed as ``Change``s, in document order (the order of the
newer version; what was removed from a list comes after what is still in it):

- objects are matched by their id, never by position or title: a goal that went to another
  field of action is ``moved`` (``field`` "parent", ``before`` and ``after`` the paths), not
  removed and added; one whose place among its siblings changed is ``moved`` (``field``
  "order", ``before`` and ``after`` its position from 1), as few of them as explain the new
  order (not for milestones: they are listed by date, and a new date is reported as such);
- an added object is one ``added`` change with the whole object as ``after`` (its new parts
  are in it; a part that existed before elsewhere is reported ``moved``); a removed one is one
  ``removed`` change with the whole object as ``before``;
- a changed value is one ``changed`` change per field, and for organiser text one per language
  (``language``; ``before`` or ``after`` None where that language had no text). Decimals are
  compared by value ("1000.0" equals "1000.00"); the key ``order`` and the lists of parts are
  not values.

``text_difference`` splits two texts into equal, deleted and inserted runs of words, for a page
to mark what a long text (guiding principles, a description) gained and lost.
"""

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

STRATEGY, FIELD, GOAL, MEASURE, MILESTONE, INDICATOR = (
    "strategy",
    "field",
    "goal",
    "measure",
    "milestone",
    "indicator",
)
KINDS = (STRATEGY, FIELD, GOAL, MEASURE, MILESTONE, INDICATOR)
ADDED, REMOVED, CHANGED, MOVED = "added", "removed", "changed", "moved"

# The lists of parts of each kind: (key, kind of its items).
PARTS = {
    STRATEGY: (("fields", FIELD),),
    FIELD: (("goals", GOAL),),
    GOAL: (("measures", MEASURE), ("indicators", INDICATOR)),
    MEASURE: (("milestones", MILESTONE),),
    MILESTONE: (),
    INDICATOR: (),
}
# The values of each kind in the order a difference lists them; others follow by name.
VALUES = {
    STRATEGY: ("title", "guiding_principles"),
    FIELD: ("title", "weight"),
    GOAL: ("title", "description", "target_year", "weight"),
    MEASURE: (
        "title",
        "description",
        "lead",
        "partners",
        "start",
        "end",
        "budget",
        "status",
        "progress",
        "weight",
    ),
    MILESTONE: ("title", "due", "done_on"),
    INDICATOR: (
        "catalogue_key",
        "name",
        "unit",
        "better",
        "baseline",
        "baseline_period",
        "target",
        "target_year",
    ),
}
DECIMALS = frozenset({"budget", "baseline", "target", "weight", "progress"})
LONG_TEXTS = frozenset({"guiding_principles", "description"})  # worth a text_difference
NOT_VALUES = frozenset({"id", "order"})
ORDERED = frozenset({FIELD, GOAL, MEASURE, INDICATOR})  # milestones follow their dates


@dataclass(frozen=True)
class Change:
    """One difference: the object (``kind``, ``id``; None for the strategy itself), its
    ``path`` (the titles of its parents from the field of action down, each ``{language:
    text}``, as in the newer version, or the older one for a removed object), the ``action``,
    the ``field`` it concerns ("" for added and removed), ``before`` and ``after``, and the
    ``language`` of a text ("" for other values)."""

    kind: str
    id: Any
    path: tuple[dict, ...]
    action: str
    field: str = ""
    before: Any = None
    after: Any = None
    language: str = ""


@dataclass(frozen=True)
class _Place:
    obj: dict
    parent: tuple[str, Any] | None  # (kind, id) of the parent
    path: tuple[dict, ...]
    position: int  # from 1, among its siblings


def _title(kind: str, obj: dict) -> dict:
    value = obj.get("name" if kind == INDICATOR else "title")
    return value if isinstance(value, dict) else {}


def _walk(kind: str, obj: dict, parent, path) -> Iterator[tuple[tuple[str, Any], _Place]]:
    for key, part_kind in PARTS[kind]:
        for position, part in enumerate(obj.get(key) or (), start=1):
            yield (part_kind, part.get("id")), _Place(part, parent, path, position)
            yield from _walk(
                part_kind, part, (part_kind, part.get("id")), (*path, _title(part_kind, part))
            )


def _index(snapshot: dict) -> dict[tuple[str, Any], _Place]:
    return dict(_walk(STRATEGY, snapshot, (STRATEGY, None), ()))


def _number(value):
    if isinstance(value, str | int | float | Decimal) and not isinstance(value, bool):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return value
    return value


def _same(name: str, before, after) -> bool:
    if name in DECIMALS:
        return _number(before) == _number(after)
    return before == after


def _text(value) -> str | None:
    return value if value not in ("", None) else None


def _value_changes(kind: str, key, path, before: dict, after: dict) -> list[Change]:
    skip = NOT_VALUES | {list_key for list_key, _kind in PARTS[kind]}
    others = sorted((set(before) | set(after)) - skip - set(VALUES[kind]))
    changes = []
    for name in (*VALUES[kind], *others):
        old, new = before.get(name), after.get(name)
        if isinstance(old, dict) or isinstance(new, dict):
            old = old if isinstance(old, dict) else {}
            new = new if isinstance(new, dict) else {}
            for language in sorted(set(old) | set(new)):
                old_text, new_text = _text(old.get(language)), _text(new.get(language))
                if old_text != new_text:
                    changes.append(
                        Change(kind, key, path, CHANGED, name, old_text, new_text, language)
                    )
        elif not _same(name, old, new):
            changes.append(Change(kind, key, path, CHANGED, name, old, new))
    return changes


def _kept_in_order(old: list, new: list) -> set:
    """The items of a longest common subsequence of two lists of distinct ids."""
    lengths = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            if old[i] == new[j]:
                lengths[i][j] = lengths[i + 1][j + 1] + 1
            else:
                lengths[i][j] = max(lengths[i + 1][j], lengths[i][j + 1])
    kept, i, j = set(), 0, 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            kept.add(old[i])
            i, j = i + 1, j + 1
        elif lengths[i + 1][j] >= lengths[i][j + 1]:
            i += 1
        else:
            j += 1
    return kept


class _Difference:
    def __init__(self, before: dict, after: dict):
        self.before, self.after = before, after
        self.old, self.new = _index(before), _index(after)
        self.changes: list[Change] = []

    def run(self) -> list[Change]:
        self.changes += _value_changes(STRATEGY, None, (), self.before, self.after)
        self._parts(STRATEGY, None, self.before, self.after, ())
        return self.changes

    def _parts(self, kind, key, old_obj: dict | None, new_obj: dict, path) -> None:
        """The changes within the lists of parts of an object, in the newer order, then what
        was removed from them."""
        for list_key, part_kind in PARTS[kind]:
            new_items = list(new_obj.get(list_key) or ())
            old_items = list((old_obj or {}).get(list_key) or ())
            old_ids = [item.get("id") for item in old_items]
            new_ids = {item.get("id") for item in new_items}
            stayed_new = [item.get("id") for item in new_items if item.get("id") in old_ids]
            stayed_old = [item_id for item_id in old_ids if item_id in new_ids]
            in_order = _kept_in_order(stayed_old, stayed_new)
            for item in new_items:
                self._part(part_kind, item, path, old_obj is not None, in_order)
            for item in old_items:
                item_key = (part_kind, item.get("id"))
                if item_key not in self.new:
                    old_path = self.old[item_key].path
                    self.changes.append(
                        Change(part_kind, item.get("id"), old_path, REMOVED, before=item)
                    )

    def _part(self, kind, item: dict, path, parent_existed: bool, in_order: set) -> None:
        key = item.get("id")
        own_path = (*path, _title(kind, item))
        old_place = self.old.get((kind, key))
        new_place = self.new[(kind, key)]
        if old_place is None:
            self.changes.append(Change(kind, key, path, ADDED, after=item))
            self._parts_of_new(kind, item, own_path)
            return
        if old_place.parent != new_place.parent:
            self.changes.append(Change(kind, key, path, MOVED, "parent", old_place.path, path))
        elif parent_existed and kind in ORDERED and key not in in_order:
            self.changes.append(
                Change(kind, key, path, MOVED, "order", old_place.position, new_place.position)
            )
        self.changes += _value_changes(kind, key, path, old_place.obj, item)
        self._parts(kind, key, old_place.obj, item, own_path)

    def _parts_of_new(self, kind, obj: dict, path) -> None:
        """Within an added object only the parts that existed before somewhere are news."""
        for list_key, part_kind in PARTS[kind]:
            for item in obj.get(list_key) or ():
                item_key = (part_kind, item.get("id"))
                if item_key in self.old:
                    self._part(part_kind, item, path, False, set())
                else:
                    self._parts_of_new(part_kind, item, (*path, _title(part_kind, item)))


def snapshot_difference(before: dict, after: dict) -> list[Change]:
    """What changed from the snapshot ``before`` to ``after`` (see the module's docstring)."""
    return _Difference(before or {}, after or {}).run()


def difference_counts(changes: list[Change]) -> dict[tuple[str, str], int]:
    """How many changes of each ``(kind, action)``, one per object (a title changed in two
    languages is one changed object), for a summary above the list."""
    objects = {(change.kind, change.action, change.id) for change in changes}
    counts: dict[tuple[str, str], int] = {}
    for kind, action, _id in sorted(objects, key=lambda item: (KINDS.index(item[0]), item[1])):
        counts[(kind, action)] = counts.get((kind, action), 0) + 1
    return counts


# --- long texts ---

EQUAL, DELETE, INSERT = "equal", "delete", "insert"
_TOKENS = re.compile(r"\w+|\s+|[^\w\s]")
# A sentence: up to its full stop (or other end mark) or line break, with the spacing after it.
_SENTENCES = re.compile(r"[^.!?…\n]*(?:[.!?…]+|\n)?\s*")
WORDS_AT_ONCE = 250_000  # a longer region (old × new words) is shown deleted and inserted whole


def _tokens(text: str) -> list[str]:
    return _TOKENS.findall(text)


def _sentences(text: str) -> list[str]:
    return [sentence for sentence in _SENTENCES.findall(text) if sentence]


def _opcodes(old: list[str], new: list[str]):
    return difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def _word_pieces(old_text: str, new_text: str) -> list[tuple[str, str, str]]:
    """The pieces of a changed region word by word: the words both begin and end with are
    set aside first, and a middle too long to compare quickly is one change."""
    old, new = _tokens(old_text), _tokens(new_text)
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    old_middle, new_middle = old[start : len(old) - end], new[start : len(new) - end]
    pieces = [(EQUAL, "".join(old[:start]), "".join(new[:start]))]
    if old_middle and new_middle and len(old_middle) * len(new_middle) <= WORDS_AT_ONCE:
        pieces += [
            (
                EQUAL if op == EQUAL else "change",
                "".join(old_middle[i1:i2]),
                "".join(new_middle[j1:j2]),
            )
            for op, i1, i2, j1, j2 in _opcodes(old_middle, new_middle)
        ]
    else:
        pieces.append(("change", "".join(old_middle), "".join(new_middle)))
    pieces.append((EQUAL, "".join(old[len(old) - end :]), "".join(new[len(new) - end :])))
    return [piece for piece in pieces if piece[1] or piece[2]]


def text_difference(before: str | None, after: str | None) -> list[tuple[str, str]]:
    """The two texts as runs ``(op, text)`` with op "equal", "delete" or "insert": the equal
    and deleted runs joined give ``before``, the equal and inserted runs ``after``. Words are
    compared whole; a change of several words is one deleted and one inserted run (deleted
    first), not word by word. Sentences are matched first and words only within the
    sentences that changed, so that a long text is compared quickly."""
    old, new = _sentences(before or ""), _sentences(after or "")
    pieces: list[tuple[str, str, str]] = []  # (op, old text, new text)
    for op, i1, i2, j1, j2 in _opcodes(old, new):
        old_text, new_text = "".join(old[i1:i2]), "".join(new[j1:j2])
        if op == EQUAL:
            pieces.append((EQUAL, old_text, new_text))
        else:
            pieces += _word_pieces(old_text, new_text)
    # Spacing alone between two changes belongs to them: "a b" → "x y" is one change.
    for index in range(1, len(pieces) - 1):
        op, old_text, _new = pieces[index]
        if (
            op == EQUAL
            and not old_text.strip()
            and pieces[index - 1][0] != EQUAL
            and pieces[index + 1][0] != EQUAL
        ):
            pieces[index] = ("change", old_text, old_text)
    runs: list[tuple[str, str]] = []
    deleted = inserted = ""

    def flush() -> None:
        nonlocal deleted, inserted
        if deleted:
            runs.append((DELETE, deleted))
        if inserted:
            runs.append((INSERT, inserted))
        deleted = inserted = ""

    for op, old_text, new_text in pieces:
        if op == EQUAL:
            flush()
            if runs and runs[-1][0] == EQUAL:
                runs[-1] = (EQUAL, runs[-1][1] + old_text)
            elif old_text:
                runs.append((EQUAL, old_text))
        else:
            deleted += old_text
            inserted += new_text
    flush()
    return runs
