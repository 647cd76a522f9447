"""The organiser's lottery pages, the export, erasing a draw, and the public method page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cohesion.audit.models import AuditEvent
from cohesion.invitations.models import Quota
from cohesion.lottery.models import LotteryDraw
from tests.factories import LotteryDrawFactory

pytestmark = pytest.mark.django_db

POOL = "id,gender,age\n" + "".join(
    f"{volunteer},{'f' if i % 2 else 'm'},{'young' if i % 3 else 'old'}\n"
    for i, volunteer in enumerate(["=HYPERLINK(1)", *[f"v{i}" for i in range(1, 30)]])
)
QUOTAS = "attribute,value,min,max\ngender,f,4,6\ngender,m,4,6\nage,young,2,8\nage,old,2,4\n"


def _file(name: str, text: str):
    upload = io.BytesIO(text.encode("utf-8"))
    upload.name = name
    return upload


def _post(client, process, *, pool=POOL, quotas=QUOTAS, seats=10, seed=5):
    data = {"pool": _file("pool.csv", pool), "seats": seats, "seed": seed}
    if quotas is not None:
        data["quotas"] = _file("quotas.csv", quotas)
    return client.post(reverse("lottery:process", args=[process.pk]), data)


def test_a_draw_from_uploaded_pool_and_quotas_is_kept_audited_and_shown(client, world):
    client.force_login(world.moderator)
    response = _post(client, world.kerpen_process)
    draw = LotteryDraw.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("lottery:draw", args=[draw.pk])
    assert len(draw.selected) == 10 and draw.seed == 5
    assert sum(draw.probabilities.values()) == pytest.approx(10, abs=1e-6)
    event = AuditEvent.objects.get(action="lottery.draw")
    assert event.after["volunteers"] == 30
    assert "v1" not in str(event.after)  # the trail holds counts, not the volunteers
    page = client.get(response["Location"]).content.decode()
    assert "v29" in page and "%" in page
    # The same seed draws the same panel.
    _post(client, world.kerpen_process)
    assert LotteryDraw.objects.first().selected == draw.selected


def test_the_chances_sort_by_probability(client, world):
    draw = LotteryDrawFactory(
        process=world.kerpen_process,
        probabilities={f"V{i:03d}": (i + 1) / 100 for i in range(20)},
    )
    client.force_login(world.coordinator)
    url = reverse("lottery:draw", args=[draw.pk])
    lowest = client.get(url, {"sort": "probability"}).content.decode()
    highest = client.get(url, {"sort": "-probability"}).content.decode()
    chances = lowest.split("chances-caption")[2]
    assert chances.index("V000") < chances.index("V019")
    chances = highest.split("chances-caption")[2]
    assert chances.index("V019") < chances.index("V000")


def test_the_process_quota_table_is_used_without_an_upload(client, world):
    for value, low, high in [("f", 4, 6), ("m", 4, 6)]:
        Quota.objects.create(
            process=world.kerpen_process, attribute="gender", value=value, minimum=low, maximum=high
        )
    client.force_login(world.moderator)
    pool = "id,gender\n" + "".join(f"p{i},{'f' if i % 2 else 'm'}\n" for i in range(20))
    response = _post(client, world.kerpen_process, pool=pool, quotas=None, seed="")
    assert response.status_code == 302
    draw = LotteryDraw.objects.get()
    assert [q["attribute"] for q in draw.quotas] == ["gender", "gender"]
    assert draw.seed >= 0


@pytest.mark.parametrize(
    ("pool", "quotas", "seats", "message"),
    [
        (POOL.replace("v7,f,", "v7,x,"), QUOTAS, 10, "“v7” (row 9) has gender = “x”, which has no"),
        (POOL, QUOTAS.replace("gender,f,4,6", "gender,f,7,6"), 10, "minimum 7 above its maximum"),
        (POOL, QUOTAS, 40, "fewer than the 40 seats"),
        (POOL, None, 10, "There is no quota table"),
        ("name,gender\na,f\n", QUOTAS, 1, "first column must be called id"),
        (
            POOL,
            "attribute,value,min,max\ngender,f,6,6\ngender,m,4,4\nage,young,0,0\nage,old,0,10\n",
            10,
            "No panel of 10 meets all the quotas together",
        ),
    ],
)
def test_bad_input_answers_400_with_a_message_and_writes_nothing(
    client, world, pool, quotas, seats, message
):
    client.force_login(world.moderator)
    response = _post(client, world.kerpen_process, pool=pool, quotas=quotas, seats=seats)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LotteryDraw.objects.exists()
    assert not AuditEvent.objects.filter(action="lottery.draw").exists()


def test_a_pool_above_the_limit_is_refused(client, world, settings):
    client.force_login(world.moderator)
    pool = "id,gender\n" + "".join(f"p{i},f\n" for i in range(5001))
    response = _post(client, world.kerpen_process, pool=pool, seats=3)
    assert response.status_code == 400
    assert "more than 5000 rows" in response.content.decode()


def test_exports_neutralise_formulas_and_are_audited(client, world):
    client.force_login(world.moderator)
    _post(client, world.kerpen_process)
    draw = LotteryDraw.objects.get()
    response = client.get(reverse("lottery:export_csv", args=[draw.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["id", "gender", "age", "probability", "selected"]
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert sum(int(row[4]) for row in rows[1:]) == 10
    response = client.get(reverse("lottery:export_xlsx", args=[draw.pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "'=HYPERLINK(1)" and sheet["A2"].data_type == "s"
    assert AuditEvent.objects.filter(action="lottery.draw_export").count() == 2


def test_erasing_a_draw_removes_the_volunteers_data(client, world):
    draw = LotteryDrawFactory(process=world.kerpen_process)
    client.force_login(world.coordinator)
    response = client.post(reverse("lottery:delete", args=[draw.pk]))
    assert response.status_code == 302
    assert not LotteryDraw.objects.exists()
    assert AuditEvent.objects.filter(action="lottery.draw_delete").exists()


def test_outsiders_neither_see_nor_draw(client, world):
    draw = LotteryDrawFactory(process=world.kerpen_process)
    for user in (world.working_group_member, world.other_coordinator):
        client.force_login(user)
        assert client.get(reverse("lottery:draw", args=[draw.pk])).status_code == 404
        assert _post(client, world.kerpen_process).status_code == 404
        assert client.get(reverse("lottery:export_csv", args=[draw.pk])).status_code == 404
        assert client.post(reverse("lottery:delete", args=[draw.pk])).status_code == 404
    assert LotteryDraw.objects.count() == 1


def test_the_service_refuses_an_actor_without_permission(world):
    from django.core.exceptions import PermissionDenied

    from cohesion.lottery.services import lottery_draw

    with pytest.raises(PermissionDenied):
        lottery_draw(
            process=world.kerpen_process,
            pool_rows=[{"id": "a", "g": "x"}],
            quota_rows=[],
            seats=1,
            seed=0,
            actor=world.working_group_member,
        )


def test_the_method_page_is_public(client):
    page = client.get(reverse("lottery:method")).content.decode()
    assert "Flanigan" in page and "maximin" in page


def test_the_phase_card_is_on_the_preparation_phase_for_those_who_may_draw(world):
    from cohesion.processes.capabilities import phase_cards
    from cohesion.processes.phases import PHASES_BY_SLUG
    from cohesion.processes.rules import ProcessPhase

    phase = ProcessPhase(world.kerpen_process, PHASES_BY_SLUG["preparation"])
    keys = {card["key"] for card in phase_cards(user=world.moderator, process_phase=phase)}
    assert "lottery.draw" in keys
    keys = {
        card["key"] for card in phase_cards(user=world.working_group_member, process_phase=phase)
    }
    assert "lottery.draw" not in keys


def test_the_draw_list_is_bounded_in_queries(client, world, django_assert_max_num_queries):
    for _ in range(5):
        LotteryDrawFactory(process=world.kerpen_process)
    client.force_login(world.moderator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("lottery:process", args=[world.kerpen_process.pk]))
    assert response.status_code == 200
