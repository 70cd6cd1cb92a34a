"""The ledger in the web application: evidence (submitted by a college, verified or rejected
with a reason by an evaluator who did not submit it), and the indicators evaluators tune."""

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.pagekit import Action, Column, Section, badge, links

from . import services
from .models import Evidence, Indicator, Scheme
from .names import indicator_name
from .permissions import EvidencePolicy, SchemePolicy


class EvidenceForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"))
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)
    base = forms.DecimalField(
        label=_("Base (for rates; 1 otherwise)"),
        max_digits=16,
        decimal_places=4,
        min_value=Decimal("0.0001"),
        initial=1,
    )
    occurred_on = forms.DateField(label=_("Occurred on"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("Note or document reference"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    attachment = forms.URLField(
        label=_("Link to the document (optional)"), required=False, assume_scheme="https"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        indicators = Indicator.objects.filter(scheme__is_active=True).order_by("dimension", "id")
        self.fields["indicator"].choices = [(i.code, indicator_name(i)) for i in indicators]  # type: ignore[attr-defined]


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Comment (optional)"), required=False, max_length=2000)


class RejectForm(forms.Form):
    note = forms.CharField(
        label=_("Reason (the submitter sees it)"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class EvidenceFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=Evidence.Status.choices, empty_label=_("Any state")
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Evidence.Source.choices, empty_label=_("Any source")
    )
    period = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Evidence
        fields = ["status", "source", "period"]


def _submit(user: User, data: dict[str, Any]) -> Evidence:
    return services.evidence_submit(
        actor=user,
        college=user.college,  # type: ignore[arg-type]
        indicator=data["indicator"],
        value=data["value"],
        base=data["base"],
        occurred_on=data["occurred_on"],
        note=data["note"],
        attachment=data["attachment"] or "",
    )


def origin_name(obj: Any, *, with_person: bool = False) -> str:
    """What a row the platform wrote evidence from is called: its kind and its name (a row
    that names itself says how, naming a person only to a reader who may open it)."""
    kind = str(obj._meta.verbose_name)
    kind = kind[:1].upper() + kind[1:]
    named = getattr(obj, "evidence_name", None)
    if callable(named):
        return gettext("%(kind)s: %(name)s") % {"kind": kind, "name": named(with_person=with_person)}
    for attribute in ("title", "name", "position"):
        value = getattr(obj, attribute, None)
        if isinstance(value, str) and value:
            return gettext("%(kind)s: %(name)s") % {"kind": kind, "name": value}
    return kind


def _with_sources(request: HttpRequest, rows: list[Evidence]) -> None:
    """Each row's source, linked when the reader may open it (one query per kind of source)."""
    found = links(request, [e.origin for e in rows])
    by_model: dict[type, list[Any]] = {}
    for evidence in rows:
        if evidence.origin is not None:
            by_model.setdefault(type(evidence.origin), []).append(evidence.origin)
    for model, origins in by_model.items():  # what each names itself by, one query a relation
        prefetch_related_objects(origins, *getattr(model, "evidence_name_related", ()))
    for evidence in rows:
        origin = evidence.origin
        evidence.origin_url = "" if origin is None else found.get((type(origin), origin.pk), "")  # type: ignore[attr-defined]


def _source(evidence: Evidence) -> Any:
    origin = evidence.origin
    if evidence.source != Evidence.Source.PLATFORM or origin is None:
        return evidence.get_source_display()
    url = getattr(evidence, "origin_url", "")
    name = origin_name(origin, with_person=bool(url))
    return format_html('<a href="{}">{}</a>', url, name) if url else name


def _evidence_context(request: Any, evidence: Evidence) -> dict[str, Any]:
    _with_sources(request, [evidence])
    return {
        "history": evidence.changes.select_related("actor").order_by("at", "id"),
        "indicator_label": indicator_name(evidence.indicator),
        "origin": _source(evidence) if evidence.origin is not None else "",
    }


EVIDENCE = Section(
    name="evidence",
    title=_("Evidence"),
    policy=EvidencePolicy(),
    queryset=lambda: Evidence.objects.select_related("college", "major", "submitted_by").prefetch_related(
        "origin"
    ),
    columns=[
        Column(_("Indicator"), lambda e: indicator_name(e.indicator), sort="indicator"),
        Column(_("College"), "college.name", sort="college__name"),
        Column(
            _("Value"),
            lambda e: f"{e.value.normalize():f}" + (f" / {e.base.normalize():f}" if e.base != 1 else ""),
        ),
        Column(_("Occurred on"), "occurred_on", sort="occurred_on"),
        Column(_("Source"), _source),
        Column(_("State"), lambda e: badge(e.status, e.get_status_display()), sort="status"),
    ],
    detail_template="ledger/evidence_detail.html",
    search_fields=("indicator", "note", "college__name"),
    filterset=EvidenceFilter,
    default_ordering=("-created_at", "-id"),
    create_form=EvidenceForm,
    create=_submit,
    create_label=_("Submit evidence"),
    create_permission=lambda u: u.role == Role.COLLEGE_ADMIN,
    context=_evidence_context,
    prepare_page=_with_sources,
    actions=[
        Action(
            "verify",
            _("Verify"),
            "verify",
            lambda e, u, d: services.evidence_verify(evidence=e, actor=u, note=d["note"]),
            _("Verified: it counts from the next recompute."),
            available=lambda e, u: e.status == Evidence.Status.SUBMITTED,
            form=DecisionForm,
        ),
        Action(
            "reject",
            _("Reject"),
            "reject",
            lambda e, u, d: services.evidence_reject(evidence=e, actor=u, note=d["note"]),
            _("Rejected: the submitter sees your reason."),
            available=lambda e, u: e.status == Evidence.Status.SUBMITTED,
            form=RejectForm,
            confirm=_("Reject this evidence? It will never count; the submitter sees your reason."),
            style="danger",
        ),
    ],
    row_actions=("verify",),
)


class IndicatorForm(forms.Form):
    target = forms.DecimalField(
        label=_("Target"), min_value=Decimal("0.0001"), max_digits=14, decimal_places=4
    )
    weight = forms.DecimalField(
        label=_("Weight"), min_value=Decimal("0.0001"), max_digits=8, decimal_places=4
    )


INDICATORS = Section(
    name="indicators",
    title=_("Indicators of the scheme"),
    policy=SchemePolicy(),
    queryset=lambda: Indicator.objects.select_related("scheme"),
    narrow=lambda request, rows: rows.filter(scheme__in=Scheme.objects.filter(is_active=True)),
    columns=[
        Column(_("Indicator"), indicator_name, sort="code"),
        Column(_("Dimension"), "get_dimension_display", sort="dimension"),
        Column(_("Computed as"), "get_aggregation_display"),
        Column(_("Direction"), "get_direction_display"),
        Column(_("Target"), lambda i: f"{i.target.normalize():f}", sort="target"),
        Column(_("Weight"), lambda i: f"{i.weight.normalize():f}", sort="weight"),
    ],
    detail_template="ledger/indicator_detail.html",
    search_fields=("code", "name"),
    default_ordering=("dimension", "id"),
    edit_form=IndicatorForm,
    row_title=indicator_name,
    edit=lambda i, u, d: services.indicator_update(
        indicator=i, actor=u, target=d["target"], weight=d["weight"]
    ),
    edit_initial=lambda i: {"target": i.target, "weight": i.weight},
)

SECTIONS = [EVIDENCE, INDICATORS]
