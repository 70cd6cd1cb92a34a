"""The landing page, the login page, the health check and each role's dashboard."""

from typing import Any, cast

from allauth.account import views as allauth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET

from accounts.models import Role, User
from colleges.models import College
from colleges.views import college_dashboard
from courses.models import Offering
from courses.views import student_dashboard, teacher_dashboard
from enterprises.models import Enterprise, Project
from enterprises.views import engineer_dashboard, projects_by_state_chart
from evaluation.views import evaluator_dashboard


class LoginView(allauth_views.LoginView):
    """allauth's login, answering 429 (not the form again) once failures are rate limited."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if any(error.code == "too_many_login_attempts" for error in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


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
    return render(request, "home.html", {"stats": stats})


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
        "accounts/admin_dashboard.html",
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
