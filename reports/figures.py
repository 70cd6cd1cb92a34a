"""Every figure the portal computes for a report, from its own rows, and the rows it counts.

Each function takes the report's subject (a college or an enterprise) and year and returns
the figure and the rows it was counted from; a rate is in per cent (two decimals) and its
rows are its numerator's. What the portal does not hold is entered (``reports.models.Entry``).
"""

import datetime
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Model, Q

from accounts.models import LearnerProfile, Role, User
from colleges.models import College, Contribution, DualPosition, IndustryCollege, PracticeLog
from courses.models import Credential
from enterprises.models import (
    Employment,
    PerformanceReview,
    Project,
    ProjectTransition,
    Promotion,
)
from evaluation.models import ImprovementAction
from internships.models import Internship, InternshipLog
from outcomes.models import Category, Destination
from outcomes.rates import rates
from outcomes.services import census_dates

Figure = tuple[Decimal | None, list[Model]]
CENT = Decimal("0.01")


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(CENT, rounding=ROUND_HALF_UP)


def _pct(part: int, whole: int) -> Decimal | None:
    return _q(Decimal(100 * part) / Decimal(whole)) if whole else None


def _mean(values: list[Any]) -> Decimal | None:
    return _q(sum((Decimal(v) for v in values), Decimal(0)) / len(values)) if values else None


def _span(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class Context:
    """The subject and year of a report, with what several figures share counted once."""

    def __init__(self, subject: Any, year: int) -> None:
        self.subject = subject
        self.year = year
        self._rates: Any = None

    def rates(self) -> Any:
        if self._rates is None:
            census = census_dates(self.year)[0]
            found, graduates, destinations = rates(college=self.subject, year=self.year, census_date=census)
            self._rates = ({r.code: r for r in found}, graduates, destinations)
        return self._rates

    def rate(self, code: str) -> Figure:
        by_code, _graduates, destinations = self.rates()
        rate = by_code[code]
        rows = [destinations[i] for i in rate.numerator if i in destinations]
        return _pct(len(rate.numerator), len(rate.denominator)), rows

    def graduates(self) -> list[LearnerProfile]:
        return list(self.rates()[1])

    def internships(self, **where: Any) -> list[Internship]:
        start, end = _span(self.year)
        return list(
            Internship.objects.filter(start_date__lte=end, end_date__gte=start, **where)
            .exclude(status=Internship.Status.CANCELLED)
            .select_related("student")
            .order_by("pk")
        )


# --- the college's figures -------------------------------------------------------------------


def graduates(c: Context) -> Figure:
    rows = c.graduates()
    return Decimal(len(rows)), [g.user for g in rows]


def self_employment_rate(c: Context) -> Figure:
    _by_code, graduates, destinations = c.rates()
    rows = [d for d in destinations.values() if d.category == Category.SELF_EMPLOYED]
    return _pct(len(rows), len(graduates)), rows


def _reviews_of_college(c: Context) -> list[PerformanceReview]:
    return list(
        PerformanceReview.objects.filter(
            period=c.year, employment__learner__learner_profile__college=c.subject
        ).order_by("pk")
    )


def employer_rating(c: Context) -> Figure:
    rows = _reviews_of_college(c)
    return _mean([r.rating for r in rows]), list(rows)


def reviews(c: Context) -> Figure:
    rows = _reviews_of_college(c)
    return Decimal(len(rows)), list(rows)


def promoted(c: Context) -> Figure:
    rows = [r for r in _reviews_of_college(c) if r.promoted]
    return Decimal(len(rows)), list(rows)


def credentials_issued(c: Context) -> Figure:
    rows = list(Credential.objects.filter(issuer_college=c.subject, issued_at__year=c.year).order_by("pk"))
    return Decimal(len(rows)), list(rows)


def students(c: Context) -> Figure:
    rows = list(
        LearnerProfile.objects.filter(college=c.subject, entry_year__lte=c.year)
        .filter(Q(graduated_on__isnull=True) | Q(graduated_on__year__gte=c.year))
        .select_related("user")
        .order_by("user_id")
    )
    return Decimal(len(rows)), [p.user for p in rows]


def enrolment(c: Context) -> Figure:
    rows = list(
        LearnerProfile.objects.filter(college=c.subject, entry_year=c.year)
        .select_related("user")
        .order_by("user_id")
    )
    return Decimal(len(rows)), [p.user for p in rows]


def _teachers(c: Context) -> list[User]:
    return list(User.objects.filter(college=c.subject, role=Role.TEACHER, is_active=True).order_by("pk"))


def teachers(c: Context) -> Figure:
    rows = _teachers(c)
    return Decimal(len(rows)), list(rows)


def _dual(where: Q, year: int) -> list[DualPosition]:
    start, end = _span(year)
    return list(
        DualPosition.objects.filter(where, start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .exclude(status=DualPosition.Status.PROPOSED)
        .order_by("pk")
    )


def _dual_teachers(c: Context) -> list[DualPosition]:
    """One dual position per teacher (their first), each an active teacher of the college."""
    ids = {t.pk for t in _teachers(c)}
    seen: dict[int, DualPosition] = {}
    for position in _dual(Q(user__college=c.subject), c.year):
        if position.user_id in ids:
            seen.setdefault(position.user_id, position)
    return list(seen.values())


def dual_teachers(c: Context) -> Figure:
    rows = _dual_teachers(c)
    return Decimal(len(rows)), list(rows)


def dual_teacher_share(c: Context) -> Figure:
    rows = _dual_teachers(c)
    return _pct(len(rows), len(_teachers(c))), list(rows)


def industry_colleges(c: Context) -> Figure:
    rows = list(IndustryCollege.objects.filter(college=c.subject).order_by("pk"))
    return Decimal(len(rows)), list(rows)


def _contributions(where: Q, year: int, kinds: tuple[str, ...] = ()) -> Figure:
    rows = Contribution.objects.filter(where, date__year=year, enterprise__isnull=False).order_by("pk")
    if kinds:
        rows = rows.filter(kind__in=kinds)
    found = list(rows)
    return _q(sum((r.valuation for r in found), Decimal(0))), list(found)


def enterprise_contributions(c: Context) -> Figure:
    return _contributions(Q(industry_college__college=c.subject), c.year)


def enterprise_equipment(c: Context) -> Figure:
    return _contributions(Q(industry_college__college=c.subject), c.year, (Contribution.Kind.EQUIPMENT,))


def _moved(where: Q, to: str, year: int) -> list[Project]:
    """Projects that reached ``to`` in the year (their first such step)."""
    ids = (
        ProjectTransition.objects.filter(where, to_status=to, at__year=year)
        .values_list("project_id", flat=True)
        .distinct()
    )
    return list(Project.objects.filter(pk__in=ids).order_by("pk"))


def projects_taken(c: Context) -> Figure:
    rows = _moved(Q(project__college=c.subject), Project.Status.IN_PROGRESS, c.year)
    return Decimal(len(rows)), list(rows)


def projects_accepted(c: Context) -> Figure:
    rows = _moved(Q(project__college=c.subject), Project.Status.ACCEPTED, c.year)
    return Decimal(len(rows)), list(rows)


def _practice(positions: list[DualPosition], year: int) -> Figure:
    rows = list(
        PracticeLog.objects.filter(
            dual_position__in=positions, status=PracticeLog.Status.CONFIRMED, date__year=year
        ).order_by("pk")
    )
    return _q(sum((r.hours for r in rows), Decimal(0))), list(rows)


def practice_hours(c: Context) -> Figure:
    return _practice(_dual(Q(user__college=c.subject), c.year), c.year)


def internships(c: Context) -> Figure:
    rows = c.internships(college=c.subject)
    return Decimal(len(rows)), list(rows)


def _intern_hours(rows: list[Internship], year: int) -> Figure:
    logs = list(InternshipLog.objects.filter(internship__in=rows, date__year=year).order_by("pk"))
    return _q(sum((r.hours for r in logs), Decimal(0))), list(logs)


def internship_hours(c: Context) -> Figure:
    return _intern_hours(c.internships(college=c.subject), c.year)


def internship_insured_share(c: Context) -> Figure:
    rows = c.internships(college=c.subject)
    insured = [i for i in rows if i.insurer.strip() and i.policy_number.strip()]
    return _pct(len(insured), len(rows)), list(insured)


def apprentice_promotions(c: Context) -> Figure:
    rows = list(
        Promotion.objects.filter(
            learner__learner_profile__college=c.subject, promoted_on__year=c.year
        ).order_by("pk")
    )
    return Decimal(len(rows)), list(rows)


def improvement_actions(c: Context) -> Figure:
    rows = list(
        ImprovementAction.objects.filter(scorecard__college=c.subject, due_date__year=c.year).order_by("pk")
    )
    return Decimal(len(rows)), list(rows)


# --- the enterprise's figures ----------------------------------------------------------------


def projects_posted(c: Context) -> Figure:
    rows = list(Project.objects.filter(enterprise=c.subject, created_at__year=c.year).order_by("pk"))
    return Decimal(len(rows)), list(rows)


def e_projects_taken(c: Context) -> Figure:
    rows = _moved(Q(project__enterprise=c.subject), Project.Status.IN_PROGRESS, c.year)
    return Decimal(len(rows)), list(rows)


def e_projects_accepted(c: Context) -> Figure:
    rows = _moved(Q(project__enterprise=c.subject), Project.Status.ACCEPTED, c.year)
    return Decimal(len(rows)), list(rows)


def project_rating(c: Context) -> Figure:
    rows = [p for p in _moved(Q(project__enterprise=c.subject), Project.Status.ACCEPTED, c.year) if p.rating]
    return _mean([p.rating for p in rows]), list(rows)


def interns(c: Context) -> Figure:
    rows = c.internships(enterprise=c.subject)
    return Decimal(len(rows)), list(rows)


def intern_hours(c: Context) -> Figure:
    return _intern_hours(c.internships(enterprise=c.subject), c.year)


def intern_pay(c: Context) -> Figure:
    rows = c.internships(enterprise=c.subject)
    return _mean([i.pay_per_month for i in rows]), list(rows)


def mentors(c: Context) -> Figure:
    ids = {i.mentor_id for i in c.internships(enterprise=c.subject) if i.mentor_id}
    ids |= set(
        Project.objects.filter(enterprise=c.subject, mentor__isnull=False, created_at__year__lte=c.year)
        .exclude(status__in=Project.CLOSED_STATES, updated_at__year__lt=c.year)
        .values_list("mentor_id", flat=True)
    )
    rows = list(User.objects.filter(pk__in=ids).order_by("pk"))
    return Decimal(len(rows)), list(rows)


def dual_positions(c: Context) -> Figure:
    rows = _dual(Q(enterprise=c.subject), c.year)
    return Decimal(len(rows)), list(rows)


def e_practice_hours(c: Context) -> Figure:
    return _practice(_dual(Q(enterprise=c.subject), c.year), c.year)


def contributions_equipment(c: Context) -> Figure:
    return _contributions(Q(enterprise=c.subject), c.year, (Contribution.Kind.EQUIPMENT,))


def contributions_funds(c: Context) -> Figure:
    return _contributions(Q(enterprise=c.subject), c.year, (Contribution.Kind.FUNDS,))


def contributions_technology(c: Context) -> Figure:
    return _contributions(Q(enterprise=c.subject), c.year, (Contribution.Kind.TECHNOLOGY,))


def contributions_total(c: Context) -> Figure:
    return _contributions(Q(enterprise=c.subject), c.year)


def promotions(c: Context) -> Figure:
    rows = list(
        Promotion.objects.filter(level__ladder__enterprise=c.subject, promoted_on__year=c.year).order_by("pk")
    )
    return Decimal(len(rows)), list(rows)


def graduates_hired(c: Context) -> Figure:
    rows = list(
        Employment.objects.filter(enterprise=c.subject, confirmed=True, start_date__year=c.year).order_by(
            "pk"
        )
    )
    return Decimal(len(rows)), list(rows)


def hired_rating(c: Context) -> Figure:
    rows = list(
        PerformanceReview.objects.filter(employment__enterprise=c.subject, period=c.year).order_by("pk")
    )
    return _mean([r.rating for r in rows]), list(rows)


def _rate(code: str) -> Callable[[Context], Figure]:
    return lambda c: c.rate(code)


_RATES = ("destination_rate", "knowledge_rate", "in_field_rate", "further_study_rate", "regional_retention")
_COLLEGE: dict[str, Callable[[Context], Figure]] = {
    **{code: _rate(code) for code in _RATES},
    **{
        f.__name__: f
        for f in (
            graduates,
            self_employment_rate,
            employer_rating,
            reviews,
            promoted,
            credentials_issued,
            students,
            enrolment,
            teachers,
            dual_teachers,
            dual_teacher_share,
            industry_colleges,
            enterprise_contributions,
            enterprise_equipment,
            projects_taken,
            projects_accepted,
            practice_hours,
            internships,
            internship_hours,
            internship_insured_share,
            apprentice_promotions,
            improvement_actions,
        )
    },
}
_ENTERPRISE: dict[str, Callable[[Context], Figure]] = {
    "projects_posted": projects_posted,
    "projects_taken": e_projects_taken,
    "projects_accepted": e_projects_accepted,
    "project_rating": project_rating,
    "interns": interns,
    "intern_hours": intern_hours,
    "intern_pay": intern_pay,
    "mentors": mentors,
    "dual_positions": dual_positions,
    "practice_hours": e_practice_hours,
    "contributions_equipment": contributions_equipment,
    "contributions_funds": contributions_funds,
    "contributions_technology": contributions_technology,
    "contributions_total": contributions_total,
    "promotions": promotions,
    "graduates_hired": graduates_hired,
    "hired_rating": hired_rating,
}
COMPUTE: dict[str, dict[str, Callable[[Context], Figure]]] = {
    "quality": _COLLEGE,
    "employment": _COLLEGE,
    "enterprise": _ENTERPRISE,
}


def breakdowns(subject: College, year: int) -> dict[str, list[tuple[str, int, list[Destination]]]]:
    """The employment report's breakdowns of the first census's destinations: by category,
    major, region, industry and salary band, each part with its rows."""
    census = census_dates(year)[0]
    _found, _graduates, destinations = rates(college=subject, year=year, census_date=census)
    rows = sorted(destinations.values(), key=lambda d: d.graduate_id)
    out: dict[str, list[tuple[str, int, list[Destination]]]] = {}

    def group(name: str, key: Callable[[Destination], str], only_employed: bool = False) -> None:
        parts: dict[str, list[Destination]] = {}
        for d in rows:
            if only_employed and not d.employed:
                continue
            parts.setdefault(key(d), []).append(d)
        out[name] = [
            (label, len(found), found) for label, found in sorted(parts.items(), key=lambda p: -len(p[1]))
        ]

    group("category", lambda d: d.category)
    group("major", lambda d: d.major.name if d.major_id and d.major else "—")
    group("region", lambda d: d.region or "—", only_employed=True)
    group("industry", lambda d: d.industry or "—", only_employed=True)
    group("salary_band", lambda d: d.salary_band or "—", only_employed=True)
    return out
