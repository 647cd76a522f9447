"""What views do with a selector's answer: selectors return None for what the person may not see
(or what does not exist), and the view turns that into a 404, so existence never leaks."""

from typing import TypeVar

from django.http import Http404

T = TypeVar("T")


def found_or_404(value: T | None) -> T:
    if value is None:
        raise Http404
    return value
