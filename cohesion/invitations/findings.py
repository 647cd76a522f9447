"""The gap view in words: the pure module's findings (representation.py) turned into the rows,
warnings and distances the page shows, in the reader's language."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cohesion.invitations import representation, selectors
from cohesion.invitations.models import QuotaAttribute
from cohesion.stakeholders.models import OrganisationKind, TargetGroup

MIN_GROUP_SIZE = 5

STATUS_LABELS = {
    "invited": gettext_lazy("invited"),
    "confirmed": gettext_lazy("confirmed"),
    "attended": gettext_lazy("attended"),
}


def small_count(count: int) -> str | int:
    """A count as an export writes it: 1 to 4 read "fewer than 5"."""
    return _("fewer than 5") if 0 < count < MIN_GROUP_SIZE else count


def value_label(attribute: str, value: str) -> str:
    if attribute == QuotaAttribute.TARGET_GROUP and value in TargetGroup.values:
        return str(TargetGroup(value).label)
    if attribute == QuotaAttribute.ORGANISATION_KIND and value in OrganisationKind.values:
        return str(OrganisationKind(value).label)
    if attribute == QuotaAttribute.ORIGIN:
        return selectors.origin_label(value)
    if attribute == QuotaAttribute.IMMIGRATION_HISTORY:
        return {"yes": _("with immigration history"), "no": _("without immigration history")}.get(
            value, value
        )
    if attribute == QuotaAttribute.GENDER:
        return {"female": _("female"), "male": _("male"), "diverse": _("diverse")}.get(value, value)
    return value


def _row_phrase(row: representation.RowFinding) -> str:
    return f"{QuotaAttribute(row.attribute).label}: {value_label(row.attribute, row.value)}"


def _below(status: str, row: representation.RowFinding) -> str:
    values = {"count": row.count, "minimum": row.minimum, "row": _row_phrase(row)}
    if row.count == 0:
        return {
            "invited": _("nobody of at least %(minimum)s (%(row)s) is invited yet"),
            "confirmed": _("nobody of at least %(minimum)s (%(row)s) has confirmed yet"),
            "attended": _("nobody of at least %(minimum)s (%(row)s) has come yet"),
        }[status] % values
    if status == "invited":
        return (
            ngettext(
                "only %(count)s of at least %(minimum)s (%(row)s) is invited",
                "only %(count)s of at least %(minimum)s (%(row)s) are invited",
                row.count,
            )
            % values
        )
    if status == "confirmed":
        return (
            ngettext(
                "only %(count)s of at least %(minimum)s (%(row)s) has confirmed",
                "only %(count)s of at least %(minimum)s (%(row)s) have confirmed",
                row.count,
            )
            % values
        )
    return (
        ngettext(
            "only %(count)s of at least %(minimum)s (%(row)s) has come",
            "only %(count)s of at least %(minimum)s (%(row)s) have come",
            row.count,
        )
        % values
    )


def _above(status: str, row: representation.RowFinding) -> str:
    values = {"count": row.count, "maximum": row.maximum, "row": _row_phrase(row)}
    return _("%(count)s (%(row)s), more than the %(maximum)s planned") % values


def _organisation_missing(status: str, missing: representation.OrganisationMissing) -> str:
    group = selectors.origin_label(missing.origin)
    largest = _("the largest origin group (%(group)s)") % {"group": group}
    named = largest if missing.rank == 1 else _("the origin group %(group)s") % {"group": group}
    texts = {
        "invited": _("no immigrant organisation of %(origin)s is invited"),
        "confirmed": _("no immigrant organisation of %(origin)s has confirmed"),
        "attended": _("no immigrant organisation of %(origin)s has come"),
    }
    return texts[status] % {"origin": named}


def warnings_of(status: str, result: representation.Check) -> list[str]:
    warnings = [_organisation_missing(status, m) for m in result.organisations_missing]
    warnings += [_below(status, row) for row in result.below]
    # Inviting more people than the room holds is usual (not all come): "above" warns from
    # the answers on.
    if status != "invited":
        warnings += [_above(status, row) for row in result.above]
    return warnings


def percent(value: float | None) -> str:
    return "–" if value is None else f"{value * 100:.0f} %"


def gap_view(*, process) -> dict:
    """Everything the gap view shows: per quota row the count and gap of each status, the
    warnings per status, and the overall distance before and after the latest change."""
    checks = selectors.room_checks(process=process)
    history = selectors.distance_history(process=process)
    statuses = list(selectors.STATUSES)
    quotas = selectors.quotas_of(process=process)
    by_key = {
        status: {(row.attribute, row.value): row for row in checks[status].rows}
        for status in statuses
    }
    table = []
    for quota in quotas:
        cells = []
        for status in statuses:
            row = by_key[status][(quota.attribute, quota.value)]
            cells.append({"status": status, "count": row.count, "gap": row.gap})
        table.append(
            {
                "attribute": quota.attribute,
                "attribute_label": QuotaAttribute(quota.attribute).label,
                "value": quota.value,
                "value_label": value_label(quota.attribute, quota.value),
                "minimum": quota.minimum,
                "maximum": quota.maximum,
                "basis": quota.basis,
                "cells": cells,
            }
        )
    summaries = []
    for status in statuses:
        result = checks[status]
        before, after = history[status]
        summaries.append(
            {
                "status": status,
                "label": STATUS_LABELS[status],
                "people": result.people,
                "distance": percent(result.distance),
                "distance_value": result.distance,
                "before": percent(before),
                "has_before": before is not None,
                "after": percent(after if after is not None else result.distance),
                "shortfall": result.shortfall,
                "warnings": warnings_of(status, result),
                "dissimilarity": [
                    (QuotaAttribute(attribute).label, percent(value))
                    for attribute, value in sorted(result.dissimilarity.items())
                ],
            }
        )
    return {
        "table": table,
        "summaries": summaries,
        "status_labels": [STATUS_LABELS[s] for s in statuses],
        "room_size": selectors.room_size_of(process=process),
    }
