"""Reports in the web application: the list, each report's page (narrative, tables with a
chart and the numbers beside it, every figure's rows for those allowed, versions and what a
correction changed), its review, a CSV per table and a province's view of one indicator."""

import csv
import io
from typing import Any, cast

import django_filters
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.errors import Invalid
from accounts.forms import person_label
from accounts.models import Role, User
from accounts.pagekit import Action, Column, ReasonForm, Section, with_links

from . import services
from .forms import EntryForm, NarrativeForm, ProvinceForm, ReportForm
from .indicators import SECTIONS as NARRATIVE
from .indicators import catalogue
from .models import Report
from .permissions import ReportPolicy, may_see_rows
from .tables import describe, frozen_or_live

S = Report.Status


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


class ReportFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Report.Kind.choices, empty_label=_("Any kind")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Report.Status.choices, empty_label=_("Any status")
    )
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Report
        fields = ["kind", "status", "year"]


def _create(user: User, data: dict[str, Any]) -> Report:
    kind = data["kind"]
    target = {"kind": kind, "college": user.college_id, "enterprise": user.enterprise_id}
    if not ReportPolicy().can(user, "create", target):
        raise Invalid("kind", str(_("You may not write this kind of report.")))
    return services.report_create(
        actor=user,
        kind=kind,
        year=data["year"],
        college=user.college if kind != Report.Kind.ENTERPRISE else None,
        enterprise=user.enterprise if kind == Report.Kind.ENTERPRISE else None,
    )


def _enter(row: Report, user: User, data: dict[str, Any]) -> Any:
    return services.entry_record(
        report=row, actor=user, indicator_code=data["indicator"], value=data["value"], note=data["note"]
    )


def _step(name: str) -> Any:
    return lambda row, user, data: services.report_step(
        report=row, actor=user, action=name, comment=data.get("reason", "")
    )


PERSON_FIELDS = ("graduate", "learner", "student", "user", "responder", "inventor")
WHAT_FIELDS = ("title", "position", "name", "indicator")
WHEN_FIELDS = ("census_date", "date", "start_date", "occurred_on", "promoted_on")


def row_label(obj: Any) -> str:
    """A row behind a figure as its reader knows it: whose, what, when and in what state, in
    the reader's language (the models' own texts name ids, for the audit log)."""
    if isinstance(obj, User):
        return person_label(obj)
    parts: list[str] = []
    for name in PERSON_FIELDS:
        person = getattr(obj, name, None)
        if isinstance(person, User):
            parts.append(person.get_full_name() or person.username)
            break
    for name in WHAT_FIELDS:
        value = getattr(obj, name, None)
        if isinstance(value, str) and value:
            parts.append(value)
            break
    enterprise = getattr(obj, "enterprise", None)
    if enterprise is not None and hasattr(enterprise, "name"):
        parts.append(enterprise.name)
    for name in WHEN_FIELDS:
        value = getattr(obj, name, None)
        if value is not None:
            parts.append(value.isoformat())
            break
    for name in ("category", "kind", "status"):
        display = getattr(obj, f"get_{name}_display", None)
        if display is not None:
            parts.append(str(display()))
            break
    return " · ".join(parts) or str(obj)


def _context(request: HttpRequest, row: Report) -> dict[str, Any]:
    zh = _zh()
    rows = may_see_rows(request.user, row)
    tables = describe(row, frozen_or_live(row), with_rows=rows, zh=zh)
    for table in tables:
        for item in table["indicators"]:
            if "rows" in item:
                item["rows"] = [(row_label(obj), url) for obj, url in with_links(request, item["rows"])]
        # A chart of one unit only: the rates when a table has two or more, else the counts.
        charted = [i for i in table["indicators"] if i["value"] is not None]
        rates = [i for i in charted if i["unit"] == "%"]
        counts = [i for i in charted if i["unit"] in ("人", "people", "graduates")]
        numbers = rates if len(rates) >= 2 else counts
        if len(numbers) >= 2:
            table["chart"] = {
                "type": "bar",
                **({"max": 100} if numbers is rates else {}),
                "labels": [i["name"] for i in numbers],
                "datasets": [{"label": table["name"], "data": [float(i["value"]) for i in numbers]}],
            }
    versions = list(
        ReportPolicy()
        .visible(request.user, Report.objects.all())
        .filter(kind=row.kind, college=row.college, enterprise=row.enterprise, year=row.year)
        .order_by("version")
    )
    names = {(t["code"], i["code"]): i["name"] for t in tables for i in t["indicators"]}
    section_names = dict(NARRATIVE[row.kind])
    changed = [
        {
            **c,
            "name": names.get((c["table"], c["code"]))
            if c["kind"] == "figure"
            else section_names.get(c["code"]),
        }
        for c in services.changes(row)
    ]
    return {
        "tables": tables,
        "sections": [(label, row.narrative.get(key, "")) for key, label in NARRATIVE[row.kind]],
        "versions": versions,
        "changed": changed,
        "steps": row.steps.select_related("actor") if ReportPolicy().can(request.user, "update", row) else [],
        "with_rows": rows,
    }


REPORTS = Section(
    name="reports",
    title=_("Reports"),
    intro_template="reports/intro.html",
    policy=ReportPolicy(),
    queryset=lambda: Report.objects.select_related("college", "enterprise"),
    columns=[
        Column(_("Report"), lambda r: f"{r.subject_name} · {r.get_kind_display()}", link=True),
        Column(_("Year"), "year", sort="year"),
        Column(_("Version"), "version", sort="version"),
        Column(_("Status"), "get_status_display", sort="status"),
        Column(_("Published"), "published_at", sort="published_at"),
    ],
    detail_template="reports/report_detail.html",
    search_fields=("college__name", "enterprise__name"),
    filterset=ReportFilter,
    default_ordering=("-year", "kind", "-version"),
    public=True,
    actions=[
        Action(
            "enter",
            _("Enter a figure"),
            "enter",
            _enter,
            _("Figure entered."),
            available=lambda row, user: row.status == S.DRAFT,
            form=EntryForm,
            form_kwargs=lambda row, user: {"row": row},
            style="secondary",
        ),
        Action(
            "submit-for-review",
            _("Submit for review"),
            "submit_for_review",
            _step("submit_for_review"),
            _("Submitted for review."),
            available=lambda row, user: row.status == S.DRAFT,
        ),
        Action(
            "approve",
            _("Approve"),
            "approve",
            _step("approve"),
            _("Approved."),
            available=lambda row, user: row.status == S.IN_REVIEW,
        ),
        Action(
            "send-back",
            _("Send back"),
            "send_back",
            _step("send_back"),
            _("Sent back to draft."),
            available=lambda row, user: row.status == S.IN_REVIEW,
            form=ReasonForm,
            style="secondary",
        ),
        Action(
            "publish",
            _("Publish"),
            "publish",
            _step("publish"),
            _("Published."),
            available=lambda row, user: row.status == S.APPROVED,
            confirm=_("A published report never changes: corrections publish a new version. Publish?"),
        ),
        Action(
            "correct",
            _("Correct (new version)"),
            "correct",
            lambda row, user, data: services.report_correct(report=row, actor=user),
            _("A new version to correct is open as a draft."),
            available=lambda row, user: row.status == S.PUBLISHED and not hasattr(row, "correction"),
            style="secondary",
            redirect_to=lambda row, result: reverse("reports-detail", args=[result.pk]),
        ),
    ],
    create_form=ReportForm,
    create=_create,
    create_label=_("Start a report"),
    create_permission=lambda u: (
        (u.role == Role.COLLEGE_ADMIN and u.college_id is not None)
        or (u.role == Role.ENGINEER and u.enterprise_id is not None)
    ),
    edit_form=NarrativeForm,
    edit=lambda row, user, data: services.report_write(report=row, actor=user, narrative=data),
    editable=lambda row: row.status == S.DRAFT,
    edit_initial=lambda row: dict(row.narrative),
    form_kwargs=lambda u, row: {"user": u, "row": row},
    context=_context,
    row_title=lambda r: str(r),
)


def _csv(name: str, header: list[str], lines: list[list[Any]]) -> HttpResponse:
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 with its mark
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(lines)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


def table_csv(request: HttpRequest, pk: int, table: str) -> HttpResponse:
    """One table of a report as CSV: code, name, value, unit, origin, definition."""
    row = REPORTS.row(request, pk)
    found = next(
        (t for t in describe(row, frozen_or_live(row), with_rows=False, zh=_zh()) if t["code"] == table), None
    )
    if found is None:
        raise Http404
    return _csv(
        f"report-{row.pk}-{table}",
        [
            str(_("Code")),
            str(_("Indicator")),
            str(_("Value")),
            str(_("Unit")),
            str(_("Origin")),
            str(_("Definition")),
        ],
        [
            [
                i["code"],
                i["name"],
                i["value"] if i["value"] is not None else "",
                i["unit"],
                i["origin"],
                i["definition"],
            ]
            for i in found["indicators"]
        ],
    )


def province(request: HttpRequest) -> HttpResponse:
    """Every college of a region that published its quality report for the year, one table
    per indicator (as the provincial report collects them); ``?format=csv`` for a download."""
    form = ProvinceForm(request.GET or None)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        region, year = form.cleaned_data["region"].strip(), form.cleaned_data["year"]
        published = list(
            Report.objects.filter(
                kind=Report.Kind.QUALITY, status=S.PUBLISHED, year=year, college__region=region
            )
            .select_related("college")
            .order_by("college__name", "-version")
        )
        latest: dict[int, Report] = {}
        for report in published:
            latest.setdefault(cast(int, report.college_id), report)
        _tables, indicators = catalogue("quality")
        values = {
            college_id: {
                i["code"]: i.get("value") for t in report.snapshot.get("tables", []) for i in t["indicators"]
            }
            for college_id, report in latest.items()
        }
        zh = _zh()
        per_indicator: list[dict[str, Any]] = [
            {
                "code": ind.code,
                "name": ind.name_zh if zh else ind.name_en,
                "unit": ind.unit_zh if zh else ind.unit_en,
                "computed": ind.computed,
                "colleges": [(r, values[cid].get(ind.code)) for cid, r in latest.items()],
            }
            for ind in indicators
        ]
        if request.GET.get("format") == "csv":
            return _csv(
                f"quality-{year}",
                [
                    str(_("Code")),
                    str(_("Indicator")),
                    str(_("Unit")),
                    str(_("College")),
                    str(_("Version")),
                    str(_("Value")),
                ],
                [
                    [p["code"], p["name"], p["unit"], r.college.name if r.college else "", r.version, v or ""]
                    for p in per_indicator
                    for r, v in p["colleges"]
                ],
            )
        context.update(region=region, year=year, per_indicator=per_indicator, reports=list(latest.values()))
    return render(
        request, "reports/province.html", context, status=400 if request.GET and form.errors else 200
    )


def report_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A published report as a PDF in the reader's language, with its verification address."""
    row = REPORTS.row(request, pk)
    if not row.published:
        raise Http404
    from .pdf import report_pdf

    tables = describe(row, frozen_or_live(row), with_rows=False, zh=_zh())
    facts = [
        (str(_("Year")), str(row.year)),
        (str(_("Version")), str(row.version)),
        (str(_("Published")), row.published_at.date().isoformat() if row.published_at else ""),
    ]
    content = report_pdf(
        title=f"{row.subject_name} · {row.get_kind_display()} {row.year}",
        facts=facts,
        sections=[(str(label), row.narrative.get(key, "")) for key, label in NARRATIVE[row.kind]],
        tables=tables,
        verify_url=request.build_absolute_uri(reverse("reports-detail", args=[row.pk])),
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="report-{row.pk}-v{row.version}.pdf"'
    return response


REPORTS.extra_urls = [
    path("reports/<int:pk>/pdf/", report_pdf_view, name="reports-pdf"),
    path("reports/province/", province, name="reports-province"),
    path("reports/<int:pk>/tables/<slug:table>.csv", table_csv, name="reports-table-csv"),
]
SECTIONS = [REPORTS]
