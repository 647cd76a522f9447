from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from cohesion.accounts.forms import LanguageForm, LoginForm
from cohesion.accounts.services import (
    login_record_failure,
    login_record_success,
    user_set_language,
)


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


def client_address(request) -> str | None:
    """The address a request came from, as uvicorn set it (from the trusted proxy's header)."""
    return request.META.get("REMOTE_ADDR") or None


def login_rate(group, request) -> str:
    return settings.LOGIN_RATE_PER_ADDRESS


# A backstop beside the lockout per user name and address: one address trying many user names.
@method_decorator(ratelimit(key="ip", rate=login_rate, method="POST", block=True), name="post")
class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        # Recorded here, not in a receiver of Django's user_login_failed signal: the signal
        # also fires for authenticate() calls that are no log-in, and does not say whether the
        # lockout refused the attempt; the view knows both, and the address.
        login_record_failure(
            username=self.request.POST.get("username", ""),
            address=client_address(self.request),
            locked_out=bool(getattr(self.request, "axes_locked_out", False)),
        )
        return super().form_invalid(form)

    def form_valid(self, form):
        response = super().form_valid(form)
        login_record_success(user=form.get_user(), address=client_address(self.request))
        # The language chosen on the account follows the person to every device.
        language = form.get_user().language
        if language:
            translation.activate(language)
            set_language_cookie(response, language)
        return response


class LogoutView(auth_views.LogoutView):
    pass


def login_locked_out(request, original_response=None, credentials=None):
    """What the log-in page answers while a user name is locked at this address (django-axes'
    AXES_LOCKOUT_CALLABLE): the form again, with the reason and the wait, and 429."""
    cool_off = get_cool_off(request)
    minutes = max(1, int(cool_off.total_seconds() // 60))
    response = render(
        request,
        "accounts/login.html",
        {
            "form": AuthenticationForm(request),
            "locked_out": True,
            "cool_off_minutes": minutes,
            "next": request.POST.get("next", ""),
        },
        status=429,
    )
    response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response


def _safe_next(request, candidate: str) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("home")


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
