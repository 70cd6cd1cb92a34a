"""The pages that span apps: the landing page, the health check and each role's dashboard.

This is the top layer: it reads every app below it and owns no rules of its own; the
actions its pages offer post to the apps' own views, which call their services.
"""

from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Prefetch, Subquery, Sum
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.models import Role, User
from colleges.models import College, Distribution, DualPosition, IndustryCollege, Major, PracticeLog
from courses.lifelong import overdue_materials
from courses.models import Certificate, Credential, CreditTransaction, Enrollment, Material, Offering
from courses.views import PracticeLogForm
from enterprises.forms import AcceptDeliveryForm, ProjectForm
from enterprises.models import Application, Employment, Enterprise, IpAgreement, Project, TalentDemand
from enterprises.permissions import ProjectPolicy
from evaluation.models import ImprovementAction, RadarMajor, Scorecard
from ledger.models import Evidence
from ledger.views import EvidenceForm


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    stats = {
        "colleges": College.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "open_projects": Project.objects.filter(
            status=Project.Status.OPEN, visibility=Project.Visibility.PUBLIC
        ).count(),
        "offerings": Offering.objects.count(),
    }
    return render(request, "portal/home.html", {"stats": stats})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: under the hashed static storage the name exists only once
    # collectstatic has run, which is after the URLs are first imported.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each role's dashboard at one address."""
    user = cast(User, request.user)
    if user.is_platform_admin:
        return admin_dashboard(request)
    views = {
        Role.COLLEGE_ADMIN: college_dashboard,
        Role.TEACHER: teacher_dashboard,
        Role.ENGINEER: engineer_dashboard,
        Role.STUDENT: student_dashboard,
        Role.EVALUATOR: evaluator_dashboard,
    }
    return views[Role(user.role)](request)


def admin_dashboard(request: HttpRequest) -> HttpResponse:
    by_state = dict(Project.objects.values_list("status").annotate(n=Count("id")).order_by())
    chart = projects_by_state_chart(by_state)
    roles = dict(User.objects.values_list("role").annotate(n=Count("id")).order_by())
    return render(
        request,
        "portal/admin_dashboard.html",
        {
            "chart": chart,
            "counts": {
                "colleges": College.objects.count(),
                "enterprises": Enterprise.objects.count(),
                "projects": sum(by_state.values()),
                "offerings": Offering.objects.count(),
            },
            "roles": [(label, roles.get(value, 0)) for value, label in Role.choices],
        },
    )


def projects_by_state_chart(by_state: Mapping[str, int]) -> dict[str, Any]:
    """The chart of project counts per workflow state, every state in workflow order."""
    return {
        "type": "bar",
        "labels": [str(label) for _, label in Project.Status.choices],
        "datasets": [
            {"label": _("Projects"), "data": [by_state.get(value, 0) for value, _ in Project.Status.choices]}
        ],
    }


def college_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    college = user.college
    college_id = user.college_id or 0  # the dashboard is only shown to college staff
    cards = list(
        Scorecard.objects.filter(
            subject_type="college", subject_id=college_id, scheme__is_active=True
        ).order_by("period")
    )
    latest = cards[-1] if cards else None
    weakest = list(latest.indicators.order_by("score", "code")[:3]) if latest else []
    period = latest.period if latest else None
    major_score = Scorecard.objects.filter(
        subject_type="major", subject_id=OuterRef("pk"), period=period or 0, scheme__is_active=True
    ).values("overall")[:1]
    # The radar's current year: the latest one enterprises stated demand for.
    radar_year = TalentDemand.objects.order_by("-year").values_list("year", flat=True).first()
    radar_status = RadarMajor.objects.filter(major=OuterRef("pk"), year=radar_year or 0).values("status")[:1]
    radar_alignment = RadarMajor.objects.filter(major=OuterRef("pk"), year=radar_year or 0).values(
        "alignment"
    )[:1]
    trend = {
        "type": "line",
        "max": 100,
        "labels": [c.period for c in cards],
        "datasets": [
            {"label": _("Overall"), "data": [float(c.overall) for c in cards]},
            {"label": _("Technology"), "data": [float(c.technology or 0) for c in cards]},
            {"label": _("Competence"), "data": [float(c.competence or 0) for c in cards]},
            {"label": _("Service"), "data": [float(c.service or 0) for c in cards]},
        ],
    }
    return render(
        request,
        "portal/college_dashboard.html",
        {
            "college": college,
            "latest": latest,
            "trend": trend,
            "weakest": weakest,
            "majors": Major.objects.filter(college_id=college_id)
            .annotate(
                score=Subquery(major_score),
                radar_status=Subquery(radar_status),
                alignment=Subquery(radar_alignment),
            )
            .order_by("code"),
            "radar_year": radar_year,
            "pending": Evidence.objects.filter(
                college_id=college_id, status=Evidence.Status.SUBMITTED
            ).order_by("-created_at")[:20],
            "actions": ImprovementAction.objects.filter(scorecard__college_id=college_id)
            .select_related("scorecard")
            .order_by("due_date")[:20],
            "industry_colleges": IndustryCollege.objects.filter(college_id=college_id).prefetch_related(
                Prefetch("enterprises")
            ),
            "staff": DualPosition.objects.filter(user__college_id=college_id).select_related(
                "user", "enterprise"
            )[:30],
            "offerings": Offering.objects.filter(module__course__college_id=college_id)
            .select_related("module")
            .annotate(fill=100 * F("enrolled") / F("capacity"))
            .order_by("-term", "module__title")[:30],
            "evidence_form": EvidenceForm(),
            "ip_terms": IpAgreement.objects.filter(
                project__college_id=college_id, college_accepted_by__isnull=True
            ).select_related("project__enterprise"),
            "materials": overdue_materials(
                Material.objects.filter(course__college_id=college_id)
            ).select_related("course")[:20],
            "distributions": Distribution.objects.filter(industry_college__college_id=college_id)
            .select_related("industry_college")
            .prefetch_related("allocations__enterprise")[:5],
        },
    )


def student_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    enrollments = list(
        Enrollment.objects.filter(learner=user)
        .select_related("offering__module__course")
        .order_by("-enrolled_at")
    )
    enrolled_ids = {e.offering_id for e in enrollments if e.status == Enrollment.Status.ACTIVE}
    credits = list(
        CreditTransaction.objects.filter(learner=user).select_related("module").order_by("posted_at")
    )
    open_projects = (
        ProjectPolicy()
        .visible(user, Project.objects.filter(status=Project.Status.OPEN))
        .select_related("enterprise")
        .order_by("-created_at")[:20]
    )
    applied = set(Application.objects.filter(student=user).values_list("project_id", flat=True))
    chart = {
        "type": "bar",
        "labels": [c.module.title if c.module else c.source for c in credits],
        "datasets": [{"label": _("Credits"), "data": [float(c.credits) for c in credits]}],
    }
    return render(
        request,
        "portal/student_dashboard.html",
        {
            "catalogue": Offering.objects.filter(enrolled__lt=F("capacity"))
            .select_related("module__course__college")
            .order_by("-term", "module__title")[:30],
            "enrolled_ids": enrolled_ids,
            "enrollments": enrollments,
            "total_credits": sum((c.credits for c in credits), Decimal(0)),
            "open_projects": [p for p in open_projects if p.pk not in applied],
            "applications": Application.objects.filter(student=user).select_related("project__enterprise"),
            "credentials": Credential.objects.filter(learner=user).order_by("-issued_at")[:20],
            "chart": chart,
        },
    )


def teacher_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    college_id = user.college_id or 0  # teachers always belong to a college
    offerings = (
        Offering.objects.filter(module__course__college_id=college_id)
        .select_related("module__course")
        .order_by("-term", "module__title")
    )
    mine = [o for o in offerings if o.teacher_id == user.pk] or list(offerings)
    chart = {
        "type": "bar",
        "max": 100,
        "labels": [f"{o.module.title} ({o.term})" for o in mine[:12]],
        "datasets": [
            {"label": _("Seats filled, %"), "data": [round(100 * o.enrolled / o.capacity) for o in mine[:12]]}
        ],
    }
    positions = list(DualPosition.objects.filter(user=user).select_related("enterprise"))
    return render(
        request,
        "portal/teacher_dashboard.html",
        {
            "offerings": mine[:30],
            "to_grade": Enrollment.objects.filter(
                offering__in=[o.pk for o in mine], status=Enrollment.Status.ACTIVE
            ).select_related("learner", "offering__module")[:50],
            "cases": Project.objects.filter(college_id=college_id, module__isnull=False).select_related(
                "enterprise", "module"
            )[:20],
            "positions": positions,
            "logs": PracticeLog.objects.filter(dual_position__user=user).select_related(
                "dual_position__enterprise"
            )[:20],
            "hours": PracticeLog.objects.filter(
                dual_position__user=user, status=PracticeLog.Status.CONFIRMED
            ).aggregate(total=Sum("hours"))["total"]
            or 0,
            "log_form": PracticeLogForm(teacher=user),
            "chart": chart,
        },
    )


def engineer_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    enterprise_id = user.enterprise_id or 0  # the dashboard is only shown to engineers
    # One read of the enterprise's projects serves the table, the deliveries and the chart.
    projects = list(
        Project.objects.filter(enterprise_id=enterprise_id)
        .select_related("college")
        .annotate(applicants=Count("applications"))
        .order_by("-updated_at")
    )
    chart = projects_by_state_chart(Counter(p.status for p in projects))
    context = {
        "enterprise": user.enterprise,
        "projects": projects[:30],
        "chart": chart,
        "applications": Application.objects.filter(
            project__enterprise_id=enterprise_id,
            project__status__in=(Project.Status.OPEN, Project.Status.IN_PROGRESS),
            status=Application.Status.SUBMITTED,
        ).select_related("project", "student")[:30],
        "delivered": [p for p in projects if p.status == Project.Status.DELIVERED],
        "positions": DualPosition.objects.filter(
            enterprise_id=enterprise_id, status=DualPosition.Status.PROPOSED
        ).select_related("user__college"),
        "logs": PracticeLog.objects.filter(
            dual_position__enterprise_id=enterprise_id, status=PracticeLog.Status.SUBMITTED
        ).select_related("dual_position__user"),
        "demand": TalentDemand.objects.filter(enterprise_id=enterprise_id)
        .select_related("skill")
        .order_by("-year", "skill__code")[:30],
        "certificates": Certificate.objects.filter(
            certificate_type__enterprise_id=enterprise_id, status=Certificate.Status.SUBMITTED
        ).select_related("learner", "certificate_type"),
        "employments": Employment.objects.filter(enterprise_id=enterprise_id, confirmed=False).select_related(
            "learner"
        ),
        "ip_terms": IpAgreement.objects.filter(
            project__enterprise_id=enterprise_id, enterprise_accepted_by__isnull=True
        ).select_related("project"),
        "project_form": ProjectForm(),
        "accept_form": AcceptDeliveryForm(),
    }
    return render(request, "portal/engineer_dashboard.html", context)


def evaluator_dashboard(request: HttpRequest) -> HttpResponse:
    pending = (
        Evidence.objects.filter(status=Evidence.Status.SUBMITTED)
        .select_related("college")
        .order_by("created_at")
    )
    to_review = (
        Scorecard.objects.filter(subject_type="college", scheme__is_active=True)
        .exclude(status=Scorecard.Status.PUBLISHED, changed_since_publication=False)
        .order_by("-period", "rank")
    )
    latest = Scorecard.objects.filter(subject_type="college", scheme__is_active=True).aggregate(
        p=Max("period")
    )["p"]
    compared = list(
        Scorecard.objects.filter(subject_type="college", period=latest, scheme__is_active=True).order_by(
            "rank"
        )[:15]
    )
    chart = {
        "type": "bar",
        "max": 100,
        "labels": [c.subject_name for c in compared],
        "datasets": [
            {"label": _("Technology"), "data": [float(c.technology or 0) for c in compared]},
            {"label": _("Competence"), "data": [float(c.competence or 0) for c in compared]},
            {"label": _("Service"), "data": [float(c.service or 0) for c in compared]},
            {"label": _("Overall"), "data": [float(c.overall) for c in compared]},
        ],
    }
    return render(
        request,
        "portal/evaluator_dashboard.html",
        {
            "pending": pending[:30],
            "pending_count": pending.count(),
            "to_review": to_review[:30],
            "chart": chart,
            "latest": latest,
        },
    )
