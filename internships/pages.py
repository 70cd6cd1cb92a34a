"""Internships in the web application: the internships themselves (terms, agreement,
insurance, pre-job training, start and end), the log, visits, evaluations, alerts, training
plans, and the positions and exceptions the rules measure against."""

from typing import Any, cast

import django_filters
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts import pagekit
from accounts.models import Role, User
from accounts.pagekit import Action, Column, ReasonForm, Section, badge

from . import rules, services
from .figures import figures
from .forms import (
    AcceptAgreementForm,
    ConcernForm,
    EndForm,
    EvaluationForm,
    ExceptionForm,
    InsuranceForm,
    InternshipForm,
    LogForm,
    MentorForm,
    PayForm,
    PlanForm,
    PositionForm,
    PreJobTrainingForm,
    ProgressForm,
    ResolveForm,
    TrainingCompletionForm,
    VisitForm,
)
from .models import (
    HoursException,
    Internship,
    InternshipAlert,
    InternshipEvaluation,
    InternshipLog,
    InternshipVisit,
    Position,
    PreJobTraining,
    TrainingPlan,
)
from .permissions import (
    HoursExceptionPolicy,
    InternshipAlertPolicy,
    InternshipEvaluationPolicy,
    InternshipLogPolicy,
    InternshipPolicy,
    InternshipVisitPolicy,
    PositionPolicy,
    PreJobTrainingPolicy,
    TrainingPlanPolicy,
)

S = Internship.Status


def person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def _state(i: Internship) -> str:
    return badge(i.status, i.get_status_display())


# --- internships ---------------------------------------------------------------------------


class InternshipFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("State"), choices=S.choices, empty_label=_("Any state"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Internship.Kind.choices, empty_label=_("Any kind")
    )

    class Meta:
        model = Internship
        fields = ["status", "kind"]


def _create(user: User, data: dict[str, Any]) -> Internship:
    return services.internship_create(actor=user, college=user.college, **data)


def _edit(row: Internship, user: User, data: dict[str, Any]) -> Internship:
    return services.internship_update(internship=row, actor=user, **data)


def _edit_initial(row: Internship) -> dict[str, Any]:
    return {name: getattr(row, name) for name in InternshipForm.Meta.fields}


def _internship_context(request: Any, i: Internship) -> dict[str, Any]:
    plan = TrainingPlan.objects.filter(internship=i).prefetch_related("tasks").first()
    return {
        "party": services.party_of(i, request.user) if request.user.is_authenticated else "",
        "needs_guardian": rules.needs_guardian(i),
        "readiness": services.readiness(i) if i.status == S.PREPARING else [],
        "training": pagekit.with_links(request, i.pre_job_training.select_related("module")),
        "plan": plan,
        "logs": i.logs.order_by("-date")[:10],
        "log_count": i.logs.count(),
        "alerts": i.alerts.order_by("-raised_at"),
        "visits": i.visits.order_by("-date"),
        "evaluations": i.evaluations.select_related("evaluator"),
        "mentor_changes": i.mentor_changes.select_related("from_mentor", "to_mentor", "changed_by"),
        "pay": i.pay.order_by("month"),
        "figures": figures(Internship.objects.filter(pk=i.pk)),
    }


def _figures(request: Any) -> dict[str, Any] | None:
    """The figures of the internships the viewer answers for (a college's, an enterprise's,
    or all for a platform admin), each explained by its rows."""
    if not request.user.is_authenticated or request.user.role == Role.STUDENT:
        return None
    data = figures(InternshipPolicy().visible(request.user, Internship.objects.all()))
    data["shown_rows"] = data["rows"][:ROWS_SHOWN]
    return data


ROWS_SHOWN = 300


def _accept_available(i: Internship, user: Any) -> bool:
    if i.status != S.PREPARING or not user.is_authenticated:
        return False
    party = services.party_of(i, user)
    return (
        (party == "student" and not i.student_accepted_at)
        or (party == "college" and not i.college_accepted_at)
        or (party == "enterprise" and not i.enterprise_accepted_at)
    )


INTERNSHIPS = Section(
    name="internships",
    title=_("Internships"),
    policy=InternshipPolicy(),
    queryset=lambda: Internship.objects.select_related("student", "enterprise", "position", "college"),
    columns=[
        Column(_("Student"), lambda i: person(i.student), sort="student__last_name", link=True),
        Column(_("Enterprise"), "enterprise.name", sort="enterprise__name"),
        Column(pgettext_lazy("job", "Position"), "position.name"),
        Column(_("Kind"), "get_kind_display", sort="kind"),
        Column(_("From"), "start_date", sort="start_date"),
        Column(_("Until"), "end_date", sort="end_date"),
        Column(_("State"), _state, sort="status"),
    ],
    detail_template="internships/internship_detail.html",
    search_fields=(
        "student__first_name",
        "student__last_name",
        "student__username",
        "enterprise__name",
        "position__name",
    ),
    filterset=InternshipFilter,
    default_ordering=("-start_date", "-id"),
    create_form=InternshipForm,
    create=_create,
    create_label=_("Propose an internship"),
    create_permission=lambda u: u.role == Role.COLLEGE_ADMIN and u.college_id is not None,
    edit_form=InternshipForm,
    edit=_edit,
    editable=lambda i: i.status == S.PREPARING,
    edit_initial=_edit_initial,
    form_kwargs=lambda u, row: {"user": u},
    row_title=lambda i: str(i),
    context=_internship_context,
    intro_template="internships/figures.html",
    list_context=lambda request: {"figures": _figures(request)},
    actions=[
        Action(
            "accept-agreement",
            _("Accept the agreement"),
            "accept_agreement",
            lambda i, u, d: services.internship_accept_agreement(internship=i, actor=u, **d),
            _("Your acceptance of the agreement is recorded."),
            available=_accept_available,
            form=AcceptAgreementForm,
            form_kwargs=lambda i, u: {
                "guardian": services.party_of(i, u) == "student" and rules.needs_guardian(i)
            },
        ),
        Action(
            "pre-job-training",
            _("Record pre-job training"),
            "train",
            lambda i, u, d: services.training_record(internship=i, actor=u, **d),
            _("The training is recorded."),
            available=lambda i, u: i.status == S.PREPARING,
            form=PreJobTrainingForm,
            form_kwargs=lambda i, u: {"college_id": i.college_id},
            style="secondary",
        ),
        Action(
            "insurance",
            _("Record the insurance"),
            "update",
            lambda i, u, d: services.internship_update(internship=i, actor=u, **d),
            _("The insurance is recorded."),
            available=lambda i, u: i.status == S.PREPARING,
            form=InsuranceForm,
            form_kwargs=lambda i, u: {"user": u, "initial": {n: getattr(i, n) for n in services.INSURANCE}},
            style="secondary",
        ),
        Action(
            "change-mentor",
            _("Change the mentor"),
            "change_mentor",
            lambda i, u, d: services.mentor_change(internship=i, actor=u, **d),
            _("The new mentor is named; the history keeps the change."),
            available=lambda i, u: (
                i.status != S.CANCELLED
                and not i.evaluations.filter(side=InternshipEvaluation.Side.MENTOR).exists()
            ),
            form=MentorForm,
            form_kwargs=lambda i, u: {"internship": i},
            style="secondary",
        ),
        Action(
            "start",
            _("Start the internship"),
            "start",
            lambda i, u, d: services.internship_start(internship=i, actor=u),
            _("The internship is under way."),
            available=lambda i, u: i.status == S.PREPARING,
        ),
        Action(
            "pay",
            _("Record a month's pay"),
            "pay",
            lambda i, u, d: services.pay_record(internship=i, actor=u, **d),
            _("The pay is recorded."),
            available=lambda i, u: i.status in (S.ACTIVE, S.ENDED),
            form=PayForm,
            style="secondary",
        ),
        Action(
            "concern",
            _("Raise a concern"),
            "raise",
            lambda i, u, d: services.concern_raise(internship=i, actor=u, message=d["reason"]),
            _("The concern is raised; the college will answer it."),
            available=lambda i, u: i.status != S.CANCELLED,
            form=ReasonForm,
            style="secondary",
        ),
        Action(
            "end",
            _("End the internship"),
            "end",
            lambda i, u, d: services.internship_end(internship=i, actor=u, **d),
            _("The internship has ended."),
            available=lambda i, u: i.status == S.ACTIVE,
            form=EndForm,
            confirm=_("End this internship?"),
        ),
        Action(
            "cancel",
            _("Cancel"),
            "cancel",
            lambda i, u, d: services.internship_cancel(internship=i, actor=u),
            _("The internship is cancelled."),
            available=lambda i, u: i.status == S.PREPARING,
            confirm=_("Cancel this internship?"),
            style="danger",
        ),
    ],
)


# --- pre-job training -------------------------------------------------------------------------


def _completed(t: PreJobTraining) -> str:
    if t.completed_on:
        return badge("verified", _("completed on %(on)s") % {"on": date_format(t.completed_on)})
    return badge("", _("not completed"))


TRAINING = Section(
    name="pre-job-training",
    title=_("Pre-job training"),
    policy=PreJobTrainingPolicy(),
    queryset=lambda: PreJobTraining.objects.select_related(
        "internship__student", "internship__position", "module", "recorded_by", "completion_recorded_by"
    ),
    columns=[
        Column(_("Topic"), "topic", sort="topic", link=True),
        Column(_("Student"), lambda t: person(t.internship.student)),
        Column(_("Kind"), "get_kind_display", sort="kind"),
        Column(_("Completed"), _completed, sort="completed_on"),
    ],
    detail_template="internships/training_detail.html",
    search_fields=("topic", "internship__student__last_name", "internship__student__first_name"),
    default_ordering=("internship_id", "kind", "id"),
    edit_form=PreJobTrainingForm,
    edit=lambda t, u, d: services.training_update(training=t, actor=u, **d),
    edit_initial=lambda t: {name: getattr(t, name) for name in services.TRAINING_FIELDS},
    form_kwargs=lambda u, row: {"college_id": row.internship.college_id if row else 0},
    row_title=lambda t: t.topic,
    actions=[
        Action(
            "complete",
            _("Record completion"),
            "complete",
            lambda t, u, d: services.training_update(training=t, actor=u, **d),
            _("The completion is recorded."),
            available=lambda t, u: t.internship.status == S.PREPARING,
            form=TrainingCompletionForm,
        )
    ],
)


# --- the log ---------------------------------------------------------------------------------


def _confirmed(log: InternshipLog) -> str:
    return badge("verified", _("confirmed")) if log.confirmed_at else badge("", _("waiting"))


LOGS = Section(
    name="internship-logs",
    title=_("Internship log"),
    policy=InternshipLogPolicy(),
    queryset=lambda: InternshipLog.objects.select_related("internship__student", "internship__position"),
    columns=[
        Column(_("Date"), "date", sort="date", link=True),
        Column(_("Student"), lambda log: person(log.internship.student)),
        Column(_("Hours"), "hours", sort="hours"),
        Column(_("Shift"), "get_shift_display", sort="shift"),
        Column(_("Tasks done"), "tasks"),
        Column(_("Confirmed"), _confirmed),
    ],
    detail_template="internships/log_detail.html",
    search_fields=("tasks", "internship__student__last_name", "internship__student__first_name"),
    default_ordering=("-date", "-id"),
    create_form=LogForm,
    create=lambda u, d: services.log_create(actor=u, **d),
    create_label=_("Log a day"),
    create_permission=lambda u: (
        u.role == Role.STUDENT and Internship.objects.filter(student=u, status=S.ACTIVE).exists()
    ),
    form_kwargs=lambda u, row: {"user": u},
    row_actions=("confirm",),
    actions=[
        Action(
            "confirm",
            _("Confirm"),
            "confirm",
            lambda log, u, d: services.log_confirm(log=log, actor=u),
            _("The day is confirmed."),
            available=lambda log, u: log.confirmed_at is None,
        )
    ],
)


# --- visits, evaluations and alerts ----------------------------------------------------------------


VISITS = Section(
    name="internship-visits",
    title=_("Supervisors' visits and calls"),
    policy=InternshipVisitPolicy(),
    queryset=lambda: InternshipVisit.objects.select_related("internship__student", "recorded_by"),
    columns=[
        Column(_("Date"), "date", sort="date", link=True),
        Column(_("Student"), lambda v: person(v.internship.student)),
        Column(_("Kind"), "get_kind_display"),
        Column(_("By"), lambda v: person(v.recorded_by)),
        Column(_("Notes"), "notes"),
    ],
    detail_template="internships/visit_detail.html",
    default_ordering=("-date", "-id"),
    create_form=VisitForm,
    create=lambda u, d: services.visit_create(actor=u, **d),
    create_label=_("Record a visit or call"),
    create_permission=lambda u: u.role in (Role.TEACHER, Role.COLLEGE_ADMIN),
    form_kwargs=lambda u, row: {"user": u},
)

EVALUATIONS = Section(
    name="internship-evaluations",
    title=_("Internship evaluations"),
    policy=InternshipEvaluationPolicy(),
    queryset=lambda: InternshipEvaluation.objects.select_related("internship__student", "evaluator"),
    columns=[
        Column(_("Student"), lambda e: person(e.internship.student), link=True),
        Column(_("Side"), "get_side_display", sort="side"),
        Column(_("Rating (1–5)"), "rating", sort="rating"),
        Column(_("By"), lambda e: person(e.evaluator)),
        Column(_("Comment"), "comment"),
    ],
    detail_template="internships/evaluation_detail.html",
    default_ordering=("-created_at", "-id"),
    create_form=EvaluationForm,
    create=lambda u, d: services.evaluation_create(actor=u, **d),
    create_label=_("Evaluate an internship"),
    create_permission=lambda u: u.role in (Role.ENGINEER, Role.TEACHER, Role.COLLEGE_ADMIN),
    form_kwargs=lambda u, row: {"user": u},
)


class AlertFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=InternshipAlert.Kind.choices, empty_label=_("Any kind")
    )
    open = django_filters.BooleanFilter(label=_("Open"), field_name="resolved_at", lookup_expr="isnull")

    class Meta:
        model = InternshipAlert
        fields = ["kind", "open"]


def _alert_state(a: InternshipAlert) -> str:
    return badge("verified", _("resolved")) if a.resolved_at else badge("rejected", _("open"))


ALERTS = Section(
    name="internship-alerts",
    title=_("Internship alerts"),
    policy=InternshipAlertPolicy(),
    queryset=lambda: InternshipAlert.objects.select_related("internship__student", "internship__enterprise"),
    columns=[
        Column(_("Raised"), "raised_at", sort="raised_at", link=True),
        Column(_("Student"), lambda a: person(a.internship.student)),
        Column(_("Enterprise"), "internship.enterprise.name"),
        Column(_("Kind"), "get_kind_display", sort="kind"),
        Column(_("Message"), "text"),
        Column(_("State"), _alert_state),
    ],
    detail_template="internships/alert_detail.html",
    filterset=AlertFilter,
    search_fields=("message", "internship__student__last_name", "internship__enterprise__name"),
    default_ordering=("-raised_at", "-id"),
    create_form=ConcernForm,
    create=lambda u, d: services.concern_raise(actor=u, **d),
    create_label=_("Raise a concern"),
    create_permission=lambda u: u.role in (Role.STUDENT, Role.ENGINEER, Role.TEACHER, Role.COLLEGE_ADMIN),
    form_kwargs=lambda u, row: {"user": u},
    actions=[
        Action(
            "resolve",
            _("Resolve"),
            "resolve",
            lambda a, u, d: services.alert_resolve(alert=a, actor=u, **d),
            _("The alert is resolved."),
            available=lambda a, u: a.resolved_at is None,
            form=ResolveForm,
        )
    ],
)


# --- training plans ------------------------------------------------------------------------------


def _plan_state(p: TrainingPlan) -> str:
    return badge("verified", _("agreed")) if p.college_agreed_at else badge("", _("waiting for the college"))


PLANS = Section(
    name="training-plans",
    title=_("Training plans"),
    policy=TrainingPlanPolicy(),
    queryset=lambda: TrainingPlan.objects.select_related(
        "internship__student", "internship__position"
    ).prefetch_related("tasks"),
    columns=[
        Column(_("Student"), lambda p: person(p.internship.student), link=True),
        Column(pgettext_lazy("job", "Position"), "internship.position.name"),
        Column(_("Tasks"), lambda p: len(p.tasks.all())),
        Column(_("State"), _plan_state),
    ],
    detail_template="internships/plan_detail.html",
    default_ordering=("-created_at", "-id"),
    context=lambda request, p: {
        "tasks": p.tasks.select_related("module").prefetch_related("skills"),
        "only_repetitive": all(t.repetitive for t in p.tasks.all()),
    },
    create_form=PlanForm,
    create=lambda u, d: services.plan_create(internship=d["internship"], actor=u, tasks=_tasks(d)),
    create_label=_("Write a training plan"),
    create_permission=lambda u: u.role == Role.ENGINEER,
    form_kwargs=lambda u, row: {"user": u},
    actions=[
        Action(
            "agree",
            _("Agree to the plan"),
            "agree",
            lambda p, u, d: services.plan_agree(plan=p, actor=u),
            _("The college agrees to the plan."),
            available=lambda p, u: p.college_agreed_at is None,
        ),
        Action(
            "progress",
            _("Record progress"),
            "progress",
            lambda p, u, d: services.plan_progress(
                plan=p, actor=u, task=int(d["task"]), progress=d["progress"]
            ),
            _("The progress is recorded."),
            available=lambda p, u: p.internship.status == S.ACTIVE,
            form=ProgressForm,
            form_kwargs=lambda p, u: {"plan": p},
        ),
    ],
)


def _tasks(data: dict[str, Any]) -> list[dict[str, Any]]:
    typical = [line.strip() for line in data["tasks"].splitlines() if line.strip()]
    simple = [line.strip() for line in (data.get("repetitive") or "").splitlines() if line.strip()]
    return [
        *({"title": t[:300], "skills": list(data["skills"]), "module": data.get("module")} for t in typical),
        *({"title": t[:300], "repetitive": True} for t in simple),
    ]


# --- positions and exceptions ---------------------------------------------------------------------


POSITIONS = Section(
    name="internship-positions",
    title=_("Intern positions"),
    policy=PositionPolicy(),
    queryset=lambda: Position.objects.select_related("enterprise").prefetch_related("skills"),
    columns=[
        Column(pgettext_lazy("job", "Position"), "name", sort="name", link=True),
        Column(_("Enterprise"), "enterprise.name", sort="enterprise__name"),
        Column(_("Staff in this position"), "staff", sort="staff"),
        Column(_("Monthly probation wage"), "probation_wage"),
        Column(_("Skills"), lambda p: ", ".join(s.local_name for s in p.skills.all())),
    ],
    detail_template="internships/position_detail.html",
    search_fields=("name", "enterprise__name"),
    default_ordering=("enterprise__name", "name"),
    create_form=PositionForm,
    create=lambda u, d: services.position_save(actor=u, enterprise=cast(Any, u.enterprise), **d),
    create_label=_("State a position"),
    create_permission=lambda u: u.role == Role.ENGINEER and u.enterprise_id is not None,
    edit_form=PositionForm,
    edit=lambda p, u, d: services.position_save(actor=u, position=p, **d),
    edit_initial=lambda p: {
        "name": p.name,
        "staff": p.staff,
        "probation_wage": p.probation_wage,
        "skills": list(p.skills.all()),
    },
    form_kwargs=lambda u, row: {"user": u},
)

EXCEPTIONS = Section(
    name="internship-exceptions",
    title=_("Working-time exceptions"),
    policy=HoursExceptionPolicy(),
    queryset=lambda: HoursException.objects.select_related("major", "position__enterprise", "approved_by"),
    columns=[
        Column(_("Major"), "major.name", link=True),
        Column(pgettext_lazy("job", "Position"), lambda e: str(e.position)),
        Column(_("Hours a day allowed"), "max_hours_per_day"),
        Column(_("Night shifts allowed"), lambda e: _("yes") if e.night_shifts else _("no")),
        Column(_("Approved by"), lambda e: person(e.approved_by)),
    ],
    detail_template="internships/exception_detail.html",
    default_ordering=("-approved_at",),
    create_form=ExceptionForm,
    create=lambda u, d: services.exception_create(actor=u, college=cast(Any, u.college), **d),
    create_label=_("Record an exception"),
    create_permission=lambda u: u.role == Role.COLLEGE_ADMIN and u.college_id is not None,
    form_kwargs=lambda u, row: {"user": u},
)

SECTIONS = [INTERNSHIPS, TRAINING, LOGS, VISITS, EVALUATIONS, ALERTS, PLANS, POSITIONS, EXCEPTIONS]
