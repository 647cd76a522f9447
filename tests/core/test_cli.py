import pytest
from django.utils import translation

from cohesion.__main__ import terminal_language
from cohesion.demo.selectors import demo_logins


@pytest.mark.parametrize(
    ("environ", "language"),
    [
        ({"LANG": "de_DE.UTF-8"}, "de"),
        ({"LANG": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "uk_UA.UTF-8", "LANG": "de_DE.UTF-8"}, "uk"),  # LC_ALL wins
        ({"LC_MESSAGES": "ar_EG.UTF-8", "LANG": "de_DE.UTF-8"}, "ar"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # not offered: English
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_commands_speak_the_terminals_language(environ, language):
    assert terminal_language(environ) == language


def test_demo_log_ins_are_described_in_one_language():
    """`cohesion demo` printed German headings over English descriptions of the log-ins."""
    with translation.override("en"):
        english = [str(description) for _name, description in demo_logins()]
    with translation.override("de"):
        german = [str(description) for _name, description in demo_logins()]
    assert english[0] == "programme manager, all municipalities"
    assert all(g != e for g, e in zip(german, english, strict=True))


def test_several_workers_without_redis_are_refused_before_anything_starts(settings):
    """They would count rate limits each on its own and keep their websockets' events apart."""
    from django.core.management import CommandError, call_command

    settings.REDIS_URL = ""
    with pytest.raises(CommandError, match="REDIS_URL"):
        call_command("serve", workers=2, collectstatic=False)
