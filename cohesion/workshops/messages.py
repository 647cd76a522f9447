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
