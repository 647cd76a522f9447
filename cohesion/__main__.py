"""The ``cohesion`` console script: the project's manage.py.

``cohesion demo``, ``cohesion serve`` and every Django management command read naturally from it.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cohesion.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
