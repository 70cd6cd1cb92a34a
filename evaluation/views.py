"""Pages of the evaluation: the evaluator's dashboard, the public scorecards, the radar."""

from typing import Any, cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.pages import act, back_to, form_errors, require, run, scoped_or_404
from colleges.models import College
from enterprises.models import TalentDemand

from . import services
from .models import MajorDecision, RadarMajor, RadarSkill, Scorecard
from .pending import is_pending
from .permissions import ScorecardPolicy


class ScorecardFilterForm(forms.Form):
    """The public list's filters, validated like any input."""

    subject_type = forms.ChoiceField(
        label=gettext_lazy("Kind"),
        required=False,
        choices=[("", gettext_lazy("All kinds")), *Scorecard.SubjectType.choices],
    )
    period = forms.IntegerField(label=gettext_lazy("Year"), required=False, min_value=1990, max_value=2100)
    region = forms.CharField(label=gettext_lazy("Region"), required=False, max_length=100)


REVIEW_STEPS = {"submit": "submit_for_review", "approve": "approve", "publish": "publish"}


@login_required
@require_POST
def scorecard_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    comment = request.POST.get("comment", "")[:2000]
    return act(
        request,
        ScorecardPolicy(),
        Scorecard.objects.all(),
        pk,
        "review",
        lambda card, user: services.scorecard_review(
            scorecard=card, actor=user, action=REVIEW_STEPS.get(step, "approve"), comment=comment
        ),
        _("Done."),
    )


@require_GET
def scorecard_list(request: HttpRequest) -> HttpResponse:
    """Published scorecards for everyone; htmx asks for just the table when filters change."""
    form = ScorecardFilterForm(request.GET or None)
    cards = Scorecard.objects.published().filter(scheme__is_active=True).select_related("college")
    if form.is_valid():
        data = form.cleaned_data
        if data["subject_type"]:
            cards = cards.filter(subject_type=data["subject_type"])
        if data["period"]:
            cards = cards.filter(period=data["period"])
        if data["region"]:
            cards = cards.filter(college__region=data["region"])
    cards = cards.order_by("-period", "subject_type", "rank")[:200]
    context = {
        "form": form,
        "cards": cards,
        "regions": College.objects.order_by("region").values_list("region", flat=True).distinct(),
    }
    template = "evaluation/scorecard_list.html#results" if request.htmx else "evaluation/scorecard_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@require_GET
def scorecard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Every number of a scorecard, down to the counts and sums of the evidence behind it,
    all as of the computation (stored together), and whether newer evidence is waiting."""
    card = scoped_or_404(ScorecardPolicy(), request, Scorecard.objects.select_related("scheme"), pk)
    indicators = {i.code: i for i in card.scheme.indicators.all()}
    rows = [
        {"item": item, "definition": indicators.get(item.code)}
        for item in card.indicators.order_by("dimension", "code")
    ]
    chart = {
        "type": "bar",
        "max": 100,
        "labels": [_("Technology"), _("Competence"), _("Service"), _("Overall")],
        "datasets": [
            {
                "label": card.subject_name,
                "data": [
                    float(x or 0) for x in (card.technology, card.competence, card.service, card.overall)
                ],
            }
        ],
    }
    recomputing = is_pending(college_id=card.college_id, period=card.period, scheme_id=card.scheme_id)
    return render(
        request,
        "evaluation/scorecard_detail.html",
        {"card": card, "rows": rows, "chart": chart, "recomputing": recomputing},
    )


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
    chart = {
        "type": "bar",
        "labels": [r.skill.name for r in skills[:15]],
        "datasets": [
            {"label": _("Demand"), "data": [r.demand for r in skills[:15]]},
            {"label": _("Supply"), "data": [r.supply for r in skills[:15]]},
            {"label": _("Forecast next year"), "data": [r.forecast_next_year for r in skills[:15]]},
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
    # Alignment over the years, one row per major: a single query, pivoted here for display.
    shown_years = sorted(y for y in years if y <= year)[-5:]
    history: dict[int, dict[int, Any]] = {}
    for row in RadarMajor.objects.filter(major__in=majors.values("major"), year__in=shown_years).values(
        "major_id", "year", "alignment", "status"
    ):
        history.setdefault(row["major_id"], {})[row["year"]] = row
    decisions = {
        d.major_id: d
        for d in MajorDecision.objects.filter(major__in=majors.values("major"), year=year).order_by(
            "decided_at"
        )
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
                "history": [history.get(m.major_id, {}).get(y) for y in shown_years],
                "decision": decisions.get(m.major_id),
                "can_decide": user.is_college_admin and user.college_id == m.major.college_id,
            }
            for m in majors[:100]
        ],
        "shown_years": shown_years,
        "decision_choices": MajorDecision.Decision.choices,
        "regions": RadarSkill.objects.exclude(region="")
        .order_by("region")
        .values_list("region", flat=True)
        .distinct(),
    }
    return render(request, "evaluation/radar.html", context)


@login_required
@require_POST
def major_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The professional committee's decision on a major, recorded from the radar page."""
    from colleges.models import Major
    from colleges.permissions import MajorPolicy

    policy = MajorPolicy()
    major = scoped_or_404(policy, request, Major.objects.all(), pk)
    require(policy, request, "decide", major)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return back_to(request, "radar")
    return run(
        request,
        lambda: services.major_decide(major=major, actor=cast(User, request.user), **form.cleaned_data),
        _("The committee's decision is recorded."),
        back="radar",
    )


class DecisionForm(forms.Form):
    year = forms.IntegerField(min_value=1990, max_value=2100)
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=MajorDecision.Decision.choices)
    reason = forms.CharField(label=gettext_lazy("Reason"), max_length=2000)
