"""Pages of the evaluation beyond the scorecards section: the radar, and the recompute
buttons (both write the durable marks the worker drains)."""

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import Role, User
from colleges.permissions import CohortPolicy
from enterprises.models import TalentDemand
from enterprises.permissions import TalentDemandPolicy
from internships.figures import internship_places
from outcomes.figures import graduates_supplied

from . import services
from .models import MajorDecision, RadarMajor, RadarSkill
from .permissions import ScorecardPolicy, may_recompute_radar


@login_required
@require_POST
def scorecards_recompute(request: HttpRequest) -> HttpResponse:
    if not ScorecardPolicy().can(request.user, "recompute", None):
        raise PermissionDenied(_("You may not do this."))
    services.recompute_request(scorecards=True)
    messages.success(
        request, _("Recompute requested: every scorecard is brought up to date within a minute or two.")
    )
    return redirect("scorecards-list")


@login_required
@require_POST
def radar_recompute(request: HttpRequest) -> HttpResponse:
    if not may_recompute_radar(request.user):
        raise PermissionDenied(_("You may not do this."))
    services.recompute_request(radar=True)
    messages.success(request, _("Recompute requested: the radar is rebuilt within a minute or two."))
    return redirect("radar")


@login_required
@require_GET
def radar_page(request: HttpRequest) -> HttpResponse:
    """Demand against supply per skill (a region and year), the forecast, and the majors."""
    years = list(RadarSkill.objects.order_by("-year").values_list("year", flat=True).distinct())
    current = TalentDemand.objects.order_by("-year").values_list("year", flat=True).first() or (
        years[0] if years else 0
    )
    try:
        year = int(request.GET.get("year") or current)
    except ValueError:
        year = current
    region = request.GET.get("region", "")[:100]
    skills = list(
        RadarSkill.objects.filter(year=year, region=region).select_related("skill").order_by("-demand")
    )
    places = internship_places(year, region)
    graduates = graduates_supplied(year, region)
    for skill_row in skills:
        skill_row.internship_places = places.get(skill_row.skill_id, 0)  # type: ignore[attr-defined]
        skill_row.graduates_supplied = graduates.get(skill_row.skill_id, 0)  # type: ignore[attr-defined]
    chart = {
        "type": "bar",
        "labels": [r.skill.local_name for r in skills[:15]],
        "datasets": [
            {"label": _("Demand"), "data": [r.demand for r in skills[:15]]},
            {"label": _("Supply"), "data": [r.supply for r in skills[:15]]},
            {"label": _("Forecast next year"), "data": [r.forecast_next_year for r in skills[:15]]},
            {"label": _("Internship places"), "data": [places.get(r.skill_id, 0) for r in skills[:15]]},
            {"label": _("Graduates supplied"), "data": [graduates.get(r.skill_id, 0) for r in skills[:15]]},
        ],
    }
    user = cast(User, request.user)
    majors = (
        RadarMajor.objects.filter(year=year)
        .select_related("major__college")
        .order_by("major__college__name", "major__name")
    )
    if user.college_id and not user.is_platform_admin:
        majors = majors.filter(major__college_id=user.college_id)
    shown = list(majors[:100])
    shown_ids = [m.major_id for m in shown]
    # Alignment over the years of the majors shown, one row per major: a single query,
    # pivoted here for display (not the history of every major of the country).
    shown_years = sorted(y for y in years if y <= year)[-5:]
    history: dict[int, dict[int, Any]] = {}
    for row in RadarMajor.objects.filter(major_id__in=shown_ids, year__in=shown_years).values(
        "major_id", "year", "alignment", "status"
    ):
        history.setdefault(row["major_id"], {})[row["year"]] = row
    decisions = {
        d.major_id: d
        for d in MajorDecision.objects.filter(major_id__in=shown_ids, year=year).order_by("decided_at")
    }
    context: dict[str, Any] = {
        "years": years,
        "year": year,
        "region": region,
        "skills": skills,
        "chart": chart,
        "shortage": [r for r in skills if r.status == "shortage"],
        "surplus": [r for r in skills if r.status == "surplus"],
        "majors": [
            {
                "row": m,
                "history": [(y, history.get(m.major_id, {}).get(y)) for y in shown_years],
                "decision": decisions.get(m.major_id),
                "can_decide": user.is_college_admin and user.college_id == m.major.college_id,
            }
            for m in shown
        ],
        "shown_years": shown_years,
        "may_recompute": may_recompute_radar(user),
        "may_import_demand": TalentDemandPolicy().can(user, "import"),
        "may_import_cohorts": CohortPolicy().can(user, "import"),
        "is_college_admin": user.role == Role.COLLEGE_ADMIN,
        "regions": RadarSkill.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct(),
    }
    return render(request, "evaluation/radar.html", context)
