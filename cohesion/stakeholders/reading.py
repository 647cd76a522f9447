"""Reading a stakeholder list (CSV or XLSX) and planning its import: pure Python, no Django.

The file has one header row and then one row per organisation or person. Columns (any order;
``kind``, ``name`` and ``target_group`` are required, the others optional):

    kind,name,organisation,role,target_group,department,origin,gender,age_band,languages,
    email,phone,postal_address,influence,interest,consent,consent_date,consent_purpose

- ``kind``: ``person``, or for an organisation its kind (``council``, ``administration``,
  ``immigrant_organisation``, ``welfare``, ``education``, ``employer``, ``job_centre``,
  ``religious``, ``club``, ``police``, ``media``, ``other``);
- ``target_group``: ``policy``, ``administration``, ``immigrant``, ``civil_society``, ``other``;
- ``organisation`` (people only): the name of an organisation in the file or on the map;
- ``influence`` and ``interest``: 1 to 5 (empty: 3);
- ``languages``: codes such as ``de tr`` (space, comma or ``|`` between them);
- ``consent``: yes/no (``ja``/``nein``, ``1``/``0``); with yes, ``consent_date``
  (2025-03-01 or 01.03.2025) and ``consent_purpose`` are required;
- role, gender (``female``/``male``/``diverse``), age band, languages, phone, postal address and
  consent are for people only.

Every problem names its row (the header is row 1) and column, as a code with parameters; the
app words it in the user's language. Reading is bounded: the file's size, its rows and each
cell's length.
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field

from cohesion.core import tables
from cohesion.core.spreadsheets import cell_unneutralised

PERSON = "person"
ORGANISATION_KINDS = (
    "council",
    "administration",
    "immigrant_organisation",
    "welfare",
    "education",
    "employer",
    "job_centre",
    "religious",
    "club",
    "police",
    "media",
    "other",
)
TARGET_GROUPS = ("policy", "administration", "immigrant", "civil_society", "other")
GENDERS = ("female", "male", "diverse")

HEADER = (
    "kind",
    "name",
    "organisation",
    "role",
    "target_group",
    "department",
    "origin",
    "gender",
    "age_band",
    "languages",
    "email",
    "phone",
    "postal_address",
    "influence",
    "interest",
    "consent",
    "consent_date",
    "consent_purpose",
)
REQUIRED = ("kind", "name", "target_group")
CONTACT_COLUMNS = ("email", "phone", "postal_address")
PERSON_ONLY = (
    "organisation",
    "role",
    "gender",
    "age_band",
    "languages",
    "phone",
    "postal_address",
    "consent",
    "consent_date",
    "consent_purpose",
)
MAX_LENGTH = {
    "name": 200,
    "organisation": 200,
    "role": 200,
    "department": 120,
    "origin": 120,
    "age_band": 20,
    "email": 254,
    "phone": 40,
    "postal_address": 500,
    "consent_purpose": 200,
    "languages": 100,
}
MAX_CELL = 1000  # no cell of a stakeholder list is longer; a longer one is not such a list
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 60

_EMAIL = re.compile(r"^[^@\s,;<>\"]+@[^@\s,;<>\"]+\.[^@\s,;<>\"]+$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,4})?$")
_YES = {"yes", "y", "ja", "j", "true", "1", "x", "oui", "evet"}
_NO = {"no", "n", "nein", "false", "0"}


class StakeholderFileError(Exception):
    """The file as a whole cannot be read (not a list, too large, unknown encoding)."""

    def __init__(self, code: str, **params):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Problem:
    """What is wrong in one cell; row 1 is the header; column "" for the whole row."""

    row: int
    column: str
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class Entry:
    """One valid row: an organisation (``kind`` is its kind) or a person (``kind`` "person").
    ``values`` holds the non-empty cells, parsed (scores as int, languages as a list, consent
    as bool, the date as a date)."""

    row: int
    kind: str
    name: str
    values: dict

    @property
    def is_person(self) -> bool:
        return self.kind == PERSON


@dataclass
class ReadResult:
    columns: list[str]
    entries: list[Entry]
    problems: list[Problem]


# --- the file to rows of text ---


def file_rows(
    data: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> list[tuple[int, list[str]]]:
    """The file's rows with any text as ``(row number, cells)``: an XLSX's first sheet, or a
    CSV in UTF-8 (with or without BOM), UTF-16 or Windows-1252, separated by ``;``, ``,`` or
    tabs (``core.tables`` reads them; its refusals become this app's)."""
    try:
        rows = tables.table_rows(
            data, max_bytes=max_bytes, max_rows=max_rows, max_columns=MAX_COLUMNS
        )
    except tables.TableError as error:
        code = "not_a_list" if error.code == "not_a_table" else error.code
        params = error.params if code in ("too_large", "too_many_rows") else {}
        raise StakeholderFileError(code, **params) from error
    return [(row.number, row.cells) for row in rows]


# --- rows to entries ---


def _header(cells: list[str]) -> tuple[list[str], list[Problem]]:
    columns = [cell_unneutralised(cell).strip().lower().replace(" ", "_") for cell in cells]
    while columns and not columns[-1]:
        columns.pop()
    problems = []
    seen = set()
    for column in columns:
        if column not in HEADER:
            problems.append(Problem(1, column, "unknown_column"))
        elif column in seen:
            problems.append(Problem(1, column, "repeated_column"))
        seen.add(column)
    for column in REQUIRED:
        if column not in columns:
            problems.append(Problem(1, column, "missing_column"))
    return columns, problems


def _date(text: str) -> datetime.date | None:
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def languages_split(text: str) -> list[str]:
    return [part for part in re.split(r"[\s,;|/]+", text.strip().lower()) if part]


def _entry(line: int, cells: dict[str, str]) -> tuple[Entry | None, list[Problem]]:
    problems: list[Problem] = []

    def problem(column, code, **params):
        problems.append(Problem(line, column, code, params))

    kind = cells.get("kind", "").lower()
    name = cells.get("name", "")
    if kind not in (PERSON, *ORGANISATION_KINDS):
        problem("kind", "bad_kind", value=cells.get("kind", ""))
    if not name:
        problem("name", "required")
    values: dict = {}
    for column, text in cells.items():
        if column in ("kind", "name") or not text:
            continue
        if kind in ORGANISATION_KINDS and column in PERSON_ONLY:
            problem(column, "person_only")
            continue
        if column == "target_group":
            if text.lower() not in TARGET_GROUPS:
                problem(column, "bad_choice", value=text)
            values[column] = text.lower()
        elif column in ("influence", "interest"):
            if not text.isdigit() or not 1 <= int(text) <= 5:
                problem(column, "bad_score", value=text)
            else:
                values[column] = int(text)
        elif column == "email":
            if not _EMAIL.match(text):
                problem(column, "bad_email", value=text)
            values[column] = text
        elif column == "gender":
            if text.lower() not in GENDERS:
                problem(column, "bad_choice", value=text)
            values[column] = text.lower()
        elif column == "languages":
            codes = languages_split(text)
            wrong = [code for code in codes if not _LANGUAGE.match(code)]
            if wrong:
                problem(column, "bad_language", value=wrong[0])
            values[column] = codes
        elif column == "consent":
            if text.lower() in _YES:
                values[column] = True
            elif text.lower() in _NO:
                values[column] = False
            else:
                problem(column, "bad_yes_no", value=text)
        elif column == "consent_date":
            day = _date(text)
            if day is None:
                problem(column, "bad_date", value=text)
            values[column] = day
        else:
            values[column] = text
        limit = MAX_LENGTH.get(column)
        if limit is not None and len(text) > limit:
            problem(column, "too_long", limit=limit)
    if name and len(name) > MAX_LENGTH["name"]:
        problem("name", "too_long", limit=MAX_LENGTH["name"])
    if "target_group" not in values and "target_group" in cells:
        problem("target_group", "required")
    if values.get("consent") is True:
        if not values.get("consent_date"):
            problem("consent_date", "consent_needs_date")
        if not values.get("consent_purpose"):
            problem("consent_purpose", "consent_needs_purpose")
    elif values.get("consent_date") or values.get("consent_purpose"):
        problem("consent", "consent_missing")
    if problems:
        return None, problems
    return Entry(row=line, kind=kind, name=name, values=values), []


def entries_read(
    data: bytes, *, max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS
) -> ReadResult:
    """Every row of the file as an entry, or the problems of the rows that are wrong."""
    rows = file_rows(data, max_bytes=max_bytes, max_rows=max_rows)
    rows = [(line, cells) for line, cells in rows if any(cell.strip() for cell in cells)]
    if not rows:
        raise StakeholderFileError("empty")
    header_line, header_cells = rows[0]
    columns, problems = _header(header_cells)
    if problems:
        return ReadResult(columns=columns, entries=[], problems=problems)
    entries: list[Entry] = []
    for line, raw in rows[1:]:
        if len(raw) > len(columns) and any(cell.strip() for cell in raw[len(columns) :]):
            problems.append(Problem(line, "", "extra_cells", {"count": len(raw)}))
            continue
        if any(len(cell) > MAX_CELL for cell in raw):
            problems.append(Problem(line, "", "cell_too_long", {"limit": MAX_CELL}))
            continue
        cells = {
            column: cell_unneutralised(cell.strip())
            for column, cell in zip(columns, raw, strict=False)
        }
        entry, row_problems = _entry(line, cells)
        problems.extend(row_problems)
        if entry is not None:
            entries.append(entry)
    return ReadResult(columns=columns, entries=entries, problems=problems)


# --- de-duplication and the plan ---

NEW, UPDATE, UNCHANGED, DUPLICATE = "new", "update", "unchanged", "duplicate"


def name_key(name: str) -> str:
    """A name as compared for duplicates: case, accents, punctuation and spacing aside
    ("Ayşe  Demir" and "ayse demir" are the same)."""
    decomposed = unicodedata.normalize("NFKD", name)
    letters = "".join(char for char in decomposed if not unicodedata.combining(char))
    letters = letters.casefold().replace("ı", "i")
    return " ".join(re.sub(r"[^\w]+", " ", letters).split())


@dataclass(frozen=True)
class Known:
    """An organisation or person already on the map: its id, name, e-mail and (for a person)
    organisation name, and the values an import compares with."""

    pk: int
    name: str
    values: dict
    email: str = ""
    organisation: str = ""


@dataclass
class Step:
    """What the import does with one row: ``new``, ``update`` (of ``pk``, the ``changes``
    field → new value), ``unchanged``, or ``duplicate`` (skipped: it repeats ``row_of``)."""

    entry: Entry
    action: str
    pk: int | None = None
    changes: dict = field(default_factory=dict)
    duplicate_of: int | None = None  # the file's row it repeats
    duplicate_reason: str = ""  # "email" or "name"


@dataclass
class Plan:
    organisations: list[Step]
    people: list[Step]
    problems: list[Problem]

    def count(self, action: str) -> int:
        return sum(step.action == action for step in (*self.organisations, *self.people))


def _changes(entry: Entry, known: Known) -> dict:
    return {
        column: value
        for column, value in entry.values.items()
        if column != "organisation" and known.values.get(column) != value
    }


def import_plan(result: ReadResult, *, organisations: list[Known], people: list[Known]) -> Plan:
    """What importing the rows would do to a map holding ``organisations`` and ``people``.

    Organisations are the same when their names are (``name_key``); people when their e-mail
    is, or their name within the same organisation. A row that repeats an earlier row of the
    file is skipped as a duplicate; one that matches the map updates it with its non-empty
    cells. A person's organisation must be in the file or on the map."""
    problems = list(result.problems)
    org_steps: list[Step] = []
    known_orgs = {name_key(known.name): known for known in organisations}
    file_orgs: dict[str, int] = {}
    for entry in result.entries:
        if entry.is_person:
            continue
        key = name_key(entry.name)
        if key in file_orgs:
            org_steps.append(
                Step(entry, DUPLICATE, duplicate_of=file_orgs[key], duplicate_reason="name")
            )
            continue
        file_orgs[key] = entry.row
        known = known_orgs.get(key)
        if known is None:
            org_steps.append(Step(entry, NEW))
        else:
            changes = _changes(entry, known) | (
                {"kind": entry.kind} if known.values.get("kind") != entry.kind else {}
            )
            org_steps.append(Step(entry, UPDATE if changes else UNCHANGED, known.pk, changes))

    person_steps: list[Step] = []
    by_email = {known.email.casefold(): known for known in people if known.email}
    by_name = {(name_key(known.name), name_key(known.organisation)): known for known in people}
    file_emails: dict[str, int] = {}
    file_names: dict[tuple[str, str], int] = {}
    for entry in result.entries:
        if not entry.is_person:
            continue
        organisation = entry.values.get("organisation", "")
        org_key = name_key(organisation)
        if organisation and org_key not in file_orgs and org_key not in known_orgs:
            problems.append(
                Problem(entry.row, "organisation", "unknown_organisation", {"value": organisation})
            )
            continue
        email = entry.values.get("email", "").casefold()
        name = (name_key(entry.name), org_key)
        if email and email in file_emails:
            person_steps.append(
                Step(entry, DUPLICATE, duplicate_of=file_emails[email], duplicate_reason="email")
            )
            continue
        if name in file_names:
            person_steps.append(
                Step(entry, DUPLICATE, duplicate_of=file_names[name], duplicate_reason="name")
            )
            continue
        if email:
            file_emails[email] = entry.row
        file_names[name] = entry.row
        known = (by_email.get(email) if email else None) or by_name.get(name)
        if known is None:
            person_steps.append(Step(entry, NEW))
            continue
        changes = _changes(entry, known)
        if organisation and name_key(known.organisation) != org_key:
            changes["organisation"] = organisation
        person_steps.append(Step(entry, UPDATE if changes else UNCHANGED, known.pk, changes))
    problems.sort(
        key=lambda problem: (
            problem.row,
            HEADER.index(problem.column) if problem.column in HEADER else -1,
        )
    )
    return Plan(organisations=org_steps, people=person_steps, problems=problems)
