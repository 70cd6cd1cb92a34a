"""The rates of graduate destinations, each explained down to the graduates it counts.

Every rate is counted over one cohort (the graduates of a college, optionally of one major,
whose graduation date falls in the year) at one census date, each graduate's destination being
their latest answer on or before that date:

- destination rate (毕业去向落实率): graduates whose destination at the census is any category
  but seeking and not seeking / every graduate of the cohort (unknown destinations count in
  the denominator only);
- knowledge rate (NACE): graduates whose destination is known at the census / every graduate;
- in-field rate: employed graduates whose position is in their field / employed graduates
  (employed: contract, flexible, self-employment, a grassroots programme; in field: the
  position shares a skill with the major, or, its skills not stated, as stated; a position
  whose field nobody stated counts as not in field);
- further-study rate: graduates in further study (升学, 专升本 included) / every graduate;
- regional retention: employed graduates working in the college's province / employed graduates.
"""

import datetime
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import LearnerProfile
from colleges.models import College, Major

from .models import EMPLOYED, UNSETTLED, Category, Destination

DEFINITIONS: dict[str, tuple[Any, Any]] = {
    "destination_rate": (
        _("Destination rate"),
        _(
            "Graduates whose destination at the census is any category but seeking work and not"
            " seeking work, over every graduate of the cohort (an unknown destination counts"
            " only in the denominator)."
        ),
    ),
    "knowledge_rate": (
        _("Knowledge rate"),
        _("Graduates whose destination at the census is known, over every graduate of the cohort (NACE)."),
    ),
    "in_field_rate": (
        _("In-field rate"),
        _(
            "Employed graduates whose position is in their field of study, over employed graduates"
            " (employed: contract, flexible, self-employment or a grassroots programme). A position"
            " is in field when it shares a skill with the graduate's major (a skill a module of the"
            " major teaches); when its skills are not stated, as the answer or the employer's"
            " confirmed employment says; a field nobody stated counts as not in field."
        ),
    ),
    "further_study_rate": (
        _("Further-study rate"),
        _("Graduates in further study (including 专升本), over every graduate of the cohort."),
    ),
    "regional_retention": (
        _("Regional retention"),
        _("Employed graduates working in the college's province, over employed graduates."),
    ),
}


@dataclass
class Rate:
    code: str
    numerator: list[int] = field(default_factory=list)  # graduates' user ids
    denominator: list[int] = field(default_factory=list)

    @property
    def label(self) -> Any:
        return DEFINITIONS[self.code][0]

    @property
    def definition(self) -> Any:
        return DEFINITIONS[self.code][1]

    @property
    def value(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(len(self.numerator)) / Decimal(len(self.denominator))).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )

    @property
    def percent(self) -> Decimal | None:
        """The rate in per cent to two decimals, as the published reports show it."""
        if not self.denominator:
            return None
        return (Decimal(100 * len(self.numerator)) / Decimal(len(self.denominator))).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )


def cohort(*, college: College, year: int, major: Major | None = None) -> QuerySet[LearnerProfile]:
    """The graduates of a college (and major) who graduated in the year."""
    rows = LearnerProfile.objects.filter(college=college, graduated_on__year=year)
    return rows.filter(major=major) if major is not None else rows


def rates(
    *, college: College, year: int, census_date: datetime.date, major: Major | None = None
) -> tuple[list[Rate], list[Any], dict[int, Destination]]:
    """The five rates, the cohort's profiles and their destinations at the census (by user id).
    Two queries: the cohort and its destinations."""
    graduates = list(
        cohort(college=college, year=year, major=major).select_related("user").order_by("user_id")
    )
    ids = [g.user_id for g in graduates]
    # A graduate's destination as of the census is their latest answer on or before it: who
    # answered at 31 August and not since still counts at 31 December.
    found = {
        d.graduate_id: d
        for d in Destination.objects.filter(graduate_id__in=ids, census_date__lte=census_date)
        .select_related("employer")
        .order_by("census_date")
    }
    employed = [i for i in ids if i in found and found[i].category in EMPLOYED]
    result = [
        Rate("destination_rate", [i for i in ids if i in found and found[i].category not in UNSETTLED], ids),
        Rate("knowledge_rate", [i for i in ids if i in found], ids),
        Rate("in_field_rate", [i for i in employed if found[i].in_field], employed),
        Rate(
            "further_study_rate",
            [i for i in ids if i in found and found[i].category == Category.FURTHER_STUDY],
            ids,
        ),
        Rate(
            "regional_retention",
            [i for i in employed if college.region and found[i].region.strip() == college.region.strip()],
            employed,
        ),
    ]
    return result, graduates, found
