"""Pages of onboarding: a programme's municipalities and "add municipality", a process's team
and invitations, the commitment, and the invitation's accept page (no account needed)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited

from cohesion.accounts.models import Role
from cohesion.accounts.selectors import municipality_memberships, user_with_email
from cohesion.accounts.services import membership_revoke
from cohesion.accounts.views import set_language_cookie
from cohesion.core.shortcuts import found_or_404
from cohesion.municipalities.selectors import municipality_get_by_ags, registry_search
from cohesion.onboarding import services
from cohesion.onboarding.forms import (
    AccountCreateForm,
    AccountLoginForm,
    CommitmentForm,
    InviteForm,
    MunicipalityAddForm,
    OverrideForm,
    RegistrySearchForm,
)
from cohesion.onboarding.selectors import (
    REGISTRY_MATCHES,
    commitment_of,
    invitation_of,
    named_in_phase_one,
    open_invitations,
    override_of,
    process_for_commitment,
    process_for_team,
    team_of,
)
from cohesion.processes.selectors import (
    processes_visible_to,
    programme_managed,
    programmes_managed_by,
)

ACCEPT_RATE_GROUP = "onboarding.invitation_accept"


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_GET
@login_required
def programmes(request):
    return render(
        request,
        "onboarding/programmes.html",
        {"programmes": list(programmes_managed_by(user=request.user))},
    )


@require_http_methods(["GET", "POST"])
@login_required
def programme_detail(request, pk: int):
    """The programme's municipalities, and adding one from the registry with its coordinator's
    invitation (programme managers)."""
    programme = found_or_404(programme_managed(user=request.user, pk=pk))
    if not request.user.has_perm("onboarding.add_municipality", programme):
        raise PermissionDenied
    search = RegistrySearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    form = MunicipalityAddForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            municipality = municipality_get_by_ags(ags=form.cleaned_data["ags"])
            if municipality is None:
                form.add_error("ags", _("There is no municipality with this key in the registry."))
            else:
                try:
                    process, invitation = services.municipality_add(
                        actor=request.user,
                        programme=programme,
                        municipality=municipality,
                        coordinator_email=form.cleaned_data["coordinator_email"],
                        language=form.cleaned_data["language"],
                        site_url=_site_url(request),
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(
                        request,
                        _("%(name)s takes part now; the invitation went to %(email)s.")
                        % {"name": municipality.name, "email": invitation.email},
                    )
                    return redirect("onboarding:team", pk=process.pk)
        status = 400
        query = query or request.POST.get("q", "")[:100]
    processes = list(processes_visible_to(user=request.user).filter(programme=programme))
    taking_part = {process.municipality_id for process in processes}
    matches = list(registry_search(query=query)[:REGISTRY_MATCHES]) if query else []
    return render(
        request,
        "onboarding/programme.html",
        {
            "programme": programme,
            "processes": processes,
            "search": search,
            "query": query,
            "matches": [(m, m.pk in taking_part) for m in matches],
            "form": form,
        },
        status=status,
    )


def _team_context(request, process, invite_form=None) -> dict:
    roles = [
        role
        for role in Role.values
        if request.user.has_perm(
            "onboarding.invite_colleague"
            if role in services.COLLEAGUE_ROLES
            else "onboarding.invite_coordinator",
            process,
        )
    ]
    invitations = open_invitations(user=request.user, process=process)
    return {
        "process": process,
        "members": team_of(process=process),
        "invitations": None if invitations is None else list(invitations),
        "can_change_roles": request.user.has_perm("accounts.manage_memberships", process),
        "invite_form": invite_form or (InviteForm(roles=roles) if roles else None),
        "invitation_days": settings.STAFF_INVITATION_DAYS,
    }


@require_GET
@login_required
def team(request, pk: int):
    process = found_or_404(process_for_team(user=request.user, pk=pk))
    return render(request, "onboarding/team.html", _team_context(request, process))


@require_POST
@login_required
def invite(request, pk: int):
    process = found_or_404(process_for_team(user=request.user, pk=pk))
    context = _team_context(request, process)
    if context["invite_form"] is None:
        raise PermissionDenied
    allowed = [value for value, _label in context["invite_form"].fields["role"].choices]
    form = InviteForm(request.POST, roles=allowed)
    if form.is_valid():
        try:
            invitation = services.staff_invitation_create(
                actor=request.user,
                process=process,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                language=form.cleaned_data["language"],
                site_url=_site_url(request),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The invitation went to %(email)s.") % {"email": invitation.email}
            )
            return redirect("onboarding:team", pk=process.pk)
    context["invite_form"] = form
    return render(request, "onboarding/team.html", context, status=400)


@require_POST
@login_required
def invitation_revoke(request, pk: int, invitation_pk: int):
    process = found_or_404(process_for_team(user=request.user, pk=pk))
    invitation = found_or_404(invitation_of(process=process, pk=invitation_pk))
    try:
        services.staff_invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request, _("The invitation to %(email)s is revoked.") % {"email": invitation.email}
        )
    return redirect("onboarding:team", pk=process.pk)


@require_POST
@login_required
def invitation_resend(request, pk: int, invitation_pk: int):
    process = found_or_404(process_for_team(user=request.user, pk=pk))
    invitation = found_or_404(invitation_of(process=process, pk=invitation_pk))
    try:
        services.staff_invitation_resend(
            actor=request.user, invitation=invitation, site_url=_site_url(request)
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request,
            _("A new link went to %(email)s; the old one no longer works.")
            % {"email": invitation.email},
        )
    return redirect("onboarding:team", pk=process.pk)


@require_POST
@login_required
def role_remove(request, pk: int, membership_pk: int):
    process = found_or_404(process_for_team(user=request.user, pk=pk))
    membership = found_or_404(
        municipality_memberships(municipality_id=process.municipality_id)
        .filter(pk=membership_pk)
        .first()
    )
    membership_revoke(
        user=membership.user,
        municipality=process.municipality,
        role=membership.role,
        actor=request.user,
    )
    messages.success(
        request,
        _("%(name)s no longer holds the role “%(role)s”.")
        % {"name": membership.user, "role": membership.get_role_display()},
    )
    return redirect("onboarding:team", pk=process.pk)


def _commitment_context(request, process, form=None, override_form=None) -> dict:
    commitment = commitment_of(process=process)
    can_record = request.user.has_perm("onboarding.record_commitment", process)
    if form is None and can_record:
        initial = {}
        if commitment is not None:
            initial = {
                "signatory_name": commitment.signatory_name,
                "office": commitment.office,
                "given_on": commitment.given_on,
                "given_as": commitment.given_as,
            }
        form = CommitmentForm(initial=initial)
    can_override = request.user.has_perm("onboarding.override_commitment", process)
    return {
        "process": process,
        "commitment": commitment,
        "override": override_of(process=process),
        "form": form if can_record else None,
        "override_form": (override_form or OverrideForm()) if can_override else None,
        "named": named_in_phase_one(process=process),
        "max_mb": settings.COMMITMENT_LETTER_MAX_MB,
    }


@require_http_methods(["GET", "POST"])
@login_required
def commitment(request, pk: int):
    process = found_or_404(process_for_commitment(user=request.user, pk=pk))
    if request.method == "GET":
        return render(request, "onboarding/commitment.html", _commitment_context(request, process))
    if not request.user.has_perm("onboarding.record_commitment", process):
        raise PermissionDenied
    form = CommitmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.commitment_record(
                actor=request.user,
                process=process,
                signatory_name=form.cleaned_data["signatory_name"],
                office=form.cleaned_data["office"],
                given_on=form.cleaned_data["given_on"],
                given_as=form.cleaned_data["given_as"],
                letter=form.cleaned_data["letter"] or None,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("letter" if error.code in {"size", "not_pdf"} else None, error)
        else:
            messages.success(request, _("The commitment is recorded."))
            return redirect("onboarding:commitment", pk=process.pk)
    return render(
        request,
        "onboarding/commitment.html",
        _commitment_context(request, process, form=form),
        status=400,
    )


@require_POST
@login_required
def commitment_override(request, pk: int):
    process = found_or_404(process_for_commitment(user=request.user, pk=pk))
    if not request.user.has_perm("onboarding.override_commitment", process):
        raise PermissionDenied
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.commitment_override(
                actor=request.user, process=process, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(
                request, _("The process may go on without the commitment; the reason is kept.")
            )
            return redirect("onboarding:commitment", pk=process.pk)
    return render(
        request,
        "onboarding/commitment.html",
        _commitment_context(request, process, override_form=form),
        status=400,
    )


@require_GET
@login_required
def commitment_letter(request, pk: int):
    """The signed letter, only for those who see the process; always as a download."""
    process = found_or_404(process_for_commitment(user=request.user, pk=pk))
    found = commitment_of(process=process)
    if found is None or not found.letter:
        raise Http404
    try:
        handle = found.letter.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"commitment-{process.municipality.ags}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _accept_errors(request, form, error: ValidationError) -> None:
    """The service's refusal beside the field it concerns (the password's, the user name's)."""
    if form is None:
        _errors(request, error)
    elif hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    elif "password1" in form.fields and any(
        (item.code or "").startswith("password_") for item in error.error_list
    ):
        form.add_error("password1", error)
    else:
        form.add_error(None, error)


def _unusable(request, status: str):
    return render(
        request,
        "onboarding/invitation_unusable.html",
        {"reason": status},
        status=404 if status == "unknown" else 410,
    )


@require_http_methods(["GET", "POST"])
def accept(request, token: str):
    """The link of the invitation: set one's own user name and password (or log in with the
    account the e-mail address already has) and land on the process. Anonymous visitors are
    limited per address: nobody needs many tries at a link they were sent."""
    if not request.user.is_authenticated and is_ratelimited(
        request,
        group=ACCEPT_RATE_GROUP,
        key="ip",
        rate=settings.STAFF_INVITATION_ACCEPT_RATE,
        method=ALL,
        increment=True,
    ):
        raise Ratelimited
    try:
        invitation = services.staff_invitation_get_open(token=token)
    except services.InvitationUnusable as unusable:
        return _unusable(request, unusable.status)
    existing = user_with_email(email=invitation.email)
    signed_in_as_invitee = (
        request.user.is_authenticated and existing is not None and request.user.pk == existing.pk
    )
    create_form = login_form = None
    if existing is None:
        create_form = AccountCreateForm(request.POST or None)
    elif not signed_in_as_invitee:
        login_form = AccountLoginForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        user = None
        form = create_form or login_form
        try:
            if signed_in_as_invitee:
                invitation, user = services.staff_invitation_accept(token=token, user=request.user)
            elif request.user.is_authenticated:
                # Logged in as someone else: accepting would tie the role to the wrong person.
                form.add_error(None, _("You are logged in with another account; log out first."))
            elif login_form is not None and login_form.is_valid():
                found = authenticate(
                    request,
                    username=login_form.cleaned_data["username"],
                    password=login_form.cleaned_data["password"],
                )
                if found is None or found.pk != existing.pk:
                    login_form.add_error(None, _("The user name or the password is not right."))
                else:
                    invitation, user = services.staff_invitation_accept(token=token, user=found)
            elif create_form is not None and create_form.is_valid():
                invitation, user = services.staff_invitation_accept(
                    token=token,
                    username=create_form.cleaned_data["username"],
                    password=create_form.cleaned_data["password1"],
                    first_name=create_form.cleaned_data["first_name"],
                    last_name=create_form.cleaned_data["last_name"],
                )
        except services.InvitationUnusable as unusable:
            return _unusable(request, unusable.status)
        except ValidationError as error:
            _accept_errors(request, create_form or login_form, error)
        if user is not None:
            if not signed_in_as_invitee:
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request,
                _("Welcome! You are %(role)s in %(municipality)s now.")
                % {
                    "role": invitation.get_role_display(),
                    "municipality": invitation.municipality.name,
                },
            )
            response = redirect(reverse("processes:detail", args=[invitation.process_id]))
            if user.language:
                # The language of the invitation follows the person, as after a log-in.
                set_language_cookie(response, user.language)
            return response
    return render(
        request,
        "onboarding/accept.html",
        {
            "invitation": invitation,
            "create_form": create_form,
            "login_form": login_form,
            "signed_in_as_invitee": signed_in_as_invitee,
            "other_account": request.user.is_authenticated and not signed_in_as_invitee,
        },
        status=status,
    )
