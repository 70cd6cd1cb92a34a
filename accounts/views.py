"""The landing page, the login page, the health check and each role's dashboard."""

from typing import Any

from allauth.account import views as allauth_views
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from colleges.models import College
from courses.models import Offering
from enterprises.models import Enterprise, Project


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
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    context: dict[str, object] = {"role": user.get_role_display()}  # type: ignore[union-attr]
    if user.college_id:  # type: ignore[union-attr]
        context["college"] = user.college  # type: ignore[union-attr]
        context["projects"] = (
            Project.objects.filter(college_id=user.college_id)  # type: ignore[union-attr]
            .values("status")
            .annotate(n=Count("id"))
            .order_by("status")
        )
    if user.enterprise_id:  # type: ignore[union-attr]
        context["enterprise"] = user.enterprise  # type: ignore[union-attr]
        context["projects"] = (
            Project.objects.filter(enterprise_id=user.enterprise_id)  # type: ignore[union-attr]
            .values("status")
            .annotate(n=Count("id"))
            .order_by("status")
        )
    context["offerings_with_seats"] = Offering.objects.filter(enrolled__lt=F("capacity")).count()
    return render(request, "dashboard.html", context)
