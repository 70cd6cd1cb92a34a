"""The enterprise side of the web application: projects and their whole workflow,
applications, talent demand, graduates' employment and reviews, ladders and IP terms."""

from typing import Any, cast

import django_filters
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role, User
from accounts.pagekit import Action, Column, Section, Tool, badge
from accounts.policies import college_staff_of
from colleges.models import College

from . import careers, hours, matching, services, vetting
from .forms import (
    AbandonForm,
    AcceptDeliveryForm,
    ApplyForm,
    ApproveEnterpriseForm,
    ChangesForm,
    ClearFlagForm,
    DeliverForm,
    EmploymentForm,
    FeedbackForm,
    FlagForm,
    HourLogEditForm,
    HourLogForm,
    IpTermsForm,
    MatchAcceptForm,
    MatchDeclineForm,
    ProjectEditForm,
    ProjectForm,
    PromoteForm,
    ProposeModuleForm,
    RejectHoursForm,
    ReviewForm,
    TakeOnForm,
    TalentDemandForm,
    UpholdFlagForm,
)
from .models import (
    Application,
    Employment,
    Enterprise,
    Flag,
    HourLog,
    IpAgreement,
    Ladder,
    MatchRequest,
    Project,
    Promotion,
    TalentDemand,
)
from .permissions import (
    ApplicationPolicy,
    EmploymentPolicy,
    EnterprisePolicy,
    FlagPolicy,
    HourLogPolicy,
    IpAgreementPolicy,
    LadderPolicy,
    MatchRequestPolicy,
    ProjectPolicy,
    TalentDemandPolicy,
)

S = Project.Status


# --- Projects --------------------------------------------------------------------------------


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=Project.Status.choices, empty_label=_("Any state")
    )
    visibility = django_filters.ChoiceFilter(
        label=_("Visibility"), choices=Project.Visibility.choices, empty_label=_("Any visibility")
    )

    class Meta:
        model = Project
        fields = ["status", "visibility"]


def _create_project(user: User, data: dict[str, Any]) -> Project:
    project = services.project_create(
        actor=user,
        enterprise=user.enterprise,  # type: ignore[arg-type]
        title=data["title"],
        description=data["description"],
        seats=data["seats"],
        visibility=data["visibility"],
        skills=data["skills"],
        mentor=data.get("mentor"),
        starts_on=data.get("starts_on"),
        ends_on=data.get("ends_on"),
        hours_cap=data.get("hours_cap"),
    )
    if data.get("open_now"):
        services.project_open(project=project, actor=user)
    return project


def _project_context(request: Any, project: Project) -> dict[str, Any]:
    user = request.user
    party = user.is_authenticated and (
        user.is_platform_admin
        or (user.role == Role.ENGINEER and user.enterprise_id == project.enterprise_id)
        or college_staff_of(user, project.college_id)
    )
    applications = (
        list(project.applications.select_related("student").order_by("created_at")) if party else []
    )
    policy = ApplicationPolicy()
    mine = project.applications.filter(student_id=user.pk).first() if user.is_authenticated else None
    return {
        "party": party,
        # Confirmed hours per student: for the project's two sides; a student reads their own.
        "confirmed_hours": hours.confirmed_hours(project) if party else None,
        "my_hours": hours.confirmed_hours(project, student=user)
        if mine is not None and mine.status == Application.Status.ACCEPTED
        else None,
        "may_log_hours": mine is not None
        and mine.status == Application.Status.ACCEPTED
        and project.status == S.IN_PROGRESS,
        # Before it opens (and while open), the enterprise sees what would make it clearer.
        "quality": matching.quality(project)
        if party and project.status in (S.DRAFT, S.OPEN) and not college_staff_of(user, project.college_id)
        else None,
        "applications": [
            {
                "row": a,
                "can_decide": policy.can(user, "accept", a) and project.status in (S.OPEN, S.IN_PROGRESS),
            }
            for a in applications
        ],
        "accepted": project.applications.filter(status=Application.Status.ACCEPTED).count(),
        "mine": mine,
        "deliverables": project.deliverables.select_related("submitted_by")
        if party or project.status != S.DRAFT
        else [],
        "history": project.transitions.select_related("actor", "college").order_by("at", "id")
        if party
        else [],
        "ip_terms": IpAgreement.objects.filter(project=project).first() if party else None,
        "may_propose_terms": party
        and project.visibility != Project.Visibility.PUBLIC
        and project.status in (S.DRAFT, S.OPEN)
        and not IpAgreement.objects.filter(project=project).exists(),
    }


def _has_team(project: Project) -> bool:
    """At least one applicant accepted: a project starts with its team (the list counts them
    in its query, a page asks)."""
    accepted = getattr(project, "team_size", None)
    if accepted is None:
        return project.applications.filter(status=Application.Status.ACCEPTED).exists()
    return accepted > 0


def _deliverer(project: Project, user: Any) -> bool:
    return project.status == S.IN_PROGRESS


PROJECTS = Section(
    name="projects",
    title=_("Projects"),
    policy=ProjectPolicy(),
    queryset=lambda: (
        Project.objects.select_related("enterprise", "college")
        .prefetch_related("skills")
        # Counted per shown row (a subquery), not by joining every visible project's
        # applications before the page is cut: the newest fifty come from the index.
        .annotate(
            team_size=Coalesce(
                Subquery(
                    Application.objects.filter(project=OuterRef("pk"), status=Application.Status.ACCEPTED)
                    .order_by()
                    .values("project")
                    .annotate(n=Count("pk"))
                    .values("n")
                ),
                0,
            )
        )
    ),
    columns=[
        Column(pgettext_lazy("project", "Title"), "title", sort="title"),
        Column(_("Enterprise"), "enterprise.name", sort="enterprise__name"),
        Column(_("State"), lambda p: badge(p.status, p.get_status_display()), sort="status"),
        Column(_("Visibility"), "get_visibility_display"),
        Column(_("College that took it on"), "college.name"),
        Column(_("Seats"), "seats", sort="seats"),
        Column(_("Posted"), "created_at", sort="created_at"),
    ],
    detail_template="enterprises/project_detail.html",
    search_fields=("title", "description", "enterprise__name", "skills__name", "skills__name_zh"),
    filterset=ProjectFilter,
    default_ordering=("-created_at", "-id"),
    public=True,
    actions=[
        Action(
            "open",
            _("Open"),
            "open",
            lambda p, u, d: services.project_open(project=p, actor=u),
            _("The project is open."),
            available=lambda p, u: p.status == S.DRAFT,
        ),
        Action(
            "take-on",
            _("Take on"),
            "take_on",
            lambda p, u, d: services.project_take_on(
                project=p, actor=u, college=cast(College, u.college), module=d["module"]
            ),
            _("Your college took the project on."),
            available=lambda p, u: (
                p.status == S.OPEN and p.college_id in (None,) and getattr(u, "college_id", None) is not None
            ),
            form=TakeOnForm,
            form_kwargs=lambda p, u: {"college_id": u.college_id},
        ),
        Action(
            "apply",
            _("Apply"),
            "apply",
            lambda p, u, d: services.project_apply(project=p, student=u, motivation=d["motivation"]),
            _("Your application was sent."),
            available=lambda p, u: p.status == S.OPEN and not p.applications.filter(student_id=u.pk).exists(),
            form=ApplyForm,
        ),
        Action(
            "start",
            _("Start"),
            "start",
            lambda p, u, d: services.project_start(project=p, actor=u),
            _("The project has started."),
            available=lambda p, u: p.status == S.OPEN and _has_team(p),
        ),
        Action(
            "deliver",
            _("Deliver"),
            "deliver",
            lambda p, u, d: services.project_deliver(
                project=p, actor=u, summary=d["summary"], link=d["link"] or ""
            ),
            _("The project is delivered: the enterprise is asked to accept it."),
            available=_deliverer,
            form=DeliverForm,
        ),
        Action(
            "accept-delivery",
            _("Accept delivery"),
            "accept",
            lambda p, u, d: services.project_accept(
                project=p, actor=u, rating=d["rating"], feedback=d["feedback"]
            ),
            _("The delivery was accepted."),
            available=lambda p, u: p.status == S.DELIVERED,
            form=AcceptDeliveryForm,
            confirm=_("Accept the delivery? The project closes as accepted; this cannot be undone."),
        ),
        Action(
            "request-changes",
            _("Ask for changes"),
            "request_changes",
            lambda p, u, d: services.project_request_changes(project=p, actor=u, reason=d["reason"]),
            _("Changes were asked for: the project is under way again and the team is told why."),
            available=lambda p, u: p.status == S.DELIVERED,
            form=ChangesForm,
        ),
        Action(
            "reject-delivery",
            _("Reject"),
            "reject",
            lambda p, u, d: services.project_reject(project=p, actor=u, feedback=d["feedback"]),
            _("The delivery was rejected."),
            available=lambda p, u: p.status == S.DELIVERED,
            form=FeedbackForm,
            confirm=_(
                "Reject the delivery? The project closes as rejected for good; to have it improved, "
                "ask for changes instead."
            ),
            style="danger",
        ),
        Action(
            "abandon",
            _("Abandon"),
            "abandon",
            lambda p, u, d: services.project_abandon(project=p, actor=u, reason=d["reason"]),
            _("The project is abandoned."),
            available=lambda p, u: p.status not in Project.CLOSED_STATES,
            form=AbandonForm,
            confirm=_("Abandon the project? It closes for good."),
            style="danger",
        ),
    ],
    row_actions=("open", "start"),
    create_form=ProjectForm,
    create=_create_project,
    create_label=_("New project"),
    create_permission=lambda u: u.role == Role.ENGINEER and u.enterprise_id is not None,
    edit_form=ProjectEditForm,
    edit=lambda p, u, d: services.project_update(project=p, actor=u, data=d),
    editable=lambda p: p.status in (S.DRAFT, S.OPEN),
    row_title=lambda p: p.title,
    edit_initial=lambda p: {
        "title": p.title,
        "description": p.description,
        "seats": p.seats,
        "visibility": p.visibility,
        "skills": list(p.skills.all()),
        "mentor": p.mentor,
        "starts_on": p.starts_on,
        "ends_on": p.ends_on,
        "hours_cap": p.hours_cap,
    },
    form_kwargs=lambda user, row: {"enterprise_id": row.enterprise_id if row else user.enterprise_id},
    context=_project_context,
)


# --- Applications -----------------------------------------------------------------------------


class ApplicationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=Application.Status.choices, empty_label=_("Any state")
    )

    class Meta:
        model = Application
        fields = ["status"]


def _back_to_project(application: Application, result: Any) -> str:
    return PROJECTS.url("detail", application.project_id)


APPLICATIONS = Section(
    name="applications",
    title=_("Applications"),
    policy=ApplicationPolicy(),
    queryset=lambda: Application.objects.select_related("project__enterprise", "student"),
    # Named at read time: the row's str() (the audit summary) carries ids, not names.
    row_title=lambda a: f"{a.student.get_full_name() or a.student.username} → {a.project.title}",
    columns=[
        Column(
            _("Student"), lambda a: a.student.get_full_name() or a.student.username, sort="student__last_name"
        ),
        Column(_("Project"), "project.title", sort="project__title"),
        Column(_("State"), lambda a: badge(a.status, a.get_status_display()), sort="status"),
        Column(_("Applied"), "created_at", sort="created_at"),
    ],
    detail_template="enterprises/application_detail.html",
    search_fields=("project__title", "student__first_name", "student__last_name", "motivation"),
    filterset=ApplicationFilter,
    default_ordering=("-created_at", "-id"),
    actions=[
        Action(
            "accept",
            _("Accept"),
            "accept",
            lambda a, u, d: services.application_accept(application=a, actor=u),
            _("The applicant joined the team."),
            available=lambda a, u: (
                a.status != Application.Status.ACCEPTED and a.project.status in (S.OPEN, S.IN_PROGRESS)
            ),
        ),
        Action(
            "decline",
            _("Decline"),
            "decline",
            lambda a, u, d: services.application_decline(application=a, actor=u),
            _("The application was declined."),
            available=lambda a, u: (
                a.status != Application.Status.DECLINED and a.project.status in (S.OPEN, S.IN_PROGRESS)
            ),
            style="secondary",
        ),
    ],
    row_actions=("accept", "decline"),
)


# --- Talent demand ----------------------------------------------------------------------------


def _state_demand(user: User, data: dict[str, Any]) -> TalentDemand:
    return services.talent_demand_state(
        actor=user,
        enterprise=user.enterprise,  # type: ignore[arg-type]
        skill=data["skill"],
        headcount=data["headcount"],
        year=data["year"],
        region=data["region"],
    )


class DemandFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = TalentDemand
        fields = ["year"]


TALENT_DEMAND = Section(
    name="talent-demand",
    title=_("Talent demand"),
    policy=TalentDemandPolicy(),
    queryset=lambda: TalentDemand.objects.select_related("enterprise", "skill"),
    columns=[
        Column(_("Skill"), "skill.local_name", sort="skill__name"),
        Column(_("Enterprise"), "enterprise.name", sort="enterprise__name"),
        Column(_("Head count"), "headcount", sort="headcount"),
        Column(_("Region"), "region", sort="region"),
        Column(_("Year"), "year", sort="year"),
    ],
    detail_template="enterprises/talent_demand_detail.html",
    search_fields=("skill__name", "skill__name_zh", "skill__code", "enterprise__name", "region"),
    filterset=DemandFilter,
    default_ordering=("-year", "skill__name"),
    create_form=TalentDemandForm,
    create=_state_demand,
    create_label=_("State demand"),
    create_permission=lambda u: u.role == Role.ENGINEER,
    actions=[
        Action(
            "withdraw",
            _("Withdraw"),
            "destroy",
            lambda t, u, d: services.talent_demand_withdraw(demand=t, actor=u),
            _("The demand is withdrawn."),
            confirm=_("Withdraw this demand? The radar is recomputed without it."),
            style="danger",
            redirect_to=lambda t, r: reverse("talent-demand-list"),
        )
    ],
    tools=[
        Tool(
            _("Import"), "import", ("talent-demand",), allowed=lambda u: TalentDemandPolicy().can(u, "import")
        )
    ],
)


# --- Employment of graduates and their reviews ------------------------------------------------


def _record_employment(user: User, data: dict[str, Any]) -> Employment:
    return careers.employment_create(
        actor=user,
        learner=data["learner"],
        enterprise=data["enterprise"],
        position=data["position"],
        start_date=data["start_date"],
        in_field=data["in_field"],
    )


EMPLOYMENTS = Section(
    name="employments",
    title=_("Graduates' employment"),
    policy=EmploymentPolicy(),
    queryset=lambda: Employment.objects.select_related("learner", "enterprise"),
    columns=[
        Column(
            _("Graduate"),
            lambda e: e.learner.get_full_name() or e.learner.username,
            sort="learner__last_name",
        ),
        Column(_("Employer"), "enterprise.name", sort="enterprise__name"),
        Column(pgettext_lazy("job", "Position"), "position"),
        Column(_("Since"), "start_date", sort="start_date"),
        Column(_("In the field"), lambda e: _("yes") if e.in_field else _("no")),
        Column(
            _("Confirmed"),
            lambda e: badge("verified", _("confirmed")) if e.confirmed else badge("", _("waiting")),
        ),
    ],
    detail_template="enterprises/employment_detail.html",
    search_fields=("learner__first_name", "learner__last_name", "enterprise__name", "position"),
    default_ordering=("-start_date", "-id"),
    create_form=EmploymentForm,
    create=_record_employment,
    create_label=_("Record an employment"),
    create_permission=lambda u: u.role in (Role.ENGINEER, Role.COLLEGE_ADMIN),
    form_kwargs=lambda u, row: {"user": u},
    actions=[
        Action(
            "confirm",
            _("Confirm"),
            "confirm",
            lambda e, u, d: careers.employment_confirm(employment=e, actor=u),
            _("The employment is confirmed."),
            available=lambda e, u: not e.confirmed,
        ),
        Action(
            "review",
            _("Review performance"),
            "review",
            lambda e, u, d: careers.performance_review_create(actor=u, employment=e, **d),
            _("The review is recorded."),
            available=lambda e, u: e.confirmed,
            form=ReviewForm,
        ),
    ],
    context=lambda request, e: {"reviews": e.reviews.order_by("-period")},
)


# --- Apprenticeship ladders -------------------------------------------------------------------


LADDERS = Section(
    name="ladders",
    title=_("Apprenticeship ladders"),
    policy=LadderPolicy(),
    queryset=lambda: Ladder.objects.select_related("enterprise").annotate(level_count=Count("levels")),
    columns=[
        Column(_("Ladder"), "name", sort="name"),
        Column(_("Enterprise"), "enterprise.name", sort="enterprise__name"),
        Column(_("Levels"), "level_count"),
    ],
    detail_template="enterprises/ladder_detail.html",
    search_fields=("name", "enterprise__name"),
    default_ordering=("enterprise__name", "name"),
    actions=[
        Action(
            "promote",
            _("Promote"),
            "promote",
            lambda ladder, u, d: careers.ladder_promote(
                ladder=ladder, actor=u, learner=d["learner"], level=d["level"]
            ),
            _("The learner is promoted and holds a new credential."),
            form=PromoteForm,
            form_kwargs=lambda ladder, u: {"ladder": ladder},
        )
    ],
    context=lambda request, ladder: {
        "levels": ladder.levels.prefetch_related("skills").order_by("rank"),
        "promotions": Promotion.objects.filter(level__ladder=ladder)
        .select_related("learner", "level")
        .order_by("-promoted_on")[:50],
    },
)


# --- IP agreements ----------------------------------------------------------------------------


IP_AGREEMENTS = Section(
    name="ip-agreements",
    title=_("IP agreements"),
    policy=IpAgreementPolicy(),
    queryset=lambda: IpAgreement.objects.select_related("project__enterprise", "project__college"),
    columns=[
        Column(_("Project"), "project.title", sort="project__title"),
        Column(_("Enterprise"), "project.enterprise.name"),
        Column(_("College"), "project.college.name"),
        Column(
            _("State"),
            lambda a: (
                badge("verified", _("agreed"))
                if a.status == "agreed"
                else badge("warning", _("waiting for acceptance"))
            ),
        ),
    ],
    detail_template="enterprises/ip_agreement_detail.html",
    search_fields=("project__title",),
    default_ordering=("-created_at", "-id"),
    actions=[
        Action(
            "accept",
            _("Accept terms"),
            "accept",
            lambda a, u, d: careers.ip_agreement_accept(agreement=a, actor=u),
            _("You accepted the IP terms."),
            available=lambda a, u: (
                (u.role == Role.ENGINEER and not a.enterprise_accepted_by_id)
                or (u.role == Role.COLLEGE_ADMIN and not a.college_accepted_by_id)
            ),
            confirm=_("Accept these IP terms on behalf of your organisation? They bind it."),
        )
    ],
)


def _propose_terms(project: Project, user: User, data: dict[str, Any]) -> IpAgreement:
    return careers.ip_agreement_create(project=project, **data)


PROJECTS.actions = [
    *PROJECTS.actions,
    Action(
        "propose-terms",
        _("Propose IP terms"),
        "propose_terms",
        _propose_terms,
        _("The IP terms are proposed: both sides must accept them."),
        available=lambda p, u: (
            p.visibility != Project.Visibility.PUBLIC
            and p.status in (S.DRAFT, S.OPEN)
            and not IpAgreement.objects.filter(project=p).exists()
        ),
        form=IpTermsForm,
        redirect_to=lambda p, terms: IP_AGREEMENTS.url("detail", terms.pk),
    ),
]


def _not_flagged_by(project: Project, user: Any) -> bool:
    """Offered to those who may flag the posting now: no open flag of theirs on it, none
    cleared lately, and not withdrawn (the policy keeps it from its enterprise's engineers)."""
    if not getattr(user, "is_authenticated", False) or project.status == S.DRAFT:
        return False
    recently = timezone.now() - vetting.REFLAG_AFTER
    return not project.flags.filter(
        Q(flagged_by_id=user.pk, upheld_at__isnull=True, cleared_at__isnull=True)
        | Q(flagged_by_id=user.pk, cleared_at__gte=recently)
        | Q(upheld_at__isnull=False)
    ).exists()


PROJECTS.actions = [
    *PROJECTS.actions,
    Action(
        "flag",
        _("Flag as suspicious"),
        "flag",
        lambda p, u, d: vetting.flag_raise(project=p, actor=u, reason=d["reason"]),
        _("Thank you: a platform admin will check the posting."),
        available=_not_flagged_by,
        form=FlagForm,
        style="secondary",
        # Flagged by enough people, the posting may be hidden from the person who flagged it
        # last: back to the list.
        redirect_to=lambda p, flag: PROJECTS.url("list"),
    ),
]


def _match(project: Project, user: User, data: dict[str, Any]) -> MatchRequest:
    return matching.match_request(project=project, module=data["module"], actor=user, message=data["message"])


PROJECTS.actions = [
    *PROJECTS.actions,
    Action(
        "match",
        _("Match with a module"),
        "match",
        _match,
        _("Sent: the other side accepts or declines it."),
        available=lambda p, u: p.status == S.OPEN and p.college_id is None,
        form=ProposeModuleForm,
        form_kwargs=lambda p, u: {"user": u, "project": p},
        redirect_to=lambda p, request: reverse("match-requests-detail", args=[request.pk]),
    ),
]


# --- Match requests between modules and projects --------------------------------------------


class MatchRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=MatchRequest.Status.choices, empty_label=_("Any state")
    )

    class Meta:
        model = MatchRequest
        fields = ["status"]


def _match_context(request: Any, match: MatchRequest) -> dict[str, Any]:
    result = matching.compatibility_of(match.project, match.module)
    return {"compatibility": {**result, "label_text": matching.label_text(result["label"])}}


MATCH_REQUESTS = Section(
    name="match-requests",
    title=_("Match requests"),
    policy=MatchRequestPolicy(),
    queryset=lambda: MatchRequest.objects.select_related("project__enterprise", "module__course__college"),
    columns=[
        Column(_("Project"), "project.title", sort="project__title"),
        Column(_("Module"), "module.title", sort="module__title"),
        Column(_("College"), "module.course.college.name"),
        Column(_("Direction"), "get_direction_display"),
        Column(_("State"), lambda m: badge(m.status, m.get_status_display()), sort="status"),
        Column(_("Sent"), "created_at", sort="created_at"),
    ],
    detail_template="enterprises/match_request_detail.html",
    search_fields=("project__title", "module__title", "module__course__college__name"),
    filterset=MatchRequestFilter,
    default_ordering=("-created_at", "-id"),
    actions=[
        Action(
            "accept",
            _("Accept"),
            "accept",
            lambda m, u, d: matching.match_accept(
                request=m, actor=u, scope_note=d["scope_note"], starts_on=d["starts_on"], ends_on=d["ends_on"]
            ),
            _("Accepted: the module's college has taken the project on."),
            available=lambda m, u: m.status == MatchRequest.Status.PENDING,
            form=MatchAcceptForm,
        ),
        Action(
            "decline",
            _("Decline"),
            "decline",
            lambda m, u, d: matching.match_decline(request=m, actor=u, reply=d["reply"]),
            _("Declined: the other side reads why."),
            available=lambda m, u: m.status == MatchRequest.Status.PENDING,
            form=MatchDeclineForm,
            style="secondary",
        ),
    ],
    row_title=lambda m: f"{m.module.title} ↔ {m.project.title}",
    context=_match_context,
)


# --- Enterprises and their vetting -----------------------------------------------------------


class EnterpriseFilter(django_filters.FilterSet):
    vetting = django_filters.ChoiceFilter(
        label=_("Vetting"), choices=Enterprise.Vetting.choices, empty_label=_("Any")
    )

    class Meta:
        model = Enterprise
        fields = ["vetting"]


# At /employers/: /enterprises/<code>/ is each enterprise's public issuer address.
ENTERPRISES = Section(
    name="employers",
    title=_("Enterprises"),
    policy=EnterprisePolicy(),
    queryset=lambda: Enterprise.objects.all(),
    columns=[
        Column(_("Name"), "name", sort="name"),
        Column(_("Region"), "region", sort="region"),
        Column(_("Industry"), "industry_label", sort="industry"),
        Column(_("Vetting"), lambda e: badge(e.vetting, e.get_vetting_display()), sort="vetting"),
        Column(_("Site visited on"), "site_visit_on", sort="site_visit_on"),
    ],
    detail_template="enterprises/enterprise_detail.html",
    search_fields=("name", "code", "region", "industry", "credit_code"),
    filterset=EnterpriseFilter,
    default_ordering=("vetting", "name"),
    actions=[
        Action(
            "approve",
            _("Approve"),
            "approve",
            lambda e, u, d: vetting.enterprise_approve(enterprise=e, actor=u, **d),
            _("The enterprise is approved: its projects now reach students."),
            available=lambda e, u: e.vetting == Enterprise.Vetting.PENDING,
            form=ApproveEnterpriseForm,
        )
    ],
)


def _flag_badge(flag: Flag) -> str:
    labels = {"open": _("open"), "cleared": _("cleared"), "upheld": _("upheld")}
    return badge("open" if flag.state == "open" else "closed", labels[flag.state])


FLAGS = Section(
    name="flags",
    title=_("Flagged postings"),
    policy=FlagPolicy(),
    queryset=lambda: Flag.objects.select_related("project__enterprise"),
    columns=[
        Column(_("Project"), "project.title"),
        Column(_("Enterprise"), "project.enterprise.name"),
        Column(_("Reason"), "reason"),
        Column(_("Flagged"), "created_at", sort="created_at"),
        Column(_("State"), lambda f: _flag_badge(f), sort="cleared_at"),
    ],
    detail_template="enterprises/flag_detail.html",
    # Flags of others may hide the posting from the person who flagged it: no link to a 404.
    context=lambda request, f: {
        "project_visible": ProjectPolicy()
        .visible(request.user, Project.objects.filter(pk=f.project_id))
        .exists()
    },
    search_fields=("project__title", "reason", "project__enterprise__name"),
    default_ordering=("-created_at", "-id"),
    actions=[
        Action(
            "clear",
            _("Clear"),
            "clear",
            lambda f, u, d: vetting.flag_clear(flag=f, actor=u, note=d["note"]),
            _("The flag is cleared: the posting is shown again unless other flags hide it."),
            available=lambda f, u: f.state == "open",
            form=ClearFlagForm,
        ),
        Action(
            "uphold",
            _("Uphold and withdraw the posting"),
            "uphold",
            lambda f, u, d: vetting.flag_uphold(flag=f, actor=u, note=d["note"]),
            _("The flag is upheld: the posting is withdrawn and its enterprise is told why."),
            available=lambda f, u: f.state == "open",
            form=UpholdFlagForm,
            style="danger",
        ),
    ],
    row_title=lambda f: f.project.title,
)

# --- Students' hour logs on projects ------------------------------------------------------------


class HourLogFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=HourLog.Status.choices, empty_label=_("Any state")
    )

    class Meta:
        model = HourLog
        fields = ["status"]


def _pending(log: HourLog, user: Any) -> bool:
    return log.status == HourLog.Status.PENDING


HOUR_LOGS = Section(
    name="hour-logs",
    title=_("Hour logs"),
    policy=HourLogPolicy(),
    queryset=lambda: HourLog.objects.select_related("project__enterprise", "student"),
    columns=[
        Column(_("Date"), "date", sort="date"),
        Column(
            _("Student"), lambda h: h.student.get_full_name() or h.student.username, sort="student__last_name"
        ),
        Column(_("Project"), "project.title", sort="project__title"),
        Column(_("Hours"), lambda h: f"{h.hours.normalize():f}", sort="hours"),
        Column(_("State"), lambda h: badge(h.status, h.get_status_display()), sort="status"),
    ],
    detail_template="enterprises/hour_log_detail.html",
    search_fields=("project__title", "student__username", "student__last_name", "description"),
    filterset=HourLogFilter,
    default_ordering=("-date", "-id"),
    actions=[
        Action(
            "confirm",
            _("Confirm"),
            "confirm",
            lambda h, u, d: hours.hour_log_confirm(log=h, actor=u),
            _("The hours are confirmed: they count on the project and the student's transcript."),
            available=_pending,
        ),
        Action(
            "reject",
            _("Reject"),
            "reject",
            lambda h, u, d: hours.hour_log_reject(log=h, actor=u, reason=d["reason"]),
            _("The hours are rejected: the student reads why."),
            available=_pending,
            form=RejectHoursForm,
            style="secondary",
        ),
        Action(
            "withdraw",
            _("Withdraw"),
            "destroy",
            lambda h, u, d: hours.hour_log_withdraw(log=h, actor=u),
            _("The hours are withdrawn."),
            available=_pending,
            confirm=_("Withdraw these hours? The log is deleted."),
            style="danger",
            redirect_to=lambda h, result: reverse("hour-logs-list"),
        ),
    ],
    row_actions=("confirm",),
    create_form=HourLogForm,
    create=lambda u, d: hours.hour_log_submit(
        project=d["project"], student=u, date=d["date"], hours=d["hours"], description=d["description"]
    ),
    create_label=_("Log hours"),
    create_permission=lambda u: u.role == Role.STUDENT,
    edit_form=HourLogEditForm,
    edit=lambda h, u, d: hours.hour_log_update(log=h, actor=u, data=d),
    editable=lambda h: h.status == HourLog.Status.PENDING,
    edit_initial=lambda h: {"date": h.date, "hours": h.hours, "description": h.description},
    form_kwargs=lambda user, row: {"student_id": user.pk} if row is None else {},
    row_title=lambda h: f"{h.project.title} · {h.date.isoformat()}",
)

PROJECTS.actions = [
    *PROJECTS.actions,
    Action(
        "log-hours",
        _("Log hours"),
        "log_hours",
        lambda p, u, d: hours.hour_log_submit(
            project=p, student=u, date=d["date"], hours=d["hours"], description=d["description"]
        ),
        _("Logged: the enterprise's engineers confirm the hours."),
        available=lambda p, u: (
            p.status == S.IN_PROGRESS
            and getattr(u, "is_authenticated", False)
            and p.applications.filter(student_id=u.pk, status=Application.Status.ACCEPTED).exists()
        ),
        form=HourLogEditForm,
        redirect_to=lambda p, log: HOUR_LOGS.url("detail", log.pk),
    ),
]

SECTIONS = [
    PROJECTS,
    APPLICATIONS,
    TALENT_DEMAND,
    EMPLOYMENTS,
    LADDERS,
    IP_AGREEMENTS,
    MATCH_REQUESTS,
    ENTERPRISES,
    FLAGS,
    HOUR_LOGS,
]
