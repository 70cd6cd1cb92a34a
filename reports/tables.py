"""A report's tables: every indicator with its value, unit, definition and origin (computed
or entered), and for computed ones the rows they were counted from. A draft's are counted
now; a published report's are those frozen when it was published."""

from decimal import Decimal
from typing import Any, cast

from django.apps import apps
from django.db.models import Model

from colleges.models import College
from outcomes.models import Category, SalaryBand
from outcomes.services import census_dates

from .figures import COMPUTE, Context, breakdowns
from .indicators import catalogue
from .models import Entry, Report


def ref(row: Model) -> str:
    return f"{row._meta.label_lower}:{row.pk}"


def _value(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _entries(report: Report) -> dict[str, Entry]:
    return {e.indicator: e for e in report.entries.select_related("entered_by")}


def compute(report: Report) -> dict[str, Any]:
    """The tables as they stand now, in the form a published report keeps: codes, values and
    row references (no names)."""
    tables, indicators = catalogue(report.kind)
    context = Context(report.subject, report.year)
    previous = Context(report.subject, report.year - 1) if report.kind == Report.Kind.EMPLOYMENT else None
    entries = _entries(report)
    out: list[dict[str, Any]] = []
    for table in tables:
        items = []
        for ind in (i for i in indicators if i.table == table.code):
            item: dict[str, Any] = {"code": ind.code, "computed": ind.computed}
            if ind.computed:
                value, rows = COMPUTE[report.kind][ind.code](context)
                item.update(value=_value(value), rows=[ref(r) for r in rows])
                if previous is not None and table.code == "rates":
                    item["previous"] = _value(COMPUTE[report.kind][ind.code](previous)[0])
            else:
                entry = entries.get(ind.code)
                item.update(
                    value=_value(entry.value) if entry else None,
                    note=entry.note if entry else "",
                    entered_by=entry.entered_by_id if entry else None,
                    entered_at=entry.entered_at.isoformat() if entry else None,
                )
            items.append(item)
        out.append({"code": table.code, "indicators": items})
    if report.kind == Report.Kind.EMPLOYMENT:
        for name, parts in breakdowns(cast(College, report.subject), report.year).items():
            out.append(
                {
                    "code": name,
                    "indicators": [
                        {
                            "code": f"{name}:{label}",
                            "label": label,
                            "computed": True,
                            "value": str(count),
                            "rows": [ref(r) for r in rows],
                        }
                        for label, count, rows in parts
                    ],
                }
            )
    return {
        "census": census_dates(report.year)[0].isoformat() if report.kind != "enterprise" else None,
        "tables": out,
    }


BREAKDOWN_NAMES = {
    "category": ("按毕业去向", "By destination"),
    "major": ("按专业", "By major"),
    "region": ("按就业地区", "By region of work"),
    "industry": ("按行业", "By industry"),
    "salary_band": ("按月薪区间", "By monthly salary"),
}
_UNIT = ("人", "graduates")
_BREAKDOWN_DEFINITION = (
    "首个统计日各组毕业生数（地区、行业、薪资只计就业毕业生）。",
    "Graduates in each group at the first census (region, industry and salary: employed graduates only).",
)


def frozen_or_live(report: Report) -> dict[str, Any]:
    return report.snapshot if report.published and report.snapshot else compute(report)


def describe(report: Report, data: dict[str, Any], *, with_rows: bool, zh: bool) -> list[dict[str, Any]]:
    """The tables for a reader: names, units and definitions in their language, and the rows
    (objects, fetched at once per kind) for a reader allowed to see them."""
    tables, indicators = catalogue(report.kind)
    by_code = {i.code: i for i in indicators}
    table_names = {t.code: t.name_zh if zh else t.name_en for t in tables}
    objects = _objects(data) if with_rows else {}
    users = _users(data)
    out = []
    for table in data.get("tables", []):
        items = []
        for item in table["indicators"]:
            ind = by_code.get(item["code"])
            if ind is not None:
                name, unit, definition = (
                    (ind.name_zh, ind.unit_zh, ind.definition_zh)
                    if zh
                    else (ind.name_en, ind.unit_en, ind.definition_en)
                )
            else:
                name = _breakdown_label(table["code"], item.get("label", ""))
                unit = _UNIT[0] if zh else _UNIT[1]
                definition = _BREAKDOWN_DEFINITION[0 if zh else 1]
            row: dict[str, Any] = {
                "code": item["code"],
                "name": name,
                "unit": unit,
                "definition": definition,
                "origin": "computed" if item["computed"] else "entered",
                "value": item.get("value"),
            }
            if "previous" in item:
                row["previous"] = item["previous"]
                if item.get("value") is not None and item["previous"] is not None:
                    row["change"] = str(Decimal(item["value"]) - Decimal(item["previous"]))
            if item["computed"]:
                row["count"] = len(item.get("rows", []))
                if with_rows:
                    row["rows"] = [objects[r] for r in item.get("rows", []) if r in objects]
            else:
                row["note"] = item.get("note", "")
                row["entered_by"] = users.get(item.get("entered_by"))
                row["entered_at"] = item.get("entered_at")
            items.append(row)
        name = table_names.get(table["code"], "")
        if not name:
            zh_name, en_name = BREAKDOWN_NAMES.get(table["code"], (table["code"], table["code"]))
            name = zh_name if zh else en_name
        out.append({"code": table["code"], "name": name, "indicators": items})
    return out


def _breakdown_label(table: str, label: str) -> str:
    # Destination categories and salary bands are words of the portal: shown in the reader's
    # language (stored in the language of the one who published).
    for choices in (Category, SalaryBand):
        for value, text in choices.choices:
            if label in (value, str(text)):
                return str(text)
    return label


def _objects(data: dict[str, Any]) -> dict[str, Model]:
    wanted: dict[str, set[int]] = {}
    for table in data.get("tables", []):
        for item in table["indicators"]:
            for r in item.get("rows", []):
                label, _sep, pk = r.partition(":")
                wanted.setdefault(label, set()).add(int(pk))
    found: dict[str, Model] = {}
    for label, pks in wanted.items():
        model = apps.get_model(label)
        # The person and enterprise each row names, fetched with it (its label shows them).
        related = [
            f.name
            for f in model._meta.get_fields()
            if f.many_to_one and f.name in ("graduate", "learner", "student", "user", "enterprise")
        ]
        for obj in model._default_manager.filter(pk__in=pks).select_related(*related):
            found[f"{label}:{obj.pk}"] = obj
    return found


def _users(data: dict[str, Any]) -> dict[int, Any]:
    from accounts.models import User

    ids = {
        i.get("entered_by") for t in data.get("tables", []) for i in t["indicators"] if i.get("entered_by")
    }
    return {u.pk: u for u in User.objects.filter(pk__in=ids)} if ids else {}
