"""A college's destinations from CSV (the columns colleges already keep): every row checked
against the file and the database, all of them recorded or none.

Each row goes through ``destination_record``, the service the pages and the API use, so a
row imported is a row answered (its evidence, its link to a confirmed employment); a college
imports one cohort at a time, a few thousand rows at most.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accounts import csvfiles
from accounts.errors import DomainError, Invalid
from accounts.models import User
from colleges.models import College
from courses.models import Skill
from enterprises.models import Enterprise

from .models import EMPLOYED, Category, SalaryBand, Source
from .services import census_dates, destination_record

COLUMNS = ("graduate", "census_date", "category")
OPTIONAL = (
    "employer",
    "employer_name",
    "position",
    "region",
    "industry",
    "salary_band",
    "in_field",
    "skills",
)
# An example file, offered for download on the import page.
TEMPLATE = (
    "graduate,census_date,category,employer,employer_name,position,region,industry,salary_band,in_field,skills\r\n"
    "li.ming,2025-08-31,contract,,Guangzhou Robotics Ltd,Maintenance technician,Guangdong,manufacturing,"
    "3000-4999,,plc-programming;robot-maintenance\r\n"
    "wang.fang,2025-08-31,further_study,,,,,,,,\r\n"
    "zhao.lei,2025-08-31,seeking,,,,,,,,\r\n"
)
PROGRESS_EVERY = 100


def category_names() -> dict[str, str]:
    """A category as a file may name it: its code, or its name in English or Chinese (the
    words colleges' own spreadsheets use)."""
    names = {code: code for code in Category.values}
    for language in ("en", "zh-hans"):
        with translation.override(language):
            names.update({str(label).strip().lower(): code for code, label in Category.choices})
    return names


IN_FIELD = {"": None, "yes": True, "no": False, "true": True, "false": False, "1": True, "0": False,
            "是": True, "否": False}  # fmt: skip


def _check(
    rows: list[csvfiles.Row], college: College, progress: Any = None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The rows as the service's arguments, and every error of every row."""
    errors: list[dict[str, Any]] = []
    categories = category_names()
    wanted = {code for row in rows for code in _codes(row.data.get("skills", ""))}
    skills = {s.code: s for s in Skill.objects.filter(code__in=wanted)}
    names = {row.data["graduate"] for row in rows}
    graduates = {
        u.username: u
        for u in User.objects.filter(username__in=names).select_related("learner_profile")
        if getattr(u, "learner_profile", None) is not None
        and u.learner_profile.college_id == college.pk
        and u.learner_profile.graduated_on is not None
    }
    codes = {row.data.get("employer", "") for row in rows} - {""}
    employers = {e.code: e for e in Enterprise.objects.filter(code__in=codes)}
    seen: dict[tuple[str, str], int] = {}
    checked = []
    for number, row in enumerate(rows, start=1):
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress("checking", number, len(rows))
        data, line = row.data, row.line
        data["category"] = categories.get(data["category"].strip().lower(), data["category"])
        graduate = graduates.get(data["graduate"])
        if graduate is None:
            errors.append(
                csvfiles.error(line, "graduate", _("No graduate of this college has this user name."))
            )
        try:
            census = datetime.date.fromisoformat(data["census_date"])
        except ValueError:
            census = None
            errors.append(csvfiles.error(line, "census_date", _("A date (YYYY-MM-DD).")))
        if graduate is not None and census is not None:
            year = graduate.learner_profile.graduated_on.year  # type: ignore[union-attr]
            if census not in census_dates(year):
                allowed = ", ".join(d.isoformat() for d in census_dates(year))
                errors.append(
                    csvfiles.error(
                        line,
                        "census_date",
                        _("A census date of the graduation year: %(dates)s.") % {"dates": allowed},
                    )
                )
            key = (graduate.username, census.isoformat())
            if key in seen:
                errors.append(
                    csvfiles.error(
                        line, "census_date", _("Also on line %(line)s of this file.") % {"line": seen[key]}
                    )
                )
            seen.setdefault(key, line)
        if data["category"] not in Category.values:
            errors.append(
                csvfiles.error(
                    line,
                    "category",
                    _(
                        "“%(value)s” is not a destination: write one of %(codes)s, or its name as the example file shows."
                    )
                    % {"value": data["category"], "codes": ", ".join(Category.values)},
                )
            )
        if data["category"] in EMPLOYED and not (data.get("employer") or data.get("employer_name")):
            errors.append(
                csvfiles.error(
                    line, "employer_name", _("Name the employer (or choose it, when it is in the portal).")
                )
            )
        employer = None
        if data.get("employer"):
            employer = employers.get(data["employer"])
            if employer is None:
                errors.append(
                    csvfiles.error(line, "employer", _("No enterprise of the portal has this code."))
                )
        band = data.get("salary_band", "")
        if band and band not in SalaryBand.values:
            errors.append(
                csvfiles.error(
                    line,
                    "salary_band",
                    _("One of %(bands)s, or empty.") % {"bands": ", ".join(SalaryBand.values)},
                )
            )
        in_field = data.get("in_field", "").lower()
        if in_field not in IN_FIELD:
            errors.append(
                csvfiles.error(
                    line, "in_field", _("Write yes or no (是 or 否), or leave it empty when nobody said.")
                )
            )
        for name, limit in (("employer_name", 200), ("position", 200), ("region", 100), ("industry", 100)):
            if len(data.get(name, "")) > limit:
                errors.append(csvfiles.error(line, name, _("At most %(n)s characters.") % {"n": limit}))
        position_skills = []
        for code in _codes(data.get("skills", "")):
            if code in skills:
                position_skills.append(skills[code])
            else:
                errors.append(
                    csvfiles.error(
                        line, "skills", _("No skill of the portal has the code “%(code)s”.") % {"code": code}
                    )
                )
        checked.append(
            {
                "line": line,
                "graduate": graduate,
                "census_date": census,
                "category": data["category"],
                "employer": employer,
                "employer_name": data.get("employer_name", ""),
                "position": data.get("position", ""),
                "region": data.get("region", ""),
                "industry": data.get("industry", ""),
                "salary_band": band,
                "in_field": IN_FIELD.get(in_field),
                "skills": position_skills,
            }
        )
    return checked, errors


def _codes(text: str) -> list[str]:
    """Skill codes in a cell, separated by semicolons (or Chinese ones, or commas in quotes)."""
    for separator in ("；", ",", "，"):
        text = text.replace(separator, ";")
    return [code.strip() for code in text.split(";") if code.strip()]


def destinations_import(*, college: College, actor: User, raw: bytes, progress: Any = None) -> dict[str, Any]:
    """``{"recorded", "errors"}``: every error by line and field, or every row recorded (in one
    transaction: all of them or none)."""
    rows, errors = csvfiles.read(raw, required=COLUMNS, optional=OPTIONAL, max_rows=20_000)
    if errors:
        return {"recorded": 0, "errors": errors}
    checked, errors = _check(rows, college, progress)
    if errors:
        return {"recorded": 0, "errors": sorted(errors, key=lambda e: e["line"])}
    try:
        with transaction.atomic():
            for number, row in enumerate(checked, start=1):
                if progress is not None and number % PROGRESS_EVERY == 0:
                    progress("writing", number, len(checked))
                line = row.pop("line")
                try:
                    destination_record(actor=actor, source=Source.COLLEGE, **row)
                except Invalid as exc:
                    # A rule only the service knows (an employed row without an employer).
                    raise _RowFailed(csvfiles.error(line, exc.field, exc.message)) from exc
                except DomainError as exc:
                    raise _RowFailed(csvfiles.error(line, "non_field_errors", exc.message)) from exc
    except _RowFailed as failed:
        return {"recorded": 0, "errors": [failed.error]}
    return {"recorded": len(checked), "errors": []}


def run_import(user: User, raw: bytes, progress: Any) -> dict[str, Any]:
    """A destinations upload, imported in the background (``accounts.imports``) for the
    college of the administrator who uploaded it."""
    if user.college is None:
        return {
            "created": 0,
            "errors": [
                csvfiles.error(1, "file", _("Only a college's administrators import its destinations."))
            ],
        }
    result = destinations_import(college=user.college, actor=user, raw=raw, progress=progress)
    return {"created": result["recorded"], "errors": result["errors"]}


class _RowFailed(Exception):
    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error["message"])
        self.error = error
