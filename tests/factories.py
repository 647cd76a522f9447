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


# --- invitations: people of the stakeholder map who may be invited ---


class InviteeOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "stakeholders.Organisation"

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Organisation {n} (demo data)")
    kind = "other"
    target_group = "civil_society"


class InviteeFactory(factory.django.DjangoModelFactory):
    """A stakeholder who consented to be contacted and has an e-mail address."""

    class Meta:
        model = "stakeholders.Stakeholder"

    process = factory.SubFactory(ProcessFactory)
    name = factory.Sequence(lambda n: f"Invitee {n}")
    target_group = "civil_society"
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    languages = factory.LazyFunction(lambda: ["de"])
    consent_to_contact = True
    consent_given_on = datetime.date(2026, 9, 1)
    consent_purpose = "Invitation to the integration workshop"
