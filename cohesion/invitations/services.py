"""State changes of the room's preparation: the quota table, invitations, answers by link,
check-in on the day, and an invitee's erasure of their own data.

Every change stores the room's overall distance from the quotas afterwards (``DistanceRecord``),
so that the gap view shows it before and after the latest change. The audit trail names an
invitation by its number, never by the person's name: the trail outlives an erasure."""

import math
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohesion.audit.registry import audit_action
from cohesion.audit.services import audit_record
from cohesion.core.actors import SYSTEM
from cohesion.core.translations import language_codes
from cohesion.indicators.catalogue import ORIGIN_GROUPS
from cohesion.indicators.selectors import level_note, profile_of
from cohesion.invitations import selectors
from cohesion.invitations.letters import check_in_qr_png, invitation_context, letters_pdf
from cohesion.invitations.models import (
    DistanceRecord,
    Invitation,
    Quota,
    QuotaAttribute,
    RoomPlan,
)
from cohesion.municipalities.selectors import municipality_population_history
from cohesion.stakeholders import selectors as stakeholder_selectors

# Stakeholder only for its gender choices: the map's rows are read through its selectors.
from cohesion.stakeholders.models import OrganisationKind, Stakeholder, TargetGroup
from cohesion.stakeholders.services import stakeholder_erase

QUOTA_SAVE = audit_action("invitations.quota_save", gettext_lazy("Quota saved"))
QUOTA_DELETE = audit_action("invitations.quota_delete", gettext_lazy("Quota deleted"))
QUOTAS_PREFILL = audit_action(
    "invitations.quotas_prefill", gettext_lazy("Quota table prefilled from statistics and method")
)
ROOM_SIZE_SET = audit_action("invitations.room_size_set", gettext_lazy("Planned room size set"))
INVITATION_CREATE = audit_action("invitations.create", gettext_lazy("Invitation sent"))
INVITATION_REVOKE = audit_action("invitations.revoke", gettext_lazy("Invitation withdrawn"))
INVITATION_ANSWER = audit_action("invitations.answer", gettext_lazy("Invitation answered"))
INVITATION_CHECK_IN = audit_action("invitations.check_in", gettext_lazy("Invitee checked in"))
INVITEE_ERASE = audit_action(
    "invitations.invitee_erase", gettext_lazy("Invitee erased their own data")
)
LETTERS_PRINT = audit_action(
    "invitations.letters_print", gettext_lazy("Invitation letters printed")
)

MAX_VALUE = 120
MAX_ROOM_SIZE = 1000
MAX_QUOTAS = 200
# Origin groups that contain others (Europe holds the EU; Asia the Near and Middle East):
# ranking them beside their parts would name one group twice.
_UMBRELLA_ORIGINS = frozenset({"europe", "asia"})
LARGEST_ORIGINS = 3
AGE_ADULTS, AGE_OLDER = "18-64", "65+"


def _check_may_prepare(actor, process) -> None:
    if not actor.has_perm("invitations.prepare_room", process):
        raise PermissionDenied


def _invitation_label(invitation: Invitation) -> str:
    return _("invitation %(number)s") % {"number": invitation.pk}


def _distances_record(process, change: str) -> None:
    """Store the overall distance of each status where it moved (or was never stored), so
    that the latest two records are the distance before and after the latest change."""
    checks = selectors.room_checks(process=process)
    for status, result in checks.items():
        last = DistanceRecord.objects.filter(process=process, status=status).order_by("-pk").first()
        if last is None or last.distance != result.distance:
            DistanceRecord.objects.create(
                process=process,
                status=status,
                distance=result.distance,
                shortfall=result.shortfall,
                change=change,
            )


# --- the quota table ---


def coded_values(attribute: str) -> list[tuple[str, str]]:
    """The values an attribute read off a choice of the map takes, with their names; empty
    for attributes whose values are free (origin, age band, department)."""
    return {
        QuotaAttribute.TARGET_GROUP: TargetGroup.choices,
        QuotaAttribute.ORGANISATION_KIND: OrganisationKind.choices,
        QuotaAttribute.GENDER: Stakeholder.Gender.choices,
        QuotaAttribute.IMMIGRATION_HISTORY: [
            ("yes", _("with immigration history")),
            ("no", _("without immigration history")),
        ],
    }.get(attribute, [])


def _validate_quota(*, attribute, value, minimum, maximum) -> tuple[str, str, int, int]:
    if attribute not in QuotaAttribute.values:
        raise ValidationError(
            _("Unknown attribute “%(attribute)s”: choose one of the list.")
            % {"attribute": str(attribute)[:40]},
            code="attribute",
        )
    value = (value or "").strip()
    if not value:
        raise ValidationError(_("Name the value the quota counts."), code="value")
    choices = coded_values(attribute)
    if choices:
        # A coded attribute takes its code or its name in any case ("Civil society").
        known = {str(code).casefold(): code for code, _label in choices}
        known |= {str(label).casefold(): code for code, label in choices}
        if value.casefold() not in known:
            raise ValidationError(
                _("Unknown value “%(value)s” of %(attribute)s: choose one of %(choices)s.")
                % {
                    "value": value[:40],
                    "attribute": QuotaAttribute(attribute).label,
                    "choices": ", ".join(str(label) for _code, label in choices),
                },
                code="value",
            )
        value = known[value.casefold()]
    if len(value) > MAX_VALUE:
        raise ValidationError(
            _("The value is longer than %(max)s characters.") % {"max": MAX_VALUE}, code="value"
        )
    try:
        minimum, maximum = int(minimum), int(maximum)
    except (TypeError, ValueError):
        raise ValidationError(_("Minimum and maximum are whole numbers."), code="number") from None
    label = f"{QuotaAttribute(attribute).label} = {value}"
    if minimum < 0 or maximum < 0:
        raise ValidationError(
            _("%(quota)s: minimum and maximum cannot be negative.") % {"quota": label},
            code="negative",
        )
    if minimum > maximum:
        raise ValidationError(
            _("%(quota)s: the minimum (%(minimum)s) is above the maximum (%(maximum)s).")
            % {"quota": label, "minimum": minimum, "maximum": maximum},
            code="min_above_max",
        )
    if maximum > MAX_ROOM_SIZE:
        raise ValidationError(
            _("%(quota)s: the maximum is above %(max)s people.")
            % {"quota": label, "max": MAX_ROOM_SIZE},
            code="too_large",
        )
    return attribute, value, minimum, maximum


def _check_table_feasible(process) -> None:
    """The minimums of one attribute must fit into the room together (each person has one
    value of each attribute)."""
    room_size = selectors.room_size_of(process=process)
    sums: dict[str, int] = {}
    for quota in Quota.objects.filter(process=process):
        sums[quota.attribute] = sums.get(quota.attribute, 0) + quota.minimum
    for attribute, total in sorted(sums.items()):
        if total > room_size:
            raise ValidationError(
                _(
                    "The minimums of “%(attribute)s” add up to %(total)s people, more than the "
                    "room's %(size)s seats: they cannot be met together."
                )
                % {
                    "attribute": QuotaAttribute(attribute).label,
                    "total": total,
                    "size": room_size,
                },
                code="infeasible",
            )


def quota_save(
    *,
    actor,
    process,
    attribute: str,
    value: str,
    minimum,
    maximum,
    quota: Quota | None = None,
    basis: str = "",
) -> Quota:
    """Add a row to the quota table, or change one (which then counts as entered by hand)."""
    _check_may_prepare(actor, process)
    attribute, value, minimum, maximum = _validate_quota(
        attribute=attribute, value=value, minimum=minimum, maximum=maximum
    )
    if quota is not None and quota.process_id != process.pk:
        raise PermissionDenied
    with transaction.atomic():
        before = None
        if quota is None:
            if Quota.objects.filter(process=process).count() >= MAX_QUOTAS:
                raise ValidationError(
                    _("The quota table holds at most %(max)s rows.") % {"max": MAX_QUOTAS}
                )
            quota = Quota(process=process, source=Quota.Source.MANUAL)
        else:
            before = {"attribute": quota.attribute, "value": quota.value}
            before |= {"minimum": quota.minimum, "maximum": quota.maximum}
            quota.source = Quota.Source.MANUAL
        quota.attribute, quota.value = attribute, value
        quota.minimum, quota.maximum = minimum, maximum
        if basis:
            quota.basis = basis[:300]
        try:
            with transaction.atomic():
                quota.save()
        except IntegrityError:
            raise ValidationError(
                _("The table has a row for %(quota)s already.")
                % {"quota": f"{QuotaAttribute(attribute).label} = {value}"},
                code="duplicate",
            ) from None
        _check_table_feasible(process)
        audit_record(
            action=QUOTA_SAVE,
            actor=actor,
            process=process,
            target=quota,
            before=before,
            after={"attribute": attribute, "value": value, "minimum": minimum, "maximum": maximum},
        )
        _distances_record(process, QUOTA_SAVE)
    return quota


def quota_delete(*, actor, quota: Quota) -> None:
    process = quota.process
    _check_may_prepare(actor, process)
    with transaction.atomic():
        audit_record(
            action=QUOTA_DELETE,
            actor=actor,
            process=process,
            target=quota,
            before={"attribute": quota.attribute, "value": quota.value},
        )
        quota.delete()
        _distances_record(process, QUOTA_DELETE)


def room_size_set(*, actor, process, room_size) -> RoomPlan:
    _check_may_prepare(actor, process)
    try:
        room_size = int(room_size)
    except (TypeError, ValueError):
        raise ValidationError(_("The room size is a whole number."), code="number") from None
    if not 1 <= room_size <= MAX_ROOM_SIZE:
        raise ValidationError(
            _("The room size is between 1 and %(max)s.") % {"max": MAX_ROOM_SIZE}, code="range"
        )
    with transaction.atomic():
        plan, _created = RoomPlan.objects.select_for_update().get_or_create(process=process)
        before = plan.room_size
        plan.room_size = room_size
        plan.save()
        _check_table_feasible(process)
        audit_record(
            action=ROOM_SIZE_SET,
            actor=actor,
            process=process,
            target=plan,
            before={"room_size": before},
            after={"room_size": room_size},
        )
        _distances_record(process, ROOM_SIZE_SET)
    return plan


@dataclass
class PrefillRow:
    attribute: str
    value: str
    minimum: int
    maximum: int
    source: str
    basis: str


@dataclass
class Prefill:
    rows: list[PrefillRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # figures the statistics do not hold
    kept: list[str] = field(default_factory=list)  # rows entered by hand, left as they were


def _figure(profile, slug: str):
    """(value, words saying which figure of which year and level) or None when missing."""
    result = profile.result(slug)
    if result is None or result.latest is None:
        return None
    latest = result.latest
    words = f"{result.indicator.title}: {latest.value:.1f} % ({latest.period_label})"
    note = level_note(result)
    if note:
        words += f", {note}"
    return latest.value, words


def _gender_figure(municipality):
    """The registry's latest count of men and all inhabitants: (share of women, words)."""
    for record in reversed(municipality_population_history(municipality=municipality)):
        if record.population and record.population_male is not None:
            women = 100 * (record.population - record.population_male) / record.population
            words = _("Women among the inhabitants: %(share).1f %% (%(year)s), %(source)s") % {
                "share": women,
                "year": record.reference_date.year,
                "source": record.source,
            }
            return women, words
    return None


def prefill_rows(*, profile, room_size: int, departments: list[str], gender=None) -> Prefill:
    """The rows the municipality's statistics and the method suggest for a room of this size.

    - immigration history "yes": at least the population's share of the room, at most half
      the room or that share, whichever is larger: the method works with migrants, so more
      than their share is welcome, not the whole room (the foreign residents' share stands
      in, as a lower bound, without the Zensus figure);
    - the largest origin groups (of the foreign residents, without the umbrella groups that
      contain others): at least one person each; the larger the group the higher its maximum;
    - age bands of adults: 18–64 and 65 and over, by the share of the over-65s among adults;
    - the method: every target group at least once, every department the map names at least
      once, an immigrant organisation for each of the largest origin groups.
    - gender: women and men by the registry's count of men, give or take a fifth.
    A figure the statistics do not hold is named as missing, never guessed."""
    prefill = Prefill()
    statistics, method = Quota.Source.STATISTICS, Quota.Source.METHOD
    history = _figure(profile, "immigration-history-share") if profile else None
    foreign = _figure(profile, "foreign-share") if profile else None
    share = history or foreign
    if share is not None:
        target = room_size * share[0] / 100
        minimum = max(1, round(target))
        basis = share[1]
        if history is None:
            basis = _("%(figure)s; only foreign residents, a lower bound") % {"figure": basis}
        prefill.rows.append(
            PrefillRow(
                QuotaAttribute.IMMIGRATION_HISTORY,
                "yes",
                minimum,
                min(room_size, max(minimum, math.ceil(room_size / 2))),
                statistics,
                basis,
            )
        )
    else:
        prefill.missing.append(
            _("the share of residents with immigration history or of foreign residents")
        )
    if history is None:
        prefill.missing.append(_("the share of residents with immigration history (Zensus 2022)"))

    origins = []
    for slug, name, _label in ORIGIN_GROUPS:
        if slug in _UMBRELLA_ORIGINS:
            continue
        figure = _figure(profile, f"origin-{slug.replace('_', '-')}") if profile else None
        if figure is not None and figure[0] > 0:
            origins.append((figure[0], name, figure[1]))
    origins.sort(reverse=True)
    origins = origins[:LARGEST_ORIGINS]
    if origins:
        foreign_share = foreign[0] if foreign else (history[0] if history else 10.0)
        maxima = []
        for group_share, _name, _basis in origins:
            expected = room_size * foreign_share / 100 * group_share / 100
            maxima.append(max(2, math.ceil(expected * 2)))
        # Strictly decreasing, so that the table's order keeps the largest group first.
        for index in range(len(maxima) - 2, -1, -1):
            maxima[index] = max(maxima[index], maxima[index + 1] + 1)
        for (_group_share, name, basis), maximum in zip(origins, maxima, strict=True):
            maximum = min(room_size, maximum)
            prefill.rows.append(
                PrefillRow(QuotaAttribute.ORIGIN, name, 1, maximum, statistics, basis)
            )
    else:
        prefill.missing.append(_("the largest origin groups of the foreign residents"))

    under_18 = _figure(profile, "under-18-share") if profile else None
    over_65 = _figure(profile, "over-65-share") if profile else None
    if under_18 and over_65 and under_18[0] < 100:
        older = room_size * over_65[0] / (100 - under_18[0])
        adults = room_size - older
        basis = f"{over_65[1]}; {under_18[1]}"[:300]
        prefill.rows += [
            PrefillRow(
                QuotaAttribute.AGE_BAND,
                AGE_ADULTS,
                math.floor(adults * 0.75),
                room_size,
                statistics,
                basis,
            ),
            PrefillRow(
                QuotaAttribute.AGE_BAND,
                AGE_OLDER,
                max(1, math.floor(older * 0.5)),
                max(1, math.ceil(older * 1.5)),
                statistics,
                basis,
            ),
        ]
    else:
        prefill.missing.append(_("the shares of age groups"))
    if gender is not None:
        for value, share in (("female", gender[0]), ("male", 100 - gender[0])):
            target = room_size * share / 100
            prefill.rows.append(
                PrefillRow(
                    QuotaAttribute.GENDER,
                    value,
                    math.floor(target * 0.8),
                    min(room_size, math.ceil(target * 1.2)),
                    statistics,
                    gender[1][:300],
                )
            )
    else:
        prefill.missing.append(_("the inhabitants by gender (municipal register)"))

    method_basis = _("the method: every target group in the room")
    for group in (
        TargetGroup.POLICY,
        TargetGroup.ADMINISTRATION,
        TargetGroup.IMMIGRANT,
        TargetGroup.CIVIL_SOCIETY,
    ):
        prefill.rows.append(
            PrefillRow(QuotaAttribute.TARGET_GROUP, group, 1, room_size, method, method_basis)
        )
    for department in departments[: max(0, room_size - 1)]:
        prefill.rows.append(
            PrefillRow(
                QuotaAttribute.DEPARTMENT,
                department[:MAX_VALUE],
                1,
                min(3, room_size),
                method,
                _("the method: every relevant department of the administration"),
            )
        )
    if origins:
        prefill.rows.append(
            PrefillRow(
                QuotaAttribute.ORGANISATION_KIND,
                "immigrant_organisation",
                min(len(origins), room_size),
                room_size,
                method,
                _("the method: an immigrant organisation of each of the largest origin groups"),
            )
        )
    return prefill


def quotas_prefill(*, process, actor) -> Prefill:
    """Fill the quota table from the municipality's statistics and the method. Rows entered by
    hand stay as they are; earlier prefilled rows are brought up to date."""
    _check_may_prepare(actor, process)
    # Read before the transaction: the profile reads every imported series of the region.
    profile = profile_of(municipality=process.municipality)
    prefill = prefill_rows(
        profile=profile,
        room_size=selectors.room_size_of(process=process),
        departments=stakeholder_selectors.departments_named(process=process),
        gender=_gender_figure(process.municipality),
    )
    with transaction.atomic():
        existing = {(q.attribute, q.value): q for q in Quota.objects.filter(process=process)}
        written = []
        for row in prefill.rows:
            quota = existing.get((row.attribute, row.value))
            if quota is not None and quota.source == Quota.Source.MANUAL:
                prefill.kept.append(f"{QuotaAttribute(row.attribute).label} = {row.value}")
                continue
            Quota.objects.update_or_create(
                process=process,
                attribute=row.attribute,
                value=row.value,
                defaults={
                    "minimum": row.minimum,
                    "maximum": row.maximum,
                    "source": row.source,
                    "basis": row.basis[:300],
                },
            )
            written.append(f"{row.attribute}={row.value}")
        _check_table_feasible(process)
        audit_record(
            action=QUOTAS_PREFILL,
            actor=actor,
            process=process,
            target=process,
            after={"rows": written, "missing": [str(m) for m in prefill.missing]},
        )
        _distances_record(process, QUOTAS_PREFILL)
    return prefill


# --- invitations ---


def invitation_language(stakeholder) -> str:
    """The first language the person speaks that the platform writes in, else German."""
    known = language_codes()
    for code in stakeholder.languages or []:
        code = str(code).strip().lower()[:10]
        if code in known:
            return code
    return "de"


def _links(invitation: Invitation, site_url: str) -> dict[str, str]:
    base = (site_url or "").rstrip("/")
    return {
        "rsvp_url": base + reverse("invitations:rsvp", args=[invitation.key]),
        "check_in_url": base + reverse("invitations:check_in", args=[invitation.key]),
    }


def _invitation_mail_send(invitation_pk: int, site_url: str) -> None:
    """The e-mail in the invitee's language, with the RSVP link and the check-in QR code."""
    invitation = (
        Invitation.objects.select_related("stakeholder", "process__municipality")
        .filter(pk=invitation_pk)
        .first()
    )
    if invitation is None or invitation.revoked_at is not None:
        return
    with translation.override(invitation.language):
        context = invitation_context(invitation=invitation, links=_links(invitation, site_url))
        subject = render_to_string("invitations/mail/invitation_subject.txt", context).strip()
        body = render_to_string("invitations/mail/invitation.txt", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, to=[invitation.stakeholder.email]
    )
    message.attach("check-in.png", check_in_qr_png(context["check_in_url"]), "image/png")
    message.send()


def _refusal(stakeholder, channel: str) -> str | None:
    if not stakeholder.consent_to_contact:
        return _("%(name)s has not consented to be contacted and cannot be invited.") % {
            "name": stakeholder.name
        }
    if channel == Invitation.Channel.EMAIL and not stakeholder.email:
        return _("%(name)s has no e-mail address: send a letter instead.") % {
            "name": stakeholder.name
        }
    if channel == Invitation.Channel.LETTER and not stakeholder.postal_address.strip():
        return _("%(name)s has no postal address: send an e-mail instead.") % {
            "name": stakeholder.name
        }
    return None


AUTO_CHANNEL = "auto"


def _channel_for(stakeholder, channel: str) -> str:
    if channel == AUTO_CHANNEL:
        return Invitation.Channel.EMAIL if stakeholder.email else Invitation.Channel.LETTER
    if channel not in Invitation.Channel.values:
        raise ValidationError(_("Choose e-mail or letter."), code="channel")
    return channel


def _invitation_add(*, actor, process, stakeholder, channel, site_url, send) -> Invitation:
    if stakeholder.process_id != process.pk:
        raise ValidationError(
            _("%(name)s is not on this process's map.") % {"name": stakeholder.name}
        )
    channel = _channel_for(stakeholder, channel)
    refusal = _refusal(stakeholder, channel)
    if refusal:
        raise ValidationError(refusal, code="not_invitable")
    if Invitation.objects.filter(process=process, stakeholder=stakeholder).exists():
        raise ValidationError(
            _("%(name)s is invited already.") % {"name": stakeholder.name}, code="duplicate"
        )
    invitation = Invitation.objects.create(
        process=process,
        stakeholder=stakeholder,
        channel=channel,
        language=invitation_language(stakeholder),
        created_by=actor if actor.is_authenticated else None,
        # A letter counts as sent once it is printed.
        sent_at=timezone.now() if channel == Invitation.Channel.EMAIL else None,
    )
    audit_record(
        action=INVITATION_CREATE,
        actor=actor,
        process=process,
        target=invitation,
        target_label=_invitation_label(invitation),
        after={"channel": channel, "language": invitation.language},
    )
    if channel == Invitation.Channel.EMAIL and send:
        transaction.on_commit(lambda pk=invitation.pk: _invitation_mail_send(pk, site_url))
    return invitation


def invitation_create(
    *, actor, process, stakeholder, channel: str, site_url: str, send: bool = True
) -> Invitation:
    """Invite one person of the map: only with their consent to be contacted and an address
    for the channel. An e-mail leaves after commit (``send=False``: the demo records its
    invitations as sent without mailing); a letter is printed from the list."""
    _check_may_prepare(actor, process)
    with transaction.atomic():
        invitation = _invitation_add(
            actor=actor,
            process=process,
            stakeholder=stakeholder,
            channel=channel,
            site_url=site_url,
            send=send,
        )
        _distances_record(process, INVITATION_CREATE)
    return invitation


def invitations_create(
    *, actor, process, stakeholders, channel: str, site_url: str, send: bool = True
) -> list[Invitation]:
    """Invite several people at once: all of them or, with a message naming the first person
    who cannot be invited, none."""
    _check_may_prepare(actor, process)
    if not stakeholders:
        raise ValidationError(_("Choose the people to invite."), code="empty")
    with transaction.atomic():
        invitations = [
            _invitation_add(
                actor=actor,
                process=process,
                stakeholder=stakeholder,
                channel=channel,
                site_url=site_url,
                send=send,
            )
            for stakeholder in stakeholders
        ]
        _distances_record(process, INVITATION_CREATE)
    return invitations


def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    process = invitation.process
    _check_may_prepare(actor, process)
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at is not None:
            return invitation
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
        audit_record(
            action=INVITATION_REVOKE,
            actor=actor,
            process=process,
            target=invitation,
            target_label=_invitation_label(invitation),
        )
        _distances_record(process, INVITATION_REVOKE)
    return invitation


def _invitee_label() -> str:
    return _("the invitee, by their link")


def invitation_answer(*, invitation: Invitation, answer: str) -> Invitation:
    """The invitee's answer by link: confirm, decline, or change their mind. The link's key is
    the permission; a withdrawn invitation takes no answer."""
    if answer not in (Invitation.Answer.CONFIRMED, Invitation.Answer.DECLINED):
        raise ValidationError(_("Answer yes or no."), code="answer")
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at is not None:
            raise ValidationError(_("This invitation was withdrawn."), code="revoked")
        if invitation.answer == answer:
            return invitation
        before = invitation.answer
        invitation.answer = answer
        invitation.answered_at = timezone.now()
        invitation.save(update_fields=["answer", "answered_at"])
        audit_record(
            action=INVITATION_ANSWER,
            actor_label=_invitee_label(),
            process=invitation.process,
            target=invitation,
            target_label=_invitation_label(invitation),
            before={"answer": before},
            after={"answer": answer},
        )
        _distances_record(invitation.process, INVITATION_ANSWER)
    return invitation


def invitation_check_in(*, actor, invitation: Invitation) -> bool:
    """Check a person in on the day. True when this call checked them in; False when they were
    already (a second scan changes nothing and counts nobody twice)."""
    process = invitation.process
    if not actor.has_perm("invitations.check_in", process):
        raise PermissionDenied
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at is not None:
            raise ValidationError(_("This invitation was withdrawn."), code="revoked")
        if invitation.attended_at is not None:
            return False
        invitation.attended_at = timezone.now()
        invitation.checked_in_by = actor if actor.is_authenticated else None
        invitation.save(update_fields=["attended_at", "checked_in_by"])
        audit_record(
            action=INVITATION_CHECK_IN,
            actor=actor,
            process=process,
            target=invitation,
            target_label=_invitation_label(invitation),
            after={"answer": invitation.answer},
        )
        _distances_record(process, INVITATION_CHECK_IN)
    return True


def invitee_erase(*, invitation: Invitation) -> None:
    """The invitee erases their own data by link: the invitation is withdrawn and their record
    on the stakeholder map removed (with it every invitation of theirs). The audit trail keeps
    that it happened, not who it was."""
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        process = invitation.process
        number = invitation.pk
        # The link's key is the permission: the system erases on the person's behalf.
        stakeholder_erase(
            stakeholder=invitation.stakeholder, actor=SYSTEM, actor_label=_invitee_label()
        )
        audit_record(
            action=INVITEE_ERASE,
            actor_label=_invitee_label(),
            process=process,
            target_label=_("invitation %(number)s") % {"number": number},
            after={"invitation": number},
        )
        _distances_record(process, INVITEE_ERASE)


def letters_print(*, actor, process, site_url: str, invitations: list[Invitation]) -> bytes:
    """One PDF with a page per letter, each in its invitee's language; marks them sent."""
    _check_may_prepare(actor, process)
    invitations = [
        invitation
        for invitation in invitations
        if invitation.process_id == process.pk
        and invitation.channel == Invitation.Channel.LETTER
        and invitation.revoked_at is None
    ]
    if not invitations:
        raise ValidationError(_("There is no letter to print."), code="empty")
    content = letters_pdf(
        invitations=invitations, links={i.pk: _links(i, site_url) for i in invitations}
    )
    with transaction.atomic():
        Invitation.objects.filter(pk__in=[i.pk for i in invitations], sent_at__isnull=True).update(
            sent_at=timezone.now()
        )
        audit_record(
            action=LETTERS_PRINT,
            actor=actor,
            process=process,
            target=process,
            after={"letters": len(invitations)},
        )
    return content


def invitee_data(*, invitation: Invitation) -> dict:
    """Everything the platform holds about the invitee, for their download."""
    person = invitation.stakeholder
    return {
        "invitation": {
            "channel": invitation.channel,
            "language": invitation.language,
            "answer": invitation.answer,
            "answered_at": invitation.answered_at,
            "sent_at": invitation.sent_at,
            "checked_in_at": invitation.attended_at,
            "withdrawn_at": invitation.revoked_at,
            "created_at": invitation.created_at,
        },
        "person": {
            "name": person.name,
            "role": person.role,
            "organisation": person.organisation.name if person.organisation else "",
            "target_group": person.target_group,
            "department": person.department,
            "origin": person.origin,
            "immigration_history": person.immigration_history,
            "gender": person.gender,
            "age_band": person.age_band,
            "languages": person.languages,
            "email": person.email,
            "phone": person.phone,
            "postal_address": person.postal_address,
            "consent_to_contact": person.consent_to_contact,
            "consent_given_on": person.consent_given_on,
            "consent_purpose": person.consent_purpose,
            "notes": person.notes,
        },
    }
