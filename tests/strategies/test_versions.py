"""The readable difference between two versions of a strategy document."""

import copy
import itertools
import random
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from cohesion.strategies import versions
from cohesion.strategies.versions import Change


def milestone(pk, title="Opening", due="2026-06-01"):
    return {"id": pk, "due": due, "title": {"de": title}, "done_on": None}


def measure(pk, title="Language café", milestones=()):
    return {
        "id": pk,
        "title": {"de": title},
        "description": {"de": "Every Tuesday in the library."},
        "lead": "Volkshochschule",
        "partners": "Library",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "budget": "5000.00",
        "status": "running",
        "progress": 20,
        "weight": "1",
        "milestones": list(milestones),
    }


def indicator(pk, name="Pupils with German as a second language"):
    return {
        "id": pk,
        "catalogue_key": "",
        "name": {"de": name},
        "unit": "%",
        "better": "higher",
        "baseline": "12.5",
        "baseline_period": "2024",
        "target": "20",
        "target_year": 2030,
    }


def goal(pk, title="More children speak German", measures=(), indicators=()):
    return {
        "id": pk,
        "title": {"de": title},
        "description": {"de": ""},
        "target_year": 2030,
        "measures": list(measures),
        "indicators": list(indicators),
    }


def field(pk, title, goals=()):
    return {"id": pk, "title": {"de": title}, "goals": list(goals)}


def document():
    return {
        "title": {"de": "Integrationsstrategie Kerpen", "en": "Integration strategy Kerpen"},
        "guiding_principles": {"de": "Integration ist eine Aufgabe aller."},
        "fields": [
            field(
                1,
                "Sprache",
                [
                    goal(
                        10,
                        "Mehr Kinder sprechen Deutsch",
                        [measure(100, "Sprachcafé", [milestone(1000)])],
                        [indicator(500)],
                    ),
                    goal(11, "Eltern lernen mit", [measure(101, "Elternkurs")]),
                ],
            ),  # fmt: skip
            field(2, "Arbeit", [goal(20, "Schneller in Arbeit", [measure(200, "Jobpaten")])]),
            field(3, "Wohnen"),
        ],
    }


def summary(changes):
    return [(c.kind, c.id, c.action, c.field, c.language) for c in changes]


# --- examples ---


def test_no_difference():
    assert versions.snapshot_difference(document(), document()) == []
    assert versions.snapshot_difference({}, {}) == []


def test_a_changed_title_per_language_with_its_path():
    after = document()
    after["fields"][0]["goals"][0]["title"] = {"de": "Alle Kinder sprechen Deutsch", "en": "All"}
    changes = versions.snapshot_difference(document(), after)
    assert changes == [
        Change(
            "goal",
            10,
            ({"de": "Sprache"},),
            "changed",
            "title",
            "Mehr Kinder sprechen Deutsch",
            "Alle Kinder sprechen Deutsch",
            "de",
        ),
        Change("goal", 10, ({"de": "Sprache"},), "changed", "title", None, "All", "en"),
    ]


def test_values_of_a_measure_and_decimals_by_value():
    after = document()
    m = after["fields"][0]["goals"][0]["measures"][0]
    m.update(status="delayed", progress=35, budget="5000.0", end="2027-03-31", lead="")
    changes = versions.snapshot_difference(document(), after)
    assert summary(changes) == [
        ("measure", 100, "changed", "lead", ""),
        ("measure", 100, "changed", "end", ""),
        ("measure", 100, "changed", "status", ""),
        ("measure", 100, "changed", "progress", ""),
    ]
    assert changes[0].path == ({"de": "Sprache"}, {"de": "Mehr Kinder sprechen Deutsch"})
    assert (changes[3].before, changes[3].after) == (20, 35)


def test_a_goal_moved_to_another_field_is_moved_not_removed_and_added():
    after = document()
    moved = after["fields"][0]["goals"].pop(1)
    after["fields"][2]["goals"].append(moved)
    changes = versions.snapshot_difference(document(), after)
    assert changes == [
        Change(
            "goal",
            11,
            ({"de": "Wohnen"},),
            "moved",
            "parent",
            ({"de": "Sprache"},),
            ({"de": "Wohnen"},),
        )
    ]


def test_added_and_removed_objects_are_one_change_each():
    after = document()
    removed = after["fields"][0]["goals"].pop(0)  # with its measure, milestone and indicator
    new_field = field(4, "Gesundheit", [goal(40, "Gesund", [measure(400, "Lotsen")])])
    after["fields"].append(new_field)
    after["fields"][1]["goals"][0]["measures"][0]["milestones"].append(milestone(2000, "Start"))
    changes = versions.snapshot_difference(document(), after)
    assert summary(changes) == [
        ("goal", 10, "removed", "", ""),
        ("milestone", 2000, "added", "", ""),
        ("field", 4, "added", "", ""),
    ]
    assert changes[0].before == removed and changes[0].path == ({"de": "Sprache"},)
    assert changes[1].path == (
        {"de": "Arbeit"},
        {"de": "Schneller in Arbeit"},
        {"de": "Jobpaten"},
    )
    assert changes[2].after == new_field and changes[2].path == ()


def test_a_part_that_existed_before_inside_a_new_object_is_moved():
    after = document()
    old_goal = after["fields"][1]["goals"].pop(0)
    after["fields"].append(field(4, "Arbeit und Bildung", [old_goal, goal(41, "Neu")]))
    changes = versions.snapshot_difference(document(), after)
    assert summary(changes) == [("field", 4, "added", "", ""), ("goal", 20, "moved", "parent", "")]
    assert changes[1].before == ({"de": "Arbeit"},)
    assert changes[1].after == ({"de": "Arbeit und Bildung"},)


def test_a_removed_object_whose_parts_moved_away():
    after = document()
    goals = after["fields"].pop(0)["goals"]
    after["fields"][1]["goals"] = goals
    changes = versions.snapshot_difference(document(), after)
    assert summary(changes) == [
        ("goal", 10, "moved", "parent", ""),
        ("goal", 11, "moved", "parent", ""),
        ("field", 1, "removed", "", ""),
    ]


def test_reordering_reports_as_few_moves_as_explain_it():
    after = document()
    after["fields"] = after["fields"][1:] + after["fields"][:1]  # Sprache to the end
    changes = versions.snapshot_difference(document(), after)
    assert changes == [Change("field", 1, (), "moved", "order", 1, 3)]
    after["fields"].reverse()  # [1, 3, 2]: one of 2 and 3 moved
    changes = versions.snapshot_difference(document(), after)
    assert len(changes) == 1 and changes[0].id in (2, 3)
    assert (changes[0].action, changes[0].field) == ("moved", "order")


def test_document_order():
    after = document()
    after["title"]["de"] = "Kerpen gemeinsam"
    after["fields"][2]["title"]["de"] = "Wohnen und Nachbarschaft"
    after["fields"][0]["goals"][0]["measures"][0]["milestones"][0]["done_on"] = "2026-05-30"
    after["fields"][0]["goals"][0]["indicators"][0]["target"] = "25"
    after["fields"][0]["goals"][1]["measures"] = []
    after["fields"][1]["goals"][0]["target_year"] = 2032
    changes = versions.snapshot_difference(document(), after)
    assert summary(changes) == [
        ("strategy", None, "changed", "title", "de"),
        ("milestone", 1000, "changed", "done_on", ""),
        ("indicator", 500, "changed", "target", ""),
        ("measure", 101, "removed", "", ""),
        ("goal", 20, "changed", "target_year", ""),
        ("field", 3, "changed", "title", "de"),
    ]


def test_guiding_principles_added_in_a_language_and_unknown_values():
    before = document()
    after = document()
    after["guiding_principles"]["tr"] = "Entegrasyon herkesin görevidir."
    after["fields"][0]["weight"] = 2
    after["fields"][0]["order"] = 5  # the list's order counts, not this key
    changes = versions.snapshot_difference(before, after)
    assert summary(changes) == [
        ("strategy", None, "changed", "guiding_principles", "tr"),
        ("field", 1, "changed", "weight", ""),
    ]
    assert changes[1].before is None and changes[1].after == 2


def test_empty_text_equals_no_text():
    after = document()
    del after["fields"][0]["goals"][0]["description"]["de"]
    assert versions.snapshot_difference(document(), after) == []


# --- long texts ---


def joined(runs, leave_out):
    return "".join(text for op, text in runs if op != leave_out)


def test_text_difference_marks_words():
    runs = versions.text_difference(
        "Integration ist eine Aufgabe aller.", "Integration ist die gemeinsame Aufgabe aller."
    )
    assert runs == [
        ("equal", "Integration ist "),
        ("delete", "eine"),
        ("insert", "die gemeinsame"),
        ("equal", " Aufgabe aller."),
    ]


def test_text_difference_joins_neighbouring_words_into_one_change():
    assert versions.text_difference("a b c", "x y z") == [("delete", "a b c"), ("insert", "x y z")]


def test_text_difference_of_nothing():
    assert versions.text_difference(None, None) == []
    assert versions.text_difference("", "Neu") == [("insert", "Neu")]
    assert versions.text_difference("Alt", None) == [("delete", "Alt")]
    assert versions.text_difference("Gleich", "Gleich") == [("equal", "Gleich")]


def test_text_difference_of_a_long_text_keeps_common_words():
    words = " ".join(f"Wort{i % 7}" for i in range(600))
    changed = words.replace("Wort3 Wort4", "Wort3 neu Wort4", 1)
    runs = versions.text_difference(words, changed)
    assert [op for op, _text in runs] == ["equal", "insert", "equal"]
    assert runs[1] == ("insert", " neu") or runs[1] == ("insert", "neu ")


@given(st.text(max_size=80), st.text(max_size=80))
def test_text_difference_rebuilds_both_texts(before, after):
    runs = versions.text_difference(before, after)
    assert joined(runs, "insert") == before
    assert joined(runs, "delete") == after
    assert all(text for _op, text in runs)
    assert all(a[0] != b[0] for a, b in itertools.pairwise(runs))


@given(st.lists(st.sampled_from(["Stadt", "Kerpen", "Sprache", "Arbeit", ".", " "]), max_size=30))
def test_text_difference_with_itself_is_equal(words):
    text = "".join(words)
    assert versions.text_difference(text, text) == ([("equal", text)] if text else [])


# --- properties of whole documents ---

LANGUAGES = ["de", "en", "tr"]
texts = st.dictionaries(st.sampled_from(LANGUAGES), st.text(min_size=1, max_size=8), max_size=2)


@st.composite
def snapshots(draw):
    ids = itertools.count(1)

    def many(make, most):
        return [make() for _ in range(draw(st.integers(0, most)))]

    def a_milestone():
        return {"id": next(ids), "due": "2026-06-01", "title": draw(texts), "done_on": None}

    def a_measure():
        return {
            "id": next(ids),
            "title": draw(texts),
            "description": draw(texts),
            "lead": draw(st.sampled_from(["", "VHS", "Caritas"])),
            "partners": "",
            "start": None,
            "end": draw(st.sampled_from([None, "2027-01-01"])),
            "budget": draw(st.sampled_from([None, "100.00", "2500.50"])),
            "status": draw(st.sampled_from(["planned", "running", "delayed"])),
            "progress": draw(st.integers(0, 100)),
            "weight": "1",
            "milestones": many(a_milestone, 2),
        }

    def an_indicator():
        return {
            "id": next(ids),
            "catalogue_key": "",
            "name": draw(texts),
            "unit": "%",
            "better": "higher",
            "baseline": "10",
            "baseline_period": "2024",
            "target": "20",
            "target_year": 2030,
        }

    def a_goal():
        return {
            "id": next(ids),
            "title": draw(texts),
            "description": draw(texts),
            "target_year": 2030,
            "measures": many(a_measure, 3),
            "indicators": many(an_indicator, 2),
        }

    def a_field():
        return {"id": next(ids), "title": draw(texts), "goals": many(a_goal, 3)}

    return {"title": draw(texts), "guiding_principles": draw(texts), "fields": many(a_field, 3)}


@settings(deadline=None)
@given(snapshots())
def test_a_snapshot_differs_from_itself_in_nothing(snapshot):
    assert versions.snapshot_difference(snapshot, copy.deepcopy(snapshot)) == []


def _objects(snapshot):
    """Every object with its kind and its parent's list."""
    for field_ in snapshot["fields"]:
        yield "field", field_, snapshot["fields"]
        for goal_ in field_["goals"]:
            yield "goal", goal_, field_["goals"]
            for measure_ in goal_["measures"]:
                yield "measure", measure_, goal_["measures"]
                for milestone_ in measure_["milestones"]:
                    yield "milestone", milestone_, measure_["milestones"]
            for indicator_ in goal_["indicators"]:
                yield "indicator", indicator_, goal_["indicators"]


def _ancestors(snapshot, wanted) -> set[int]:
    """The ids of the objects that hold the object ``wanted`` (an id), in ``snapshot``."""

    def search(obj, trail):
        for key in ("fields", "goals", "measures", "indicators", "milestones"):
            for part in obj.get(key, ()):
                if part["id"] == wanted:
                    return trail
                found = search(part, trail | {part["id"]})
                if found is not None:
                    return found
        return None

    return search(snapshot, set()) or set()


def _subtree_ids(obj):
    found = {obj["id"]}
    for key in ("goals", "measures", "indicators", "milestones"):
        for part in obj.get(key, ()):
            found |= _subtree_ids(part)
    return found


@settings(max_examples=150, deadline=None)
@given(snapshots(), st.randoms(use_true_random=False), st.integers(1, 6))
def test_random_edits_yield_exactly_those_changes(snapshot, rnd: random.Random, count):
    after = copy.deepcopy(snapshot)
    expected = []
    touched: set[int] = set()  # objects an edit changed, removed or moved, with their parts
    holding: set[int] = set()  # objects holding an edited one: their removal would hide it
    fresh = itertools.count(10**6)
    for _ in range(count):
        objects = [(k, o, parent) for k, o, parent in _objects(after) if o["id"] not in touched]
        edit = rnd.choice(["text", "value", "remove", "add", "move"])
        if edit == "text" and objects:
            kind, obj, _parent = rnd.choice(objects)
            key = "name" if kind == "indicator" else "title"
            language = rnd.choice(LANGUAGES)
            obj[key] = {**obj[key], language: obj[key].get(language, "") + "x"}
            expected.append((kind, obj["id"], "changed", key, language))
            touched.add(obj["id"])
            holding |= _ancestors(after, obj["id"])
        elif edit == "value":
            measures = [o for k, o, _p in objects if k == "measure"]
            if measures:
                obj = rnd.choice(measures)
                obj["progress"] = (obj["progress"] + 1) % 101
                expected.append(("measure", obj["id"], "changed", "progress", ""))
                touched.add(obj["id"])
                holding |= _ancestors(after, obj["id"])
        elif edit == "remove":
            removable = [
                (k, o, p)
                for k, o, p in objects
                if o["id"] not in holding and not _subtree_ids(o) & touched
            ]
            if not removable:
                continue
            kind, obj, parent = rnd.choice(removable)
            holding |= _ancestors(after, obj["id"])
            parent.remove(obj)
            expected.append((kind, obj["id"], "removed", "", ""))
            touched |= _subtree_ids(obj)
        elif edit == "add":
            goals = [o for k, o, _p in objects if k == "goal"]
            if goals:
                new = {"id": next(fresh), "title": {"de": "Neu"}, "milestones": []}
                rnd.choice(goals)["measures"].append(new)
                expected.append(("measure", new["id"], "added", "", ""))
                touched.add(new["id"])
                holding |= _ancestors(after, new["id"])
            else:
                new = {"id": next(fresh), "title": {"de": "Neu"}, "goals": []}
                after["fields"].append(new)
                expected.append(("field", new["id"], "added", "", ""))
                touched.add(new["id"])
        elif edit == "move":
            goals = [(o, p) for k, o, p in objects if k == "goal"]
            fields = [o for k, o, _p in _objects(after) if k == "field"]
            if goals:
                obj, parent = rnd.choice(goals)
                targets = [f for f in fields if f["goals"] is not parent]
                if targets:
                    holding |= _ancestors(after, obj["id"])
                    parent.remove(obj)
                    rnd.choice(targets)["goals"].append(obj)
                    holding |= _ancestors(after, obj["id"])
                    expected.append(("goal", obj["id"], "moved", "parent", ""))
                    touched |= _subtree_ids(obj)
    changes = versions.snapshot_difference(snapshot, after)
    assert Counter(summary(changes)) == Counter(expected)


@settings(deadline=None)
@given(snapshots(), st.randoms(use_true_random=False))
def test_reordering_alone_yields_only_moves(snapshot, rnd: random.Random):
    after = copy.deepcopy(snapshot)
    rnd.shuffle(after["fields"])
    for field_ in after["fields"]:
        rnd.shuffle(field_["goals"])
    changes = versions.snapshot_difference(snapshot, after)
    assert {(c.action, c.field) for c in changes} <= {("moved", "order")}
    # Moving the reported ones back to their places restores the order.
    moved = {c.id for c in changes}
    old_order = [f["id"] for f in snapshot["fields"]]
    assert [i for i in old_order if i not in moved] == [
        f["id"] for f in after["fields"] if f["id"] not in moved
    ]


def test_a_milestone_listed_later_for_its_new_date_is_changed_not_moved():
    before = document()
    milestones = before["fields"][0]["goals"][0]["measures"][0]["milestones"]
    milestones.append(milestone(1001, "Second", due="2026-09-01"))
    after = copy.deepcopy(before)
    moved = after["fields"][0]["goals"][0]["measures"][0]["milestones"]
    moved[0]["due"] = "2026-12-01"
    moved.reverse()
    changes = versions.snapshot_difference(before, after)
    assert summary(changes) == [("milestone", 1000, "changed", "due", "")]


sentences_text = st.text(alphabet="ab .!?…\n\t", max_size=80)


@given(sentences_text, sentences_text)
def test_text_difference_rebuilds_texts_of_sentences(before, after):
    runs = versions.text_difference(before, after)
    assert joined(runs, "insert") == before
    assert joined(runs, "delete") == after
    assert all(a[0] != b[0] for a, b in itertools.pairwise(runs))


@given(sentences_text)
def test_sentences_rebuild_the_text(text):
    assert "".join(versions._sentences(text)) == text


def test_text_difference_of_a_long_document_marks_single_words():
    rnd = random.Random(4)
    words = ["Integration", "Stadt", "gemeinsam", "Sprache", "Arbeit", "und", "die", "für"]
    sentences = [" ".join(rnd.choices(words, k=rnd.randint(5, 25))) + "." for _ in range(300)]
    before = " ".join(sentences)
    tokens = before.split(" ")
    for index in range(0, len(tokens), 40):
        tokens[index] = "neu"
    after = " ".join(tokens)
    runs = versions.text_difference(before, after)
    assert joined(runs, "insert") == before and joined(runs, "delete") == after
    inserted = [text for op, text in runs if op == "insert"]
    assert len(inserted) >= len(tokens) // 40 - 5
    assert all(len(text.split()) <= 2 for text in inserted)


def test_text_difference_of_one_huge_sentence_is_still_exact():
    before = " ".join(f"w{i % 13}" for i in range(5000))
    after = "neu " + before.replace("w5 w6", "w5 x w6") + " ende"
    runs = versions.text_difference(before, after)
    assert joined(runs, "insert") == before and joined(runs, "delete") == after


def test_difference_counts_one_per_object():
    after = document()
    after["title"]["de"] = "Neu"
    after["title"]["en"] = "New"
    after["fields"][0]["goals"][0]["measures"][0].update(status="delayed", progress=30)
    after["fields"][0]["goals"][1]["measures"] = []
    after["fields"].append(field(4, "Gesundheit"))
    counts = versions.difference_counts(versions.snapshot_difference(document(), after))
    assert counts == {
        ("strategy", "changed"): 1,
        ("field", "added"): 1,
        ("measure", "changed"): 1,
        ("measure", "removed"): 1,
    }
