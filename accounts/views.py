"""The landing page, the health check and the entry to each role's dashboard."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count, F
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from colleges.models import College
from courses.models import Offering
from enterprises.models import Enterprise, Project


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
