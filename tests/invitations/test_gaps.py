"""The gap view: counts and gaps per status, warnings in plain words, the distance before and
after the latest change, and an export that names no small group."""

from django.urls import reverse
from django.utils import translation

from cohesion.invitations import services
from cohesion.invitations.findings import gap_view

SITE = "http://testserver/"


def _quotas(world):
    process = world.kerpen_process
    services.room_size_set(actor=world.moderator, process=process, room_size=20)
    for attribute, value, low, high in [
        ("target_group", "immigrant", 6, 10),
        ("target_group", "policy", 1, 3),
        ("origin", "Gastarbeiterländer", 1, 4),
        ("origin", "Gebiet der ehemaligen Sowjetunion", 1, 3),
    ]:
        services.quota_save(
            actor=world.moderator,
            process=process,
            attribute=attribute,
            value=value,
            minimum=low,
            maximum=high,
        )


def _summary(view, status):
    return next(s for s in view["summaries"] if s["status"] == status)


def test_warnings_in_plain_words_and_the_distance_closing(world, people):
    _quotas(world)
    process = world.kerpen_process
    with translation.override("en"):
        view = gap_view(process=process)
        invited = _summary(view, "invited")
        assert (
            "no immigrant organisation of the largest origin group (former recruitment "
            "countries) is invited" in invited["warnings"]
        )
        assert invited["after"] == "100 %"
        ayse = services.invitation_create(
            actor=world.moderator,
            process=process,
            stakeholder=people["ayse"],
            channel="auto",
            site_url=SITE,
            send=False,
        )
        services.invitation_answer(invitation=ayse, answer="confirmed")
        view = gap_view(process=process)
        invited, confirmed = _summary(view, "invited"), _summary(view, "confirmed")
        assert not any("largest origin group" in w for w in invited["warnings"])
        assert (
            "only 1 of at least 6 (target group: Immigrants and immigrant organisations) "
            "has confirmed" in confirmed["warnings"]
        )
        assert any("Near" in w or "Soviet" in w for w in invited["warnings"])
        # Before and after the latest change that moved each status's distance.
        assert invited["has_before"] and invited["before"] == "100 %"
        assert invited["after"] != "100 %"
        row = next(r for r in view["table"] if r["value"] == "immigrant")
        assert [c["count"] for c in row["cells"]] == [1, 1, 0]
        assert [c["gap"] for c in row["cells"]] == ["below", "below", "below"]


def test_the_export_writes_fewer_than_5_for_small_groups(client, world, people):
    _quotas(world)
    services.invitation_create(
        actor=world.moderator,
        process=world.kerpen_process,
        stakeholder=people["ayse"],
        channel="auto",
        site_url=SITE,
        send=False,
    )
    client.force_login(world.moderator)
    with translation.override("en"):
        response = client.get(
            reverse("invitations:gaps_csv", args=[world.kerpen_process.pk]),
            HTTP_ACCEPT_LANGUAGE="en",
        )
    import csv
    import io

    rows = list(csv.reader(io.StringIO(response.content.decode())))[1:]
    counts = [cell for row in rows for cell in row[4:]]
    assert "fewer than 5" in counts
    assert not {"1", "2", "3", "4"} & set(counts)


def test_the_gap_page_and_its_live_part(client, world, people):
    _quotas(world)
    client.force_login(world.moderator)
    page = client.get(reverse("invitations:gaps", args=[world.kerpen_process.pk]))
    assert page.status_code == 200
    assert 'id="gaps-live"' in page.content.decode()
    live = client.get(reverse("invitations:gaps_live", args=[world.kerpen_process.pk]))
    assert "<html" not in live.content.decode()
    assert "distance__number" in live.content.decode()


def test_more_invited_than_planned_is_usual_but_more_confirmed_warns(world):
    from tests.factories import InviteeFactory

    _quotas(world)
    process = world.kerpen_process
    council = InviteeFactory.create_batch(4, process=process, target_group="policy")
    invitations = services.invitations_create(
        actor=world.moderator,
        process=process,
        stakeholders=council,
        channel="auto",
        site_url=SITE,
        send=False,
    )
    with translation.override("en"):
        invited = _summary(gap_view(process=process), "invited")
        assert not any("more than" in w for w in invited["warnings"])
        for invitation in invitations:
            services.invitation_answer(invitation=invitation, answer="confirmed")
        confirmed = _summary(gap_view(process=process), "confirmed")
        assert (
            "4 (target group: Policymakers with decision power), more than the 3 planned"
            in confirmed["warnings"]
        )
