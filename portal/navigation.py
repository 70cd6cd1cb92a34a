"""What the header offers each person: their role's sections, grouped, and their inbox."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification, Role

Item = tuple[Any, str]  # (label, URL name)

SECTIONS: dict[str, list[Any]] = {
    "anonymous": [
        (_("Projects"), "projects-list"),
        (_("Course catalogue"), "offerings-list"),
        (_("Scorecards"), "scorecards-list"),
        (_("Reports"), "reports-list"),
        (_("Technology summaries"), "tech-summaries-list"),
    ],
    Role.STUDENT: [
        (_("Dashboard"), "dashboard"),
        (_("Course catalogue"), "offerings-list"),
        (_("Projects"), "projects-list"),
        (
            _("My studies"),
            [
                (_("My enrolments"), "enrollments-list"),
                (_("Learning plans"), "learning-plans-list"),
                (_("My applications"), "applications-list"),
                (_("Hour logs"), "hour-logs-list"),
                (_("Project feedback"), "feedback-list"),
                (_("Credit for work-based learning"), "credit-requests-list"),
            ],
        ),
        (
            _("Work-based learning"),
            [
                (_("Internships"), "internships-list"),
                (_("Internship log"), "internship-logs-list"),
                (_("Training plans"), "training-plans-list"),
                (_("Alerts and concerns"), "internship-alerts-list"),
                (_("Apprenticeships"), "apprenticeships-list"),
                (_("Progress reviews"), "progress-reviews-list"),
                (_("Portfolio"), "portfolio-items-list"),
            ],
        ),
        (
            _("My records"),
            [
                (_("Credentials"), "my-credentials-list"),
                (_("Endorsements"), "endorsements-list"),
                (_("Certificates"), "certificates-list"),
                (_("Employment"), "employments-list"),
                (_("My destination"), "destinations-list"),
                (_("Transcript"), "my-transcript"),
            ],
        ),
    ],
    Role.TEACHER: [
        (_("Dashboard"), "dashboard"),
        (_("Projects"), "projects-list"),
        (_("Courses"), "courses-list"),
        (_("Enrolments"), "enrollments-list"),
        (
            _("Practice"),
            [(_("Dual positions"), "dual-positions-list"), (_("Practice hours"), "practice-logs-list")],
        ),
        (
            _("Work-based learning"),
            [
                (_("Internships"), "internships-list"),
                (_("Internship log"), "internship-logs-list"),
                (_("Visits and calls"), "internship-visits-list"),
                (_("Training plans"), "training-plans-list"),
                (_("Alerts and concerns"), "internship-alerts-list"),
                (_("Evaluations"), "internship-evaluations-list"),
                (_("Apprenticeships"), "apprenticeships-list"),
                (_("Progress reviews"), "progress-reviews-list"),
                (_("Portfolios"), "portfolio-items-list"),
            ],
        ),
        (
            _("Technology transfer"),
            [
                (_("Industry calls"), "calls-list"),
                (_("Responses to calls"), "call-responses-list"),
                (_("Technology summaries"), "tech-summaries-list"),
                (_("Inventors' shares"), "inventor-shares-list"),
            ],
        ),
        (
            _("More"),
            [
                (_("Match requests"), "match-requests-list"),
                (_("Students' hour logs"), "hour-logs-list"),
                (_("Credit for work-based learning"), "credit-requests-list"),
                (_("Project feedback"), "feedback-list"),
                (_("Endorsements"), "endorsements-list"),
                (_("Training sessions"), "training-list"),
                (_("Teaching materials"), "materials-list"),
                (_("Competency frameworks"), "frameworks-list"),
                (_("Learning plans"), "learning-plans-list"),
                (_("Graduate destinations"), "destinations-list"),
                (_("Destination rates"), "destination-rates"),
                (_("Reports"), "reports-list"),
            ],
        ),
    ],
    Role.COLLEGE_ADMIN: [
        (_("Dashboard"), "dashboard"),
        (_("Projects"), "projects-list"),
        (
            _("Teaching"),
            [
                (_("Courses"), "courses-list"),
                (_("Course catalogue"), "offerings-list"),
                (_("Enrolments"), "enrollments-list"),
                (_("Teaching materials"), "materials-list"),
                (_("Training sessions"), "training-list"),
                (_("Skills"), "skills-list"),
                (_("Competency frameworks"), "frameworks-list"),
                (_("Learning plan templates"), "learning-plan-templates-list"),
                (_("Learning plans"), "learning-plans-list"),
            ],
        ),
        (
            _("Work-based learning"),
            [
                (_("Internships"), "internships-list"),
                (_("Alerts and concerns"), "internship-alerts-list"),
                (_("Internship log"), "internship-logs-list"),
                (_("Visits and calls"), "internship-visits-list"),
                (_("Training plans"), "training-plans-list"),
                (_("Evaluations"), "internship-evaluations-list"),
                (_("Intern positions"), "internship-positions-list"),
                (_("Working-time exceptions"), "internship-exceptions-list"),
                (_("Apprenticeships"), "apprenticeships-list"),
                (_("Progress reviews"), "progress-reviews-list"),
                (_("Overdue reviews by enterprise"), "progress-reviews-overdue"),
                (_("Portfolios"), "portfolio-items-list"),
                (_("Progress review forms"), "review-forms-list"),
            ],
        ),
        (
            _("People"),
            [
                (_("People"), "people-list"),
                (_("Audit log"), "audit-list"),
                (_("Group robots"), "robots-list"),
            ],
        ),
        (
            _("Evaluation"),
            [
                (_("Evidence"), "evidence-list"),
                (_("Scorecards"), "scorecards-list"),
                (_("Majors"), "majors-list"),
                (_("Radar"), "radar"),
            ],
        ),
        (
            _("Partners"),
            [
                (_("Enterprises"), "employers-list"),
                (_("Match requests"), "match-requests-list"),
                (_("Industry colleges"), "industry-colleges-list"),
                (_("Partnerships"), "partnerships-list"),
                (_("Dual positions"), "dual-positions-list"),
                (_("IP agreements"), "ip-agreements-list"),
                (_("Industry calls"), "calls-list"),
                (_("Responses to calls"), "call-responses-list"),
                (_("Technology summaries"), "tech-summaries-list"),
                (_("Inventors' shares"), "inventor-shares-list"),
            ],
        ),
        (
            _("Learners' records"),
            [
                (_("Certificates"), "certificates-list"),
                (_("Kinds of certificate"), "certificate-types-list"),
                (_("Credentials"), "my-credentials-list"),
                (_("Graduates' employment"), "employments-list"),
                (_("Graduate destinations"), "destinations-list"),
                (_("Destination rates"), "destination-rates"),
                (_("Reports"), "reports-list"),
                (_("Students' hour logs"), "hour-logs-list"),
                (_("Credit for work-based learning"), "credit-requests-list"),
                (_("Project feedback"), "feedback-list"),
                (_("Endorsements"), "endorsements-list"),
            ],
        ),
    ],
    Role.ENGINEER: [
        (_("Dashboard"), "dashboard"),
        (_("Projects"), "projects-list"),
        (
            _("Project work"),
            [
                (_("Applications"), "applications-list"),
                (_("Students' hour logs"), "hour-logs-list"),
                (_("Project feedback"), "feedback-list"),
                (_("Endorsements"), "endorsements-list"),
                (_("Talent demand"), "talent-demand-list"),
            ],
        ),
        (
            _("Interns and apprentices"),
            [
                (_("Internships"), "internships-list"),
                (_("Internship log"), "internship-logs-list"),
                (_("Training plans"), "training-plans-list"),
                (_("Alerts and concerns"), "internship-alerts-list"),
                (_("Evaluations"), "internship-evaluations-list"),
                (_("Intern positions"), "internship-positions-list"),
                (_("Credit for work-based learning"), "credit-requests-list"),
                (_("Apprenticeships"), "apprenticeships-list"),
                (_("Progress reviews"), "progress-reviews-list"),
                (_("Portfolios"), "portfolio-items-list"),
            ],
        ),
        (
            _("Technology transfer"),
            [
                (_("Industry calls"), "calls-list"),
                (_("Responses to calls"), "call-responses-list"),
                (_("Technology summaries"), "tech-summaries-list"),
            ],
        ),
        (
            _("Colleges"),
            [
                (_("Match requests"), "match-requests-list"),
                (_("Dual positions"), "dual-positions-list"),
                (_("Practice hours"), "practice-logs-list"),
                (_("IP agreements"), "ip-agreements-list"),
                (_("Industry colleges"), "industry-colleges-list"),
                (_("Partnerships"), "partnerships-list"),
                (_("Reports"), "reports-list"),
            ],
        ),
        (
            _("People"),
            [
                (_("Certificates"), "certificates-list"),
                (_("Kinds of certificate"), "certificate-types-list"),
                (_("Graduates' employment"), "employments-list"),
                (_("Apprenticeship ladders"), "ladders-list"),
                (_("Credentials"), "my-credentials-list"),
                (_("Audit log"), "audit-list"),
                (_("Group robots"), "robots-list"),
            ],
        ),
    ],
    Role.EVALUATOR: [
        (_("Dashboard"), "dashboard"),
        (_("Evidence"), "evidence-list"),
        (_("Scorecards"), "scorecards-list"),
        (_("Indicators"), "indicators-list"),
        (_("Radar"), "radar"),
        (_("Destination rates"), "destination-rates"),
        (_("Reports"), "reports-list"),
    ],
    Role.PLATFORM_ADMIN: [
        (_("Dashboard"), "dashboard"),
        (_("Projects"), "projects-list"),
        (_("Vetting"), [(_("Enterprises"), "employers-list"), (_("Flagged postings"), "flags-list")]),
        (_("Courses"), [(_("Courses"), "courses-list"), (_("Skills"), "skills-list")]),
        (_("Internships"), "internships-list"),
        (
            _("Technology transfer"),
            [(_("Industry calls"), "calls-list"), (_("Technology summaries"), "tech-summaries-list")],
        ),
        (
            _("People"),
            [
                (_("People"), "people-list"),
                (_("Audit log"), "audit-list"),
                (_("Group robots"), "robots-list"),
            ],
        ),
        (
            _("Evaluation"),
            [
                (_("Evidence"), "evidence-list"),
                (_("Scorecards"), "scorecards-list"),
                (_("Indicators"), "indicators-list"),
                (_("Radar"), "radar"),
                (_("Destination rates"), "destination-rates"),
                (_("Reports"), "reports-list"),
            ],
        ),
        (_("Admin"), "admin:index"),
    ],
}
EXTERNAL = {"admin:index"}


def _entry(label: Any, target: Any, path: str) -> dict[str, Any]:
    if isinstance(target, list):
        children = [_entry(child_label, child_target, path) for child_label, child_target in target]
        return {"label": label, "children": children, "active": any(c["active"] for c in children)}
    url = reverse(target)
    return {
        "label": label,
        "url": url,
        "active": url != "/" and path.startswith(url),
        "external": target in EXTERNAL,
    }


def navigation(request: HttpRequest) -> dict[str, Any]:
    # A request refused before the authentication middleware ran (a host not allowed: 400)
    # has no user: its error page is an anonymous visitor's.
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        key: Any = "anonymous"
        unread = 0
    else:
        key = Role.PLATFORM_ADMIN if user.is_platform_admin else user.role
        unread = Notification.objects.filter(recipient=user, read_at=None).count()
    return {
        "navigation": [_entry(label, target, request.path) for label, target in SECTIONS.get(key, [])],
        "unread_notifications": unread,
    }
