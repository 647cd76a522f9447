"""State changes of the project inventory: projects, their entered ratings, and their rating
in the live workshop (an item of day 1 that rates one project). Each checks the permission, runs
in one transaction and writes the audit trail inside it."""

import unicodedata
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.translations import language_codes
from cohesion.projects.models import (
    MAX_DESCRIPTION,
    MAX_NOTE,
    Project,
    ProjectRating,
    Status,
    TargetGroup,
)
from cohesion.stakeholders.selectors import organisations_named
from cohesion.workshops.selectors import items_of, workshop_day_of, workshop_of_process
from cohesion.workshops.services import MAX_TITLE, item_move, item_save
from cohesion.workshops.template import FIELDS_OF_ACTION, PROJECT_CRITERIA, in_every_language

PROJECT_CREATE = audit_action(
    "projects.project_create", gettext_lazy("Project added to the inventory")
)
PROJECT_CHANGE = audit_action(
    "projects.project_change", gettext_lazy("Project in the inventory changed")
)
PROJECT_DELETE = audit_action(
    "projects.project_delete", gettext_lazy("Project removed from the inventory")
)
PROJECT_RATE = audit_action("projects.project_rate", gettext_lazy("Project rated"))
PROJECT_RATING_ITEM = audit_action(
    "projects.rating_item", gettext_lazy("Project's rating put on the workshop's agenda")
)

PROJECT_FIELDS = (
    "name",
    "description",
    "source_language",
    "provider",
    "provider_organisation_id",
    "standard_field",
    "custom_field",
    "target_groups",
    "reach",
    "funding_source",
    "funding_amount",
    "starts_on",
    "ends_on",
    "status",
)
# What the trail records as values (the description by whether it changed).
AUDITED_VALUES = tuple(
    name for name in PROJECT_FIELDS if name not in ("description", "source_language")
)
RATING_PROMPT = gettext_lazy("How well does this project do?")


def _check(actor, perm: str, obj) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied


def _unknown_fields(fields: dict) -> None:
    unknown = set(fields) - set(PROJECT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")


def _no_controls(text: str, *, keep_lines: bool = False) -> str:
    allowed = "\n\t" if keep_lines else ""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n"))
    if any(unicodedata.category(c) in ("Cc", "Cs") and c not in allowed for c in text):
        raise ValidationError(
            _("The text contains control characters (such as NUL) that cannot be stored."),
            code="control",
        )
    return text.strip()


def _description_clean(texts) -> dict:
    """Organiser text in several languages: known languages only, each bounded."""
    if not isinstance(texts, dict):
        raise ValidationError(_("The description could not be read."), code="description")
    cleaned = {}
    for code in language_codes():
        value = texts.get(code) or ""
        if not isinstance(value, str):
            raise ValidationError(_("The description could not be read."), code="description")
        value = _no_controls(value, keep_lines=True)
        if len(value) > MAX_DESCRIPTION:
            raise ValidationError(
                _("A description has at most %(max)s characters.") % {"max": MAX_DESCRIPTION},
                code="length",
            )
        if value:
            cleaned[code] = value
    return cleaned


def _project_clean(project: Project) -> None:
    """Everything a project must be, with a message for each; the database's constraints are
    the last line behind it."""
    for name in ("name", "provider", "custom_field", "funding_source"):
        setattr(project, name, _no_controls(str(getattr(project, name) or "")))
    project.description = _description_clean(project.description)
    if project.source_language not in language_codes():
        raise ValidationError(_("Unknown language."), code="language")
    if project.standard_field is not None:
        if not 0 <= project.standard_field < len(FIELDS_OF_ACTION):
            raise ValidationError(_("Unknown field of action."), code="field_of_action")
        project.custom_field = ""
    elif not project.custom_field:
        raise ValidationError(
            _("Choose a field of action or name another one."), code="field_of_action"
        )
    groups = project.target_groups
    if not isinstance(groups, list | tuple) or not groups:
        raise ValidationError(_("Choose at least one target group."), code="target_groups")
    if any(group not in TargetGroup.values for group in groups):
        raise ValidationError(_("Unknown target group."), code="target_groups")
    project.target_groups = [value for value in TargetGroup.values if value in groups]
    if project.status not in Status.values:
        raise ValidationError(_("Unknown status."), code="status")
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        raise ValidationError(_("The end lies before the start."), code="dates")
    if project.provider_organisation_id is not None:
        known = dict(organisations_named(process=project.process))
        if project.provider_organisation_id not in known:
            raise ValidationError(
                _("This organisation is not on the process's stakeholder map."),
                code="provider_organisation",
            )
        if not project.provider:
            project.provider = known[project.provider_organisation_id][:200]
    if project.funding_amount is not None and not isinstance(project.funding_amount, Decimal):
        raise ValidationError(_("The amount is not a number."), code="funding_amount")
    project.full_clean(exclude=["process", "rating_item"])


def _values(project: Project) -> dict:
    return {name: getattr(project, name) for name in AUDITED_VALUES}


def project_create(*, actor, process, **fields) -> Project:
    _unknown_fields(fields)
    _check(actor, "projects.change_inventory", process)
    project = Project(process=process, **fields)
    with transaction.atomic():
        _project_clean(project)
        project.save()
        audit_record(
            action=PROJECT_CREATE,
            actor=actor,
            process=process,
            target=project,
            after=_values(project),
        )
    return project


def project_update(*, actor, project: Project, **fields) -> Project:
    _unknown_fields(fields)
    _check(actor, "projects.change_inventory", project)
    with transaction.atomic():
        project = Project.objects.select_for_update().select_related("process").get(pk=project.pk)
        before = _values(project)
        description_before = project.description
        for name, value in fields.items():
            setattr(project, name, value)
        _project_clean(project)
        project.save()
        after = _values(project)
        changed = sorted(name for name in after if after[name] != before[name])
        if project.description != description_before:
            changed.append("description")
        if changed:
            audit_record(
                action=PROJECT_CHANGE,
                actor=actor,
                process=project.process,
                target=project,
                before={name: before.get(name, "…") for name in changed},
                after={name: after.get(name, "…") for name in changed},
            )
    return project


def project_delete(*, actor, project: Project) -> None:
    """The project and its entered ratings go; a workshop item that rated it stays on the
    agenda with its answers."""
    _check(actor, "projects.change_inventory", project)
    with transaction.atomic():
        audit_record(
            action=PROJECT_DELETE,
            actor=actor,
            process=project.process,
            target=project,
            before=_values(project) | {"ratings": project.ratings.count()},
        )
        project.delete()


# --- evaluation ---


def _score(value) -> int:
    if isinstance(value, bool):
        raise ValidationError(_("A score is a whole number from 1 to 5."), code="score")
    try:
        score = int(value)
    except (TypeError, ValueError):
        raise ValidationError(_("A score is a whole number from 1 to 5."), code="score") from None
    if str(score) != str(value).strip() or not 1 <= score <= 5:
        raise ValidationError(_("A score is a whole number from 1 to 5."), code="score")
    return score


def project_rate(*, actor, project: Project, scores: dict, note: str = "") -> list[ProjectRating]:
    """The actor's scores (1–5) for the criteria they rate, {criterion index: score}; a
    criterion rated before is replaced. Nothing is stored unless every score is valid."""
    _check(actor, "projects.rate_project", project)
    if not isinstance(scores, dict) or not scores:
        raise ValidationError(_("Rate at least one criterion."), code="scores")
    cleaned: dict[int, int] = {}
    for key, value in scores.items():
        if isinstance(key, bool) or str(key) not in {str(i) for i in range(len(PROJECT_CRITERIA))}:
            raise ValidationError(_("Unknown criterion."), code="criterion")
        cleaned[int(key)] = _score(value)
    note = _no_controls(str(note or ""))
    if len(note) > MAX_NOTE:
        raise ValidationError(
            _("A note has at most %(max)s characters.") % {"max": MAX_NOTE}, code="length"
        )
    entered_by = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        ratings = []
        for criterion, score in sorted(cleaned.items()):
            if entered_by is not None:
                ProjectRating.objects.filter(
                    project=project, criterion=criterion, entered_by=entered_by
                ).delete()
            rating = ProjectRating(
                project=project, criterion=criterion, score=score, note=note, entered_by=entered_by
            )
            rating.full_clean()
            rating.save()
            ratings.append(rating)
        audit_record(
            action=PROJECT_RATE,
            actor=actor,
            process=project.process,
            target=project,
            after={"scores": {str(k): v for k, v in sorted(cleaned.items())}},
        )
    return ratings


def _rating_title(name: str) -> dict:
    texts = {}
    for code in language_codes():
        with translation.override(code):
            texts[code] = (_("Evaluation: %(project)s") % {"project": name})[:MAX_TITLE]
    return texts


def project_rating_item_create(*, actor, project: Project):
    """An item of kind "rating" on workshop day 1 that rates this project against
    the method's criteria, in every language, linked to the project; returns the item. The
    workshop's own permission to change day 1's agenda is asked as well (``item_save``)."""
    _check(actor, "projects.rate_project", project)
    workshop = workshop_of_process(process=project.process)
    if workshop is None:
        raise ValidationError(_("This process has no workshop yet."), code="no_workshop")
    day = workshop_day_of(workshop=workshop, phase_slug="workshop-day-1")
    if day is None:
        raise ValidationError(_("The workshop has no first day."), code="no_day")
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if project.rating_item_id is not None:
            raise ValidationError(
                _("This project is rated in the workshop already."), code="linked"
            )
        item = item_save(
            actor=actor,
            day=day,
            kind="rating",
            title=_rating_title(project.name),
            prompt=in_every_language(RATING_PROMPT),
            setup={"criteria": [in_every_language(c) for c in PROJECT_CRITERIA]},
        )
        item = _after_the_other_ratings(actor, workshop, item)
        project.rating_item = item
        project.save(update_fields=["rating_item", "updated_at"])
        audit_record(
            action=PROJECT_RATING_ITEM,
            actor=actor,
            process=project.process,
            target=project,
            after={"item": item.pk},
        )
    return item


def _after_the_other_ratings(actor, workshop, item):
    """A new rating item goes right after the day's last rating item (the method's evaluation
    of existing projects), not at the end of the day; without one it stays at the end."""
    day_items = [other for other in items_of(workshop=workshop) if other.day_id == item.day_id]
    ratings = [n for n, other in enumerate(day_items) if other.kind == "rating" and other != item]
    here = next(n for n, other in enumerate(day_items) if other.pk == item.pk)
    if ratings and ratings[-1] + 1 < here:
        item = item_move(actor=actor, item=item, by=ratings[-1] + 1 - here)
    return item


def project_rating_item_link(*, actor, project: Project, item_id) -> Project:
    """Link a rating item of workshop day 1 that is already on the agenda (or, with None,
    unlink it). The item must be of kind "rating", on day 1 of this process's workshop, and
    rate no other project."""
    _check(actor, "projects.rate_project", project)
    item = None
    if item_id is not None:
        workshop = workshop_of_process(process=project.process)
        items = {
            str(candidate.pk): candidate
            for candidate in (items_of(workshop=workshop) if workshop else [])
            if candidate.kind == "rating" and candidate.day.phase_slug == "workshop-day-1"
        }
        item = items.get(str(item_id))
        if item is None:
            raise ValidationError(
                _("Choose a rating item of this process's workshop day 1."), code="item"
            )
    with transaction.atomic():
        project = Project.objects.select_for_update().select_related("process").get(pk=project.pk)
        if item is not None and (
            Project.objects.filter(rating_item=item).exclude(pk=project.pk).exists()
        ):
            raise ValidationError(_("This item rates another project."), code="item_taken")
        before = project.rating_item_id
        project.rating_item = item
        project.save(update_fields=["rating_item", "updated_at"])
        audit_record(
            action=PROJECT_RATING_ITEM,
            actor=actor,
            process=project.process,
            target=project,
            before={"item": before},
            after={"item": item.pk if item else None},
        )
    return project
