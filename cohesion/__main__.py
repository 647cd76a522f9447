"""The ``cohesion`` console script: the project's manage.py.

``cohesion demo``, ``cohesion serve`` and every Django management command read naturally from it.
Commands speak the terminal's language (LC_ALL, LC_MESSAGES, LANG), English where Cohesion does
not offer it, so a German terminal reads German and an English one English, never a mix.
"""

import os
import sys


def terminal_language(environ=os.environ) -> str:
    from django.conf import settings

    offered = {code for code, _name in settings.LANGUAGES}
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            code = value.split(".")[0].split("_")[0].lower()
            return code if code in offered else "en"
    return "en"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")
    import django
    from django.core.management import execute_from_command_line
    from django.utils import translation

    django.setup()
    translation.activate(terminal_language())
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
