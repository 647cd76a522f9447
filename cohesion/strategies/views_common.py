"""What the strategy's pages and monitoring's pages share: the reader's language, a service's
refusal shown on its form or as messages."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import get_language


def language() -> str:
    return (get_language() or "de").split("-")[0]


def form_errors(form, error: ValidationError) -> None:
    """A service's refusal on the form: each error at its field, or for the whole form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def told(request, call, success):
    """Call the service: a refusal is told as error messages and gives None; otherwise the
    success (a text, or a function making it from the result) is told and the result given."""
    try:
        result = call()
    except ValidationError as error:
        error_messages(request, error)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
