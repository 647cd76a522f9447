from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.core.scope import Scope
from cohesion.participation.codes import code_new
from cohesion.workshops.kinds import KIND_CHOICES

WORKSHOP_PHASES = (("workshop-day-1", _("Day 1")), ("workshop-day-2", _("Day 2")))


def workshop_code() -> str:
    """A join code no participatory tool uses; the migrations name this function."""
    return code_new()


class StakeholderGroup(models.TextChoices):
    """The groups of the method, as a participant may name theirs (with consent)."""

    POLICY = "policy", _("Policymaker")
    ADMINISTRATION = "administration", _("Administration")
    IMMIGRANT = "immigrant", _("Immigrant or immigrant organisation")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


class Workshop(models.Model):
    """The two workshop days of a process: the agenda of items and the room that runs through
    them. One per process."""

    process = models.OneToOneField(
        "processes.Process", on_delete=models.CASCADE, related_name="workshop"
    )
    # Organiser text: {language: text}; see cohesion.core.translations.
    title = models.JSONField(_("title"), default=dict)
    source_language = models.CharField(_("written in"), max_length=10, default="de")
    # What the projector shows (the room's language); originals are shown beside it.
    room_language = models.CharField(_("language of the room"), max_length=10, default="de")
    code = models.CharField(_("code"), max_length=12, unique=True, default=workshop_code)
    is_open = models.BooleanField(_("open for participants"), default=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The item every phone shows in live mode (None: the agenda, or the self-paced items).
    current_item = models.ForeignKey(
        "Item", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Grows with every change participants see: a phone that missed one resynchronises.
    version = models.PositiveBigIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Co-moderators and interpreters: they run the console, moderate and translate cards, but
    # do not change the agenda (rules.py).
    helpers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="workshops_helped",
        verbose_name=_("helpers (co-moderators and interpreters)"),
    )

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")

    def __str__(self) -> str:
        return self.title.get(self.source_language, "") or f"workshop {self.pk}"

    @property
    def permission_scope(self) -> Scope:
        return self.process.permission_scope


class WorkshopDay(models.Model):
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="days")
    phase_slug = models.CharField(_("phase"), max_length=30, choices=WORKSHOP_PHASES)
    date = models.DateField(_("date"), null=True, blank=True)
    room = models.CharField(_("room"), max_length=200, blank=True)

    class Meta:
        ordering = ["phase_slug"]
        constraints = [
            models.UniqueConstraint(fields=["workshop", "phase_slug"], name="one_day_per_phase")
        ]
        verbose_name = _("workshop day")
        verbose_name_plural = _("workshop days")

    def __str__(self) -> str:
        return self.get_phase_slug_display()


class Item(models.Model):
    """One point of the agenda that participants answer (or only read)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OPEN = "open", _("open")
        LOCKED = "locked", _("locked")
        CLOSED = "closed", _("closed")

    class Pacing(models.TextChoices):
        LIVE = "live", _("live, paced by the moderator")
        SELF = "self", _("self-paced survey")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="items")
    day = models.ForeignKey(WorkshopDay, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=20, choices=KIND_CHOICES)
    # Organiser texts: {language: text} in the workshop's source language and translations.
    title = models.JSONField(_("title"), default=dict)
    prompt = models.JSONField(_("question"), default=dict, blank=True)
    # What the kind needs: options [{language: text}], scale preset, dot budget, criteria, ...
    config = models.JSONField(default=dict, blank=True)
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(_("minutes"), null=True, blank=True)
    pacing = models.CharField(
        _("pacing"), max_length=10, choices=Pacing.choices, default=Pacing.LIVE
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.WAITING
    )
    # Results stay hidden from the room until the moderator reveals them (against group-think).
    revealed = models.BooleanField(_("results shown"), default=False)
    timer_ends_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["day__phase_slug", "position", "pk"]
        verbose_name = _("workshop item")
        verbose_name_plural = _("workshop items")

    def __str__(self) -> str:
        return self.title.get(self.workshop.source_language, "") if self.title else self.kind

    @property
    def permission_scope(self) -> Scope:
        return self.workshop.permission_scope


class WorkshopParticipant(models.Model):
    """Someone in the room with a phone: no account, known by the hash of their device token
    (cohesion.participation.devices); a nickname and a stakeholder group only if they give them."""

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="participants")
    device_hash = models.CharField(max_length=64, editable=False)
    language = models.CharField(_("language"), max_length=10)
    nickname = models.CharField(_("nickname"), max_length=40, blank=True)
    # Given only with consent (group_consent_at); never shown for fewer than five people.
    group = models.CharField(
        _("stakeholder group"), max_length=20, choices=StakeholderGroup.choices, blank=True
    )
    group_consent_at = models.DateTimeField(null=True, blank=True)
    # A few self-described attributes ("years in Kerpen: 3"), as the participant wrote them.
    attributes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workshop", "device_hash"], name="one_workshop_participant_per_device"
            )
        ]
        indexes = [models.Index(fields=["device_hash"], name="workshop_participant_device")]
        verbose_name = _("workshop participant")
        verbose_name_plural = _("workshop participants")

    def __str__(self) -> str:
        return f"participant {self.pk}"


class Answer(models.Model):
    """A participant's answer to an item; changing it replaces it. ``client_key`` and
    ``sequence`` come from the phone: a resent answer (the same key) counts once, and an older
    one arriving late never overwrites a newer one."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="answers")
    participant = models.ForeignKey(
        WorkshopParticipant, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.JSONField()
    client_key = models.CharField(max_length=40)
    sequence = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["item", "participant"], name="one_answer_per_item")
        ]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.participant_id} on {self.item_id}"


class Cluster(models.Model):
    """A group of cards on the board of a brainstorm item, titled by the moderator; a
    suggestion of the grouping engine until the moderator accepts it."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="clusters")
    # Organiser text: {language: text}.
    title = models.JSONField(_("title"), default=dict)
    position = models.PositiveIntegerField(default=0)
    # The index of the field of action (item.config["categories"]) it belongs to, if any.
    category = models.PositiveSmallIntegerField(_("field of action"), null=True, blank=True)
    suggested = models.BooleanField(_("suggested by the grouping"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return next(iter(self.title.values()), "") if self.title else f"cluster {self.pk}"


class Card(models.Model):
    """A participant's contribution to a brainstorm, an open question or the Q&A: several per
    participant, in their original language; helpers add translations beside it."""

    class Moderation(models.TextChoices):
        PENDING = "pending", _("waiting for moderation")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="cards")
    # None for a card the moderator typed in (from paper).
    participant = models.ForeignKey(
        WorkshopParticipant, on_delete=models.CASCADE, null=True, blank=True, related_name="cards"
    )
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=10, blank=True)
    # {language: text}, added by helpers (or confirmed from a machine suggestion).
    translations = models.JSONField(default=dict, blank=True)
    category = models.PositiveSmallIntegerField(_("field of action"), null=True, blank=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.ACCEPTED
    )
    # The phone's key: a card resent after a dropped connection is stored once.
    client_key = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "client_key"],
                condition=~models.Q(client_key=""),
                name="one_card_per_client_key",
            )
        ]
        verbose_name = _("card")
        verbose_name_plural = _("cards")

    def __str__(self) -> str:
        return self.text[:60]


class CardUpvote(models.Model):
    """A participant's upvote of a question (Q&A) or card; one each."""

    card = models.ForeignKey(Card, on_delete=models.CASCADE, related_name="upvotes")
    participant = models.ForeignKey(
        WorkshopParticipant, on_delete=models.CASCADE, related_name="upvotes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["card", "participant"], name="one_upvote_each")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} on {self.card_id}"


class Candidate(models.Model):
    """What the workshop hands to the strategy: a candidate goal (from a cluster) or a
    candidate measure (from a top-voted idea), per field of action, linked to the cards and the
    votes it came from."""

    class Kind(models.TextChoices):
        GOAL = "goal", _("candidate goal")
        MEASURE = "measure", _("candidate measure")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="candidates")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Organiser text: {language: text}.
    title = models.JSONField(_("title"), default=dict)
    # The field of action, as written in the workshop's source language.
    field_of_action = models.CharField(_("field of action"), max_length=200, blank=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    cards = models.ManyToManyField(Card, blank=True, related_name="candidates")
    # The dot-voting or ranking item and option index whose votes carried it, if any.
    voted_item = models.ForeignKey(
        Item, on_delete=models.SET_NULL, null=True, blank=True, related_name="candidates"
    )
    voted_option = models.PositiveSmallIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")

    def __str__(self) -> str:
        return next(iter(self.title.values()), "") if self.title else self.kind
