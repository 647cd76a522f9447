"""The quota table: prefilled from the municipality's own figures and the method, edited by hand,
and bad rows refused with a message naming the row."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from cohesion.audit.models import AuditEvent
from cohesion.invitations import services
from cohesion.invitations.models import Quota
from cohesion.invitations.selectors import quota_rows


def _rows(process):
    return {(q.attribute, q.value): q for q in Quota.objects.filter(process=process)}


def test_prefill_reads_the_municipalitys_figures_and_the_method(kerpen_figures, people):
    process = kerpen_figures.kerpen_process
    services.room_size_set(actor=kerpen_figures.moderator, process=process, room_size=40)
    prefill = services.quotas_prefill(process=process, actor=kerpen_figures.moderator)
    rows = _rows(process)
    history = rows[("immigration_history", "yes")]
    # 30 % of 40 seats: at least 12, at most half the room.
    assert (history.minimum, history.maximum) == (12, 20)
    assert history.source == "statistics"
    assert "30.0 %" in history.basis and "2022" in history.basis
    # The largest origin groups, without the umbrella "Europe", largest first by maximum.
    origins = sorted(
        (q for q in rows.values() if q.attribute == "origin"), key=lambda q: -q.maximum
    )
    assert [q.value for q in origins] == [
        "Gastarbeiterländer",
        "Gebiet der ehemaligen Sowjetunion",
        "Afrika",
    ]
    assert all(q.minimum == 1 for q in origins)
    assert "40.0 %" in origins[0].basis
    # Gender from the registry's count of men: 50.7 % women.
    female = rows[("gender", "female")]
    assert female.minimum == 16 and female.maximum == 25
    # The method: every target group, the map's department, immigrant organisations.
    for group in ("policy", "administration", "immigrant", "civil_society"):
        assert rows[("target_group", group)].minimum == 1
        assert rows[("target_group", group)].source == "method"
    assert rows[("department", "Sozialamt")].minimum == 1
    assert rows[("organisation_kind", "immigrant_organisation")].minimum == 3
    # What the statistics lack is named, not invented.
    assert any("age" in str(m) for m in prefill.missing)
    assert not any(q.attribute == "age_band" for q in rows.values())
    assert AuditEvent.objects.filter(action="invitations.quotas_prefill").count() == 1
    # The seam the lottery and the seating read.
    assert len(quota_rows(process=process)) == len(rows)


def test_prefill_without_figures_says_what_is_missing(world):
    prefill = services.quotas_prefill(process=world.kerpen_process, actor=world.coordinator)
    assert {q.attribute for q in Quota.objects.filter(process=world.kerpen_process)} == {
        "target_group"
    }
    assert len(prefill.missing) >= 3


def test_prefill_keeps_rows_entered_by_hand(kerpen_figures):
    process = kerpen_figures.kerpen_process
    services.quota_save(
        actor=kerpen_figures.moderator,
        process=process,
        attribute="target_group",
        value="policy",
        minimum=3,
        maximum=5,
    )
    prefill = services.quotas_prefill(process=process, actor=kerpen_figures.moderator)
    policy = _rows(process)[("target_group", "policy")]
    assert (policy.minimum, policy.maximum, policy.source) == (3, 5, "manual")
    assert prefill.kept


@pytest.mark.parametrize(
    ("attribute", "minimum", "maximum", "message"),
    [
        ("gender", 7, 3, "is above the maximum"),
        ("gender", -1, 3, "cannot be negative"),
        ("shoe_size", 1, 3, "Unknown attribute"),
        ("gender", 30, 50, "cannot be met together"),
    ],
)
def test_bad_rows_are_refused_with_a_clear_message(world, attribute, minimum, maximum, message):
    process = world.kerpen_process
    services.room_size_set(actor=world.moderator, process=process, room_size=20)
    with pytest.raises(ValidationError) as refused:
        services.quota_save(
            actor=world.moderator,
            process=process,
            attribute=attribute,
            value="female",
            minimum=minimum,
            maximum=maximum,
        )
    assert message in " ".join(refused.value.messages)
    assert not Quota.objects.filter(process=process).exists()


def test_a_duplicate_row_is_refused(world):
    kwargs = {"process": world.kerpen_process, "attribute": "gender", "value": "female"}
    services.quota_save(actor=world.moderator, minimum=1, maximum=2, **kwargs)
    with pytest.raises(ValidationError, match="already"):
        services.quota_save(actor=world.moderator, minimum=1, maximum=3, **kwargs)


def test_a_room_too_small_for_the_minimums_is_refused(world):
    process = world.kerpen_process
    services.quota_save(
        actor=world.moderator,
        process=process,
        attribute="gender",
        value="female",
        minimum=15,
        maximum=20,
    )
    with pytest.raises(ValidationError, match="cannot be met together"):
        services.room_size_set(actor=world.moderator, process=process, room_size=10)


def test_only_the_preparers_change_the_table(world):
    for user in (world.working_group_member, world.other_coordinator, world.outsider):
        with pytest.raises(PermissionDenied):
            services.quotas_prefill(process=world.kerpen_process, actor=user)


def test_the_page_edits_a_row_and_shows_a_bad_one(client, world):
    client.force_login(world.moderator)
    process = world.kerpen_process
    url = reverse("invitations:quotas", args=[process.pk])
    response = client.post(
        url, {"attribute": "gender", "value": "female", "minimum": 5, "maximum": 2}
    )
    assert response.status_code == 400
    assert "is above the maximum" in response.content.decode()
    client.post(url, {"attribute": "gender", "value": "female", "minimum": 2, "maximum": 5})
    quota = Quota.objects.get(process=process)
    response = client.post(
        reverse("invitations:quota_edit", args=[process.pk, quota.pk]),
        {
            f"q{quota.pk}-attribute": "gender",
            f"q{quota.pk}-value": "female",
            f"q{quota.pk}-minimum": 3,
            f"q{quota.pk}-maximum": 6,
        },
        follow=True,
    )
    quota.refresh_from_db()
    assert (quota.minimum, quota.maximum) == (3, 6)
    response = client.post(
        reverse("invitations:quota_edit", args=[process.pk, quota.pk]),
        {
            f"q{quota.pk}-attribute": "gender",
            f"q{quota.pk}-value": "female",
            f"q{quota.pk}-minimum": 9,
            f"q{quota.pk}-maximum": 6,
        },
        follow=True,
    )
    assert "is above the maximum" in response.content.decode()
    quota.refresh_from_db()
    assert quota.minimum == 3


def test_an_unknown_attribute_posted_gets_a_clear_message(client, world):
    client.force_login(world.moderator)
    response = client.post(
        reverse("invitations:quotas", args=[world.kerpen_process.pk]),
        {"attribute": "shoe_size", "value": "42", "minimum": 1, "maximum": 2},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "Unknown attribute “shoe_size”" in response.content.decode()
    assert not Quota.objects.exists()


def test_the_phase_pages_show_the_cards_to_their_editors(client, world):
    client.force_login(world.moderator)
    process = world.kerpen_process
    page = client.get(reverse("processes:phase", args=[process.pk, "preparation"]))
    html = page.content.decode()
    for name in ("quotas", "list", "gaps"):
        assert reverse(f"invitations:{name}", args=[process.pk]) in html
    day = client.get(reverse("processes:phase", args=[process.pk, "workshop-day-1"]))
    assert reverse("invitations:check_in_list", args=[process.pk]) in day.content.decode()
    client.force_login(world.working_group_member)
    page = client.get(reverse("processes:phase", args=[process.pk, "preparation"]))
    assert reverse("invitations:quotas", args=[process.pk]) not in page.content.decode()


def test_a_coded_value_takes_its_name_and_refuses_an_unknown_one(world):
    with translation.override("en"):
        quota = services.quota_save(
            actor=world.moderator,
            process=world.kerpen_process,
            attribute="target_group",
            value="civil society",
            minimum=1,
            maximum=4,
        )
        assert quota.value == "civil_society"
        with pytest.raises(ValidationError, match="Unknown value “aliens” of target group"):
            services.quota_save(
                actor=world.moderator,
                process=world.kerpen_process,
                attribute="target_group",
                value="aliens",
                minimum=1,
                maximum=4,
            )


def test_a_bad_row_is_refused_in_the_persons_language(world):
    process = world.kerpen_process
    services.room_size_set(actor=world.moderator, process=process, room_size=20)
    with translation.override("de"), pytest.raises(ValidationError) as refused:
        services.quota_save(
            actor=world.moderator,
            process=process,
            attribute="gender",
            value="female",
            minimum=7,
            maximum=3,
        )
    assert "liegt über dem Maximum" in " ".join(refused.value.messages)
