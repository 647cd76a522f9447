import datetime

import factory
from django.contrib.auth import get_user_model

from cohesion.accounts.models import Membership, Role
from cohesion.municipalities.models import Municipality, fold_for_search
from cohesion.opinions.models import Conversation, Participant, Statement
from cohesion.processes.models import Process, Programme

PASSWORD = "correct horse battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("ags",)

    ags = factory.Sequence(lambda n: f"09{n:06d}")
    kind = Municipality.Kind.MUNICIPALITY
    name = factory.Sequence(lambda n: f"Gemeinde {n}")
    search_name = factory.LazyAttribute(lambda o: fold_for_search(o.name))
    land = "Bayern"
    district = "Landkreis Beispiel"
    population = 25_000
    population_reference_date = datetime.date(2024, 12, 31)
    territorial_status = datetime.date(2025, 11, 30)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")

    @factory.post_generation
    def managers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.managers.set(extracted)


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    programme = factory.SubFactory(ProgrammeFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    started_on = datetime.date(2026, 9, 1)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    municipality = factory.SubFactory(MunicipalityFactory)
    role = Role.COORDINATOR


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    process = factory.SubFactory(ProcessFactory)
    phase_slug = "workshop-day-1"
    title = factory.Sequence(lambda n: f"What does integration mean here? {n}")


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    conversation = factory.SubFactory(ConversationFactory)
    text = factory.Sequence(lambda n: f"Statement number {n}")
    moderation = Statement.Moderation.ACCEPTED


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    conversation = factory.SubFactory(ConversationFactory)


def _lottery_pool(size: int = 20) -> list[dict]:
    return [
        {"id": f"V{i:03d}", "gender": "f" if i % 2 else "m", "age": "young" if i % 3 else "old"}
        for i in range(size)
    ]


class LotteryDrawFactory(factory.django.DjangoModelFactory):
    """A draw as the service keeps it (figures of an even pool: 4 of 20, chance 1/5 each)."""

    class Meta:
        model = "lottery.LotteryDraw"

    process = factory.SubFactory(ProcessFactory)
    seats = 4
    seed = 7
    pool = factory.LazyFunction(_lottery_pool)
    quotas = factory.LazyFunction(
        lambda: [
            {"attribute": "gender", "value": "f", "min": 2, "max": 2},
            {"attribute": "gender", "value": "m", "min": 2, "max": 2},
        ]
    )
    probabilities = factory.LazyAttribute(lambda draw: {row["id"]: 0.2 for row in draw.pool})
    selected = factory.LazyAttribute(lambda draw: [row["id"] for row in draw.pool[:4]])
    min_probability = 0.2
    method = "maximin (demo data)"


class SeatingPlanFactory(factory.django.DjangoModelFactory):
    """A plan of four people at two tables over two rounds (demo data)."""

    class Meta:
        model = "seating.SeatingPlan"

    process = factory.SubFactory(ProcessFactory)
    tables = 2
    rounds = 2
    seed = 0
    source = "upload"
    people = factory.LazyFunction(
        lambda: [
            {
                "id": i,
                "name": f"Person {i} (demo data)",
                "target_group": "other",
                "department": "",
                "origin": "",
                "language": "de",
                "keep_with": "",
            }
            for i in ("a", "b", "c", "d")
        ]
    )
    result = factory.LazyFunction(
        lambda: {
            "rounds": [
                [{"table": 1, "people": ["a", "b"]}, {"table": 2, "people": ["c", "d"]}],
                [{"table": 1, "people": ["a", "c"]}, {"table": 2, "people": ["b", "d"]}],
            ]
        }
    )


class CommitmentFactory(factory.django.DjangoModelFactory):
    """The mayor's commitment, which lets a process out of phase 1 (the onboarding app's gate)."""

    class Meta:
        model = "onboarding.Commitment"

    process = factory.SubFactory(ProcessFactory)
    signatory_name = "Erika Beispiel"
    office = "mayor"
    given_on = datetime.date(2026, 8, 20)
    given_as = "signed_letter"


def _staff_invitation_token_hash(n: int) -> str:
    import hashlib

    return hashlib.sha256(f"staff-invitation-{n}".encode()).hexdigest()


def _in_two_weeks():
    from django.utils import timezone

    return timezone.now() + datetime.timedelta(days=14)


class StaffInvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation; its link's token is ``staff-invitation-<n>`` (only the hash is kept)."""

    class Meta:
        model = "onboarding.StaffInvitation"

    process = factory.SubFactory(ProcessFactory)
    municipality = factory.SelfAttribute("process.municipality")
    programme = factory.SelfAttribute("process.programme")
    email = factory.Sequence(lambda n: f"colleague{n}@example.org")
    role = Role.MODERATOR
    language = "de"
    token_hash = factory.Sequence(_staff_invitation_token_hash)
    expires_at = factory.LazyFunction(_in_two_weeks)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stakeholders.Organisation"

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Verein {n} (demo data)")
    kind = "club"
    target_group = "civil_society"


class StakeholderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stakeholders.Stakeholder"

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Person {n} (demo data)")
    target_group = "civil_society"
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    languages = factory.LazyFunction(lambda: ["de"])


class InviteeFactory(StakeholderFactory):
    """A stakeholder who consented to be contacted and has an e-mail address."""

    consent_to_contact = True
    consent_given_on = datetime.date(2026, 9, 1)
    consent_purpose = "Invitation to the integration workshop"


class ProjectFactory(factory.django.DjangoModelFactory):
    """An existing integration project in a process's inventory."""

    class Meta:
        model = "projects.Project"

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Projekt {n} (demo data)")
    description = factory.LazyFunction(lambda: {"de": "Demo data"})
    provider = "Caritas (demo data)"
    standard_field = 0
    target_groups = factory.LazyFunction(lambda: ["refugees"])
    reach = 50
    status = "running"
