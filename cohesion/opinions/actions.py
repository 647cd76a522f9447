"""What the organiser's buttons on a conversation's page do: each posted action calls one
service and answers with the sentence that confirms it, so the view only validates the form
and shows the answer. Refusals are ValidationError (a message) or PermissionDenied (403)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cohesion.opinions.models import Conversation, Statement
from cohesion.opinions.selectors import statement_of
from cohesion.opinions.services import (
    conversation_open_set,
    conversation_translate,
    opinion_map_redraw,
    statement_moderate,
    statement_seed,
    statement_translate,
)

ORGANISER_ACTIONS = (
    "seed",
    "accept",
    "reject",
    "translate",
    "translate_conversation",
    "recompute",
    "open",
    "close",
)


def _statement(conversation: Conversation, pk: str) -> Statement:
    statement = statement_of(conversation=conversation, pk=pk)
    if statement is None:
        raise ValidationError(_("That statement is not in this conversation."), code="statement")
    return statement


def organiser_action_perform(
    *,
    actor,
    conversation: Conversation,
    action: str,
    statement: str = "",
    text: str = "",
    language: str = "",
    title: str = "",
    description: str = "",
) -> str:
    """Carry out one of ORGANISER_ACTIONS; returns the confirmation for the organiser."""
    if action == "translate":
        translated = statement_translate(
            actor=actor,
            statement=_statement(conversation, statement),
            language=language,
            text=text,
        )
        if language in translated.translations:
            return _("The translation has been saved: “%(text)s”.") % {
                "text": translated.translations[language]
            }
        return _("The translation has been removed.")
    if action == "translate_conversation":
        conversation_translate(
            actor=actor,
            conversation=conversation,
            language=language,
            title=title,
            description=description,
        )
        return _("The translation of the title and question has been saved.")
    if action == "seed":
        statement_seed(actor=actor, conversation=conversation, text=text)
        return _("The statement has been added; participants can vote on it now.")
    if action in ("accept", "reject"):
        accepted = action == "accept"
        moderated = statement_moderate(
            actor=actor,
            statement=_statement(conversation, statement),
            moderation=Statement.Moderation.ACCEPTED if accepted else Statement.Moderation.REJECTED,
        )
        template = (
            _("Accepted: “%(text)s”. Participants can vote on it now.")
            if accepted
            else _("Rejected: “%(text)s”. Participants no longer see it.")
        )
        return template % {"text": moderated.text}
    if action == "recompute":
        opinion_map_redraw(actor=actor, conversation=conversation)
        return _("The map has been drawn again.")
    if action in ("open", "close"):
        conversation_open_set(actor=actor, conversation=conversation, is_open=action == "open")
        if action == "open":
            return _("The conversation is open: participants can vote and add statements.")
        return _("The conversation is closed: the map stays, nobody can vote any more.")
    raise ValidationError(_("That is not possible here."), code="action")
