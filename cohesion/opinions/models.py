import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohesion.participation.codes import CODE_ALPHABET, code_new  # noqa: F401 (still importable)
from cohesion.processes.phases import PHASE_CHOICES


def participant_key() -> str:
    """Kept for migration 0001: participants were once known by a key kept in the session."""
    return secrets.token_urlsafe(16)


def conversation_code() -> str:
    """A join code no participatory tool uses (cohesion.participation.codes); the migrations
    name this function as the field's default."""
    return code_new()


class Conversation(models.Model):
    """Statements to vote on in one phase of a process: the integration climate in workshop
    day 1, a city-wide consultation on the draft strategy."""

    process = models.ForeignKey(
        "processes.Process", on_delete=models.CASCADE, related_name="conversations"
    )
    phase_slug = models.CharField(_("phase"), max_length=30, choices=PHASE_CHOICES)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("question"), blank=True)
    # Title and question are written in source_language; translations sit beside them as
    # {language: text} (cohesion.core.translations), the original stays in title/description.
    source_language = models.CharField(_("language of the original"), max_length=10, default="de")
    title_translations = models.JSONField(_("translations of the title"), default=dict, blank=True)
    description_translations = models.JSONField(
        _("translations of the question"), default=dict, blank=True
    )
    is_open = models.BooleanField(_("open for votes"), default=True)
    # When it last closed: its pseudonymous participants are erased PARTICIPANT_RETENTION_DAYS
    # later (cohesion.participation). Empty while open.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    # What participants type to join, without an account.
    code = models.CharField(_("code"), max_length=12, unique=True, default=conversation_code)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when votes wait for the map's recompute; the task clears it before it reads them, so
    # one queued task serves every vote cast until it starts.
    map_update_requested_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """A pseudonymous voter: no account, no name; known by the hash of their device token."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participants"
    )
    # The SHA-256 of the device token (cohesion.participation.devices) the participant holds:
    # how their page, their data download and erasure find them. Empty for imported participants.
    device_hash = models.CharField(max_length=64, blank=True, editable=False)
    # Set only when the participant came in through an import: their id in the other tool.
    external_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            # One participant per device and conversation, even when two first votes race.
            models.UniqueConstraint(
                fields=["conversation", "device_hash"],
                condition=~models.Q(device_hash=""),
                name="one_participant_per_device",
            )
        ]
        indexes = [models.Index(fields=["device_hash"], name="participant_by_device")]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return f"participant {self.pk}"


class Statement(models.Model):
    class Moderation(models.IntegerChoices):
        # The Pol.is codes, so that import and export need no table.
        REJECTED = -1, _("rejected")
        PENDING = 0, _("waiting for moderation")
        ACCEPTED = 1, _("accepted")

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="statements"
    )
    text = models.TextField(_("statement"))
    # Contributions keep their original language.
    language = models.CharField(_("language"), max_length=10, blank=True)
    # {language: text} beside the original: a helper's translations of a participant's
    # statement, the moderator's of a seeded one (cohesion.core.translations).
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    author = models.ForeignKey(
        Participant, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    is_seed = models.BooleanField(_("seeded by the moderator"), default=False)
    is_meta = models.BooleanField(_("about the conversation itself"), default=False)
    moderation = models.IntegerField(
        _("moderation"), choices=Moderation.choices, default=Moderation.PENDING
    )
    external_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def moderated_out(self) -> bool:
        return self.moderation == self.Moderation.REJECTED or self.is_meta


class Vote(models.Model):
    """A participant's latest vote on a statement (they may change it)."""

    class Choice(models.IntegerChoices):
        AGREE = 1, _("agree")
        DISAGREE = -1, _("disagree")
        PASS = 0, _("pass / unsure")

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(_("vote"), choices=Choice.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="one_vote_each")
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.participant_id} {self.statement_id}: {self.value}"


class OpinionMapSnapshot(models.Model):
    """The latest computed map of a conversation, with the engine state to continue from, so a
    restart never changes the groups."""

    conversation = models.OneToOneField(
        Conversation, on_delete=models.CASCADE, related_name="snapshot"
    )
    state = models.JSONField()
    result = models.JSONField()
    vote_count = models.PositiveIntegerField(default=0)
    # When the votes behind this map were read: a recompute that read earlier never replaces it.
    votes_read_at = models.DateTimeField(null=True, editable=False)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("opinion map")
        verbose_name_plural = _("opinion maps")

    def __str__(self) -> str:
        return f"map of {self.conversation_id}"
