"""The indicator lists of each kind of report, shipped as data files (``reports/data/``): each
indicator's name in Chinese and English, unit, definition, table, and whether the portal
computes it (``reports.figures``) or asks the college or the enterprise for it."""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

DATA = Path(__file__).parent / "data"


def _zh() -> bool:
    return (get_language() or "").startswith("zh")


@dataclass(frozen=True)
class Indicator:
    code: str
    table: str
    name_zh: str
    name_en: str
    unit_zh: str
    unit_en: str
    computed: bool
    definition_en: str
    definition_zh: str

    @property
    def name(self) -> str:
        return self.name_zh if _zh() else self.name_en

    @property
    def unit(self) -> str:
        return self.unit_zh if _zh() else self.unit_en

    @property
    def definition(self) -> str:
        return self.definition_zh if _zh() else self.definition_en


@dataclass(frozen=True)
class Table:
    code: str
    name_zh: str
    name_en: str

    @property
    def name(self) -> str:
        return self.name_zh if _zh() else self.name_en


@cache
def catalogue(kind: str) -> tuple[tuple[Table, ...], tuple[Indicator, ...]]:
    data: dict[str, Any] = json.loads((DATA / f"{kind}.json").read_text(encoding="utf-8"))
    return (
        tuple(Table(**t) for t in data["tables"]),
        tuple(Indicator(**i) for i in data["indicators"]),
    )


def indicator(kind: str, code: str) -> Indicator | None:
    return next((i for i in catalogue(kind)[1] if i.code == code), None)


def entered(kind: str) -> list[Indicator]:
    return [i for i in catalogue(kind)[1] if not i.computed]


# The narrative sections each kind of report has, in order.
SECTIONS: dict[str, tuple[tuple[str, Any], ...]] = {
    "quality": (
        ("overview", _("Overview")),
        ("students", _("Students' development")),
        ("teaching", _("Teaching reform")),
        ("service", _("Service to society")),
        ("policy", _("Policy implementation")),
        ("international", _("International cooperation")),
        ("challenges", _("Challenges and plans")),
    ),
    "employment": (
        ("overview", _("Overview")),
        ("destinations", _("Where graduates went")),
        ("feedback", _("What employers said")),
        ("changes", _("What the college changed")),
    ),
    "enterprise": (
        ("overview", _("Overview")),
        ("cooperation", _("Cooperation with colleges")),
        ("investment", _("What the enterprise invested")),
        ("plans", _("Challenges and plans")),
    ),
}
