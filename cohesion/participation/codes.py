"""Join codes: what a participant types (or scans) to reach a participatory tool without an
account. Short, read aloud in a workshop room and typed on a phone, so without the characters
people confuse (0/O, 1/I/L). Each tool registers a code kind that resolves a code to its page,
so the join page finds any code without knowing the tools."""

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

# Without 0/O and 1/I/L: a code read aloud in a workshop room or typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6  # 31**6 ≈ 887 million codes: guessing one is hopeless under the join limit
CODE_MAX_TYPED = 40  # what the join form accepts before normalising
# What people put between the characters when they copy a code: spaces, dashes, dots.
_SEPARATORS = re.compile(r"[\s\-_.·–—]+")
# The characters the alphabet leaves out, so that the join page can say why a code is wrong.
CONFUSABLE = frozenset("0O1IL")


def code_new(*, length: int = CODE_LENGTH) -> str:
    """A random code no registered tool uses yet."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))
        if code_resolve(code) is None:
            return code


def code_normalise(text: str) -> str:
    """The code as stored: without spaces or dashes, in capitals. Typed confusions (O for 0,
    I for 1) are not mapped: the alphabet has none of them, so a code that contains one is
    wrong either way, and the join page says which characters never occur."""
    return _SEPARATORS.sub("", text or "").upper()


def code_has_confusable(code: str) -> bool:
    return any(character in CONFUSABLE for character in code)


@dataclass(frozen=True)
class CodeTarget:
    """Where a code leads: the tool's page for participants, and whether it still takes part."""

    url: str
    is_open: bool
    title: str


@dataclass(frozen=True)
class CodeKind:
    name: str  # "opinions.conversation"
    label: Promise  # "Opinion map"
    # normalised code -> its target, or None when this tool has no such code
    resolve: Callable[[str], CodeTarget | None]


_KINDS: dict[str, CodeKind] = {}


def code_kind_register(kind: CodeKind) -> None:
    _KINDS[kind.name] = kind


def code_kinds() -> list[CodeKind]:
    return [_KINDS[name] for name in sorted(_KINDS)]


def code_resolve(code: str) -> CodeTarget | None:
    """The target of a normalised code in whichever tool has it; None for a wrong code."""
    if not code or len(code) > CODE_MAX_TYPED:
        return None
    for kind in code_kinds():
        target = kind.resolve(code)
        if target is not None:
            return target
    return None
