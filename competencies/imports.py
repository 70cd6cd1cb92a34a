"""Competency frameworks in and out as CSV, in the format of Moodle's competency framework
import and export (``admin/tool/lpimportcsv``), so that a college brings a framework it keeps
in Moodle and takes ours back there.

The columns, in Moodle's order and with Moodle's English headers: ``Parent ID number``,
``ID number``, ``Short name``, ``Description``, ``Description format``, ``Scale values``,
``Scale configuration``, ``Rule type (optional)``, ``Rule outcome (optional)``, ``Rule config
(optional)``, ``Cross-referenced competency ID numbers``, ``Exported ID (optional)``, ``Is
framework``, ``Taxonomy``. One row (``Is framework`` = 1) is the framework itself; each other
row a competency, under the one its ``Parent ID number`` names. Moodle reads the columns by
position and leaves any after the fourteenth alone, so ours adds two there: ``Skills`` (skill
codes, ESCO URIs or national occupation codes, by commas) and ``Modules`` (module ids of the
college). Headers are matched without regard to case, spaces, hyphens or "(optional)", so
the wordings of Moodle's versions and plugins all read.

An import is all or nothing: every row is checked first, and the answer names each error's
line and column; nothing is written unless the whole file is clean.
"""

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts import csvfiles
from accounts.models import User
from colleges.models import Major
from courses.models import Module, Skill

from .models import Competency, DescriptionFormat, Framework, scale_problem

# (key, Moodle's header) in Moodle's order, then ours.
COLUMNS = [
    ("parentidnumber", "Parent ID number"),
    ("idnumber", "ID number"),
    ("shortname", "Short name"),
    ("description", "Description"),
    ("descriptionformat", "Description format"),
    ("scalevalues", "Scale values"),
    ("scaleconfiguration", "Scale configuration"),
    ("ruletype", "Rule type (optional)"),
    ("ruleoutcome", "Rule outcome (optional)"),
    ("ruleconfig", "Rule config (optional)"),
    ("relatedidnumbers", "Cross-referenced competency ID numbers"),
    ("exportid", "Exported ID (optional)"),
    ("isframework", "Is framework"),
    ("taxonomy", "Taxonomy"),
    ("skills", "Skills"),
    ("modules", "Modules"),
]
HEADER = dict(COLUMNS)
REQUIRED = ("parentidnumber", "idnumber", "shortname", "isframework")
ALIASES = {
    "crossreferencedcompetencyidnumbers": "relatedidnumbers",
    "exportedid": "exportid",
    "taxonomies": "taxonomy",
}
# Moodle's two competency rules; their outcomes: none, attach evidence, recommend, complete.
RULE_TYPES = ("core_competency\\competency_rule_all", "core_competency\\competency_rule_points")
RULE_OUTCOMES = (0, 1, 2, 3)
MAX_ROWS = 5000


def _key(header: str) -> str:
    plain = re.sub(r"[^0-9a-z]", "", header.lower().replace("(optional)", ""))
    return ALIASES.get(plain, plain)


@dataclass
class Parsed:
    framework: dict[str, Any] = field(default_factory=dict)
    competencies: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def _records(text: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    for record in reader:
        yield start, record
        start = reader.line_num + 1


def _truthy(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes")


class _Row:
    """A record of the file, its cells by key; errors name the column as the file does."""

    def __init__(self, line: int, cells: dict[str, str], names: dict[str, str], errors: list[Any]) -> None:
        self.line, self.cells, self.names, self.errors = line, cells, names, errors

    def get(self, key: str) -> str:
        return self.cells.get(key, "").strip()

    def error(self, key: str, message: str) -> None:
        self.errors.append(csvfiles.error(self.line, self.names.get(key, HEADER[key]), message))


def _scale(row: _Row, *, required: bool) -> tuple[str, str]:
    values, config = row.get("scalevalues"), row.get("scaleconfiguration")
    if not values and not config and not required:
        return "", ""
    problem = scale_problem(values, config)
    if problem is not None:
        row.error(problem[0], problem[1])
        return "", ""
    return ",".join(value.strip() for value in values.split(",") if value.strip()), config


def _common(row: _Row) -> dict[str, Any]:
    data: dict[str, Any] = {"idnumber": row.get("idnumber"), "shortname": row.get("shortname")}
    for key in ("idnumber", "shortname"):
        if not data[key]:
            row.error(key, _("This column cannot be empty."))
        elif len(data[key]) > 100:
            row.error(key, _("At most %(n)s characters.") % {"n": 100})
    data["description"] = row.get("description")
    fmt = row.get("descriptionformat") or str(DescriptionFormat.HTML.value)
    if not fmt.isdigit() or int(fmt) not in DescriptionFormat.values:
        row.error("descriptionformat", _("One of 0 (Moodle), 1 (HTML), 2 (plain text) or 4 (Markdown)."))
    else:
        data["description_format"] = int(fmt)
    return data


def parse(raw: bytes) -> Parsed:
    """The file read and checked row by row (no query)."""
    result = Parsed()
    text = csvfiles.decode(raw)
    if text is None:
        result.errors.append(csvfiles.error(1, "file", _("The file is neither UTF-8 nor GB18030 text.")))
        return result
    records = _records(text)
    try:
        first = next(records, None)
        if first is None:
            result.errors.append(csvfiles.error(1, "file", _("The file is empty.")))
            return result
        header = [name.strip() for name in first[1]]
        keys = [_key(name) for name in header]
        names = dict(zip(keys, header, strict=True))
        for name, key in zip(header, keys, strict=True):
            if key not in HEADER:
                result.errors.append(
                    csvfiles.error(
                        1,
                        name or "?",
                        _("Unknown column “%(name)s”: the columns are %(known)s.")
                        % {"name": name, "known": ", ".join(label for _key, label in COLUMNS)},
                    )
                )
        for key in REQUIRED:
            if key not in keys:
                result.errors.append(
                    csvfiles.error(
                        1, HEADER[key], _("The column “%(name)s” is missing.") % {"name": HEADER[key]}
                    )
                )
        if len(set(keys)) != len(keys):
            result.errors.append(csvfiles.error(1, "file", _("A column is named twice.")))
        if result.errors:
            return result
        rows: list[_Row] = []
        for line, record in records:
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:
                result.errors.append(
                    csvfiles.error(line, "file", _("At most %(n)s rows at a time.") % {"n": MAX_ROWS})
                )
                return result
            if len(record) != len(keys):
                result.errors.append(
                    csvfiles.error(
                        line,
                        "file",
                        _("%(found)s cells where the header names %(expected)s.")
                        % {"found": len(record), "expected": len(keys)},
                    )
                )
                continue
            rows.append(_Row(line, dict(zip(keys, record, strict=True)), names, result.errors))
    except csv.Error as exc:
        result.errors.append(
            csvfiles.error(1, "file", _("The file cannot be read: %(problem)s") % {"problem": exc})
        )
        return result
    _check_rows(rows, result)
    return result


def _check_rows(rows: list[_Row], result: Parsed) -> None:
    seen: dict[str, int] = {}
    for row in rows:
        data = _common(row)
        if _truthy(row.get("isframework")):
            if result.framework:
                row.error("isframework", _("Only one row of the file is the framework."))
                continue
            data["scale_values"], data["scale_configuration"] = _scale(row, required=True)
            data["taxonomies"] = row.get("taxonomy")[:300]
            data["line"] = row.line
            result.framework = data
            continue
        data["scale_values"], data["scale_configuration"] = _scale(row, required=False)
        data["line"] = row.line
        data["parent"] = row.get("parentidnumber")
        rule_type = row.get("ruletype")
        if rule_type and rule_type not in RULE_TYPES:
            row.error("ruletype", _("One of Moodle's rules: %(rules)s.") % {"rules": ", ".join(RULE_TYPES)})
        outcome = row.get("ruleoutcome") or "0"
        if not outcome.isdigit() or int(outcome) not in RULE_OUTCOMES:
            row.error("ruleoutcome", _("One of 0 (none), 1 (evidence), 2 (recommend) or 3 (complete)."))
            outcome = "0"
        config = row.get("ruleconfig")
        if config and config != "null":
            try:
                json.loads(config)
            except ValueError:
                row.error("ruleconfig", _("The rule's configuration is JSON, or empty."))
        data.update(
            rule_type=rule_type,
            rule_outcome=int(outcome),
            rule_config=config,
            export_id=row.get("exportid")[:100],
            related=[
                part.replace("%2C", ",").strip()
                for part in row.get("relatedidnumbers").split(",")
                if part.strip()
            ],
            skills=[part.strip() for part in row.get("skills").split(",") if part.strip()],
            modules=[part.strip() for part in row.get("modules").split(",") if part.strip()],
            row=row,
        )
        if data["idnumber"] in seen:
            row.error(
                "idnumber", _("The same ID number as line %(line)s.") % {"line": seen[data["idnumber"]]}
            )
        seen.setdefault(data["idnumber"], row.line)
        result.competencies.append(data)
    if not result.framework:
        result.errors.append(
            csvfiles.error(
                2, HEADER["isframework"], _("No row of the file is the framework (Is framework = 1).")
            )
        )
    for data in result.competencies:
        row = data["row"]
        if data["parent"] and data["parent"] not in seen:
            row.error(
                "parentidnumber",
                _("No competency of the file has the ID number “%(id)s”.") % {"id": data["parent"]},
            )
        for other in data["related"]:
            if other not in seen:
                row.error(
                    "relatedidnumbers",
                    _("No competency of the file has the ID number “%(id)s”.") % {"id": other},
                )
    parents = {data["idnumber"]: data["parent"] for data in result.competencies}
    for data in result.competencies:
        current, steps = data["parent"], 0
        while current and steps <= len(parents):
            if current == data["idnumber"]:
                data["row"].error("parentidnumber", _("A competency cannot be under itself."))
                break
            current, steps = parents.get(current, ""), steps + 1


def _skill_lookup(codes: set[str]) -> dict[str, Skill]:
    found: dict[str, Skill] = {}
    if not codes:
        return found
    for skill in Skill.objects.filter(
        Q(code__in=codes) | Q(esco_uri__in=codes) | Q(occupation_code__in=codes)
    ):
        for value in (skill.code, skill.esco_uri, skill.occupation_code):
            if value in codes:
                found.setdefault(value, skill)
    return found


@transaction.atomic
def framework_import(
    *, actor: User, major: Major, raw: bytes
) -> tuple[Framework | None, list[dict[str, Any]]]:
    """The framework of the file, created for ``major`` with its whole tree, or the errors
    by line and column (then nothing is written)."""
    parsed = parse(raw)
    errors = parsed.errors
    skills = _skill_lookup({code for data in parsed.competencies for code in data["skills"]})
    wanted_modules = {ref for data in parsed.competencies for ref in data["modules"]}
    modules = {
        str(module.pk): module
        for module in Module.objects.filter(
            course__college_id=major.college_id, pk__in=[ref for ref in wanted_modules if ref.isdigit()]
        )
    }
    for data in parsed.competencies:
        row = data["row"]
        for code in data["skills"]:
            if code not in skills:
                row.error(
                    "skills",
                    _("No skill has the code, ESCO URI or occupation code “%(code)s”.") % {"code": code},
                )
        for ref in data["modules"]:
            if ref not in modules:
                row.error("modules", _("No module of the college has the id “%(id)s”.") % {"id": ref})
    if (
        parsed.framework
        and Framework.objects.filter(
            college_id=major.college_id, idnumber=parsed.framework["idnumber"]
        ).exists()
    ):
        errors.append(
            csvfiles.error(
                parsed.framework["line"],
                HEADER["idnumber"],
                _("The college has a framework with this ID number already."),
            )
        )
    if errors:
        return None, sorted(errors, key=lambda e: e["line"])
    info = {key: value for key, value in parsed.framework.items() if key != "line"}
    try:
        # Two imports of one ID number at once: the unique constraint keeps the first.
        with transaction.atomic():
            framework = Framework.objects.create(
                college_id=major.college_id, major=major, created_by=actor, **info
            )
    except IntegrityError:
        line = parsed.framework["line"]
        return None, [
            csvfiles.error(
                line, HEADER["idnumber"], _("The college has a framework with this ID number already.")
            )
        ]
    by_idnumber: dict[str, Competency] = {}
    # Parents first: a competency is created once the one above it is.
    pending = list(enumerate(parsed.competencies))
    while pending:
        later = []
        for order, data in pending:
            if data["parent"] and data["parent"] not in by_idnumber:
                later.append((order, data))
                continue
            competency = Competency.objects.create(
                framework=framework,
                parent=by_idnumber.get(data["parent"]),
                sort_order=order,
                **{
                    key: data[key]
                    for key in (
                        "idnumber",
                        "shortname",
                        "description",
                        "description_format",
                        "scale_values",
                        "scale_configuration",
                        "rule_type",
                        "rule_outcome",
                        "rule_config",
                        "export_id",
                    )
                },
            )
            by_idnumber[data["idnumber"]] = competency
        pending = later
    for data in parsed.competencies:
        competency = by_idnumber[data["idnumber"]]
        if data["related"]:
            competency.related.add(*(by_idnumber[other] for other in data["related"]))
        if data["skills"]:
            competency.skills.add(*(skills[code] for code in data["skills"]))
        if data["modules"]:
            competency.modules.add(*(modules[ref] for ref in data["modules"]))
    return framework, []


def export_rows(framework: Framework) -> Iterator[list[Any]]:
    """The framework as Moodle's CSV: its header, its own row, then its competencies, each
    after the one above it."""
    yield [label for _key, label in COLUMNS]
    yield [
        "",
        framework.idnumber,
        framework.shortname,
        framework.description,
        framework.description_format,
        framework.scale_values,
        framework.scale_configuration,
        "",
        "",
        "",
        "",
        "",
        1,
        framework.taxonomies,
        "",
        "",
    ]
    competencies = list(
        framework.competencies.select_related("parent").prefetch_related("related", "skills", "modules")
    )
    children: dict[int | None, list[Competency]] = {}
    for competency in competencies:
        children.setdefault(competency.parent_id, []).append(competency)
    stack = list(reversed(children.get(None, [])))
    while stack:
        competency = stack.pop()
        yield [
            competency.parent.idnumber if competency.parent else "",
            competency.idnumber,
            competency.shortname,
            competency.description,
            competency.description_format,
            competency.scale_values,
            competency.scale_configuration,
            competency.rule_type,
            competency.rule_outcome if competency.rule_type else "",
            competency.rule_config,
            ",".join(other.idnumber.replace(",", "%2C") for other in competency.related.all()),
            competency.export_id or competency.pk,
            "",
            "",
            ",".join(skill.code for skill in competency.skills.all()),
            ",".join(str(module.pk) for module in competency.modules.all()),
        ]
        stack.extend(reversed(children.get(competency.pk, [])))


EXAMPLE = [
    [label for _key, label in COLUMNS],
    [
        "",
        "EV-2026",
        "Electric vehicle maintenance",
        "What a graduate of the major can do.",
        "2",
        "Not yet competent,Competent,Proficient",
        '[{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":1},{"id":3,"scaledefault":0,"proficient":1}]',
        "",
        "",
        "",
        "",
        "",
        "1",
        "domain,competency",
        "",
        "",
    ],
    [
        "",
        "EV-1",
        "Battery systems",
        "",
        "2",
        "",
        "",
        "core_competency\\competency_rule_all",
        "1",
        "null",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    [
        "EV-1",
        "EV-1.1",
        "Diagnose a battery pack",
        "Test cells and modules safely.",
        "2",
        "",
        "",
        "",
        "",
        "",
        "EV-1.2",
        "",
        "",
        "",
        "",
        "",
    ],
    ["EV-1", "EV-1.2", "Replace a battery module", "", "2", "", "", "", "", "", "", "", "", "", "", ""],
]
