"""State changes of the stakeholder map: organisations, people, consent, relations, the import
of a list and the export.

What a person's audit events keep: the trail outlives an erasure, so it never holds a person's
name or contact data. Events on people name them as "stakeholder #id" and record which fields
changed, not the values (scores, target group and consent, which say nothing about who someone
is, are recorded as values).
"""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.stakeholders import exporting, reading
from cohesion.stakeholders.messages import problem_message
from cohesion.stakeholders.models import (
    Organisation,
    OrganisationRelation,
    Stakeholder,
    StakeholderUpload,
)
from cohesion.stakeholders.selectors import (
    export_records,
    known_for_import,
    stakeholder_export_data,
)

ORGANISATION_CREATE = audit_action(
    "stakeholders.organisation_create", gettext_lazy("Organisation added to the stakeholder map")
)
ORGANISATION_CHANGE = audit_action(
    "stakeholders.organisation_change", gettext_lazy("Organisation on the stakeholder map changed")
)
ORGANISATION_DELETE = audit_action(
    "stakeholders.organisation_delete",
    gettext_lazy("Organisation removed from the stakeholder map"),
)
STAKEHOLDER_CREATE = audit_action(
    "stakeholders.stakeholder_create", gettext_lazy("Person added to the stakeholder map")
)
STAKEHOLDER_CHANGE = audit_action(
    "stakeholders.stakeholder_change", gettext_lazy("Person on the stakeholder map changed")
)
STAKEHOLDER_ERASE = audit_action(
    "stakeholders.stakeholder_erase", gettext_lazy("Person and their data erased")
)
CONSENT_CHANGE = audit_action(
    "stakeholders.consent_change", gettext_lazy("Consent to be contacted given or withdrawn")
)
RELATION_CREATE = audit_action(
    "stakeholders.relation_create", gettext_lazy("Relation between organisations added")
)
RELATION_DELETE = audit_action(
    "stakeholders.relation_delete", gettext_lazy("Relation between organisations removed")
)
MAP_IMPORT = audit_action("stakeholders.import", gettext_lazy("Stakeholder list imported"))
MAP_EXPORT = audit_action(
    "stakeholders.export", gettext_lazy("Stakeholder list exported with contact data")
)
DATA_EXPORT = audit_action(
    "stakeholders.data_export", gettext_lazy("A person's data on the stakeholder map exported")
)

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "target_group",
    "department",
    "origin",
    "influence",
    "interest",
    "email",
    "website",
    "notes",
)
STAKEHOLDER_FIELDS = (
    "organisation",
    "name",
    "role",
    "target_group",
    "department",
    "origin",
    "immigration_history",
    "gender",
    "age_band",
    "languages",
    "email",
    "phone",
    "postal_address",
    "influence",
    "interest",
    "keep_with",
    "notes",
)
# What an audit event of a person records as values; every other field by name only.
STAKEHOLDER_AUDITED_VALUES = ("target_group", "influence", "interest")
UPLOAD_KEEP = timedelta(hours=24)


def _check_may_edit(actor, obj) -> None:
    if not actor.has_perm("stakeholders.change_map", obj):
        raise PermissionDenied


def _unknown_fields(fields: dict, allowed) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")


def _person_label(stakeholder: Stakeholder) -> str:
    return f"stakeholder #{stakeholder.pk}"


def _organisation_values(organisation: Organisation) -> dict:
    return {
        name: getattr(organisation, name)
        for name in ("name", "kind", "target_group", "influence", "interest")
    }


def _full_clean(obj, *, exclude=()) -> None:
    # The process and the unique name are checked here too: the message beats an IntegrityError.
    obj.full_clean(exclude=list(exclude))


def _same_process(process, *objects) -> None:
    for obj in objects:
        if obj is not None and obj.process_id != process.pk:
            raise ValidationError(_("This belongs to another process."), code="process")


# --- organisations ---


def organisation_create(*, actor, process, **fields) -> Organisation:
    _unknown_fields(fields, ORGANISATION_FIELDS)
    _check_may_edit(actor, process)
    organisation = Organisation(process=process, **fields)
    with transaction.atomic():
        _full_clean(organisation)
        organisation.save()
        audit_record(
            action=ORGANISATION_CREATE,
            actor=actor,
            process=process,
            target=organisation,
            after=_organisation_values(organisation),
        )
    return organisation


def organisation_update(*, actor, organisation: Organisation, **fields) -> Organisation:
    _unknown_fields(fields, ORGANISATION_FIELDS)
    _check_may_edit(actor, organisation)
    with transaction.atomic():
        before = {name: getattr(organisation, name) for name in fields}
        for name, value in fields.items():
            setattr(organisation, name, value)
        _full_clean(organisation)
        organisation.save()
        changed = {name for name in fields if before[name] != fields[name]}
        if changed:
            audit_record(
                action=ORGANISATION_CHANGE,
                actor=actor,
                process=organisation.process,
                target=organisation,
                before={name: before[name] for name in sorted(changed)},
                after={name: fields[name] for name in sorted(changed)},
            )
    return organisation


def organisation_delete(*, actor, organisation: Organisation) -> None:
    """The organisation and its relations go; its people stay on the map without it."""
    _check_may_edit(actor, organisation)
    with transaction.atomic():
        audit_record(
            action=ORGANISATION_DELETE,
            actor=actor,
            process=organisation.process,
            target=organisation,
            before=_organisation_values(organisation) | {"people": organisation.people.count()},
        )
        organisation.delete()


# --- people ---


def _check_person(stakeholder: Stakeholder) -> None:
    process = stakeholder.process
    _same_process(process, stakeholder.organisation, stakeholder.keep_with)
    if stakeholder.keep_with_id is not None and stakeholder.keep_with_id == stakeholder.pk:
        raise ValidationError(_("A person cannot sit with themselves."), code="keep_with")
    languages = stakeholder.languages
    if not isinstance(languages, list) or not all(
        isinstance(code, str) and reading._LANGUAGE.match(code) for code in languages
    ):
        raise ValidationError(
            _("Languages are codes such as “de” or “tr”, separated by spaces."), code="languages"
        )
    if stakeholder.consent_to_contact and not (
        stakeholder.consent_given_on and stakeholder.consent_purpose.strip()
    ):
        raise ValidationError(
            _("Consent to be contacted needs the date it was given and its purpose."),
            code="consent",
        )


def _consent_values(stakeholder: Stakeholder) -> dict:
    return {
        "consent_to_contact": stakeholder.consent_to_contact,
        "consent_given_on": stakeholder.consent_given_on,
        "consent_purpose": stakeholder.consent_purpose,
    }


def _consent_audit(actor, stakeholder: Stakeholder, before: dict) -> None:
    after = _consent_values(stakeholder)
    if after != before:
        audit_record(
            action=CONSENT_CHANGE,
            actor=actor,
            process=stakeholder.process,
            target=stakeholder,
            target_label=_person_label(stakeholder),
            before=before,
            after=after,
        )


def stakeholder_create(
    *,
    actor,
    process,
    consent_to_contact: bool = False,
    consent_given_on=None,
    consent_purpose: str = "",
    **fields,
) -> Stakeholder:
    _unknown_fields(fields, STAKEHOLDER_FIELDS)
    _check_may_edit(actor, process)
    stakeholder = Stakeholder(process=process, **fields)
    with transaction.atomic():
        _full_clean(stakeholder, exclude=["keep_with"])
        no_consent = _consent_values(stakeholder)
        stakeholder.consent_to_contact = consent_to_contact
        stakeholder.consent_given_on = consent_given_on if consent_to_contact else None
        stakeholder.consent_purpose = consent_purpose if consent_to_contact else ""
        _check_person(stakeholder)
        stakeholder.save()
        audit_record(
            action=STAKEHOLDER_CREATE,
            actor=actor,
            process=process,
            target=stakeholder,
            target_label=_person_label(stakeholder),
            after={name: getattr(stakeholder, name) for name in STAKEHOLDER_AUDITED_VALUES}
            | {"fields": sorted(name for name, value in fields.items() if value)},
        )
        _consent_audit(actor, stakeholder, no_consent)
    return stakeholder


def stakeholder_update(*, actor, stakeholder: Stakeholder, **fields) -> Stakeholder:
    """Change a person's data; consent goes through ``stakeholder_consent_record``."""
    _unknown_fields(fields, STAKEHOLDER_FIELDS)
    _check_may_edit(actor, stakeholder)
    with transaction.atomic():
        before = {name: getattr(stakeholder, name) for name in fields}
        for name, value in fields.items():
            setattr(stakeholder, name, value)
        _full_clean(stakeholder, exclude=["keep_with"])
        _check_person(stakeholder)
        stakeholder.save()
        changed = sorted(name for name in fields if before[name] != fields[name])
        if changed:
            audited = [name for name in changed if name in STAKEHOLDER_AUDITED_VALUES]
            audit_record(
                action=STAKEHOLDER_CHANGE,
                actor=actor,
                process=stakeholder.process,
                target=stakeholder,
                target_label=_person_label(stakeholder),
                before={name: before[name] for name in audited},
                after={name: fields[name] for name in audited} | {"fields": changed},
            )
    return stakeholder


def stakeholder_consent_record(
    *, actor, stakeholder: Stakeholder, consent: bool, given_on=None, purpose: str = ""
) -> Stakeholder:
    """Record that the person consents to be contacted (on ``given_on``, for ``purpose``) or
    that they withdrew it: without consent nobody invites them."""
    _check_may_edit(actor, stakeholder)
    with transaction.atomic():
        before = _consent_values(stakeholder)
        stakeholder.consent_to_contact = consent
        stakeholder.consent_given_on = given_on if consent else None
        stakeholder.consent_purpose = purpose.strip() if consent else ""
        _check_person(stakeholder)
        stakeholder.save(
            update_fields=[
                "consent_to_contact",
                "consent_given_on",
                "consent_purpose",
                "updated_at",
            ]
        )
        _consent_audit(actor, stakeholder, before)
    return stakeholder


def stakeholder_erase(*, stakeholder: Stakeholder, actor, actor_label: str = "") -> None:
    """Erase the person and everything the map holds about them (their invitations go with
    them). The trail records that a person was erased, not who: no name, no contact data.
    ``actor_label`` names who asked when it was the person themselves (by their link)."""
    _check_may_edit(actor, stakeholder)
    with transaction.atomic():
        process = stakeholder.process
        label = _person_label(stakeholder)
        pk = stakeholder.pk
        # Whoever sat with them sits where the seating puts them.
        Stakeholder.objects.filter(keep_with=stakeholder).update(keep_with=None)
        stakeholder.delete()
        stakeholder.pk = pk
        audit_record(
            action=STAKEHOLDER_ERASE,
            actor=actor,
            actor_label=actor_label,
            process=process,
            target=stakeholder,
            target_label=label,
            after={"erased": True},
        )


def stakeholder_data_export(*, actor, stakeholder: Stakeholder) -> dict:
    """Everything the map holds about one person, for an editor to hand to them; recorded."""
    _check_may_edit(actor, stakeholder)
    with transaction.atomic():
        audit_record(
            action=DATA_EXPORT,
            actor=actor,
            process=stakeholder.process,
            target=stakeholder,
            target_label=_person_label(stakeholder),
        )
    return stakeholder_export_data(stakeholder=stakeholder)


# --- relations ---


def relation_create(*, actor, source: Organisation, target: Organisation, kind: str):
    _check_may_edit(actor, source)
    if source.process_id != target.process_id:
        raise ValidationError(_("Both organisations must be on the same map."), code="process")
    if source.pk == target.pk:
        raise ValidationError(_("An organisation has no relation to itself."), code="itself")
    if kind not in OrganisationRelation.Kind.values:
        raise ValidationError(_("Unknown kind of relation."), code="kind")
    try:
        with transaction.atomic():
            relation = OrganisationRelation.objects.create(source=source, target=target, kind=kind)
            audit_record(
                action=RELATION_CREATE,
                actor=actor,
                process=source.process,
                target=relation,
                after={"source": source.name, "kind": kind, "target": target.name},
            )
    except IntegrityError as exc:
        raise ValidationError(_("This relation is on the map already."), code="exists") from exc
    return relation


def relation_delete(*, actor, relation: OrganisationRelation) -> None:
    _check_may_edit(actor, relation)
    with transaction.atomic():
        audit_record(
            action=RELATION_DELETE,
            actor=actor,
            process=relation.source.process,
            target=relation,
            before={
                "source": relation.source.name,
                "kind": relation.kind,
                "target": relation.target.name,
            },
        )
        relation.delete()


# --- import ---


class ImportRefused(Exception):
    """The file cannot be imported: its problems, worded, each naming its row and column."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def stakeholder_uploads_prune(*, now=None) -> int:
    """Remove uploads older than a day: a preview nobody confirmed keeps no personal data."""
    cutoff = (now or timezone.now()) - UPLOAD_KEEP
    deleted, _by_model = StakeholderUpload.objects.filter(created_at__lt=cutoff).delete()
    return deleted


def stakeholder_upload_store(*, actor, process, filename: str, data: bytes) -> StakeholderUpload:
    """Keep an uploaded list for its preview and import (the uploader's, for a day)."""
    _check_may_edit(actor, process)
    if len(data) > reading.MAX_BYTES:
        raise ImportRefused(
            [problem_message(reading.StakeholderFileError("too_large", limit_mb=2))]
        )
    stakeholder_uploads_prune()
    return StakeholderUpload.objects.create(
        token=secrets.token_urlsafe(32),
        process=process,
        uploaded_by=actor,
        filename=filename[:200],
        data=data,
    )


def stakeholder_upload_discard(*, actor, upload: StakeholderUpload) -> None:
    _check_may_edit(actor, upload.process)
    upload.delete()


def import_plan_of(*, process, data: bytes) -> reading.Plan:
    """What importing ``data`` into the process's map would do; file errors are raised as
    ``StakeholderFileError``."""
    organisations, people = known_for_import(process=process)
    result = reading.entries_read(data)
    return reading.import_plan(result, organisations=organisations, people=people)


_PERSON_COLUMNS = {
    "role": "role",
    "target_group": "target_group",
    "department": "department",
    "origin": "origin",
    "gender": "gender",
    "age_band": "age_band",
    "languages": "languages",
    "email": "email",
    "phone": "phone",
    "postal_address": "postal_address",
    "influence": "influence",
    "interest": "interest",
}
_ORGANISATION_COLUMNS = {
    "target_group": "target_group",
    "department": "department",
    "origin": "origin",
    "email": "email",
    "influence": "influence",
    "interest": "interest",
}


def _import_error(step, error: ValidationError) -> str:
    return _("Row %(row)s: %(message)s") % {
        "row": step.entry.row,
        "message": " ".join(error.messages),
    }


def stakeholder_import(*, actor, upload: StakeholderUpload) -> dict:
    """Import the uploaded list into its process's map as its preview showed (planned again
    against the map as it is now): all rows or, if any is wrong, none. Returns the counts."""
    process = upload.process
    _check_may_edit(actor, process)
    try:
        plan = import_plan_of(process=process, data=bytes(upload.data))
    except reading.StakeholderFileError as error:
        raise ImportRefused([problem_message(error)]) from error
    if plan.problems:
        raise ImportRefused([problem_message(problem) for problem in plan.problems])
    errors: list[str] = []
    with transaction.atomic():
        organisations = {
            reading.name_key(organisation.name): organisation
            for organisation in Organisation.objects.filter(process=process)
        }
        for step in plan.organisations:
            if step.action == reading.DUPLICATE or step.action == reading.UNCHANGED:
                continue
            if step.action == reading.NEW:
                organisation = Organisation(process=process, name=step.entry.name)
            else:
                organisation = organisations[reading.name_key(step.entry.name)]
            organisation.kind = step.entry.kind
            for column, field in _ORGANISATION_COLUMNS.items():
                if column in step.entry.values:
                    setattr(organisation, field, step.entry.values[column])
            try:
                organisation.full_clean(exclude=["process"], validate_unique=False)
            except ValidationError as error:
                errors.append(_import_error(step, error))
                continue
            organisation.save()
            organisations[reading.name_key(organisation.name)] = organisation
        people = {person.pk: person for person in Stakeholder.objects.filter(process=process)}
        for step in plan.people:
            if step.action == reading.DUPLICATE or step.action == reading.UNCHANGED:
                continue
            values = step.entry.values
            if step.action == reading.NEW:
                person = Stakeholder(process=process, name=step.entry.name)
            else:
                person = people[step.pk]
            for column, field in _PERSON_COLUMNS.items():
                if column in values:
                    setattr(person, field, values[column])
            if values.get("organisation"):
                person.organisation = organisations[reading.name_key(values["organisation"])]
            if "consent" in values:
                person.consent_to_contact = values["consent"]
                person.consent_given_on = values.get("consent_date") if values["consent"] else None
                person.consent_purpose = (
                    values.get("consent_purpose", "") if values["consent"] else ""
                )
            try:
                person.full_clean(exclude=["process", "keep_with", "organisation"])
            except ValidationError as error:
                errors.append(_import_error(step, error))
                continue
            person.save()
        if errors:
            transaction.set_rollback(True)
        else:
            counts = {
                "organisations_new": sum(s.action == reading.NEW for s in plan.organisations),
                "organisations_updated": sum(
                    s.action == reading.UPDATE for s in plan.organisations
                ),
                "people_new": sum(s.action == reading.NEW for s in plan.people),
                "people_updated": sum(s.action == reading.UPDATE for s in plan.people),
                "duplicates_skipped": plan.count(reading.DUPLICATE),
            }
            audit_record(
                action=MAP_IMPORT,
                actor=actor,
                process=process,
                target_label=upload.filename,
                after=counts,
            )
            upload.delete()
    if errors:
        raise ImportRefused(errors)
    return counts


# --- export ---


def stakeholder_map_export(*, actor, process, file_format: str) -> tuple[bytes, str]:
    """The map as a list in the import's layout (CSV or XLSX) and its content type. Contact
    columns only for those who may see contact data, and such an export is recorded."""
    if not actor.has_perm("stakeholders.view_map", process):
        raise PermissionDenied
    with_contact = actor.has_perm("stakeholders.view_contact", process)
    columns = [
        column
        for column in reading.HEADER
        if with_contact or column not in (*reading.CONTACT_COLUMNS,)
    ]
    records = export_records(process=process, with_people=with_contact)
    if file_format == "xlsx":
        data = exporting.xlsx_bytes(columns, records)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif file_format == "csv":
        data = exporting.csv_bytes(columns, records)
        content_type = "text/csv; charset=utf-8"
    else:
        raise ValidationError(_("Unknown file format."), code="format")
    if with_contact:
        with transaction.atomic():
            audit_record(
                action=MAP_EXPORT,
                actor=actor,
                process=process,
                after={"format": file_format, "rows": len(records)},
            )
    return data, content_type
