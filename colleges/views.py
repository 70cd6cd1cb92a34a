"""The college administrator's dashboard."""

from decimal import Decimal
from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import F, OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.pages import back_to, form_errors, run
from courses.lifelong import overdue_materials
from courses.models import Material, Offering
from enterprises.models import IpAgreement, TalentDemand
from evaluation import services as evaluation_services
from evaluation.models import Evidence, ImprovementAction, RadarMajor, Scorecard
from evaluation.services import known_indicator_codes

from .models import Distribution, DualPosition, IndustryCollege, Major


class EvidenceForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"))
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=16, decimal_places=4)
    occurred_on = forms.DateField(
        label=gettext_lazy("Occurred on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=gettext_lazy("Note or document reference"), max_length=2000)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicator"].choices = [(c, c) for c in sorted(known_indicator_codes())]  # type: ignore[attr-defined]


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
        "colleges/dashboard.html",
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


@login_required
@require_POST
def evidence_submit(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = EvidenceForm(request.POST)
    college = user.college
    if college is None or not user.is_college_admin:
        raise PermissionDenied(_("Only a college's administrators submit its evidence."))
    if not form.is_valid():
        form_errors(request, form)
        return back_to(request)
    data = form.cleaned_data
    return run(
        request,
        lambda: evaluation_services.evidence_submit(
            actor=user,
            college=college,
            indicator=data["indicator"],
            value=Decimal(data["value"]),
            occurred_on=data["occurred_on"],
            note=data["note"],
        ),
        _("The evidence was submitted for verification."),
    )
