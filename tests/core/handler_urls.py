"""Views for tests/core/test_handlers.py: they record where and how they ran."""

import asyncio
import threading
import time

from asgiref.sync import async_to_sync
from django.http import HttpResponse, StreamingHttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

seen: dict = {"threads": [], "inside": 0, "most": 0, "loops": []}
_lock = threading.Lock()


@csrf_exempt  # the form of the test has no page to come from
def slow(request):
    with _lock:
        seen["inside"] += 1
        seen["most"] = max(seen["most"], seen["inside"])
        seen["threads"].append(threading.current_thread().name)
    time.sleep(0.02)
    with _lock:
        seen["inside"] -= 1
    return HttpResponse(request.POST.get("echo", "done"))


def reaches_the_loop(request):
    async def where():
        seen["loops"].append(asyncio.get_running_loop())

    async_to_sync(where)()
    return HttpResponse("reached")


def streamed(request):
    async def parts():
        for n in range(3):
            yield f"part {n};"

    return StreamingHttpResponse(parts())


urlpatterns = [
    path("slow/", slow),
    path("loop/", reaches_the_loop),
    path("streamed/", streamed),
]
