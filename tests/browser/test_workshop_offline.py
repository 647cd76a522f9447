"""A phone whose connection drops after it had worked keeps an answer made meanwhile and sends
it when the connection is back: counted once, and the phone says so. The websocket is cut and
restored by the browser's own routing, so the server sees a real close and a real reconnect."""

import re

from django.contrib.auth import get_user_model
from django.utils import translation

from cohesion.workshops import services
from cohesion.workshops.models import Answer, Item
from tests.browser.conftest import (
    check_accessibility,
    in_thread,
    join_workshop,
    solingen_without_workshop,
)


def test_an_answer_made_while_the_connection_is_down_goes_out_once_it_is_back(
    asgi_server, demo, new_page
):
    process = solingen_without_workshop()
    moderator = get_user_model().objects.get(username="moderator")

    def open_item():
        workshop = services.workshop_create(actor=moderator, process=process)
        item = Item.objects.filter(workshop=workshop, kind="scale").order_by("day", "position")[0]
        services.item_run(actor=moderator, item=item, action="open")
        return workshop, item

    workshop, item = in_thread(open_item)
    network = {"down": False, "route": None}

    def route(socket):
        if network["down"]:
            socket.close()
            return
        network["route"] = socket
        socket.connect_to_server()

    phone = new_page(width=360, height=740, locale="ar")
    phone.route_web_socket(re.compile(r".*/ws/w/.*"), route)
    join_workshop(phone, asgi_server, workshop.code, "ar")

    network["down"] = True
    network["route"].close()  # the Wi-Fi drops: the server sees the socket close
    with translation.override("ar"):
        offline = translation.gettext(
            "Connection lost. Your answers are kept and sent when it is back."
        )
        counted = translation.gettext("Thank you, your answer is counted.")
    phone.wait_for_function(
        "text => document.getElementById('workshop-connection').textContent.includes(text)",
        arg=offline,
    )
    phone.locator(f"label[for='i{item.pk}-4']").click()
    form = phone.locator(f"form.workshop-answer[data-item='{item.pk}']")
    form.locator("button[type=submit]").click()
    status = form.locator(".workshop-answer__status")
    assert offline in status.inner_text()
    assert in_thread(lambda: Answer.objects.filter(item=item).count()) == 0
    check_accessibility(phone)

    network["down"] = False  # back: the next reconnect gets through and the queue goes out
    phone.wait_for_function(
        "text => document.querySelector('.workshop-answer__status').textContent.includes(text)",
        arg=counted,
        timeout=30_000,
    )
    answers = in_thread(
        lambda: list(Answer.objects.filter(item=item).values_list("value", flat=True))
    )
    assert answers == [4]
