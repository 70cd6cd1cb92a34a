"""Scorecards in the web application: published ones for everyone, every one in scope for
evaluators and colleges, each explained down to its evidence, with the review workflow and
the college's improvement actions."""

import datetime
from decimal import Decimal
from typing import Any, cast

import django_filters
from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.pagekit import Action, Column, Section, Tool, badge
from colleges.models import College
from colleges.pages import MAJORS
from ledger.names import indicator_name

from . import services
from .models import MajorDecision, RadarMajor, Scorecard
from .pending import is_pending
from .permissions import ScorecardPolicy


def figure(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:.2f}"


class ScorecardFilter(django_filters.FilterSet):
    subject_type = django_filters.ChoiceFilter(
        label=gettext_lazy("Kind"),
        choices=Scorecard.SubjectType.choices,
        empty_label=gettext_lazy("All kinds"),
    )
    period = django_filters.NumberFilter(label=gettext_lazy("Year"), min_value=1990, max_value=2100)
    region = django_filters.ChoiceFilter(
        label=gettext_lazy("Region"),
        field_name="college__region",
        empty_label=gettext_lazy("All regions"),
        choices=[],
    )
    status = django_filters.ChoiceFilter(
        label=gettext_lazy("Review state"),
        choices=Scorecard.Status.choices,
        empty_label=gettext_lazy("Any state"),
    )

    class Meta:
        model = Scorecard
        fields = ["subject_type", "period", "region", "status"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        regions = College.objects.order_by("region").values_list("region", flat=True).distinct()
        self.filters["region"].extra["choices"] = [(r, r) for r in regions]
        request = kwargs.get("request")
        if request is None or not request.user.is_authenticated:
            del self.filters["status"]  # the public sees published cards only


class ImprovementForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator (scored under 60)"))
    action = forms.CharField(
        label=gettext_lazy("What will be done"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.CharField(label=gettext_lazy("Who"), max_length=200)
    due_date = forms.DateField(label=gettext_lazy("By when"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, card: Scorecard | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        weak = (
            card.indicators.filter(score__lt=services.IMPROVEMENT_THRESHOLD).order_by("score") if card else []
        )
        cast(forms.ChoiceField, self.fields["indicator"]).choices = [
            (i.code, f"{indicator_name(i.code)} ({i.score:.2f})") for i in weak
        ]

    def clean_due_date(self) -> datetime.date:
        return self.cleaned_data["due_date"]


class CommentForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comment (optional)"), required=False, max_length=2000)


def _detail_context(request: Any, card: Scorecard) -> dict[str, Any]:
    definitions = {i.code: i for i in card.scheme.indicators.all()}
    rows = [
        {"item": item, "definition": definitions.get(item.code)}
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
    return {
        "rows": rows,
        "chart": chart,
        "recomputing": is_pending(college_id=card.college_id, period=card.period, scheme_id=card.scheme_id),
        "actions_taken": card.improvement_actions.order_by("due_date"),
        "reviews": card.reviews.select_related("actor").order_by("at")
        if request.user.is_authenticated
        else [],
    }


def _step(step: str) -> Any:
    return lambda card, user, data: services.scorecard_review(
        scorecard=card, actor=user, action=step, comment=data["comment"]
    )


SCORECARDS = Section(
    name="scorecards",
    title=gettext_lazy("Scorecards"),
    policy=ScorecardPolicy(),
    queryset=lambda: Scorecard.objects.filter(scheme__is_active=True).select_related("college", "scheme"),
    columns=[
        Column(gettext_lazy("Subject"), "subject_name", sort="subject_name"),
        Column(gettext_lazy("Kind"), "get_subject_type_display", sort="subject_type"),
        Column(gettext_lazy("Year"), "period", sort="period"),
        Column(gettext_lazy("Rank"), lambda c: c.rank or "—", sort="rank"),
        Column(gettext_lazy("Overall"), lambda c: figure(c.overall), sort="overall"),
        Column(gettext_lazy("Technology"), lambda c: figure(c.technology), sort="technology"),
        Column(gettext_lazy("Competence"), lambda c: figure(c.competence), sort="competence"),
        Column(gettext_lazy("Service"), lambda c: figure(c.service), sort="service"),
        Column(gettext_lazy("State"), lambda c: badge(c.status, c.get_status_display())),
    ],
    detail_template="evaluation/scorecard_detail.html",
    search_fields=("subject_name",),
    filterset=ScorecardFilter,
    default_ordering=("-period", "subject_type", "rank", "subject_id"),
    public=True,
    context=_detail_context,
    actions=[
        Action(
            "submit-for-review",
            gettext_lazy("Submit for review"),
            "review",
            _step("submit_for_review"),
            gettext_lazy("The scorecard is in review."),
            available=lambda c, u: c.status == Scorecard.Status.DRAFT,
            form=CommentForm,
        ),
        Action(
            "approve",
            gettext_lazy("Approve"),
            "review",
            _step("approve"),
            gettext_lazy("The scorecard is approved."),
            available=lambda c, u: (
                c.status == Scorecard.Status.IN_REVIEW
                or (c.status == Scorecard.Status.PUBLISHED and c.changed_since_publication)
            ),
            form=CommentForm,
        ),
        Action(
            "publish",
            gettext_lazy("Publish"),
            "review",
            _step("publish"),
            gettext_lazy("The scorecard is published: everyone can read it."),
            available=lambda c, u: c.status == Scorecard.Status.APPROVED,
            form=CommentForm,
            confirm=gettext_lazy("Publish this scorecard? Everyone will be able to read it."),
        ),
        Action(
            "improve",
            gettext_lazy("Record an improvement action"),
            "improve",
            lambda c, u, d: services.improvement_action_create(scorecard=c, actor=u, **d),
            gettext_lazy("The improvement action is recorded."),
            available=lambda c, u: (
                c.status == Scorecard.Status.PUBLISHED
                and c.indicators.filter(score__lt=services.IMPROVEMENT_THRESHOLD).exists()
            ),
            form=ImprovementForm,
            form_kwargs=lambda c, u: {"card": c},
        ),
    ],
    tools=[
        Tool(
            gettext_lazy("Recompute"),
            "scorecards-recompute",
            post=True,
            allowed=lambda u: ScorecardPolicy().can(u, "recompute"),
        )
    ],
)


class MajorDecisionForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=1990, max_value=2100)
    decision = forms.ChoiceField(label=gettext_lazy("Decision"), choices=MajorDecision.Decision.choices)
    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


MAJORS.actions = [
    *MAJORS.actions,
    Action(
        "decide",
        gettext_lazy("Record decision"),
        "decide",
        lambda m, u, d: services.major_decide(major=m, actor=u, **d),
        gettext_lazy("The committee's decision is recorded."),
        form=MajorDecisionForm,
    ),
]
MAJORS.context = lambda request, m: {
    "radar": RadarMajor.objects.filter(major=m).order_by("-year")[:6],
    "decisions": m.decisions.select_related("decided_by").order_by("-year", "-decided_at"),
}

SECTIONS = [SCORECARDS]
