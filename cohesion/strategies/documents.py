"""The strategy as documents: a print-quality PDF (title page, contents, charts, tables of
measures and indicators, the council decision), an editable DOCX for a council's own template
(Word's built-in heading styles, real tables, no text boxes) and an XLSX of plain tables.
The open data (JSON) is in ``opendata.py``.

Every format is written from one object, ``strategy_document``: the tree of the strategy
(``selectors.strategy_tree``, six queries), the weighted progress of goals and fields of action
(``progress.rollup``) and the traffic lights of measures and indicators on one day. Organiser
text is shown in the requested language where translated, else in the language it was written
in. Charts are the Vega-Lite specifications of ``core.charts``: SVG in the PDF, PNG in the DOCX.
"""

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.charts import bars_spec, chart_svg, number_display, number_locale
from cohesion.core.spreadsheets import xlsx_bytes
from cohesion.core.translations import Shown
from cohesion.strategies import progress
from cohesion.strategies.models import Strategy
from cohesion.strategies.selectors import shown, strategy_tree

EXPORT = audit_action("strategies.export", gettext_lazy("Strategy document exported"))
FORMATS = ("pdf", "docx", "xlsx", "json")
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
LIGHT_LABELS = {
    progress.Light.GREEN: gettext_lazy("on track"),
    progress.Light.AMBER: gettext_lazy("behind"),
    progress.Light.RED: gettext_lazy("off track"),
    progress.Light.BLUE: gettext_lazy("completed"),
    progress.Light.GREY: gettext_lazy("not assessed"),
}
_YEAR = re.compile(r"(19|20|21)\d{2}")


# --- the one data object ---


@dataclass
class MeasureEntry:
    measure: object
    number: str
    title: Shown
    description: Shown | None
    status: str
    light: progress.Light
    milestones: list = field(default_factory=list)

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS[self.light])


@dataclass
class IndicatorEntry:
    indicator: object
    name: str
    decimals: int
    baseline: str
    target: str
    latest: str
    latest_period: str
    light: progress.Light
    actuals: list = field(default_factory=list)  # (period, value as written)
    points: list = field(
        default_factory=list
    )  # (label, value, as written): baseline, actuals, target
    chart: str = ""

    @property
    def bars(self) -> list[tuple[str, float]]:
        return [(label, value) for label, value, _written in self.points]

    @property
    def light_label(self) -> str:
        return str(LIGHT_LABELS[self.light])


@dataclass
class GoalEntry:
    goal: object
    number: str
    title: Shown
    description: Shown | None
    progress: float | None
    measures: list[MeasureEntry] = field(default_factory=list)
    indicators: list[IndicatorEntry] = field(default_factory=list)


@dataclass
class FieldEntry:
    field: object
    number: str
    title: Shown
    progress: float | None
    goals: list[GoalEntry] = field(default_factory=list)


@dataclass
class StrategyDocument:
    strategy: Strategy
    language: str
    today: datetime.date
    title: Shown
    principles: Shown | None
    municipality: str
    ags: str
    state: str
    fields: list[FieldEntry]
    progress: float | None
    council_decision: object = None
    progress_chart: str = ""
    counts: dict = field(default_factory=dict)
    lights: dict = field(default_factory=dict)

    @property
    def direction(self) -> str:
        return "rtl" if self.language.split("-")[0] in settings.LANGUAGES_BIDI else "ltr"

    @property
    def progress_bars(self) -> list[tuple[str, float]]:
        return [
            (f"{entry.number}. {entry.title.text}", round(entry.progress, 1))
            for entry in self.fields
            if entry.progress is not None
        ]


def _year(text: str | None) -> int | None:
    match = _YEAR.search(text or "")
    return int(match.group(0)) if match else None


def _decimals(values) -> int:
    """As many decimals as the numbers have (at most two)."""
    places = 0
    for value in values:
        if value is not None:
            exponent = Decimal(value).normalize().as_tuple().exponent
            places = max(places, -exponent if isinstance(exponent, int) else 0)
    return min(places, 2)


def _indicator_entry(indicator, *, strategy, language, today) -> IndicatorEntry:
    actuals = list(indicator.actuals.all())
    latest = actuals[-1] if actuals else None
    decimals = _decimals([indicator.baseline, indicator.target, *(a.value for a in actuals)])
    light = progress.indicator_light(
        baseline=indicator.baseline,
        target=indicator.target,
        actual=latest.value if latest else None,
        baseline_year=_year(indicator.baseline_period),
        target_year=indicator.target_year,
        year=_year(latest.period) if latest else None,
        better=indicator.better,
    )
    name = indicator.shown.text if indicator.shown else indicator.catalogue_key
    points = []
    if indicator.baseline is not None:
        label = f"{_('Baseline')} {indicator.baseline_period}".strip()
        points.append(
            (label, float(indicator.baseline), number_display(indicator.baseline, decimals))
        )
    points += [
        (actual.period, float(actual.value), number_display(actual.value, decimals))
        for actual in actuals
    ]
    if indicator.target is not None:
        label = f"{_('Target')} {indicator.target_year or ''}".strip()
        points.append((label, float(indicator.target), number_display(indicator.target, decimals)))
    return IndicatorEntry(
        indicator=indicator,
        name=name,
        decimals=decimals,
        baseline=number_display(indicator.baseline, decimals),
        target=number_display(indicator.target, decimals),
        latest=number_display(latest.value if latest else None, decimals),
        latest_period=latest.period if latest else "",
        light=light,
        actuals=[(a.period, number_display(a.value, decimals)) for a in actuals],
        points=points,
    )


def strategy_document(
    *,
    strategy: Strategy,
    language: str,
    today: datetime.date | None = None,
    council_decision=None,
    charts: bool = True,
) -> StrategyDocument:
    """Everything the documents show, labels and organiser text in ``language``; lights as
    on ``today``. ``council_decision``: the decision that adopted the strategy, if recorded
    (an object with ``date`` and ``reference``). The tree's six queries whatever its size,
    the process and municipality where the strategy came without them, and the charts'
    cache."""
    today = today or timezone.localdate()
    with translation.override(language):
        process = strategy.process
        tree = strategy_tree(strategy=strategy, language=language)
        fields = []
        all_lights = []
        counts = {"fields": 0, "goals": 0, "measures": 0, "indicators": 0, "milestones": 0}
        for f_index, field_of_action in enumerate(tree, 1):
            goals = []
            for g_index, goal in enumerate(field_of_action.goals.all(), 1):
                number = f"{f_index}.{g_index}"
                measures = []
                for m_index, measure in enumerate(goal.measures.all(), 1):
                    light = progress.measure_light(
                        status=measure.status,
                        progress=measure.progress,
                        start=measure.start,
                        end=measure.end,
                        today=today,
                    )
                    all_lights.append(light)
                    milestones = list(measure.milestones.all())
                    counts["milestones"] += len(milestones)
                    measures.append(
                        MeasureEntry(
                            measure=measure,
                            number=f"{number}.{m_index}",
                            title=measure.shown,
                            description=measure.description_shown,
                            status=measure.get_status_display(),
                            light=light,
                            milestones=milestones,
                        )
                    )
                indicators = [
                    _indicator_entry(i, strategy=strategy, language=language, today=today)
                    for i in goal.indicators.all()
                ]
                all_lights += [entry.light for entry in indicators]
                goal_progress = progress.rollup(
                    progress.rollup_item(
                        status=entry.measure.status,
                        progress=entry.measure.progress,
                        weight=entry.measure.weight,
                    )
                    for entry in measures
                )
                goals.append(
                    GoalEntry(
                        goal=goal,
                        number=number,
                        title=goal.shown,
                        description=goal.description_shown,
                        progress=goal_progress,
                        measures=measures,
                        indicators=indicators,
                    )
                )
                counts["measures"] += len(measures)
                counts["indicators"] += len(indicators)
            counts["goals"] += len(goals)
            field_progress = progress.rollup((g.progress, g.goal.weight) for g in goals)
            fields.append(
                FieldEntry(
                    field=field_of_action,
                    number=str(f_index),
                    title=field_of_action.shown,
                    progress=field_progress,
                    goals=goals,
                )
            )
        counts["fields"] = len(fields)
        document = StrategyDocument(
            strategy=strategy,
            language=language,
            today=today,
            title=shown(strategy.title, strategy=strategy, language=language),
            principles=shown(strategy.guiding_principles, strategy=strategy, language=language)
            if strategy.guiding_principles
            else None,
            municipality=process.municipality.name,
            ags=process.municipality.ags,
            state=strategy.get_state_display(),
            fields=fields,
            progress=progress.rollup((f.progress, f.field.weight) for f in fields),
            council_decision=council_decision,
            counts=counts,
            lights={
                str(light): count for light, count in progress.lights_count(all_lights).items()
            },
        )
        if charts:
            _svg_charts(document)
    return document


def progress_spec(*, bars, unit: str, decimals: int) -> dict:
    """``core.charts.bars_spec`` with room for the fields of action's whole names (up to 250
    px beside the bars), for a printed page that is wider than a phone."""
    spec = bars_spec(bars=bars, unit=unit, decimals=decimals)
    spec["width"] = 220
    for layer in spec.get("layer", []):
        layer["encoding"]["y"]["axis"]["labelLimit"] = 250
    return spec


def _svg_charts(document: StrategyDocument) -> None:
    bars = document.progress_bars
    if bars:
        document.progress_chart = chart_svg(
            progress_spec,
            bars=bars,
            unit=_("progress (%)"),
            decimals=0,
            description=_("Progress per field of action"),
        )
    for entry in indicator_entries(document):
        if len(entry.bars) >= 2:
            entry.chart = chart_svg(
                bars_spec,
                bars=entry.bars,
                unit=str(entry.indicator.unit),
                decimals=entry.decimals,
                description=_("Baseline, actual values and target: %(name)s")
                % {"name": entry.name},
            )


def indicator_entries(document: StrategyDocument) -> list[IndicatorEntry]:
    return [i for f in document.fields for g in f.goals for i in g.indicators]


def measure_entries(document: StrategyDocument) -> list[tuple[GoalEntry, MeasureEntry]]:
    return [(g, m) for f in document.fields for g in f.goals for m in g.measures]


def percent(value: float | None) -> str:
    return "–" if value is None else f"{number_display(value, 0)} %"


def _money(value) -> str:
    return "–" if value is None else f"{number_display(value, 0)} €"


def _period(measure) -> str:
    start = f"{measure.start:%m/%Y}" if measure.start else "…"
    end = f"{measure.end:%m/%Y}" if measure.end else "…"
    return "–" if measure.start is None and measure.end is None else f"{start} – {end}"


def _date(value) -> str:
    from django.utils.formats import date_format

    return date_format(value, "SHORT_DATE_FORMAT") if value else "–"


# --- PDF ---


def strategy_html(document: StrategyDocument) -> str:
    """The document as HTML, laid out as the PDF (its style sheet is a template beside it)."""
    with translation.override(document.language):
        return render_to_string(
            "strategies/document/strategy.html",
            {
                "document": document,
                "LANGUAGE_CODE": document.language,
                "text_direction": document.direction,
                "overall": percent(document.progress),
                "field_rows": [(f, percent(f.progress)) for f in document.fields],
                "light_labels": LIGHT_LABELS,
                "assessment_note": assessment_note(),
                "bidi": settings.LANGUAGES_BIDI,
                "source_dir": "rtl"
                if document.strategy.source_language in settings.LANGUAGES_BIDI
                else "ltr",
            },
        )


def strategy_pdf_document(document: StrategyDocument):
    """The laid-out PDF (WeasyPrint), its pages countable."""
    from cohesion.core.pdf import pdf_document

    return pdf_document(html=strategy_html(document), stylesheet="strategies/document/strategy.css")


def strategy_pdf(document: StrategyDocument) -> bytes:
    return strategy_pdf_document(document).write_pdf()


# --- DOCX ---


def _png(bars, *, unit: str, decimals: int) -> bytes:
    import vl_convert

    spec = progress_spec(bars=bars, unit=unit, decimals=decimals)
    return vl_convert.vegalite_to_png(spec, scale=2, format_locale=number_locale())


def _first_strong_direction(text: str) -> str | None:
    """The direction of the first letter that has one (Unicode's rule for dir="auto")."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def _rtl(docx_document) -> None:
    """Right to left: every paragraph and table of the body in the bidirectional layout."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def paragraph_rtl(paragraph):
        if _first_strong_direction(paragraph.text) == "ltr":
            return  # a text in a left-to-right language keeps its direction, as dir="auto"
        properties = paragraph._p.get_or_add_pPr()
        if properties.find(qn("w:bidi")) is None:
            properties.append(OxmlElement("w:bidi"))
        for run in paragraph.runs:
            run_properties = run._r.get_or_add_rPr()
            run_properties.append(OxmlElement("w:rtl"))

    for paragraph in docx_document.paragraphs:
        paragraph_rtl(paragraph)
    for table in docx_document.tables:
        table_properties = table._tbl.tblPr
        table_properties.append(OxmlElement("w:bidiVisual"))
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph_rtl(paragraph)


def _contents_field(paragraph) -> None:
    """Word's own table of contents (headings 1 to 3), filled in when Word updates fields."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind):
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    run = paragraph.add_run()
    run._r.append(char("begin"))
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = 'TOC \\o "1-3" \\h \\z \\u'
    run._r.append(instruction)
    run._r.append(char("separate"))
    placeholder = paragraph.add_run(
        _("Update the field to fill in the contents (in Word: right-click, Update Field).")
    )
    placeholder.italic = True
    end = paragraph.add_run()
    end._r.append(char("end"))


def _table(docx_document, header: list[str], rows: list[list[str]], widths: tuple = ()):
    """A plain table (style "Table Grid"); ``widths`` in centimetres, one per column, else
    the columns share the width of the text."""
    from docx.shared import Cm, Pt

    table = docx_document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(str(text)).bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = str(text)
    # The header row repeats on every page the table runs over.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    row_properties = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row_properties.append(repeat)
    if widths:
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Cm(width)  # the grid, which LibreOffice reads
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Cm(width)
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9)
    return table


MEASURE_WIDTHS = (1.2, 4.6, 2.5, 2.2, 1.8, 1.7, 1.4, 1.6)
INDICATOR_WIDTHS = (5, 1.6, 2.6, 2.6, 2.6, 2.6)


def measure_header() -> list[str]:
    return [
        _("No."),
        _("Measure"),
        _("Lead"),
        _("Period"),
        _("Budget"),
        _("Status"),
        _("Progress"),
        _("Assessment"),
    ]


def measure_row(entry: MeasureEntry) -> list[str]:
    measure = entry.measure
    return [
        entry.number,
        entry.title.text,
        measure.lead or "–",
        _period(measure),
        _money(measure.budget),
        entry.status,
        percent(measure.progress),
        entry.light_label,
    ]


def indicator_header() -> list[str]:
    return [
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Latest value"),
        _("Target"),
        _("Assessment"),
    ]


def indicator_row(entry: IndicatorEntry) -> list[str]:
    indicator = entry.indicator
    baseline = entry.baseline
    if indicator.baseline_period:
        baseline += f" ({indicator.baseline_period})"
    latest = entry.latest + (f" ({entry.latest_period})" if entry.latest_period else "")
    target = entry.target + (f" ({indicator.target_year})" if indicator.target_year else "")
    return [entry.name, indicator.unit or "–", baseline, latest, target, entry.light_label]


def strategy_docx(document: StrategyDocument, *, charts: bool = True) -> bytes:
    """The strategy as a Word document: headings in Word's styles Title and Heading 1 to 3,
    Word's own table of contents, plain tables (style "Table Grid"), the progress chart as a
    picture; the indicators' figures as tables only."""
    from docx import Document
    from docx.enum.text import WD_BREAK
    from docx.shared import Cm

    with translation.override(document.language):
        docx_document = Document()
        for section in docx_document.sections:  # A4 with margins of 2 cm: 17 cm of text
            section.page_width, section.page_height = Cm(21), Cm(29.7)
            section.left_margin = section.right_margin = Cm(2)
        properties = docx_document.core_properties
        properties.title = document.title.text
        properties.author = document.municipality
        properties.language = document.language
        docx_document.add_paragraph(document.title.text, style="Title")
        docx_document.add_paragraph(document.municipality)
        docx_document.add_paragraph(
            _("State: %(state)s · As of %(date)s")
            % {"state": document.state, "date": _date(document.today)}
        )
        docx_document.add_heading(_("Contents"), level=1)
        _contents_field(docx_document.add_paragraph())
        docx_document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

        docx_document.add_heading(_("Guiding principles"), level=1)
        principles = document.principles.text if document.principles else ""
        for part in (principles or _("Not written yet.")).split("\n"):
            if part.strip():
                docx_document.add_paragraph(part.strip())

        docx_document.add_heading(_("Council decision"), level=1)
        for line in council_decision_lines(document):
            docx_document.add_paragraph(line)

        docx_document.add_heading(_("Progress at a glance"), level=1)
        docx_document.add_paragraph(
            _("Overall progress (weighted): %(progress)s")
            % {"progress": percent(document.progress)}
        )
        bars = document.progress_bars
        if charts and bars:
            picture = _png(bars, unit=_("progress (%)"), decimals=0)
            docx_document.add_picture(io.BytesIO(picture), width=Cm(15))
            docx_document.add_paragraph(_("Progress per field of action"), style="Caption")
        _table(
            docx_document,
            [_("Field of action"), _("Goals"), _("Progress")],
            [
                [f"{f.number}. {f.title.text}", str(len(f.goals)), percent(f.progress)]
                for f in document.fields
            ],
            (11, 3, 3),
        )

        for field_entry in document.fields:
            docx_document.add_heading(f"{field_entry.number}. {field_entry.title.text}", level=1)
            docx_document.add_paragraph(
                _("Progress: %(progress)s") % {"progress": percent(field_entry.progress)}
            )
            if not field_entry.goals:
                docx_document.add_paragraph(_("No goals yet."))
            for goal in field_entry.goals:
                docx_document.add_heading(f"{goal.number} {goal.title.text}", level=2)
                facts = _("Progress: %(progress)s") % {"progress": percent(goal.progress)}
                if goal.goal.target_year:
                    facts += " · " + _("Target year: %(year)s") % {"year": goal.goal.target_year}
                docx_document.add_paragraph(facts)
                if goal.description:
                    docx_document.add_paragraph(goal.description.text)
                if goal.measures:
                    docx_document.add_heading(_("Measures"), level=3)
                    _table(
                        docx_document,
                        measure_header(),
                        [measure_row(m) for m in goal.measures],
                        MEASURE_WIDTHS,
                    )
                    milestones = [(m, s) for m in goal.measures for s in m.milestones]
                    if milestones:
                        docx_document.add_heading(_("Milestones"), level=3)
                        _table(
                            docx_document,
                            [_("Measure"), _("Milestone"), _("Due"), _("Done on")],
                            [
                                [m.number, s.shown.text, _date(s.due), _date(s.done_on)]
                                for m, s in milestones
                            ],
                            (1.9, 9.1, 3, 3),
                        )
                if goal.indicators:
                    docx_document.add_heading(_("Indicators"), level=3)
                    _table(
                        docx_document,
                        indicator_header(),
                        [indicator_row(i) for i in goal.indicators],
                        INDICATOR_WIDTHS,
                    )
        docx_document.add_paragraph(assessment_note(), style="Caption")
        if document.direction == "rtl":
            _rtl(docx_document)
        out = io.BytesIO()
        docx_document.save(out)
    return out.getvalue()


def council_decision_lines(document: StrategyDocument) -> list[str]:
    decision = document.council_decision
    if decision is None:
        if document.strategy.state == Strategy.State.ADOPTED:
            return [_("The strategy is adopted; the council decision is not recorded here.")]
        return [_("Not adopted yet: this is the %(state)s.") % {"state": document.state}]
    lines = [_("Adopted by the council on %(date)s.") % {"date": _date(decision.decided_on)}]
    if getattr(decision, "reference", ""):
        lines.append(_("Reference: %(reference)s") % {"reference": decision.reference})
    return lines


def assessment_note() -> str:
    return _(
        "Assessment: a measure is on track when its progress is at most %(green)s percentage "
        "points behind the share of its time that has passed, behind when at most %(amber)s "
        "points, else off track. An indicator is judged the same way on the straight path "
        "from its baseline to its target."
    ) % {"green": progress.GREEN_WITHIN, "amber": progress.AMBER_WITHIN}


# --- XLSX ---


def strategy_xlsx(document: StrategyDocument) -> bytes:
    """Six plain tables ("fields", "goals", "measures", "indicators", "actuals",
    "milestones"), each with ids that relate the rows; every cell neutralised."""
    with translation.override(document.language):
        goals = [(f, g) for f in document.fields for g in f.goals]
        fields_rows = [
            [f.field.pk, f.number, f.title.text, f.field.weight, _rounded(f.progress)]
            for f in document.fields
        ]
        goal_rows = [
            [
                g.goal.pk,
                f.field.pk,
                g.number,
                g.title.text,
                g.description.text if g.description else "",
                g.goal.target_year,
                g.goal.weight,
                _rounded(g.progress),
            ]
            for f, g in goals
        ]
        measure_rows = []
        milestone_rows = []
        for g, m in measure_entries(document):
            measure = m.measure
            measure_rows.append(
                [
                    measure.pk,
                    g.goal.pk,
                    m.number,
                    m.title.text,
                    m.description.text if m.description else "",
                    measure.lead,
                    measure.partners,
                    measure.start,
                    measure.end,
                    measure.budget,
                    measure.status,
                    measure.progress,
                    measure.weight,
                    str(m.light),
                ]
            )
            milestone_rows += [
                [s.pk, measure.pk, s.shown.text, s.due, s.done_on] for s in m.milestones
            ]
        indicator_rows = []
        actual_rows = []
        for g in (g for _f, g in goals):
            for i in g.indicators:
                indicator = i.indicator
                indicator_rows.append(
                    [
                        indicator.pk,
                        g.goal.pk,
                        i.name,
                        indicator.catalogue_key,
                        indicator.unit,
                        indicator.better,
                        indicator.baseline,
                        indicator.baseline_period,
                        indicator.baseline_source,
                        indicator.target,
                        indicator.target_year,
                        str(i.light),
                    ]
                )
                actual_rows += [
                    [a.pk, indicator.pk, a.period, a.value, a.source]
                    for a in indicator.actuals.all()
                ]
        sheets = [
            (
                "fields",
                ["id", _("No."), _("Field of action"), _("weight"), _("progress (%)")],
                fields_rows,
            ),
            (
                "goals",
                [
                    "id",
                    _("field of action id"),
                    _("No."),
                    _("Goal"),
                    _("description"),
                    _("target year"),
                    _("weight"),
                    _("progress (%)"),
                ],
                goal_rows,
            ),
            (
                "measures",
                [
                    "id",
                    _("goal id"),
                    _("No."),
                    _("Measure"),
                    _("description"),
                    _("lead"),
                    _("partners"),
                    _("start"),
                    _("end"),
                    _("budget (EUR)"),
                    _("status"),
                    _("progress (%)"),
                    _("weight"),
                    _("light"),
                ],
                measure_rows,
            ),
            (
                "indicators",
                [
                    "id",
                    _("goal id"),
                    _("Indicator"),
                    _("indicator of the catalogue"),
                    _("unit"),
                    _("better"),
                    _("baseline"),
                    _("baseline date or period"),
                    _("baseline source"),
                    _("target"),
                    _("target year"),
                    _("light"),
                ],
                indicator_rows,
            ),
            (
                "actuals",
                ["id", _("indicator id"), _("date or period"), _("value"), _("source")],
                actual_rows,
            ),
            (
                "milestones",
                ["id", _("measure id"), _("Milestone"), _("due"), _("done on")],
                milestone_rows,
            ),
        ]
        return xlsx_bytes(sheets)


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# --- one entry for the page and the command ---


def council_decision_of(strategy: Strategy):
    """The council decision that adopted the strategy (the latest), or None while none is
    recorded."""
    from cohesion.strategies.selectors import council_decision_latest

    return council_decision_latest(strategy=strategy)


def strategy_export(
    *, strategy: Strategy, format: str, language: str, council_decision=None
) -> bytes:
    """The strategy in ``format`` (pdf, docx, xlsx or json)."""
    if format not in FORMATS:
        raise ValueError(f"unknown format {format!r}")
    document = strategy_document(
        strategy=strategy,
        language=language,
        council_decision=council_decision,
        charts=format == "pdf",
    )
    if format == "pdf":
        return strategy_pdf(document)
    if format == "docx":
        return strategy_docx(document)
    if format == "xlsx":
        return strategy_xlsx(document)
    from cohesion.strategies.opendata import strategy_json

    return strategy_json(document)


def export_file_name(strategy: Strategy, format: str, language: str) -> str:
    return f"strategy-{strategy.process.municipality.ags}-{language}.{format}"


def strategy_export_audit(
    *, actor, strategy: Strategy, format: str, language: str, actor_label: str = ""
) -> None:
    """Write the export to the audit trail: who took which document, and when."""
    audit_record(
        action=EXPORT,
        actor=actor,
        actor_label=actor_label,
        process=strategy.process,
        target=strategy,
        after={"format": format, "language": language},
    )
