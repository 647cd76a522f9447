from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET


@require_GET
def health(request):
    """For load balancers and the deployment recipe: the worker answers and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)


def rate_limited(request, exception=None):
    """What django-ratelimit answers (RATELIMIT_VIEW): 429 and a sentence in the visitor's
    language, with a hint to wait rather than retry at once."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response
