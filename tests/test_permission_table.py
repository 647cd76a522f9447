"""Every view for every role, anonymous included: allowed or denied, and how.

A row per view; each column is the HTTP status a role gets. 302 for anonymous is the redirect
to the log-in page; 404 hides another municipality's objects; 403 is a known object the role
may not change.
"""

import pytest
from django.urls import reverse

from cohesion.processes.phases import PHASES
from cohesion.processes.rules import ProcessPhase
from tests.factories import ConversationFactory, StatementFactory, UserFactory
from tests.invitations.helpers import kerpen_invitation, kerpen_quota

ROLES = [
    "anonymous",
    "manager",
    "coordinator",
    "moderator",
    "working_group_member",
    "other_coordinator",
    "outsider",
]


def _kerpen_process(w):
    return w.kerpen_process.pk


def _statistics_import(w, **fields):
    """An import by the programme manager, or (state="pending") Stuttgart's coordinator's file
    waiting for the programme's managers."""
    from cohesion.statistics.models import StatisticsImport

    pending = fields.get("state") == "pending"
    return StatisticsImport.objects.create(
        filename="12521-0041.csv",
        sha256="a" * 64,
        format="genesis-table",
        table_code="12521-0041",
        imported_by=w.other_coordinator if pending else w.manager,
        municipality=w.stuttgart if pending else None,
        **fields,
    ).pk


def _workshop(w):
    """Kerpen's workshop, made from the template by its moderator (once)."""
    from cohesion.workshops.selectors import workshop_of_process
    from cohesion.workshops.services import workshop_create

    return workshop_of_process(process=w.kerpen_process) or workshop_create(
        actor=w.moderator, process=w.kerpen_process
    )


def _board_url(name: str):
    """The board of the workshop's first brainstorm, its clusters and cards, and the candidates."""

    def url(w):
        from cohesion.workshops.models import Candidate, Card, Cluster

        workshop = _workshop(w)
        item = workshop.items.filter(kind="cards").order_by("day__phase_slug", "position")[0]
        if name in {"board", "board_suggest", "cluster_add"}:
            return reverse(f"workshops:{name}", args=[workshop.pk, item.pk])
        if name == "cluster":
            cluster = Cluster.objects.create(item=item, title={"de": "Sprache"})
            return reverse("workshops:cluster", args=[workshop.pk, cluster.pk, "rename"])
        if name == "card_move":
            card = Card.objects.create(item=item, text="Sprachkurse am Abend", language="de")
            return reverse("workshops:card_move", args=[workshop.pk, card.pk])
        if name == "candidate_delete":
            candidate = Candidate.objects.create(
                workshop=workshop, kind=Candidate.Kind.GOAL, title={"de": "Sprache"}
            )
            return reverse("workshops:candidate_delete", args=[workshop.pk, candidate.pk])
        return reverse(f"workshops:{name}", args=[workshop.pk])

    return url


def _workshop_url(name: str):
    def url(w):
        workshop = _workshop(w)
        if name in {"day", "item_add"}:
            return reverse(f"workshops:{name}", args=[workshop.pk, workshop.days.first().pk])
        if name == "item":
            return reverse("workshops:item", args=[workshop.pk, workshop.items.first().pk])
        if name == "item_action":
            item = workshop.items.first()
            return reverse("workshops:item_action", args=[workshop.pk, item.pk, "open"])
        # --- cards ---
        if name == "card_add":
            item = workshop.items.filter(kind="cards").first()
            return reverse("workshops:card_add", args=[workshop.pk, item.pk])
        if name == "card_action":
            from cohesion.workshops.models import Card

            item = workshop.items.filter(kind="cards").first()
            card = Card.objects.filter(item=item).first() or Card.objects.create(
                item=item, text="Idee", language="de"
            )
            return reverse("workshops:card_action", args=[workshop.pk, card.pk, "reject"])
        if name == "helper_remove":
            helper = UserFactory(username="interpreter")
            workshop.helpers.add(helper)
            return reverse("workshops:helper_remove", args=[workshop.pk, helper.pk])
        return reverse(f"workshops:{name}", args=[workshop.pk])

    return url


def _lottery_draw_url(name: str):
    """A draw of Kerpen's lottery (made for the row), and its pages."""

    def url(w):
        from tests.factories import LotteryDrawFactory

        return reverse(f"lottery:{name}", args=[LotteryDrawFactory(process=w.kerpen_process).pk])

    return url


def _staff_invitation(w):
    """An open invitation of Kerpen's coordinator for a moderator."""
    from tests.factories import StaffInvitationFactory

    return StaffInvitationFactory(process=w.kerpen_process, created_by=w.coordinator).pk


def _staff_invitation_link(w):
    import hashlib

    from cohesion.onboarding.models import StaffInvitation
    from tests.factories import StaffInvitationFactory

    hashed = hashlib.sha256(b"table-link").hexdigest()
    if not StaffInvitation.objects.filter(token_hash=hashed).exists():
        StaffInvitationFactory(
            process=w.kerpen_process, created_by=w.coordinator, token_hash=hashed
        )
    return "table-link"


# (name, method, url builder, statuses in ROLES order)
TABLE = [
    ("home", "get", lambda w: reverse("home"), [200, 200, 200, 200, 200, 200, 200]),
    ("health", "get", lambda w: reverse("core:health"), [200, 200, 200, 200, 200, 200, 200]),
    ("login", "get", lambda w: reverse("accounts:login"), [200, 302, 302, 302, 302, 302, 302]),
    (
        "language",
        "post",
        lambda w: reverse("accounts:language_set"),
        [302, 302, 302, 302, 302, 302, 302],
    ),
    (
        "municipality list",
        "get",
        lambda w: reverse("municipalities:list"),
        [302, 200, 200, 200, 200, 200, 200],
    ),
    (
        "own municipality",
        "get",
        lambda w: reverse("municipalities:detail", args=[w.kerpen.ags]),
        [302, 200, 200, 200, 200, 200, 200],  # registry facts are public official data
    ),
    (
        "other municipality",
        "get",
        lambda w: reverse("municipalities:detail", args=[w.stuttgart.ags]),
        [302, 200, 200, 200, 200, 200, 200],
    ),
    (
        "process",
        "get",
        lambda w: reverse("processes:detail", args=[_kerpen_process(w)]),
        [302, 200, 200, 200, 200, 404, 404],
    ),
    (
        "other process",
        "get",
        lambda w: reverse("processes:detail", args=[w.stuttgart_process.pk]),
        [302, 200, 404, 404, 404, 200, 404],
    ),
    *[
        (
            f"phase {phase.slug}",
            "get",
            lambda w, slug=phase.slug: reverse("processes:phase", args=[_kerpen_process(w), slug]),
            [302, 200, 200, 200, 200, 404, 404],
        )
        for phase in PHASES
    ],
    (
        "advance",
        "post",
        lambda w: reverse("processes:advance", args=[_kerpen_process(w)]),
        [302, 302, 302, 403, 403, 404, 404],
    ),
    (
        "advance confirmation",
        "get",
        lambda w: reverse("processes:advance", args=[_kerpen_process(w)]),
        [302, 200, 200, 403, 403, 404, 404],
    ),
    (
        "advance undo",
        "post",
        lambda w: reverse("processes:advance_undo", args=[_kerpen_process(w)]),
        [302, 302, 302, 403, 403, 404, 404],
    ),
    (
        "process status",
        "get",
        lambda w: reverse("processes:status", args=[_kerpen_process(w)]),
        [302, 200, 200, 200, 200, 404, 404],
    ),
    (
        "statistics",
        "get",
        lambda w: reverse("statistics:list"),
        [302, 200, 200, 200, 200, 200, 200],
    ),
    (
        "statistics upload",
        "get",
        lambda w: reverse("statistics:upload"),
        [302, 200, 200, 403, 403, 200, 403],
    ),
    *[
        (
            f"statistics {step} of an upload not in the session",
            "get",
            lambda w, step=step: reverse(f"statistics:{step}", args=["0" * 64]),
            [302, 404, 404, 403, 403, 404, 403],
        )
        for step in ("mapping", "preview")
    ],
    (
        "statistics import",
        "get",
        lambda w: reverse("statistics:detail", args=[_statistics_import(w)]),
        [302, 200, 200, 200, 200, 200, 200],  # what an import changed: public as the figures
    ),
    (
        "undo a statistics import",
        "get",
        lambda w: reverse("statistics:undo", args=[_statistics_import(w)]),
        [302, 200, 403, 403, 403, 403, 403],  # who brought the values, and programme managers
    ),
    (
        "statistics imports waiting for approval",
        "get",
        lambda w: reverse("statistics:pending"),
        [302, 200, 403, 403, 403, 403, 403],
    ),
    (
        "a statistics import waiting for approval",
        "get",
        lambda w: reverse(
            "statistics:pending_detail", args=[_statistics_import(w, state="pending")]
        ),
        [302, 200, 404, 404, 404, 404, 404],  # the managers of the coordinator's programme
    ),
    (
        "decide a statistics import",
        "post",
        lambda w: reverse(
            "statistics:pending_detail", args=[_statistics_import(w, state="pending")]
        ),
        [302, 302, 404, 404, 404, 404, 404],
    ),
    *[
        (
            f"profile {view}",
            "get",
            lambda w, view=view: reverse(f"indicators:{view}", args=[w.kerpen.ags]),
            [302, 200, 200, 200, 200, 200, 200],  # official statistics: public to the signed-in
        )
        for view in ("profile", "fact_sheet", "data")
    ],
    (
        "indicator catalogue",
        "get",
        lambda w: reverse("indicators:catalogue"),
        [302, 200, 200, 200, 200, 200, 200],
    ),
    (
        "peers",
        "get",
        lambda w: reverse("peers:compare", args=[w.kerpen.ags]),
        [302, 200, 200, 200, 200, 200, 200],
    ),
    (
        "change peers",
        "post",
        lambda w: reverse("peers:change", args=[w.kerpen.ags]),
        [302, 302, 302, 403, 403, 403, 403],  # the coordinator and the programme's managers
    ),
    (
        "opinion conversations",
        "get",
        lambda w: reverse("opinions:list", args=[w.kerpen_process.pk, "workshop-day-1"]),
        [302, 200, 200, 200, 200, 404, 404],
    ),
    (
        "start an opinion conversation",
        "post",
        lambda w: reverse("opinions:list", args=[w.kerpen_process.pk, "workshop-day-1"]),
        [302, 200, 200, 200, 403, 404, 404],  # the workshop day is the moderators' phase
    ),
    (
        "import an opinion conversation",
        "get",
        lambda w: reverse("opinions:import", args=[w.kerpen_process.pk, "strategy"]),
        [302, 200, 200, 403, 200, 404, 404],  # the strategy is the working group's phase
    ),
    *[
        (
            f"opinion conversation {name}",
            method,
            lambda w, view=view: reverse(
                view, args=[ConversationFactory(process=w.kerpen_process).pk]
            ),
            statuses,
        )
        for name, method, view, statuses in [
            ("page", "get", "opinions:manage", [302, 200, 200, 200, 200, 404, 404]),
            ("change", "post", "opinions:manage", [302, 200, 200, 200, 403, 404, 404]),
            # Every participant's votes: only for those who manage the conversation.
            ("export", "get", "opinions:export", [302, 200, 200, 200, 403, 404, 404]),
            # The statements and their counts, without authors: for all who see it.
            ("statements", "get", "opinions:export_comments", [302, 200, 200, 200, 200, 404, 404]),
        ]
    ],
    *[
        (
            f"delete an opinion statement ({method})",
            method,
            lambda w: reverse(
                "opinions:statement_delete",
                args=[
                    (
                        statement := StatementFactory(
                            conversation=ConversationFactory(process=w.kerpen_process)
                        )
                    ).conversation_id,
                    statement.pk,
                ],
            ),
            statuses,
        )
        for method, statuses in [
            ("get", [302, 200, 200, 200, 403, 404, 404]),  # the question
            ("post", [302, 302, 302, 302, 403, 404, 404]),  # deleted, back to the conversation
        ]
    ],
    # The live workshop: whoever edits the workshop days' phases (404 for everyone else, as
    # for another municipality's object: the workshop is nothing they see).
    (
        "workshop start",
        "get",
        lambda w: reverse("workshops:start", args=[_kerpen_process(w)]),
        [302, 200, 200, 200, 200, 404, 404],
    ),
    (
        "workshop start (post)",
        "post",
        lambda w: reverse("workshops:start", args=[_kerpen_process(w)]),
        [302, 302, 302, 302, 403, 404, 404],  # made, on to the agenda; a member may not
    ),
    *[
        (f"workshop {name} ({method})", method, _workshop_url(name), statuses)
        for name, method, statuses in [
            ("agenda", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("console", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("presenter", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("next", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("day", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("item_add", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("item_add", "post", [302, 200, 200, 200, 404, 404, 404]),  # the form, with errors
            ("item", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("item", "post", [302, 200, 200, 200, 404, 404, 404]),
            ("item_action", "post", [302, 302, 302, 302, 404, 404, 404]),
            # Helpers (tests/workshops/test_helpers.py): named and removed by the editors; they
            # run the console and translate; none of the roles here helps.
            ("helper_add", "post", [302, 302, 302, 302, 404, 404, 404]),  # no name: a message
            ("helper_remove", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("translate", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("card_add", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("card_action", "post", [302, 302, 302, 302, 404, 404, 404]),
        ]
    ],
    # The workshop's documentation (the day's PDF, the raw data): for those who run it.
    *[
        (f"workshop {name}", "get", url, [302, 200, 200, 200, 404, 404, 404])
        for name, url in [
            (
                "day_pdf",
                lambda w: reverse(
                    "workshops:day_pdf", args=[_workshop(w).pk, _workshop(w).days.first().pk]
                ),
            ),
            ("export_xlsx", lambda w: reverse("workshops:export_xlsx", args=[_workshop(w).pk])),
            ("export_csv", lambda w: reverse("workshops:export_csv", args=[_workshop(w).pk])),
        ]
    ],
    (
        "workshops I help with",
        "get",
        lambda w: reverse("workshops:helping"),
        [302, 200, 200, 200, 200, 200, 200],  # everyone's own list, empty here
    ),
    # The board and the candidates: the same people (the brainstorm is on a workshop day).
    *[
        (f"workshop {name} ({method})", method, _board_url(name), statuses)
        for name, method, statuses in [
            ("board", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("board_suggest", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("cluster_add", "post", [302, 302, 302, 302, 404, 404, 404]),  # no title: a message
            ("cluster", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("card_move", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("candidates", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("candidate_measure", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("candidate_delete", "post", [302, 302, 302, 302, 404, 404, 404]),
        ]
    ],
    # A workshop participant needs no account, only the device cookie (none here: the room
    # and the answer form send to the join page; joining sends to the room).
    *[
        (
            f"workshop participant {view} ({method})",
            method,
            lambda w, view=view: reverse(f"participate:{view}", args=[_workshop(w).code]),
            statuses,
        )
        for view, method, statuses in [
            ("workshop", "get", [302] * 7),
            ("workshop_join", "get", [200] * 7),
            ("workshop_join", "post", [302] * 7),
            ("workshop_answer", "post", [302] * 7),
            ("workshop_card", "post", [302] * 7),
            ("workshop_upvote", "post", [302] * 7),
        ]
    ],
    ("join by code", "get", lambda w: reverse("participate:join"), [200] * 7),
    # A participant's own data needs no account: the device cookie is the key (none here, so
    # each sees an empty page; tests/participation try other devices' tokens).
    ("own data", "get", lambda w: reverse("participate:own_data"), [200] * 7),
    ("own data download", "get", lambda w: reverse("participate:own_data_download"), [200] * 7),
    ("own data erase page", "get", lambda w: reverse("participate:own_data_erase"), [200] * 7),
    ("own data erase", "post", lambda w: reverse("participate:own_data_erase"), [302] * 7),
    (
        "join QR code",
        "get",
        lambda w: reverse(
            "participate:join_qr", args=[ConversationFactory(process=w.kerpen_process).code]
        ),
        [200] * 7,  # the code's page is public; a wrong code counts against the address
    ),
    *[
        (
            f"participant {view}",
            method,
            lambda w, view=view: reverse(
                f"participate:{view}", args=[ConversationFactory(process=w.kerpen_process).code]
            ),
            statuses,
        )
        for view, method, statuses in [
            ("vote", "get", [200] * 7),  # no account needed
            ("map", "get", [200] * 7),
            ("map_status", "get", [200] * 7),  # when the map was drawn: nothing personal
            ("submit", "post", [302] * 7),  # an empty statement: a message, back to the page
        ]
    ],
    (
        "audit trail",
        "get",
        lambda w: reverse("audit:trail"),
        [302, 200, 200, 403, 403, 200, 403],  # coordinators and managers, each their own part
    ),
    (
        "logout",
        "post",
        lambda w: reverse("accounts:logout"),
        [302, 302, 302, 302, 302, 302, 302],
    ),
    # The fair lottery: whoever edits the preparation phase; 404 for everyone else.
    (
        "lottery method",
        "get",
        lambda w: reverse("lottery:method"),
        [200] * 7,  # public: how the lottery chooses
    ),
    (
        "lottery process",
        "get",
        lambda w: reverse("lottery:process", args=[_kerpen_process(w)]),
        [302, 200, 200, 200, 404, 404, 404],
    ),
    (
        "lottery process (post)",
        "post",
        lambda w: reverse("lottery:process", args=[_kerpen_process(w)]),
        [302, 400, 400, 400, 404, 404, 404],  # no pool uploaded: the form says so
    ),
    *[
        (f"lottery {name}", method, _lottery_draw_url(name), statuses)
        for name, method, statuses in [
            ("draw", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("export_csv", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("export_xlsx", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("delete", "post", [302, 302, 302, 302, 404, 404, 404]),
        ]
    ],
    # Mixed tables: those who edit the first workshop day (a member and others: not found).
    (
        "seating",
        "get",
        lambda w: reverse("seating:seating", args=[_kerpen_process(w)]),
        [302, 200, 200, 200, 404, 404, 404],
    ),
    (
        "seating (post)",
        "post",
        lambda w: reverse("seating:seating", args=[_kerpen_process(w)]),
        [302, 400, 400, 400, 404, 404, 404],  # no numbers given: the form answers
    ),
    *[
        (f"seating {name} ({method})", method, url, statuses)
        for name, method, url, statuses in [
            ("plan", "get", lambda w: _seating_url(w, "plan"), [302, 200, 200, 200, 404, 404, 404]),
            (
                "pdf",
                "get",
                lambda w: _seating_url(w, "pdf", "cards"),
                [302, 200, 200, 200, 404, 404, 404],
            ),
            (
                "export",
                "get",
                lambda w: _seating_url(w, "export", "csv"),
                [302, 200, 200, 200, 404, 404, 404],
            ),
            (
                "delete",
                "post",
                lambda w: _seating_url(w, "delete"),
                [302, 302, 302, 302, 404, 404, 404],
            ),
        ]
    ],
    *[
        (f"onboarding {name}", method, url, statuses)
        for name, method, url, statuses in [
            (
                "programmes",
                "get",
                lambda w: reverse("onboarding:programmes"),
                [302, 200, 200, 200, 200, 200, 200],  # each sees the programmes they manage
            ),
            (
                "programme",
                "get",
                lambda w: reverse("onboarding:programme", args=[w.programme.pk]),
                [302, 200, 404, 404, 404, 404, 404],
            ),
            (
                "add municipality",
                "post",
                lambda w: reverse("onboarding:programme", args=[w.programme.pk]),
                [302, 400, 404, 404, 404, 404, 404],  # an empty form: 400 and the reason
            ),
            (
                "team",
                "get",
                lambda w: reverse("onboarding:team", args=[_kerpen_process(w)]),
                [302, 200, 200, 200, 200, 404, 404],
            ),
            (
                "invite",
                "post",
                lambda w: reverse("onboarding:invite", args=[_kerpen_process(w)]),
                [302, 400, 400, 403, 403, 404, 404],
            ),
            (
                "invitation revoke",
                "post",
                lambda w: reverse(
                    "onboarding:invitation_revoke",
                    args=[_kerpen_process(w), _staff_invitation(w)],
                ),
                [302, 302, 302, 403, 403, 404, 404],
            ),
            (
                "invitation resend",
                "post",
                lambda w: reverse(
                    "onboarding:invitation_resend",
                    args=[_kerpen_process(w), _staff_invitation(w)],
                ),
                [302, 302, 302, 403, 403, 404, 404],
            ),
            (
                "role remove",
                "post",
                lambda w: reverse(
                    "onboarding:role_remove",
                    args=[
                        _kerpen_process(w),
                        w.working_group_member.memberships.get(municipality=w.kerpen).pk,
                    ],
                ),
                [302, 302, 302, 403, 403, 404, 404],
            ),
            (
                "commitment",
                "get",
                lambda w: reverse("onboarding:commitment", args=[_kerpen_process(w)]),
                [302, 200, 200, 200, 200, 404, 404],
            ),
            (
                "commitment record",
                "post",
                lambda w: reverse("onboarding:commitment", args=[_kerpen_process(w)]),
                [302, 400, 400, 403, 403, 404, 404],  # an empty form: 400 and the reasons
            ),
            (
                "commitment override",
                "post",
                lambda w: reverse("onboarding:commitment_override", args=[_kerpen_process(w)]),
                [302, 400, 403, 403, 403, 404, 404],  # programme managers only
            ),
            (
                "commitment letter",
                "get",
                lambda w: reverse("onboarding:commitment_letter", args=[_kerpen_process(w)]),
                # No letter stored: 404 for all; who downloads one: tests/onboarding.
                [302, 404, 404, 404, 404, 404, 404],
            ),
            (
                "invitation accept page",
                "get",
                lambda w: reverse("onboarding:accept", args=[_staff_invitation_link(w)]),
                [200] * 7,  # the link is the key; logged in as another account: a notice
            ),
            (
                "invitation accept",
                "post",
                lambda w: reverse("onboarding:accept", args=[_staff_invitation_link(w)]),
                [400] * 7,  # no user name or password: 400 and the reasons
            ),
        ]
    ],
    # The stakeholder map: the preparation phase's editors change it; everyone who sees the
    # process sees its organisations; people only their editors (404 for the others).
    *[
        (f"stakeholders {name} ({method})", method, url, statuses)
        for name, method, url, statuses in [
            (
                "map",
                "get",
                lambda w: reverse("stakeholders:map", args=[w.kerpen_process.pk]),
                [302, 200, 200, 200, 200, 404, 404],
            ),
            (
                "organisation add",
                "get",
                lambda w: reverse("stakeholders:organisation_add", args=[w.kerpen_process.pk]),
                [302, 200, 200, 200, 403, 404, 404],
            ),
            (
                "organisation add",
                "post",  # no name: the form again, 400
                lambda w: reverse("stakeholders:organisation_add", args=[w.kerpen_process.pk]),
                [302, 400, 400, 400, 403, 404, 404],
            ),
            (
                "organisation",
                "get",
                lambda w: reverse("stakeholders:organisation", args=[_kerpen_organisation(w).pk]),
                [302, 200, 200, 200, 403, 404, 404],
            ),
            (
                "organisation delete",
                "post",
                lambda w: reverse(
                    "stakeholders:organisation_delete", args=[_kerpen_organisation(w).pk]
                ),
                [302, 302, 302, 302, 403, 404, 404],
            ),
            (
                "relation add",
                "post",  # no organisations chosen: a message, back to the map
                lambda w: reverse("stakeholders:relation_add", args=[w.kerpen_process.pk]),
                [302, 302, 302, 302, 403, 404, 404],
            ),
            (
                "relation delete",
                "post",
                lambda w: reverse("stakeholders:relation_delete", args=[_kerpen_relation(w).pk]),
                [302, 302, 302, 302, 403, 404, 404],
            ),
            (
                "person add",
                "get",
                lambda w: reverse("stakeholders:person_add", args=[w.kerpen_process.pk]),
                [302, 200, 200, 200, 403, 404, 404],
            ),
            (
                "person",
                "get",
                lambda w: reverse("stakeholders:person", args=[_kerpen_person(w).pk]),
                [302, 200, 200, 200, 404, 404, 404],
            ),
            (
                "person edit",
                "get",
                lambda w: reverse("stakeholders:person_edit", args=[_kerpen_person(w).pk]),
                [302, 200, 200, 200, 404, 404, 404],
            ),
            (
                "person consent",
                "post",  # consent not ticked: recorded as withdrawn
                lambda w: reverse("stakeholders:person_consent", args=[_kerpen_person(w).pk]),
                [302, 302, 302, 302, 404, 404, 404],
            ),
            (
                "person data",
                "get",
                lambda w: reverse("stakeholders:person_data", args=[_kerpen_person(w).pk, "json"]),
                [302, 200, 200, 200, 404, 404, 404],
            ),
            (
                "person erase",
                "get",
                lambda w: reverse("stakeholders:person_erase", args=[_kerpen_person(w).pk]),
                [302, 200, 200, 200, 404, 404, 404],
            ),
            (
                "person erase",
                "post",
                lambda w: reverse("stakeholders:person_erase", args=[_kerpen_person(w).pk]),
                [302, 302, 302, 302, 404, 404, 404],
            ),
            (
                "import",
                "get",
                lambda w: reverse("stakeholders:import", args=[w.kerpen_process.pk]),
                [302, 200, 200, 200, 403, 404, 404],
            ),
            (
                "import",
                "post",  # no file: 400 with the form
                lambda w: reverse("stakeholders:import", args=[w.kerpen_process.pk]),
                [302, 400, 400, 400, 403, 404, 404],
            ),
            (
                "import preview",
                "get",
                lambda w: _kerpen_upload_url(w),
                [302, 404, 404, 200, 403, 404, 404],
            ),
            (
                "import preview",
                "post",
                lambda w: _kerpen_upload_url(w),
                [302, 404, 404, 302, 403, 404, 404],
            ),
            (
                "template",
                "get",
                lambda w: reverse("stakeholders:template", args=["csv"]),
                [302, 200, 200, 200, 200, 200, 200],
            ),
            (
                "export",
                "get",
                lambda w: reverse("stakeholders:export", args=[w.kerpen_process.pk, "xlsx"]),
                [302, 200, 200, 200, 200, 404, 404],
            ),
        ]
    ],
    # --- invitations: the room's mix (preparers of Kerpen's room), the invitee's link (anyone
    # holding the key), the check-in by QR code ---
    *[
        (
            f"invitations {view} ({method})",
            method,
            lambda w, view=view: reverse(f"invitations:{view}", args=[w.kerpen_process.pk]),
            statuses,
        )
        for view, method, statuses in [
            ("list", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("list", "post", [302, 400, 400, 400, 404, 404, 404]),  # nobody chosen
            ("letters", "get", [302, 302, 302, 302, 404, 404, 404]),  # no letter yet
            ("quotas", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("quotas", "post", [302, 400, 400, 400, 404, 404, 404]),  # an empty row
            ("prefill", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("room_size", "post", [302, 302, 302, 302, 404, 404, 404]),
            ("gaps", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("gaps_live", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("gaps_csv", "get", [302, 200, 200, 200, 404, 404, 404]),
            ("check_in_list", "get", [302, 200, 200, 200, 404, 404, 404]),
        ]
    ],
    (
        "invitations revoke",
        "post",
        lambda w: reverse(
            "invitations:revoke", args=[w.kerpen_process.pk, kerpen_invitation(w).pk]
        ),
        [302, 302, 302, 302, 404, 404, 404],
    ),
    (
        "invitations quota edit",
        "post",
        lambda w: reverse("invitations:quota_edit", args=[w.kerpen_process.pk, kerpen_quota(w).pk]),
        [302, 302, 302, 302, 404, 404, 404],  # an empty form: a message, back to the table
    ),
    (
        "invitations quota delete",
        "post",
        lambda w: reverse(
            "invitations:quota_delete", args=[w.kerpen_process.pk, kerpen_quota(w).pk]
        ),
        [302, 302, 302, 302, 404, 404, 404],
    ),
    (
        "invitations check-in by QR code",
        "get",
        lambda w: reverse("invitations:check_in", args=[kerpen_invitation(w).key]),
        [302, 200, 200, 200, 404, 404, 404],
    ),
    # The invitee's pages need no account: the key is the permission.
    *[
        (
            f"invitations {view}",
            "get",
            lambda w, view=view: reverse(f"invitations:{view}", args=[kerpen_invitation(w).key]),
            [200] * 7,
        )
        for view in ("rsvp", "rsvp_data", "rsvp_erase")
    ],
    # An import running in the background is seen by the person who started it only.
    *[
        (
            f"statistics import {view}",
            "get",
            lambda w, view=view: reverse(f"statistics:{view}", args=[_import_run(w)]),
            [302, 200, 404, 404, 404, 404, 404],
        )
        for view in ("run", "run_status")
    ],
    # The strategy: the strategy phase's editors (the working group while the phase is not
    # done, the coordinator, managers) change it; everyone who sees the process reads it.
    *[
        (f"strategies {name} ({method})", method, url, statuses)
        for name, method, url, statuses in [
            (
                "strategy",
                "get",
                lambda w: reverse("strategies:strategy", args=[_strategy(w).process_id]),
                [302, 200, 200, 200, 200, 404, 404],
            ),
            (
                "start",
                "post",
                lambda w: reverse("strategies:start", args=[w.kerpen_process.pk]),
                [302, 302, 302, 403, 302, 404, 404],
            ),
            *[
                (name, method, url, statuses)
                for view, url_of in [
                    ("edit", lambda w: _strategy(w).pk),
                    ("field_add", lambda w: _strategy(w).pk),
                    ("field_edit", lambda w: _strategy_field(w).pk),
                    ("goal_add", lambda w: _strategy_field(w).pk),
                    ("goal_edit", lambda w: _strategy_goal(w).pk),
                    ("measure_add", lambda w: _strategy_goal(w).pk),
                    ("indicator_add", lambda w: _strategy_goal(w).pk),
                    ("measure_edit", lambda w: _strategy_measure(w).pk),
                    ("milestone_add", lambda w: _strategy_measure(w).pk),
                    ("milestone_edit", lambda w: _strategy_milestone(w).pk),
                ]
                for name, method, url, statuses in [
                    (
                        view,
                        "get",
                        lambda w, view=view, url_of=url_of: reverse(
                            f"strategies:{view}", args=[url_of(w)]
                        ),
                        [302, 200, 200, 403, 200, 404, 404],
                    ),
                    (
                        view,
                        "post",  # nothing filled in: the form again, 400
                        lambda w, view=view, url_of=url_of: reverse(
                            f"strategies:{view}", args=[url_of(w)]
                        ),
                        [302, 400, 400, 403, 400, 404, 404],
                    ),
                ]
            ],
            *[
                (
                    view,
                    "get",
                    lambda w, view=view, url_of=url_of: reverse(
                        f"strategies:{view}", args=[url_of(w)]
                    ),
                    [302, 200, 200, 200, 200, 404, 404],
                )
                for view, url_of in [
                    ("goal", lambda w: _strategy_goal(w).pk),
                    ("measure", lambda w: _strategy_measure(w).pk),
                    ("indicator", lambda w: _strategy_indicator(w).pk),
                    ("candidates", lambda w: _strategy(w).pk),
                    ("history", lambda w: _strategy(w).pk),
                ]
            ],
            *[
                (
                    view,
                    "post",
                    lambda w, view=view, url_of=url_of: reverse(
                        f"strategies:{view}", args=url_of(w)
                    ),
                    statuses,
                )
                for view, url_of, statuses in [
                    # An own indicator without a name, an actual value without one: 400.
                    (
                        "indicator",
                        lambda w: [_strategy_indicator(w).pk],
                        [302, 400, 400, 403, 400, 404, 404],
                    ),
                    (
                        "actual_add",
                        lambda w: [_strategy_indicator(w).pk],
                        [302, 400, 400, 403, 400, 404, 404],
                    ),
                    # An empty field of action goes; no direction: a message; both back.
                    (
                        "field_delete",
                        lambda w: [_strategy_field(w).pk],
                        [302, 302, 302, 403, 302, 404, 404],
                    ),
                    (
                        "field_move",
                        lambda w: [_strategy_field(w).pk],
                        [302, 302, 302, 403, 302, 404, 404],
                    ),
                    (
                        "goal_delete",
                        lambda w: [_strategy_goal(w).pk],
                        [302, 302, 302, 403, 302, 404, 404],
                    ),
                    (
                        "measure_delete",
                        lambda w: [_strategy_measure(w).pk],
                        [302, 302, 302, 403, 302, 404, 404],
                    ),
                    (
                        "candidate_goal",
                        lambda w: [_strategy(w).pk, _strategy_candidate(w).pk],
                        [302, 302, 302, 403, 302, 404, 404],
                    ),
                    (
                        "candidate_measure",  # no goal chosen: a message, back
                        lambda w: [_strategy(w).pk, _strategy_candidate(w).pk],
                        [302, 302, 302, 403, 302, 404, 404],
                    ),
                ]
            ],
        ]
    ],
    # The strategy as documents: whoever reads the strategy downloads it.
    (
        "strategies documents",
        "get",
        lambda w: reverse("strategies:documents", args=[_strategy(w).pk]),
        [302, 200, 200, 200, 200, 404, 404],
    ),
    (
        "strategies document (json)",
        "get",
        lambda w: reverse("strategies:document", args=[_strategy(w).pk, "json"]),
        [302, 200, 200, 200, 200, 404, 404],
    ),
    # The project inventory: the preparation phase's editors keep it (and rate, as do day 1's);
    # everyone who sees the process reads it; other municipalities get 404.
    *[
        (f"projects {name} ({method})", method, url, statuses)
        for name, method, url, statuses in [
            (
                "list",
                "get",
                lambda w: _projects_url(w, "list"),
                [302, 200, 200, 200, 200, 404, 404],
            ),
            ("add", "get", lambda w: _projects_url(w, "add"), [302, 200, 200, 200, 403, 404, 404]),
            # No name: the form again, 400.
            ("add", "post", lambda w: _projects_url(w, "add"), [302, 400, 400, 400, 403, 404, 404]),
            (
                "gaps",
                "get",
                lambda w: _projects_url(w, "gaps"),
                [302, 200, 200, 200, 200, 404, 404],
            ),
            (
                "export",
                "get",
                lambda w: reverse("projects:export", args=[w.kerpen_process.pk, "xlsx"]),
                [302, 200, 200, 200, 200, 404, 404],
            ),
            (
                "detail",
                "get",
                lambda w: _project_url(w, "detail"),
                [302, 200, 200, 200, 200, 404, 404],
            ),
            ("edit", "get", lambda w: _project_url(w, "edit"), [302, 200, 200, 200, 403, 404, 404]),
            (
                "edit",
                "post",
                lambda w: _project_url(w, "edit"),
                [302, 400, 400, 400, 403, 404, 404],
            ),
            (
                "delete",
                "get",
                lambda w: _project_url(w, "delete"),
                [302, 200, 200, 200, 403, 404, 404],
            ),
            (
                "delete",
                "post",
                lambda w: _project_url(w, "delete"),
                [302, 302, 302, 302, 403, 404, 404],
            ),
            ("rate", "get", lambda w: _project_url(w, "rate"), [302, 200, 200, 200, 403, 404, 404]),
            # No score: the form again, 400.
            (
                "rate",
                "post",
                lambda w: _project_url(w, "rate"),
                [302, 400, 400, 400, 403, 404, 404],
            ),
            # No action: a message, back to the project.
            (
                "rating item",
                "post",
                lambda w: _project_url(w, "rating_item"),
                [302, 302, 302, 302, 403, 404, 404],
            ),
        ]
    ],
    # Monitoring: the monitoring phase's editors (the working group while the phase is not
    # done, the coordinator, managers) report; everyone who sees the process reads. A bulk
    # upload is its uploader's; a notification its person's.
    *[
        (f"monitoring {name} ({method})", method, url, statuses)
        for name, method, url, statuses in [
            *[
                (
                    view,
                    "get",
                    lambda w, view=view: reverse(
                        f"monitoring:{view}", args=[_strategy(w).process_id]
                    ),
                    [302, 200, 200, 200, 200, 404, 404],
                )
                for view in ("dashboard", "year_report")
            ],
            (
                "climate_follow_up",  # no workshop: nothing to copy, a message, back
                "post",
                lambda w: reverse("monitoring:climate_follow_up", args=[_strategy(w).process_id]),
                [302, 302, 302, 403, 302, 404, 404],
            ),
            (
                "measure",
                "get",
                lambda w: reverse("monitoring:measure", args=[_strategy_measure(w).pk]),
                [302, 200, 200, 200, 200, 404, 404],
            ),
            (
                "measure",
                "post",  # no status: the form again, 400
                lambda w: reverse("monitoring:measure", args=[_strategy_measure(w).pk]),
                [302, 400, 400, 403, 400, 404, 404],
            ),
            (
                "actual_add",
                "get",
                lambda w: reverse("monitoring:actual_add", args=[_strategy_indicator(w).pk]),
                [302, 200, 200, 403, 200, 404, 404],
            ),
            (
                "actual_add",
                "post",  # no value: the form again, 400
                lambda w: reverse("monitoring:actual_add", args=[_strategy_indicator(w).pk]),
                [302, 400, 400, 403, 400, 404, 404],
            ),
            (
                "milestone_done",
                "post",  # no day: not done, back
                lambda w: reverse("monitoring:milestone_done", args=[_strategy_milestone(w).pk]),
                [302, 302, 302, 403, 302, 404, 404],
            ),
            (
                "bulk_upload",
                "get",
                lambda w: reverse("monitoring:bulk_upload", args=[_strategy(w).pk]),
                [302, 200, 200, 403, 200, 404, 404],
            ),
            (
                "bulk_upload",
                "post",  # no file: the form again, 400
                lambda w: reverse("monitoring:bulk_upload", args=[_strategy(w).pk]),
                [302, 400, 400, 403, 400, 404, 404],
            ),
            (
                "bulk_template",
                "get",
                lambda w: reverse("monitoring:bulk_template", args=[_strategy(w).pk, "csv"]),
                [302, 200, 200, 403, 200, 404, 404],
            ),
            (
                "bulk_preview",
                "get",
                lambda w: _monitoring_upload_url(w),
                [302, 404, 200, 403, 404, 404, 404],
            ),
            (
                "bulk_preview",
                "post",  # the coordinator's valid file: applied, to the dashboard
                lambda w: _monitoring_upload_url(w),
                [302, 404, 302, 403, 404, 404, 404],
            ),
            (
                "notifications",
                "get",
                lambda w: reverse("monitoring:notifications"),
                [302, 200, 200, 200, 200, 200, 200],
            ),
            (
                "notifications_read_all",
                "post",
                lambda w: reverse("monitoring:notifications_read_all"),
                [302, 302, 302, 302, 302, 302, 302],
            ),
            (
                "notification_read",
                "post",
                lambda w: reverse(
                    "monitoring:notification_read", args=[_monitoring_notification(w)]
                ),
                [302, 404, 302, 404, 404, 404, 404],
            ),
        ]
    ],
    # Comments (every reader writes them), assignments (the editors give them; the assignee or
    # an editor ticks one off), versions, the consultation (the coordinator and managers open
    # and close it, the editors moderate), the council decision (the coordinator and managers).
    *[
        (f"strategies {name} ({method})", method, url, statuses)
        for name, method, url, statuses in [
            *[
                (
                    view,
                    "get",
                    lambda w, view=view: reverse(f"strategies:{view}", args=[_strategy(w).pk]),
                    [302, 200, 200, 200, 200, 404, 404],
                )
                for view in ("comments", "assignments", "versions", "consultation")
            ],
            (
                "comments",
                "post",  # nothing written: the form again
                lambda w: reverse("strategies:comments", args=[_strategy(w).pk]),
                [302, 400, 400, 400, 400, 404, 404],
            ),
            (
                "assignments",
                "post",
                lambda w: reverse("strategies:assignments", args=[_strategy(w).pk]),
                [302, 400, 400, 403, 400, 404, 404],
            ),
            (
                "my_assignments",
                "get",
                lambda w: reverse("strategies:my_assignments"),
                [302, 200, 200, 200, 200, 200, 200],
            ),
            (
                "assignment_done",
                "post",  # the working group member's: the moderator may not tick it off
                lambda w: reverse("strategies:assignment_done", args=[_strategy_assignment(w).pk]),
                [302, 302, 302, 403, 302, 404, 404],
            ),
            (
                "version_save",
                "post",
                lambda w: reverse("strategies:version_save", args=[_strategy(w).pk]),
                [302, 302, 302, 403, 302, 404, 404],
            ),
            (
                "version_compare",
                "get",  # no versions chosen: the form again
                lambda w: reverse("strategies:version_compare", args=[_strategy(w).pk]),
                [302, 400, 400, 400, 400, 404, 404],
            ),
            (
                "consultation_open",
                "post",
                lambda w: reverse("strategies:consultation_open", args=[_strategy(w).pk]),
                [302, 302, 302, 403, 403, 404, 404],
            ),
            *[
                (
                    view,
                    "post",  # no goals for an opinion map: a message, back
                    lambda w, view=view: reverse(
                        f"strategies:{view}", args=[_strategy_consultation(w).pk]
                    ),
                    [302, 302, 302, 403, 403, 404, 404],
                )
                for view in ("consultation_opinion_map", "consultation_close")
            ],
            (
                "consultation_comment_moderate",
                "post",  # no state: a message, back
                lambda w: reverse(
                    "strategies:consultation_comment_moderate",
                    args=[_strategy_consultation_comment(w).pk],
                ),
                [302, 302, 302, 403, 302, 404, 404],
            ),
            (
                "adopt",
                "get",
                lambda w: reverse("strategies:adopt", args=[_strategy(w).pk]),
                [302, 200, 200, 403, 403, 404, 404],
            ),
            (
                "adopt",
                "post",
                lambda w: reverse("strategies:adopt", args=[_strategy(w).pk]),
                [302, 400, 400, 403, 403, 404, 404],
            ),
        ]
    ],
    # The public pages need no account: the adopted strategy and the open consultation.
    (
        "strategy public page",
        "get",
        lambda w: reverse("strategy_public:strategy", args=[_strategy_adopted(w)]),
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "strategy public decision",  # adopted without a document: nothing to download
        "get",
        lambda w: reverse("strategy_public:decision", args=[_strategy_adopted(w)]),
        [404, 404, 404, 404, 404, 404, 404],
    ),
    (
        "strategy public consultation",
        "get",
        lambda w: reverse("strategy_public:consultation", args=[_strategy_consultation(w).ags]),
        [200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "strategy public consultation",
        "post",  # no comment: the form again
        lambda w: reverse("strategy_public:consultation", args=[_strategy_consultation(w).ags]),
        [400, 400, 400, 400, 400, 400, 400],
    ),
]


def _import_run(w):
    from cohesion.statistics.models import ImportRun

    return ImportRun.objects.create(
        token="a" * 64, filename="12521-0041.csv", requested_by=w.manager, state="reading"
    ).pk


def _seating_url(w, name: str, *extra):
    """A seating plan of Kerpen's process (demo data)."""
    from tests.factories import SeatingPlanFactory

    plan = SeatingPlanFactory(process=w.kerpen_process)
    return reverse(f"seating:{name}", args=[w.kerpen_process.pk, plan.pk, *extra])


@pytest.mark.parametrize(
    ("name", "method", "url", "statuses"), TABLE, ids=[row[0] for row in TABLE]
)
@pytest.mark.parametrize("role_index", range(len(ROLES)), ids=ROLES)
def test_permission_table(client, world, name, method, url, statuses, role_index):
    role = ROLES[role_index]
    user = world.by_role(role)
    if user is not None:
        client.force_login(user)
    data = {"language": "en", "expected_phase": "commitment"} if method == "post" else None
    response = getattr(client, method)(url(world), data)
    assert response.status_code == statuses[role_index], (name, role)
    # Participants take part without an account: their pages never send them to the log-in.
    without_account = {"language", "logout", "participant submit", "own data erase"}
    if (
        role == "anonymous"
        and response.status_code == 302
        and name not in without_account
        and not name.startswith("workshop participant")
    ):
        assert response["Location"].startswith(reverse("accounts:login"))
    if name == "other municipality" and role not in {"manager", "other_coordinator"}:
        # The registry page is public; Stuttgart's process is not.
        assert f"/processes/{world.stuttgart_process.pk}/" not in response.content.decode()
    if response.status_code == 404:
        # Nothing of the other municipality shows through the error page.
        assert world.stuttgart.name.encode() not in response.content
        assert world.kerpen.name.encode() not in response.content


# Which roles shape which phase's content (role × phase), Kerpen's people on Kerpen's process.
PHASE_EDITORS = {
    "manager": {phase.slug for phase in PHASES},
    "coordinator": {phase.slug for phase in PHASES},
    "moderator": {"preparation", "workshop-day-1", "workshop-day-2"},
    "working_group_member": {"strategy", "monitoring"},
    "other_coordinator": set(),
    "outsider": set(),
}


@pytest.mark.parametrize("role", list(PHASE_EDITORS))
def test_change_phase_by_role_and_phase(world, role):
    user = world.by_role(role)
    allowed = {
        phase.slug
        for phase in PHASES
        if user.has_perm(
            "processes.change_phase", ProcessPhase(process=world.kerpen_process, phase=phase)
        )
    }
    assert allowed == PHASE_EDITORS[role]


def test_anonymous_holds_no_permission(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    for perm in ("view_process", "advance_process", "change_phase", "start_process"):
        obj = ProcessPhase(process=world.kerpen_process, phase=PHASES[0])
        assert not anonymous.has_perm(f"processes.{perm}", obj)


def _route_names(patterns, namespace=""):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _route_names(pattern.url_patterns, inner)
        elif pattern.name:
            yield f"{namespace}{pattern.name}"


def test_the_table_walks_every_view(world):
    """A new view without a row in TABLE fails here, so no page escapes the permission table."""
    from django.urls import get_resolver, resolve

    covered = {resolve(url(world)).view_name for _name, _method, url, _statuses in TABLE}
    assert covered == set(_route_names(get_resolver().url_patterns))


# The stakeholder map's objects in Kerpen (the rows above call these when they run).


def _kerpen_organisation(w):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(process=w.kerpen_process)


def _kerpen_person(w):
    from tests.factories import StakeholderFactory

    return StakeholderFactory(process=w.kerpen_process)


def _kerpen_relation(w):
    from cohesion.stakeholders.models import OrganisationRelation

    return OrganisationRelation.objects.create(
        source=_kerpen_organisation(w), target=_kerpen_organisation(w), kind="funds"
    )


def _kerpen_upload_url(w):
    """A list the moderator uploaded: only they preview it."""
    from cohesion.stakeholders.services import stakeholder_upload_store

    upload = stakeholder_upload_store(
        actor=w.moderator,
        process=w.kerpen_process,
        filename="list.csv",
        data=b"kind,name,target_group\nclub,TuS (demo data),civil_society\n",
    )
    return reverse("stakeholders:import_preview", args=[w.kerpen_process.pk, upload.token])


# Kerpen's strategy and its parts (the rows above call these when they run).


def _strategy(w):
    from cohesion.strategies.selectors import strategy_of_process
    from cohesion.strategies.services import strategy_create

    return strategy_of_process(process=w.kerpen_process) or strategy_create(
        actor=w.coordinator, process=w.kerpen_process, language="de"
    )


def _strategy_field(w):
    from cohesion.strategies.services import field_of_action_create

    return field_of_action_create(actor=w.coordinator, strategy=_strategy(w), title={"de": "Sport"})


def _strategy_goal(w):
    from cohesion.strategies.services import goal_create

    return goal_create(
        actor=w.coordinator, field_of_action=_strategy_field(w), title={"de": "Ziel"}
    )


def _strategy_measure(w):
    from cohesion.strategies.services import measure_create

    return measure_create(actor=w.coordinator, goal=_strategy_goal(w), title={"de": "Maßnahme"})


def _strategy_milestone(w):
    import datetime

    from cohesion.strategies.services import milestone_create

    return milestone_create(
        actor=w.coordinator,
        measure=_strategy_measure(w),
        due=datetime.date(2027, 6, 1),
        title={"de": "Start"},
    )


def _strategy_indicator(w):
    from cohesion.strategies.services import indicator_create

    return indicator_create(actor=w.coordinator, goal=_strategy_goal(w), name={"de": "Kurse"})


def _strategy_candidate(w):
    from cohesion.workshops.models import Candidate

    return Candidate.objects.create(
        workshop=_workshop(w), kind=Candidate.Kind.GOAL, title={"de": "Sprache"}
    )


# The project inventory's pages in Kerpen (a project made for each row).


def _projects_url(w, name: str):
    return reverse(f"projects:{name}", args=[w.kerpen_process.pk])


def _project_url(w, name: str):
    from tests.factories import ProjectFactory

    return reverse(f"projects:{name}", args=[ProjectFactory(process=w.kerpen_process).pk])


# Monitoring's objects in Kerpen (the rows above call these when they run).


def _monitoring_upload_url(w):
    """A file of the coordinator's that sets a Kerpen measure's progress."""
    import secrets

    from cohesion.monitoring.models import BulkUpload

    measure = _strategy_measure(w)
    upload = BulkUpload.objects.create(
        strategy=measure.strategy,
        token=secrets.token_urlsafe(32),
        filename="measures.csv",
        data=f"ID;Fortschritt\n{measure.pk};40\n".encode(),
        uploaded_by=w.coordinator,
    )
    return reverse("monitoring:bulk_preview", args=[upload.strategy_id, upload.token])


def _monitoring_notification(w):
    from cohesion.monitoring.models import Notification

    return Notification.objects.create(
        user=w.coordinator,
        kind="milestone_due",
        key=f"milestone:{Notification.objects.count()}:due",
        link="/",
    ).pk


def _strategy_assignment(w):
    import datetime

    from cohesion.strategies.services import assignment_create

    return assignment_create(
        actor=w.coordinator,
        strategy=_strategy(w),
        assignee=w.working_group_member,
        task="Aufgabe",
        due=datetime.date(2027, 1, 1),
        goal=_strategy_goal(w),
    )


def _strategy_consultation(w):
    from cohesion.strategies.services import consultation_open

    strategy = _strategy(w)
    consultation = strategy.consultations.filter(closed_at=None).first() or consultation_open(
        actor=w.coordinator, strategy=strategy
    )
    consultation.ags = w.kerpen.ags
    return consultation


def _strategy_consultation_comment(w):
    from cohesion.strategies.services import consultation_comment_submit

    return consultation_comment_submit(consultation=_strategy_consultation(w), text="Gut so")


def _strategy_adopted(w):
    import datetime

    from cohesion.strategies.services import strategy_adopt

    strategy = _strategy(w)
    if not strategy.council_decisions.exists():
        strategy_adopt(
            actor=w.coordinator,
            strategy=strategy,
            decided_on=datetime.date(2026, 11, 5),
            reference="Rat 2026/117",
        )
    return w.kerpen.ags
