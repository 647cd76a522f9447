from django.conf import settings
from django.contrib import messages
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from cohesion.accounts.services import user_set_language
from cohesion.core.forms import LanguageForm
from cohesion.processes.selectors import processes_visible_to


@require_GET
def home(request):
    if not request.user.is_authenticated:
        return render(request, "core/welcome.html")
    return render(
        request,
        "core/dashboard.html",
        {"processes": list(processes_visible_to(user=request.user))},
    )


def _safe_next(request, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("core:home")


@require_POST
def language_set(request):
    """Switch the interface language; remembered in a cookie and, when logged in, on the account."""
    form = LanguageForm(request.POST)
    next_url = _safe_next(request, request.POST.get("next", ""))
    if not form.is_valid():
        for error in form.errors.get("language", []):
            messages.error(request, error)
        return HttpResponseRedirect(next_url)
    language = form.cleaned_data["language"]
    user_set_language(user=request.user, language=language)
    translation.activate(language)
    response = HttpResponseRedirect(next_url)
    set_language_cookie(response, language)
    return response


def set_language_cookie(response, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


@require_GET
def health(request):
    """For load balancers and the deployment recipe: the worker answers and reaches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    return render(request, "403_csrf.html", status=403)
