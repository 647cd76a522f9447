"""What a participant reads when an answer is refused, in their language."""

from django.utils.translation import gettext as _


def answer_error_message(code: str) -> str:
    messages = {
        "malformed": _("This answer could not be read. Please choose again."),
        "no_such_option": _("That option does not exist. Please choose again."),
        "out_of_range": _("Please choose one of the steps shown."),
        "too_many": _("You chose more than this question allows."),
        "over_budget": _("You spent more dots than you have."),
        "empty": _("Please spend at least one dot."),
        "cards_only": _("This item takes cards, not answers."),
        "not_open": _("This question is not open (any more). Your answer was not counted."),
        "closed": _("This workshop is closed."),
        "no_such_item": _("This question does not exist."),
        "key": _("This answer could not be read. Please choose again."),
    }
    return messages.get(code, messages["malformed"])


# --- cards ---


def card_error_message(code: str) -> str:
    """What a participant reads when a card or an upvote is refused."""
    messages = {
        "text_length": _("A card has between 1 and 280 characters."),
        "text_invisible": _("Please write a few words on your card."),
        "text_control": _("Your card contains characters that cannot be stored."),
        "no_such_category": _("That field of action does not exist. Please choose again."),
        "card_limit": _("You have written many cards in a short time. Please wait a minute."),
        "no_cards": _("This question takes answers, not cards."),
        "no_such_card": _("This question is not there (any more)."),
        "no_upvotes": _("Cards of this item cannot be upvoted."),
        "not_open": _("This question is not open (any more). Your card was not stored."),
        "closed": _("This workshop is closed."),
        "no_such_item": _("This question does not exist."),
        "key": _("Your card could not be read. Please send it again."),
        "malformed": _("Your card could not be read. Please send it again."),
    }
    return messages.get(code, messages["malformed"])


def card_receipt_message(status: str, moderation: str) -> str:
    """What a participant reads when a card is stored."""
    if moderation == "pending":
        return _("Thank you. Your card is shown once the moderator has read it.")
    return _("Thank you, your card is stored.")


def upvote_receipt_message(status: str) -> str:
    if status == "repeated":
        return _("You have upvoted this question already.")
    return _("Thank you, your upvote is counted.")
