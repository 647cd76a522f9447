"""The strategy's pages: the document (its tree in the reader's language), the forms for each
of its parts, the workshop's candidates to take over and the history of changes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cohesion.core.shortcuts import found_or_404
from cohesion.strategies import services
from cohesion.strategies.forms import (
    ActualForm,
    CandidateMeasureForm,
    FieldOfActionForm,
    GoalForm,
    IndicatorCreateForm,
    IndicatorForm,
    MeasureForm,
    MilestoneForm,
    MoveForm,
    StrategyForm,
    text_in,
    texts_with,
)
from cohesion.strategies.selectors import (
    candidate_of_strategy,
    candidates_available,
    field_for_viewer,
    goal_for_viewer,
    indicator_for_viewer,
    measure_for_viewer,
    milestone_for_viewer,
    process_for_viewer,
    shown,
    strategy_for_viewer,
    strategy_history,
    strategy_of_process,
    strategy_tree,
)
from cohesion.strategies.views_common import form_errors as _form_errors
from cohesion.strategies.views_common import language as _language
from cohesion.strategies.views_common import told

# A measure's and an indicator's values beside their texts in the reader's language.
TEXTS = ("title", "description", "name")
MEASURE_VALUES = tuple(name for name in services.MEASURE_FIELDS if name not in TEXTS)
INDICATOR_VALUES = tuple(name for name in services.INDICATOR_FIELDS if name not in TEXTS)


def _check_edit(request, obj) -> None:
    if not request.user.has_perm("strategies.change_strategy", obj):
        raise PermissionDenied


def _status(request) -> int:
    return 400 if request.method == "POST" else 200


def _pick(texts, strategy):
    return shown(texts, strategy=strategy, language=_language())


def _form_page(request, *, form, strategy, heading, back, extra=None, template=None):
    return render(
        request,
        template or "strategies/form.html",
        {"form": form, "strategy": strategy, "heading": heading, "back": back, **(extra or {})},
        status=_status(request),
    )


# --- the strategy ---


@require_GET
@login_required
def strategy_page(request, process_pk: int):
    process = found_or_404(process_for_viewer(user=request.user, pk=process_pk))
    strategy = strategy_of_process(process=process)
    can_edit = request.user.has_perm("strategies.change_strategy", process)
    context = {"process": process, "strategy": strategy, "can_edit": can_edit}
    if strategy is not None:
        language = _language()
        context |= {
            "fields": strategy_tree(strategy=strategy, language=language),
            "title": _pick(strategy.title, strategy),
            "principles": _pick(strategy.guiding_principles, strategy)
            if strategy.guiding_principles
            else None,
            "language": language,
        }
    return render(request, "strategies/strategy.html", context)


@require_POST
@login_required
def strategy_start(request, process_pk: int):
    process = found_or_404(process_for_viewer(user=request.user, pk=process_pk))
    _check_edit(request, process)
    told(
        request,
        lambda: services.strategy_create(actor=request.user, process=process),
        _("The strategy is started with the standard fields of action."),
    )
    return redirect("strategies:strategy", process.pk)


@require_http_methods(["GET", "POST"])
@login_required
def strategy_edit(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    _check_edit(request, strategy)
    language = _language()
    source = strategy.source_language
    form = StrategyForm(
        request.POST or None,
        initial={
            "title": text_in(strategy.title, language, source),
            "guiding_principles": text_in(strategy.guiding_principles, language, source),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.strategy_update(
                actor=request.user,
                strategy=strategy,
                title=texts_with(strategy.title, language, form.cleaned_data["title"]),
                guiding_principles=texts_with(
                    strategy.guiding_principles, language, form.cleaned_data["guiding_principles"]
                ),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The strategy was saved."))
            return redirect("strategies:strategy", strategy.process_id)
    return _form_page(
        request,
        form=form,
        strategy=strategy,
        heading=_("Title and guiding principles"),
        back=strategy,
    )


# --- fields of action ---


@require_http_methods(["GET", "POST"])
@login_required
def field_add(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    _check_edit(request, strategy)
    form = FieldOfActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.field_of_action_create(
                actor=request.user,
                strategy=strategy,
                title={_language(): form.cleaned_data["title"]},
                weight=form.cleaned_data["weight"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The field of action was added."))
            return redirect("strategies:strategy", strategy.process_id)
    return _form_page(
        request, form=form, strategy=strategy, heading=_("Add a field of action"), back=strategy
    )


@require_http_methods(["GET", "POST"])
@login_required
def field_edit(request, pk: int):
    field = found_or_404(field_for_viewer(user=request.user, pk=pk))
    _check_edit(request, field)
    strategy = field.strategy
    language = _language()
    form = FieldOfActionForm(
        request.POST or None,
        initial={
            "title": text_in(field.title, language, strategy.source_language),
            "weight": field.weight,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.field_of_action_update(
                actor=request.user,
                field_of_action=field,
                title=texts_with(field.title, language, form.cleaned_data["title"]),
                weight=form.cleaned_data["weight"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The field of action was saved."))
            return redirect("strategies:strategy", strategy.process_id)
    return _form_page(
        request,
        form=form,
        strategy=strategy,
        heading=_("Edit the field of action"),
        back=strategy,
        extra={
            "delete_url": "strategies:field_delete",
            "delete_pk": field.pk,
            "delete_label": _("Remove the field of action"),
            "delete_help": _("Only a field of action without goals can be removed."),
        },
    )


@require_POST
@login_required
def field_delete(request, pk: int):
    field = found_or_404(field_for_viewer(user=request.user, pk=pk))
    _check_edit(request, field)
    told(
        request,
        lambda: services.field_of_action_delete(actor=request.user, field_of_action=field),
        _("The field of action was removed."),
    )
    return redirect("strategies:strategy", field.strategy.process_id)


@require_POST
@login_required
def field_move(request, pk: int):
    field = found_or_404(field_for_viewer(user=request.user, pk=pk))
    _check_edit(request, field)
    form = MoveForm(request.POST)
    if form.is_valid():
        services.field_of_action_move(
            actor=request.user, field_of_action=field, direction=form.cleaned_data["direction"]
        )
    else:
        messages.error(request, _("Move up or down."))
    return redirect(
        reverse("strategies:strategy", args=[field.strategy.process_id])
        + f"#section-field-{field.pk}"
    )


# --- goals ---


def _fields_shown(strategy):
    fields = list(strategy.fields_of_action.order_by("order", "pk"))
    for field in fields:
        field.shown = _pick(field.title, strategy)
    return fields


def _described_edit(
    request,
    obj,
    *,
    form_class,
    initial,
    update,
    values,
    saved,
    page,
    heading,
    delete,
    **form_kwargs,
):
    """The form of a goal or measure: its title and description in the reader's language
    beside its other values; saved through ``update``, then on to its page."""
    strategy = obj.strategy
    language = _language()
    source = strategy.source_language
    form = form_class(
        request.POST or None,
        **form_kwargs,
        initial={
            "title": text_in(obj.title, language, source),
            "description": text_in(obj.description, language, source),
            **initial,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            update(
                title=texts_with(obj.title, language, form.cleaned_data["title"]),
                description=texts_with(obj.description, language, form.cleaned_data["description"]),
                **values(form),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, saved)
            return redirect(page, obj.pk)
    return _form_page(
        request, form=form, strategy=strategy, heading=heading, back=strategy, extra=delete
    )


def _goal_values(form) -> dict:
    return {
        "target_year": form.cleaned_data["target_year"],
        "weight": form.cleaned_data["weight"],
        "field_of_action": form.cleaned_data["field_of_action"],
    }


@require_http_methods(["GET", "POST"])
@login_required
def goal_add(request, pk: int):
    field = found_or_404(field_for_viewer(user=request.user, pk=pk))
    _check_edit(request, field)
    strategy = field.strategy
    language = _language()
    form = GoalForm(
        request.POST or None,
        fields_of_action=_fields_shown(strategy),
        initial={"field_of_action": field.pk, "weight": 1},
    )
    if request.method == "POST" and form.is_valid():
        try:
            goal = services.goal_create(
                actor=request.user,
                title={language: form.cleaned_data["title"]},
                description=texts_with({}, language, form.cleaned_data["description"]),
                **_goal_values(form),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The goal was added."))
            return redirect("strategies:goal", goal.pk)
    return _form_page(request, form=form, strategy=strategy, heading=_("Add a goal"), back=strategy)


def _candidate(strategy, goal_or_measure):
    if goal_or_measure.candidate_id is None:
        return None
    return candidate_of_strategy(
        strategy=strategy, pk=goal_or_measure.candidate_id, language=_language()
    )


@require_GET
@login_required
def goal_page(request, pk: int):
    goal = found_or_404(goal_for_viewer(user=request.user, pk=pk))
    strategy = goal.strategy
    language = _language()
    tree = strategy_tree(strategy=strategy, language=language)
    goal = next(g for field in tree for g in field.goals.all() if g.pk == goal.pk)
    return render(
        request,
        "strategies/goal.html",
        {
            "strategy": strategy,
            "goal": goal,
            "field": goal.field_of_action,
            "candidate": _candidate(strategy, goal),
            "can_edit": request.user.has_perm("strategies.change_strategy", strategy),
            "language": language,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def goal_edit(request, pk: int):
    goal = found_or_404(goal_for_viewer(user=request.user, pk=pk))
    _check_edit(request, goal)
    return _described_edit(
        request,
        goal,
        form_class=GoalForm,
        fields_of_action=_fields_shown(goal.strategy),
        initial={
            "target_year": goal.target_year,
            "weight": goal.weight,
            "field_of_action": goal.field_of_action_id,
        },
        update=lambda **fields: services.goal_update(actor=request.user, goal=goal, **fields),
        values=_goal_values,
        saved=_("The goal was saved."),
        page="strategies:goal",
        heading=_("Edit the goal"),
        delete={
            "delete_url": "strategies:goal_delete",
            "delete_pk": goal.pk,
            "delete_label": _("Remove the goal"),
            "delete_help": _("Its measures and indicators go with it."),
        },
    )


@require_POST
@login_required
def goal_delete(request, pk: int):
    goal = found_or_404(goal_for_viewer(user=request.user, pk=pk))
    _check_edit(request, goal)
    process_pk = goal.strategy.process_id
    services.goal_delete(actor=request.user, goal=goal)
    messages.success(request, _("The goal was removed."))
    return redirect("strategies:strategy", process_pk)


# --- measures ---


def _measure_values(form) -> dict:
    return {name: form.cleaned_data[name] for name in MEASURE_VALUES}


@require_http_methods(["GET", "POST"])
@login_required
def measure_add(request, pk: int):
    goal = found_or_404(goal_for_viewer(user=request.user, pk=pk))
    _check_edit(request, goal)
    strategy = goal.strategy
    language = _language()
    form = MeasureForm(request.POST or None, initial={"status": "planned"})
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(
                actor=request.user,
                goal=goal,
                title={language: form.cleaned_data["title"]},
                description=texts_with({}, language, form.cleaned_data["description"]),
                **_measure_values(form),
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The measure was added."))
            return redirect("strategies:measure", measure.pk)
    return _form_page(
        request,
        form=form,
        strategy=strategy,
        heading=_("Add a measure"),
        back=strategy,
        extra={"parent": _pick(goal.title, strategy), "parent_goal": goal},
    )


@require_GET
@login_required
def measure_page(request, pk: int):
    measure = found_or_404(measure_for_viewer(user=request.user, pk=pk))
    strategy = measure.strategy
    language = _language()
    measure.shown = _pick(measure.title, strategy)
    measure.description_shown = (
        _pick(measure.description, strategy) if measure.description else None
    )
    milestones = list(measure.milestones.all())
    for milestone in milestones:
        milestone.shown = _pick(milestone.title, strategy)
    goal = measure.goal
    goal.shown = _pick(goal.title, strategy)
    return render(
        request,
        "strategies/measure.html",
        {
            "strategy": strategy,
            "measure": measure,
            "goal": goal,
            "milestones": milestones,
            "candidate": _candidate(strategy, measure),
            "can_edit": request.user.has_perm("strategies.change_strategy", strategy),
            "language": language,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def measure_edit(request, pk: int):
    measure = found_or_404(measure_for_viewer(user=request.user, pk=pk))
    _check_edit(request, measure)
    return _described_edit(
        request,
        measure,
        form_class=MeasureForm,
        initial={name: getattr(measure, name) for name in MEASURE_VALUES},
        update=lambda **fields: services.measure_update(
            actor=request.user, measure=measure, **fields
        ),
        values=_measure_values,
        saved=_("The measure was saved."),
        page="strategies:measure",
        heading=_("Edit the measure"),
        delete={
            "delete_url": "strategies:measure_delete",
            "delete_pk": measure.pk,
            "delete_label": _("Remove the measure"),
            "delete_help": _("Its milestones go with it."),
        },
    )


@require_POST
@login_required
def measure_delete(request, pk: int):
    measure = found_or_404(measure_for_viewer(user=request.user, pk=pk))
    _check_edit(request, measure)
    goal_pk = measure.goal_id
    services.measure_delete(actor=request.user, measure=measure)
    messages.success(request, _("The measure was removed."))
    return redirect("strategies:goal", goal_pk)


# --- milestones ---


@require_http_methods(["GET", "POST"])
@login_required
def milestone_add(request, pk: int):
    measure = found_or_404(measure_for_viewer(user=request.user, pk=pk))
    _check_edit(request, measure)
    strategy = measure.strategy
    form = MilestoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_create(
                actor=request.user,
                measure=measure,
                title={_language(): form.cleaned_data["title"]},
                due=form.cleaned_data["due"],
                done_on=form.cleaned_data["done_on"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The milestone was added."))
            return redirect("strategies:measure", measure.pk)
    return _form_page(
        request, form=form, strategy=strategy, heading=_("Add a milestone"), back=strategy
    )


@require_http_methods(["GET", "POST"])
@login_required
def milestone_edit(request, pk: int):
    milestone = found_or_404(milestone_for_viewer(user=request.user, pk=pk))
    _check_edit(request, milestone)
    strategy = milestone.strategy
    language = _language()
    form = MilestoneForm(
        request.POST or None,
        initial={
            "title": text_in(milestone.title, language, strategy.source_language),
            "due": milestone.due,
            "done_on": milestone.done_on,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.milestone_update(
                actor=request.user,
                milestone=milestone,
                title=texts_with(milestone.title, language, form.cleaned_data["title"]),
                due=form.cleaned_data["due"],
                done_on=form.cleaned_data["done_on"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The milestone was saved."))
            return redirect("strategies:measure", milestone.measure_id)
    return _form_page(
        request, form=form, strategy=strategy, heading=_("Edit the milestone"), back=strategy
    )


# --- indicators ---


@require_http_methods(["GET", "POST"])
@login_required
def indicator_add(request, pk: int):
    goal = found_or_404(goal_for_viewer(user=request.user, pk=pk))
    _check_edit(request, goal)
    strategy = goal.strategy
    language = _language()
    form = IndicatorCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_create(
                actor=request.user,
                goal=goal,
                catalogue_key=data["catalogue_key"],
                name=texts_with({}, language, data["name"]),
                **{name: data[name] for name in INDICATOR_VALUES if data[name] not in (None, "")},
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The indicator was added."))
            return redirect("strategies:goal", goal.pk)
    return _form_page(
        request, form=form, strategy=strategy, heading=_("Add an indicator"), back=strategy
    )


def _indicator_form(indicator, data=None):
    return IndicatorForm(
        data,
        catalogue_key=indicator.catalogue_key,
        initial={
            "name": text_in(indicator.name, _language(), indicator.strategy.source_language),
            **{name: getattr(indicator, name) for name in INDICATOR_VALUES},
        },
    )


def _indicator_page(request, indicator, *, form, actual_form, can_edit, status):
    """The indicator's page: its form (for its editors), its actual values and the form for
    a new one."""
    strategy = indicator.strategy
    indicator.shown = _pick(indicator.name, strategy) if indicator.name else None
    return render(
        request,
        "strategies/indicator.html",
        {
            "strategy": strategy,
            "indicator": indicator,
            "form": form,
            "actual_form": actual_form,
            "actuals": list(indicator.actuals.all()),
            "can_edit": can_edit,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def indicator_edit(request, pk: int):
    indicator = found_or_404(indicator_for_viewer(user=request.user, pk=pk))
    strategy = indicator.strategy
    can_edit = request.user.has_perm("strategies.change_strategy", strategy)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    language = _language()
    form = _indicator_form(indicator, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_update(
                actor=request.user,
                indicator=indicator,
                name=texts_with(indicator.name, language, data["name"]),
                **{name: data[name] for name in INDICATOR_VALUES},
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("strategies:goal", indicator.goal_id)
    return _indicator_page(
        request,
        indicator,
        form=form if can_edit else None,
        actual_form=ActualForm(prefix="actual") if can_edit else None,
        can_edit=can_edit,
        status=_status(request),
    )


@require_POST
@login_required
def actual_add(request, pk: int):
    indicator = found_or_404(indicator_for_viewer(user=request.user, pk=pk))
    _check_edit(request, indicator)
    form = ActualForm(request.POST, prefix="actual")
    if form.is_valid():
        try:
            services.indicator_actual_add(
                actor=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The value was recorded."))
            return redirect("strategies:indicator", indicator.pk)
    return _indicator_page(
        request,
        indicator,
        form=_indicator_form(indicator),
        actual_form=form,
        can_edit=True,
        status=400,
    )


# --- the workshop's candidates ---


def _all_goals(strategy, language):
    return [
        goal
        for field in strategy_tree(strategy=strategy, language=language)
        for goal in field.goals.all()
    ]


@require_GET
@login_required
def candidates(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    language = _language()
    goals = _all_goals(strategy, language)
    return render(
        request,
        "strategies/candidates.html",
        {
            "strategy": strategy,
            "fields": candidates_available(strategy=strategy, language=language),
            "goals": goals,
            "can_edit": request.user.has_perm("strategies.change_strategy", strategy),
        },
    )


@require_POST
@login_required
def candidate_goal(request, pk: int, candidate_pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    _check_edit(request, strategy)
    candidate = found_or_404(
        candidate_of_strategy(strategy=strategy, pk=candidate_pk, language=_language())
    )
    goal = told(
        request,
        lambda: services.goal_create_from_candidate(
            actor=request.user, strategy=strategy, candidate=candidate
        ),
        _("The goal was made from the workshop's candidate."),
    )
    if goal is None:
        return redirect("strategies:candidates", strategy.pk)
    return redirect("strategies:goal", goal.pk)


@require_POST
@login_required
def candidate_measure(request, pk: int, candidate_pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    _check_edit(request, strategy)
    language = _language()
    candidate = found_or_404(
        candidate_of_strategy(strategy=strategy, pk=candidate_pk, language=language)
    )
    form = CandidateMeasureForm(request.POST, goals=_all_goals(strategy, language))
    if not form.is_valid():
        messages.error(request, _("Choose the goal the measure serves."))
        return redirect("strategies:candidates", strategy.pk)
    measure = told(
        request,
        lambda: services.measure_create_from_candidate(
            actor=request.user, goal=form.cleaned_data["goal"], candidate=candidate
        ),
        _("The measure was made from the workshop's candidate."),
    )
    if measure is None:
        return redirect("strategies:candidates", strategy.pk)
    return redirect("strategies:measure", measure.pk)


# --- history ---


@require_GET
@login_required
def history(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    return render(
        request,
        "strategies/history.html",
        {"strategy": strategy, "changes": strategy_history(strategy=strategy)},
    )


# --- collaboration: comments and assignments ---

import datetime  # noqa: E402

from django.http import FileResponse, Http404  # noqa: E402
from django_ratelimit import ALL  # noqa: E402
from django_ratelimit.core import is_ratelimited  # noqa: E402
from django_ratelimit.exceptions import Ratelimited  # noqa: E402

from cohesion.strategies import selectors as strategy_selectors  # noqa: E402
from cohesion.strategies.forms import (  # noqa: E402
    AdoptForm,
    AssignmentForm,
    CommentForm,
    ConsultationOpenForm,
    DoneForm,
    ModerateForm,
    PublicCommentForm,
    VersionCompareForm,
    VersionSaveForm,
)

# Comments of the public consultation per address: a person writes a few; a flood stops.
PUBLIC_COMMENT_RATES = ("5/m", "30/h")


@require_http_methods(["GET", "POST"])
@login_required
def comments(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    parts = strategy_selectors.strategy_parts(strategy=strategy, language=_language())
    about = request.GET.get("about", "")
    kind, _sep, object_id = about.partition("-")
    form = CommentForm(request.POST or None, parts=parts, initial={"about": about or "strategy"})
    if request.method == "POST":
        if not request.user.has_perm("strategies.comment_strategy", strategy):
            raise PermissionDenied
        if form.is_valid():
            kind_posted, object_posted = form.cleaned_data["about"]
            try:
                services.strategy_comment_add(
                    actor=request.user,
                    strategy=strategy,
                    text=form.cleaned_data["text"],
                    about=kind_posted,
                    object_id=object_posted,
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("Your comment was added."))
                return redirect(request.get_full_path())
    found = strategy_selectors.strategy_comments(
        strategy=strategy,
        about=kind if kind in {"field", "goal", "measure"} else "",
        object_id=object_id,
    )
    return render(
        request,
        "strategies/comments.html",
        {"strategy": strategy, "form": form, "comments": found, "about": about},
        status=_status(request),
    )


def _assignment_form(request, strategy):
    language = _language()
    return AssignmentForm(
        request.POST or None,
        parts=strategy_selectors.strategy_parts(strategy=strategy, language=language),
        people=strategy_selectors.assignable_people(strategy=strategy),
    )


@require_http_methods(["GET", "POST"])
@login_required
def assignments(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    can_edit = request.user.has_perm("strategies.change_strategy", strategy)
    if request.method == "POST" and not can_edit:
        raise PermissionDenied
    form = _assignment_form(request, strategy) if can_edit else None
    if request.method == "POST" and form.is_valid():
        kind, object_id = form.cleaned_data["about"]
        part = None
        if kind == "goal":
            part = goal_for_viewer(user=request.user, pk=object_id)
        elif kind == "measure":
            part = measure_for_viewer(user=request.user, pk=object_id)
        if part is None or part.strategy.pk != strategy.pk:
            form.add_error("about", _("Choose a goal or a measure."))
        else:
            try:
                services.assignment_create(
                    actor=request.user,
                    strategy=strategy,
                    assignee=form.cleaned_data["assignee"],
                    task=form.cleaned_data["task"],
                    due=form.cleaned_data["due"],
                    **{kind: part},
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(request, _("The assignment was given."))
                return redirect("strategies:assignments", strategy.pk)
    return render(
        request,
        "strategies/assignments.html",
        {
            "strategy": strategy,
            "form": form,
            "assignments": strategy_selectors.assignments_of_strategy(strategy=strategy),
            "can_edit": can_edit,
            "today": datetime.date.today(),
        },
        status=_status(request),
    )


@require_GET
@login_required
def my_assignments(request):
    return render(
        request,
        "strategies/my_assignments.html",
        {
            "assignments": strategy_selectors.assignments_of_user(user=request.user),
            "today": datetime.date.today(),
        },
    )


@require_POST
@login_required
def assignment_done(request, pk: int):
    assignment = found_or_404(strategy_selectors.assignment_for_viewer(user=request.user, pk=pk))
    form = DoneForm(request.POST)
    form.is_valid()
    services.assignment_done_set(
        actor=request.user, assignment=assignment, done=form.cleaned_data.get("done", False)
    )
    messages.success(request, _("The assignment was updated."))
    if request.POST.get("next") == "mine":
        return redirect("strategies:my_assignments")
    return redirect("strategies:assignments", assignment.strategy_id)


# --- versions ---


@require_GET
@login_required
def versions(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    found = strategy_selectors.strategy_versions(strategy=strategy)
    can_edit = request.user.has_perm("strategies.change_strategy", strategy)
    compare = VersionCompareForm(
        versions=found,
        initial={
            "before": str(found[0].number) if found else "current",
            "after": "current",
        },
    )
    return render(
        request,
        "strategies/versions.html",
        {
            "strategy": strategy,
            "versions": found,
            "save_form": VersionSaveForm() if can_edit else None,
            "compare_form": compare,
            "can_edit": can_edit,
        },
    )


@require_POST
@login_required
def version_save(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    _check_edit(request, strategy)
    form = VersionSaveForm(request.POST)
    if form.is_valid():
        told(
            request,
            lambda: services.strategy_version_save(
                actor=request.user, strategy=strategy, label=form.cleaned_data["label"]
            ),
            lambda version: _("Version %(number)s was saved.") % {"number": version.number},
        )
    else:
        messages.error(request, _("The label is too long."))
    return redirect("strategies:versions", strategy.pk)


def _snapshot_of(strategy, choice: str):
    if choice == "current":
        return strategy_selectors.strategy_snapshot(strategy=strategy), None
    version = strategy_selectors.version_of_strategy(strategy=strategy, number=choice)
    if version is None:
        raise Http404
    return version.snapshot, version


@require_GET
@login_required
def version_compare(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    found = strategy_selectors.strategy_versions(strategy=strategy)
    form = VersionCompareForm(request.GET, versions=found)
    if not form.is_valid():
        return render(
            request,
            "strategies/version_compare.html",
            {"strategy": strategy, "form": form, "difference": None},
            status=400,
        )
    before, before_version = _snapshot_of(strategy, form.cleaned_data["before"])
    after, after_version = _snapshot_of(strategy, form.cleaned_data["after"])
    difference = strategy_selectors.version_difference(
        before=before,
        after=after,
        language=_language(),
        original_language=strategy.source_language,
    )
    return render(
        request,
        "strategies/version_compare.html",
        {
            "strategy": strategy,
            "form": form,
            "difference": difference,
            "before_version": before_version,
            "after_version": after_version,
        },
    )


# --- consultation ---


@require_GET
@login_required
def consultation(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    current = strategy_selectors.consultation_of_strategy(strategy=strategy)
    can_consult = request.user.has_perm("strategies.consult_strategy", strategy)
    can_moderate = request.user.has_perm("strategies.change_strategy", strategy)
    return render(
        request,
        "strategies/consultation.html",
        {
            "strategy": strategy,
            "consultation": current,
            "comments": strategy_selectors.consultation_comments(consultation=current)
            if current is not None
            else [],
            "open_form": ConsultationOpenForm() if can_consult else None,
            "can_consult": can_consult,
            "can_moderate": can_moderate,
        },
    )


@require_POST
@login_required
def consultation_open(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    if not request.user.has_perm("strategies.consult_strategy", strategy):
        raise PermissionDenied
    form = ConsultationOpenForm(request.POST)
    if form.is_valid():
        told(
            request,
            lambda: services.consultation_open(
                actor=request.user, strategy=strategy, **form.cleaned_data
            ),
            _("The strategy is out for consultation."),
        )
    else:
        messages.error(request, _("The label is too long."))
    return redirect("strategies:consultation", strategy.pk)


@require_POST
@login_required
def consultation_opinion_map(request, pk: int):
    found = found_or_404(strategy_selectors.consultation_for_viewer(user=request.user, pk=pk))
    if not request.user.has_perm("strategies.consult_strategy", found.strategy):
        raise PermissionDenied
    told(
        request,
        lambda: services.consultation_opinion_map_create(actor=request.user, consultation=found),
        _("The opinion map on the goals was made."),
    )
    return redirect("strategies:consultation", found.strategy_id)


@require_POST
@login_required
def consultation_close(request, pk: int):
    found = found_or_404(strategy_selectors.consultation_for_viewer(user=request.user, pk=pk))
    if not request.user.has_perm("strategies.consult_strategy", found.strategy):
        raise PermissionDenied
    services.consultation_close(actor=request.user, consultation=found)
    messages.success(request, _("The consultation is closed."))
    return redirect("strategies:consultation", found.strategy_id)


@require_POST
@login_required
def consultation_comment_moderate(request, pk: int):
    comment = found_or_404(
        strategy_selectors.consultation_comment_for_viewer(user=request.user, pk=pk)
    )
    strategy = comment.consultation.strategy
    _check_edit(request, strategy)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Publish or reject."))
    else:
        services.consultation_comment_moderate(
            actor=request.user, comment=comment, state=form.cleaned_data["state"]
        )
        messages.success(request, _("The comment was moderated."))
    return redirect(reverse("strategies:consultation", args=[strategy.pk]) + "#comments")


# --- adoption ---


@require_http_methods(["GET", "POST"])
@login_required
def adopt(request, pk: int):
    strategy = found_or_404(strategy_for_viewer(user=request.user, pk=pk))
    if not request.user.has_perm("strategies.adopt_strategy", strategy):
        raise PermissionDenied
    form = AdoptForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.strategy_adopt(
                actor=request.user,
                strategy=strategy,
                decided_on=data["decided_on"],
                reference=data["reference"],
                document=data["document"] or None,
                label=data["label"],
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The adoption was recorded; the strategy is public."))
            return redirect("strategies:strategy", strategy.process_id)
    return render(
        request,
        "strategies/adopt.html",
        {
            "strategy": strategy,
            "form": form,
            "decisions": list(strategy.council_decisions.select_related("version")),
        },
        status=_status(request),
    )


# --- public pages: the adopted strategy and the consultation, without an account ---


def _public_parts(tree) -> list[tuple[str, str]]:
    parts = [("strategy", _("The strategy as a whole"))]
    for field in tree["fields"]:
        parts.append((f"field-{field['id']}", field["shown"].text))
        for goal in field["goals"]:
            parts.append((f"goal-{goal['id']}", f"– {goal['shown'].text}"))
            for measure in goal["measures"]:
                parts.append((f"measure-{measure['id']}", f"– – {measure['shown'].text}"))
    return parts


def _public_limit(request) -> None:
    for rate in PUBLIC_COMMENT_RATES:
        if is_ratelimited(
            request,
            group="strategies.public_comment",
            key="ip",
            rate=rate,
            method=ALL,
            increment=True,
        ):
            raise Ratelimited


@require_GET
def public_strategy(request, ags: str):
    decision = found_or_404(strategy_selectors.strategy_public(ags=ags))
    strategy = decision.strategy
    tree = strategy_selectors.snapshot_tree(
        snapshot=decision.version.snapshot,
        language=_language(),
        original_language=decision.version.source_language,
        current_measures=True,
    )
    return render(
        request,
        "strategies/public.html",
        {
            "strategy": strategy,
            "municipality": strategy.process.municipality,
            "decision": decision,
            "version": decision.version,
            "tree": tree,
        },
    )


@require_GET
def public_decision(request, ags: str):
    decision = found_or_404(strategy_selectors.strategy_public(ags=ags))
    if not decision.document:
        raise Http404
    try:
        handle = decision.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"council-decision-{decision.strategy.process.municipality.ags}.pdf",
        content_type="application/pdf",
    )


@require_http_methods(["GET", "POST"])
def public_consultation(request, ags: str):
    found = found_or_404(strategy_selectors.consultation_public(ags=ags))
    version = found.version
    tree = strategy_selectors.snapshot_tree(
        snapshot=version.snapshot,
        language=_language(),
        original_language=version.source_language,
    )
    form = PublicCommentForm(request.POST or None, parts=_public_parts(tree))
    if request.method == "POST":
        _public_limit(request)
        if form.is_valid():
            about, object_id = form.cleaned_data["about"]
            try:
                services.consultation_comment_submit(
                    consultation=found,
                    text=form.cleaned_data["text"],
                    name=form.cleaned_data["name"],
                    about=about,
                    object_id=object_id,
                )
            except ValidationError as error:
                _form_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Thank you. Your comment is published once the organisers have read it."),
                )
                return redirect(
                    "strategy_public:consultation", found.strategy.process.municipality.ags
                )
    published = [
        comment
        for comment in strategy_selectors.consultation_comments(consultation=found)
        if comment.state == "published"
    ]
    return render(
        request,
        "strategies/public_consultation.html",
        {
            "consultation": found,
            "municipality": found.strategy.process.municipality,
            "tree": tree,
            "form": form,
            "comments": published,
        },
        status=_status(request),
    )
