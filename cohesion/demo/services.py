"""The demo: the real registry and four processes of the seed's cities, with log-ins to try."""

import datetime

from django.core.management import call_command
from django.db import transaction

from cohesion.accounts.models import Role
from cohesion.accounts.services import membership_grant, user_create
from cohesion.municipalities.models import Municipality
from cohesion.municipalities.selectors import municipality_get_by_ags
from cohesion.municipalities.services import SHIPPED_GV100AD_EDITIONS, registry_import_gv100ad
from cohesion.processes.models import Process
from cohesion.processes.phases import PHASES_BY_SLUG, phase_after
from cohesion.processes.services import process_advance, process_start, programme_create

DEMO_PASSWORD = "cohesion-demo"  # noqa: S105 - printed for everyone to try; demo only

KERPEN, STUTTGART, SOLINGEN, HERSFELD_ROTENBURG = "05362032", "08111000", "05122000", "06632"

# username, first name, last name, language, [(AGS, role)], what to show on the console
DEMO_PEOPLE = [
    ("programme", "Paula", "Programm", "en", [], "programme manager, all municipalities"),
    (
        "coordinator",
        "Clara",
        "Koordinatorin",
        "de",
        [(KERPEN, Role.COORDINATOR)],
        "coordinator of Kerpen",
    ),
    (
        "moderator",
        "Murat",
        "Moderator",
        "de",
        [(KERPEN, Role.MODERATOR), (SOLINGEN, Role.MODERATOR)],
        "moderator in Kerpen and Solingen",
    ),
    (
        "working-group",
        "Wiktoria",
        "Arbeitsgruppe",
        "de",
        [(KERPEN, Role.WORKING_GROUP_MEMBER), (HERSFELD_ROTENBURG, Role.COORDINATOR)],
        "working-group member in Kerpen, coordinator of Hersfeld-Rotenburg",
    ),
    (
        "stuttgart",
        "Sofia",
        "Stuttgart",
        "de",
        [(STUTTGART, Role.COORDINATOR)],
        "coordinator of Stuttgart",
    ),
]

# Where each demo process stands today.
DEMO_PROCESSES = [
    (KERPEN, "workshop-day-1", datetime.date(2026, 9, 1)),
    (STUTTGART, "monitoring", datetime.date(2025, 3, 1)),
    (SOLINGEN, "strategy", datetime.date(2026, 4, 15)),
    (HERSFELD_ROTENBURG, "learning", datetime.date(2024, 10, 1)),
]


def demo_load() -> None:
    """Load the demo into an empty database (the registry is loaded or refreshed)."""
    if not Municipality.objects.exists():
        for edition in SHIPPED_GV100AD_EDITIONS:
            registry_import_gv100ad(path=edition)
    with transaction.atomic():
        users = {}
        for username, first, last, language, roles, _description in DEMO_PEOPLE:
            users[username] = user_create(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                language=language,
            )
            for ags, role in roles:
                membership_grant(
                    user=users[username], municipality=municipality_get_by_ags(ags=ags), role=role
                )
        programme = programme_create(
            name="Integration workshops for inclusive cities",
            slug="integration-workshops",
            description="Two-day integration workshops, strategy within three months, monitoring.",
            managers=[users["programme"]],
        )
        for ags, phase_slug, started_on in DEMO_PROCESSES:
            process = process_start(
                programme=programme,
                municipality=municipality_get_by_ags(ags=ags),
                started_on=started_on,
            )
            _walk_to(process, PHASES_BY_SLUG[phase_slug], actor=users["programme"])


def _walk_to(process: Process, target, *, actor) -> None:
    while process.current_phase != target and phase_after(process.current_phase):
        process = process_advance(
            process=process, actor=actor, expected_phase_slug=process.current_phase_slug
        )


def demo_reset() -> None:
    call_command("flush", interactive=False, verbosity=0)
    demo_load()
