"""Each role's dashboard: an overview, a chart, and what waits for the person, each item a
link to its page (with its one-click action when the action asks nothing more)."""

from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, cast

from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import Role, User
from accounts.templatetags.punctuation import colon
from apprenticeship.models import ProgressReview
from apprenticeship.services import DUE_WINDOW
from colleges.models import College, DualPosition, Major, Partnership, PracticeLog
from courses.lifelong import overdue_materials
from courses.models import Certificate, Credential, CreditTransaction, Enrollment, Material, Offering
from courses.terms import term_label
from credits import services as credit_services
from enterprises.models import (
    Application,
    Employment,
    Enterprise,
    Flag,
    HourLog,
    IpAgreement,
    MatchRequest,
    Project,
    TalentDemand,
)
from enterprises.permissions import ProjectPolicy
from evaluation.models import ImprovementAction, RadarMajor, Scorecard
from internships.models import Internship, InternshipAlert, InternshipLog
from ledger.models import Evidence
from ledger.names import indicator_name

WAITING = 8  # items shown per list; the section's page has the rest


def todo(
    title: str, rows: Any, text: Any, link: Any, *, more: str, empty: str, action: Any = None
) -> dict[str, Any]:
    """A list of what waits, for the template ``includes/todo.html``."""
    rows = list(rows[: WAITING + 1])
    return {
        "title": title,
        "items": [
            {"text": text(row), "url": link(row), "action": action(row) if action else None}
            for row in rows[:WAITING]
        ],
        "more": more if len(rows) > WAITING else "",
        "all": more,
        "empty": empty,
    }


def button(label: str, url: str, style: str = "") -> dict[str, str]:
    return {"label": label, "url": url, "style": style}


def one_click(label: str, section: str, row: Any, action: str) -> dict[str, str]:
    """A button that takes a section's action on the row from the dashboard."""
    return button(label, reverse(f"{section}-action", args=[row.pk, action]))


def open_internship_alerts(**scope: Any) -> dict[str, Any]:
    return todo(
        _("Internship alerts to answer"),
        InternshipAlert.objects.filter(resolved_at=None, **scope)
        .select_related("internship__student", "internship__enterprise")
        .order_by("raised_at"),
        lambda a: (
            f"{_name(a.internship.student)} · {a.internship.enterprise.name}{colon()}{a.get_kind_display()}"
        ),
        lambda a: reverse("internship-alerts-detail", args=[a.pk]),
        more=reverse("internship-alerts-list") + "?open=true",
        empty=_("No open alert."),
    )


def progress_reviews_due(title: str, *, more: str = "", **scope: Any) -> dict[str, Any]:
    """Open progress reviews due within two weeks or overdue, the most overdue first."""
    today = timezone.localdate()
    return todo(
        title,
        ProgressReview.objects.filter(
            status=ProgressReview.Status.OPEN, due_on__lte=today + DUE_WINDOW, **scope
        )
        .select_related("apprenticeship__learner", "apprenticeship__ladder__enterprise")
        .order_by("due_on", "pk"),
        lambda r: (
            f"{_name(r.apprenticeship.learner)} · {r.apprenticeship.ladder.enterprise.name} · {day(r.due_on)}"
            + (f" · {_('overdue')}" if r.due_on < today else "")
        ),
        lambda r: reverse("progress-reviews-detail", args=[r.pk]),
        more=more or reverse("progress-reviews-list") + "?status=open",
        empty=_("No progress review due."),
    )


def agreements_to_accept(**scope: Any) -> dict[str, Any]:
    return todo(
        _("Internship agreements to accept"),
        Internship.objects.filter(status=Internship.Status.PREPARING, **scope)
        .select_related("student", "enterprise")
        .order_by("start_date"),
        lambda i: f"{_name(i.student)} · {i.enterprise.name} · {day(i.start_date)}",
        lambda i: reverse("internships-detail", args=[i.pk]),
        more=reverse("internships-list") + "?status=preparing",
        empty=_("No agreement waiting."),
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


def day(value: Any) -> str:
    """A date as the reader's language writes it."""
    return formats.date_format(value, "DATE_FORMAT")


def hours(value: Decimal) -> str:
    return ngettext("%(n)s hour", "%(n)s hours", 1 if value == 1 else 2) % {"n": f"{value.normalize():f}"}


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def match_requests_to_answer(**scope: Any) -> dict[str, Any]:
    return todo(
        _("Match requests to answer"),
        MatchRequest.objects.filter(status=MatchRequest.Status.PENDING, **scope)
        .select_related("project", "module")
        .order_by("created_at"),
        lambda m: f"{m.module.title} ↔ {m.project.title}",
        lambda m: reverse("match-requests-detail", args=[m.pk]),
        more=reverse("match-requests-list") + "?status=pending",
        empty=_("No request waiting."),
    )


def credit_requests_waiting(user: User, title: str) -> dict[str, Any]:
    """The credit requests waiting for this person (the student: theirs still open)."""
    return todo(
        title,
        credit_services.waiting_for(user).order_by("created_at"),
        lambda r: (
            f"{_name(r.student)} · {r.module.title} · {r.source_title}"
            if user.role != Role.STUDENT
            else f"{r.module.title} · {r.get_status_display()}"
        ),
        lambda r: reverse("credit-requests-detail", args=[r.pk]),
        more=reverse("credit-requests-list"),
        empty=_("No request for credit waiting."),
        action=(lambda r: one_click(_("Approve"), "credit-requests", r, "approve"))
        if user.role != Role.STUDENT
        else None,
    )


def enterprises_to_vet() -> dict[str, Any]:
    return todo(
        _("Enterprises waiting for approval"),
        Enterprise.objects.filter(vetting=Enterprise.Vetting.PENDING).order_by("created_at"),
        lambda e: f"{e.name} · {e.region}",
        lambda e: reverse("employers-detail", args=[e.pk]),
        more=reverse("employers-list") + "?vetting=pending",
        empty=_("No enterprise waiting."),
    )


def admin_dashboard(request: HttpRequest) -> HttpResponse:
    by_state = dict(Project.objects.values_list("status").annotate(n=Count("id")).order_by())
    roles = dict(User.objects.values_list("role").annotate(n=Count("id")).order_by())
    waiting = [
        todo(
            _("Flagged postings to check"),
            Flag.objects.open().select_related("project").order_by("created_at"),
            lambda f: f.project.title,
            lambda f: reverse("flags-detail", args=[f.pk]),
            more=reverse("flags-list"),
            empty=_("No posting flagged."),
        ),
        enterprises_to_vet(),
    ]
    return render(
        request,
        "portal/admin_dashboard.html",
        {
            "chart": projects_by_state_chart(by_state),
            "counts": {
                "colleges": College.objects.count(),
                "enterprises": Enterprise.objects.count(),
                "projects": sum(by_state.values()),
                "offerings": Offering.objects.count(),
            },
            "roles": [(label, roles.get(value, 0)) for value, label in Role.choices],
            "waiting": waiting,
        },
    )


def college_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
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
    radar_year = TalentDemand.objects.order_by("-year").values_list("year", flat=True).first()
    radar_status = RadarMajor.objects.filter(major=OuterRef("pk"), year=radar_year or 0).values("status")[:1]
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
    waiting = [
        credit_requests_waiting(cast(User, request.user), _("Requests for credit to approve")),
        open_internship_alerts(internship__college_id=college_id),
        progress_reviews_due(
            _("Overdue progress reviews"),
            more=reverse("progress-reviews-overdue"),
            apprenticeship__college_id=college_id,
            due_on__lt=timezone.localdate(),
        ),
        agreements_to_accept(college_id=college_id, college_accepted_at__isnull=True),
        enterprises_to_vet(),
        match_requests_to_answer(
            module__course__college_id=college_id, direction=MatchRequest.Direction.FROM_PROJECT
        ),
        todo(
            _("IP terms to accept"),
            IpAgreement.objects.filter(project__college_id=college_id, college_accepted_by__isnull=True)
            .select_related("project")
            .order_by("-created_at"),
            lambda a: a.project.title,
            lambda a: reverse("ip-agreements-detail", args=[a.pk]),
            more=reverse("ip-agreements-list"),
            empty=_("No terms waiting."),
        ),
        todo(
            _("Evidence waiting for an evaluator"),
            Evidence.objects.filter(college_id=college_id, status=Evidence.Status.SUBMITTED).order_by(
                "-created_at"
            ),
            lambda e: f"{indicator_name(e.indicator)} · {day(e.occurred_on)}",
            lambda e: reverse("evidence-detail", args=[e.pk]),
            more=reverse("evidence-list") + "?status=submitted",
            empty=_("Nothing waiting."),
        ),
        todo(
            _("Certificates to verify"),
            Certificate.objects.filter(
                learner__college_id=college_id,
                status=Certificate.Status.SUBMITTED,
                certificate_type__enterprise__isnull=True,
            )
            .select_related("learner", "certificate_type")
            .order_by("created_at"),
            lambda c: f"{_name(c.learner)}: {c.certificate_type.name}",
            lambda c: reverse("certificates-detail", args=[c.pk]),
            more=reverse("certificates-list") + "?status=submitted",
            empty=_("Nothing waiting."),
            action=lambda c: one_click(_("Verify"), "certificates", c, "verify"),
        ),
        todo(
            _("Graduates' employment to confirm"),
            Employment.objects.filter(learner__college_id=college_id, confirmed=False)
            .exclude(entered_by=user)
            .select_related("learner", "enterprise"),
            lambda e: f"{_name(e.learner)}: {e.position} · {e.enterprise.name}",
            lambda e: reverse("employments-detail", args=[e.pk]),
            more=reverse("employments-list"),
            empty=_("Nothing waiting."),
            action=lambda e: one_click(_("Confirm"), "employments", e, "confirm"),
        ),
        todo(
            _("Materials due for revision"),
            overdue_materials(Material.objects.filter(course__college_id=college_id)).select_related(
                "course"
            ),
            lambda m: f"{m.title} ({m.course.title})",
            lambda m: reverse("materials-detail", args=[m.pk]),
            more=reverse("materials-list"),
            empty=_("Every material is up to date."),
        ),
    ]
    return render(
        request,
        "portal/college_dashboard.html",
        {
            "college": user.college,
            "latest": latest,
            "trend": trend,
            "weakest": [(indicator_name(i.code), i.score) for i in weakest],
            "majors": [
                {
                    "major": m,
                    "score": m.score,
                    "status": m.radar_status or "",
                    "status_label": RadarMajor.Status(m.radar_status).label if m.radar_status else "",
                }
                for m in Major.objects.filter(college_id=college_id)
                .annotate(score=Subquery(major_score), radar_status=Subquery(radar_status))
                .order_by("code")
            ],
            "radar_year": radar_year,
            "waiting": waiting,
            # The college's students' hours on enterprise projects, confirmed and waiting.
            "student_hours": HourLog.objects.filter(student__college_id=college_id).aggregate(
                confirmed=Sum("hours", filter=Q(status=HourLog.Status.CONFIRMED), default=0),
                pending=Sum("hours", filter=Q(status=HourLog.Status.PENDING), default=0),
            ),
            "actions": [
                (indicator_name(a.indicator), a)
                for a in ImprovementAction.objects.filter(scorecard__college_id=college_id).order_by(
                    "due_date"
                )[:10]
            ],
        },
    )


def student_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    credits = list(
        CreditTransaction.objects.filter(learner=user).select_related("module").order_by("posted_at")
    )
    chart = {
        "type": "bar",
        "labels": [c.module.title if c.module else c.source for c in credits],
        "datasets": [{"label": _("Credits"), "data": [float(c.credits) for c in credits]}],
    }
    enrolled = Enrollment.objects.filter(learner=user, status=Enrollment.Status.ACTIVE).values("offering_id")
    applied = Application.objects.filter(student=user).values("project_id")
    waiting = [
        credit_requests_waiting(cast(User, request.user), _("Your requests for credit")),
        progress_reviews_due(_("Your progress reviews due"), apprenticeship__learner=user),
        todo(
            _("Your internships"),
            Internship.objects.filter(student=user)
            .exclude(status=Internship.Status.CANCELLED)
            .select_related("enterprise", "position")
            .order_by("-start_date"),
            lambda i: f"{i.position.name} · {i.enterprise.name} · {i.get_status_display()}",
            lambda i: reverse("internships-detail", args=[i.pk]),
            more=reverse("internships-list"),
            empty=_("No internship yet."),
        ),
        todo(
            _("Your enrolments"),
            Enrollment.objects.filter(learner=user)
            .select_related("offering__module")
            .order_by("-enrolled_at"),
            lambda e: (
                f"{e.offering.module.title} · {term_label(e.offering.term)} · {e.get_status_display()}"
                + (f" · {e.grade}" if e.grade is not None else "")
            ),
            lambda e: reverse("enrollments-detail", args=[e.pk]),
            more=reverse("enrollments-list"),
            empty=_("You have not enrolled yet."),
        ),
        todo(
            _("Offerings with free seats"),
            Offering.objects.exclude(pk__in=enrolled)
            .filter(enrolled__lt=F("capacity"))
            .select_related("module__course__college")
            .order_by("-term", "module__title"),
            lambda o: f"{o.module.title} · {o.module.course.college.name} · {term_label(o.term)}",
            lambda o: reverse("offerings-detail", args=[o.pk]),
            more=reverse("offerings-list") + "?free=true",
            empty=_("No offering has a free seat right now."),
            action=lambda o: one_click(_("Enroll"), "offerings", o, "enroll"),
        ),
        todo(
            _("Open projects you can apply to"),
            ProjectPolicy()
            .visible(user, Project.objects.filter(status=Project.Status.OPEN))
            .exclude(pk__in=applied)
            .select_related("enterprise")
            .order_by("-created_at"),
            lambda p: f"{p.title} · {p.enterprise.name}",
            lambda p: reverse("projects-detail", args=[p.pk]),
            more=reverse("projects-list") + "?status=open",
            empty=_("No open project for you right now."),
        ),
        todo(
            _("Your applications"),
            Application.objects.filter(student=user).select_related("project").order_by("-created_at"),
            lambda a: f"{a.project.title} · {a.get_status_display()}",
            lambda a: reverse("projects-detail", args=[a.project_id]),
            more=reverse("applications-list"),
            empty=_("You have not applied to a project yet."),
        ),
        todo(
            _("Your credentials"),
            Credential.objects.filter(learner=user).order_by("-issued_at"),
            lambda c: c.name,
            lambda c: reverse("credential", args=[c.public_id]),
            more=reverse("my-credentials-list"),
            empty=_("No credential yet: pass a module to earn one."),
        ),
    ]
    return render(
        request,
        "portal/student_dashboard.html",
        {"total_credits": sum((c.credits for c in credits), Decimal(0)), "chart": chart, "waiting": waiting},
    )


def teacher_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    college_id = user.college_id or 0  # teachers always belong to a college
    offerings = list(
        Offering.objects.filter(module__course__college_id=college_id)
        .select_related("module")
        .order_by("-term", "module__title")
    )
    mine = [o for o in offerings if o.teacher_id == user.pk] or offerings
    chart = {
        "type": "bar",
        "max": 100,
        "labels": [f"{o.module.title} ({term_label(o.term)})" for o in mine[:12]],
        "datasets": [
            {"label": _("Seats filled, %"), "data": [round(100 * o.enrolled / o.capacity) for o in mine[:12]]}
        ],
    }
    waiting = [
        credit_requests_waiting(cast(User, request.user), _("Requests for credit you sponsor")),
        open_internship_alerts(internship__supervisor=user),
        progress_reviews_due(_("Apprentices' progress reviews due"), apprenticeship__teacher=user),
        match_requests_to_answer(
            module__course__college_id=college_id, direction=MatchRequest.Direction.FROM_PROJECT
        ),
        todo(
            _("Enrolments to grade"),
            Enrollment.objects.filter(offering__in=[o.pk for o in mine], status=Enrollment.Status.ACTIVE)
            .select_related("learner", "offering__module")
            .order_by("offering__module__title", "learner__last_name"),
            lambda e: f"{_name(e.learner)} · {e.offering.module.title}",
            lambda e: reverse("enrollments-detail", args=[e.pk]),
            more=reverse("enrollments-list") + "?status=active",
            empty=_("Nobody waits for a grade."),
        ),
        todo(
            _("Projects your college took on"),
            Project.objects.filter(college_id=college_id)
            .exclude(status__in=Project.CLOSED_STATES)
            .select_related("enterprise"),
            lambda p: f"{p.title} · {p.get_status_display()}",
            lambda p: reverse("projects-detail", args=[p.pk]),
            more=reverse("projects-list"),
            empty=_("No project under way."),
        ),
        todo(
            _("Your practice hours"),
            PracticeLog.objects.filter(dual_position__user=user)
            .select_related("dual_position__enterprise")
            .order_by("-date"),
            lambda log: (
                f"{day(log.date)} · {log.dual_position.enterprise.name} · {hours(log.hours)} · {log.get_status_display()}"
            ),
            lambda log: reverse("practice-logs-detail", args=[log.pk]),
            more=reverse("practice-logs-list"),
            empty=_("No hours logged yet."),
        ),
    ]
    return render(
        request,
        "portal/teacher_dashboard.html",
        {
            "chart": chart,
            "waiting": waiting,
            "positions": DualPosition.objects.filter(user=user).select_related("enterprise"),
            "hours": PracticeLog.objects.filter(
                dual_position__user=user, status=PracticeLog.Status.CONFIRMED
            ).aggregate(total=Sum("hours"))["total"]
            or 0,
        },
    )


def engineer_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    enterprise_id = user.enterprise_id or 0  # the dashboard is only shown to engineers
    by_state = Counter(Project.objects.filter(enterprise_id=enterprise_id).values_list("status", flat=True))
    waiting = [
        credit_requests_waiting(
            cast(User, request.user), _("Requests for credit from your interns and students")
        ),
        progress_reviews_due(_("Apprentices' progress reviews due"), apprenticeship__mentor=user),
        match_requests_to_answer(
            project__enterprise_id=enterprise_id, direction=MatchRequest.Direction.FROM_MODULE
        ),
        todo(
            _("Interns' days to confirm"),
            # Only the mentor confirms: the other engineers have nothing to do here.
            InternshipLog.objects.filter(
                internship__enterprise_id=enterprise_id, internship__mentor=user, confirmed_at=None
            )
            .select_related("internship__student")
            .order_by("date"),
            lambda log: f"{_name(log.internship.student)} · {day(log.date)} · {hours(log.hours)}",
            lambda log: reverse("internship-logs-detail", args=[log.pk]),
            more=reverse("internship-logs-list"),
            empty=_("No day waiting."),
            action=lambda log: one_click(_("Confirm"), "internship-logs", log, "confirm"),
        ),
        agreements_to_accept(enterprise_id=enterprise_id, enterprise_accepted_at__isnull=True),
        todo(
            _("Applicants to decide on"),
            Application.objects.filter(
                project__enterprise_id=enterprise_id,
                project__status__in=(Project.Status.OPEN, Project.Status.IN_PROGRESS),
                status=Application.Status.SUBMITTED,
            )
            .select_related("project", "student")
            .order_by("created_at"),
            lambda a: f"{_name(a.student)} → {a.project.title}",
            lambda a: reverse("projects-detail", args=[a.project_id]),
            more=reverse("applications-list") + "?status=submitted",
            empty=_("No application waiting."),
        ),
        todo(
            _("Deliveries to accept or reject"),
            Project.objects.filter(enterprise_id=enterprise_id, status=Project.Status.DELIVERED).order_by(
                "updated_at"
            ),
            lambda p: p.title,
            lambda p: reverse("projects-detail", args=[p.pk]),
            more=reverse("projects-list") + "?status=delivered",
            empty=_("Nothing delivered yet."),
        ),
        todo(
            _("Drafts to open"),
            Project.objects.filter(enterprise_id=enterprise_id, status=Project.Status.DRAFT).order_by(
                "-created_at"
            ),
            lambda p: p.title,
            lambda p: reverse("projects-detail", args=[p.pk]),
            more=reverse("projects-list") + "?status=draft",
            empty=_("No draft."),
            action=lambda p: one_click(_("Open"), "projects", p, "open"),
        ),
        todo(
            _("Dual positions to recognise"),
            DualPosition.objects.filter(
                enterprise_id=enterprise_id, status=DualPosition.Status.PROPOSED
            ).select_related("user"),
            lambda d: f"{_name(d.user)}: {d.title}",
            lambda d: reverse("dual-positions-detail", args=[d.pk]),
            more=reverse("dual-positions-list"),
            empty=_("No proposal waiting."),
            action=lambda d: one_click(_("Recognize"), "dual-positions", d, "recognize"),
        ),
        todo(
            _("Practice hours to confirm"),
            PracticeLog.objects.filter(
                dual_position__enterprise_id=enterprise_id, status=PracticeLog.Status.SUBMITTED
            )
            .select_related("dual_position__user")
            .order_by("date"),
            lambda log: f"{_name(log.dual_position.user)} · {day(log.date)} · {hours(log.hours)}",
            lambda log: reverse("practice-logs-detail", args=[log.pk]),
            more=reverse("practice-logs-list") + "?status=submitted",
            empty=_("No hours waiting."),
            action=lambda log: one_click(_("Confirm"), "practice-logs", log, "confirm"),
        ),
        todo(
            _("Students' hours to confirm"),
            HourLog.objects.filter(project__enterprise_id=enterprise_id, status=HourLog.Status.PENDING)
            .select_related("student", "project")
            .order_by("date"),
            lambda log: f"{_name(log.student)} · {log.project.title} · {day(log.date)} · {hours(log.hours)}",
            lambda log: reverse("hour-logs-detail", args=[log.pk]),
            more=reverse("hour-logs-list") + "?status=pending",
            empty=_("No hours waiting."),
            action=lambda log: one_click(_("Confirm"), "hour-logs", log, "confirm"),
        ),
        todo(
            _("Certificates in your name to verify"),
            Certificate.objects.filter(
                certificate_type__enterprise_id=enterprise_id, status=Certificate.Status.SUBMITTED
            )
            .select_related("learner", "certificate_type")
            .order_by("created_at"),
            lambda c: f"{_name(c.learner)}: {c.certificate_type.name} #{c.number}",
            lambda c: reverse("certificates-detail", args=[c.pk]),
            more=reverse("certificates-list") + "?status=submitted",
            empty=_("Nothing waiting."),
            action=lambda c: one_click(_("Verify"), "certificates", c, "verify"),
        ),
        todo(
            _("Invitations into industry colleges"),
            Partnership.objects.filter(
                enterprise_id=enterprise_id, status=Partnership.Status.PROPOSED
            ).select_related("industry_college__college"),
            lambda p: f"{p.industry_college.name} · {p.industry_college.college.name}",
            lambda p: reverse("partnerships-detail", args=[p.pk]),
            more=reverse("partnerships-list"),
            empty=_("No invitation waiting."),
        ),
        todo(
            _("IP terms to accept"),
            IpAgreement.objects.filter(
                project__enterprise_id=enterprise_id, enterprise_accepted_by__isnull=True
            ).select_related("project"),
            lambda a: a.project.title,
            lambda a: reverse("ip-agreements-detail", args=[a.pk]),
            more=reverse("ip-agreements-list"),
            empty=_("No terms waiting."),
        ),
    ]
    return render(
        request,
        "portal/engineer_dashboard.html",
        {"enterprise": user.enterprise, "chart": projects_by_state_chart(by_state), "waiting": waiting},
    )


def evaluator_dashboard(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
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
    waiting = [
        todo(
            _("Evidence to verify"),
            Evidence.objects.filter(status=Evidence.Status.SUBMITTED)
            .exclude(submitted_by=user)
            .select_related("college")
            .order_by("created_at"),
            lambda e: f"{indicator_name(e.indicator)} · {e.college.name} · {e.value.normalize():f}",
            lambda e: reverse("evidence-detail", args=[e.pk]),
            more=reverse("evidence-list") + "?status=submitted",
            empty=_("Nothing waiting."),
        ),
        todo(
            _("Scorecards to review"),
            Scorecard.objects.filter(subject_type="college", scheme__is_active=True)
            .exclude(status=Scorecard.Status.PUBLISHED, changed_since_publication=False)
            .order_by("-period", "rank"),
            lambda c: f"{c.subject_name} · {c.period} · {c.get_status_display()}",
            lambda c: reverse("scorecards-detail", args=[c.pk]),
            more=reverse("scorecards-list") + "?subject_type=college&status=draft",
            empty=_("Every college card is published."),
        ),
    ]
    return render(
        request, "portal/evaluator_dashboard.html", {"chart": chart, "latest": latest, "waiting": waiting}
    )


DASHBOARDS = {
    Role.COLLEGE_ADMIN: college_dashboard,
    Role.TEACHER: teacher_dashboard,
    Role.ENGINEER: engineer_dashboard,
    Role.STUDENT: student_dashboard,
    Role.EVALUATOR: evaluator_dashboard,
}
