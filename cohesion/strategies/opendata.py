"""The strategy as open data: one JSON document, described by the JSON Schema in
``docs/strategy.schema.json`` (draft 2020-12).

Organiser text is written in every language it has, as ``{language: text}`` with the language
it was written in beside it (``source_language``), so that a reader can tell the original from a
translation. Numbers are JSON numbers (budgets in euros, progress in percent), dates ISO 8601
(``YYYY-MM-DD``); what is unknown is ``null``. Lights are the codes of
``strategies.progress.Light`` as on the day named ``as_of``."""

import json

from cohesion.strategies.documents import StrategyDocument

SCHEMA_VERSION = "1.0"
SCHEMA_ID = "urn:cohesion:strategy:1.0"


def _number(value):
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _iso(value):
    return value.isoformat() if value is not None else None


def _rounded(value):
    return None if value is None else round(value, 1)


def _decision(decision) -> dict | None:
    if decision is None:
        return None
    return {
        "date": _iso(decision.decided_on),
        "reference": decision.reference,
    }


def strategy_open_data(document: StrategyDocument) -> dict:
    """The strategy as a JSON-able dict following the schema."""
    strategy = document.strategy
    return {
        "schema": SCHEMA_ID,
        "schema_version": SCHEMA_VERSION,
        "as_of": _iso(document.today),
        "municipality": {"ags": document.ags, "name": document.municipality},
        "strategy": {
            "id": strategy.pk,
            "state": strategy.state,
            "source_language": strategy.source_language,
            "title": dict(strategy.title),
            "guiding_principles": dict(strategy.guiding_principles),
            "progress": _rounded(document.progress),
            "council_decision": _decision(document.council_decision),
        },
        "fields_of_action": [
            {
                "id": f.field.pk,
                "number": f.number,
                "title": dict(f.field.title),
                "weight": f.field.weight,
                "progress": _rounded(f.progress),
                "goals": [
                    {
                        "id": g.goal.pk,
                        "number": g.number,
                        "title": dict(g.goal.title),
                        "description": dict(g.goal.description),
                        "target_year": g.goal.target_year,
                        "weight": g.goal.weight,
                        "progress": _rounded(g.progress),
                        "measures": [_measure(m) for m in g.measures],
                        "indicators": [_indicator(i) for i in g.indicators],
                    }
                    for g in f.goals
                ],
            }
            for f in document.fields
        ],
    }


def _measure(entry) -> dict:
    measure = entry.measure
    return {
        "id": measure.pk,
        "number": entry.number,
        "title": dict(measure.title),
        "description": dict(measure.description),
        "lead": measure.lead,
        "partners": measure.partners,
        "start": _iso(measure.start),
        "end": _iso(measure.end),
        "budget_eur": _number(measure.budget),
        "status": measure.status,
        "progress": measure.progress,
        "weight": measure.weight,
        "light": str(entry.light),
        "milestones": [
            {
                "id": milestone.pk,
                "title": dict(milestone.title),
                "due": _iso(milestone.due),
                "done_on": _iso(milestone.done_on),
            }
            for milestone in entry.milestones
        ],
    }


def _indicator(entry) -> dict:
    indicator = entry.indicator
    return {
        "id": indicator.pk,
        "catalogue_key": indicator.catalogue_key,
        "name": dict(indicator.name),
        "unit": indicator.unit,
        "better": indicator.better,
        "baseline": _number(indicator.baseline),
        "baseline_period": indicator.baseline_period,
        "baseline_source": indicator.baseline_source,
        "target": _number(indicator.target),
        "target_year": indicator.target_year,
        "light": str(entry.light),
        "actuals": [
            {"period": actual.period, "value": _number(actual.value), "source": actual.source}
            for actual in indicator.actuals.all()
        ],
    }


def strategy_json(document: StrategyDocument) -> bytes:
    """The open data as UTF-8 JSON, indented for reading."""
    return json.dumps(strategy_open_data(document), ensure_ascii=False, indent=2).encode("utf-8")
