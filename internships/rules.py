"""The internship rules, each a setting (``INTERNSHIP_RULES``) with the 2021 provisions as its
default, and the checks that read them. The services call these; so do the pages and the API
through the services."""

import datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.errors import Conflict, Invalid

from .models import HoursException, Internship, Position, Shift

LIVE = (Internship.Status.PREPARING, Internship.Status.ACTIVE)


def rule(name: str) -> int:
    """A rule's value from ``settings.INTERNSHIP_RULES`` (the 2021 provisions by default)."""
    return int(settings.INTERNSHIP_RULES[name])


def age_on(birth: datetime.date, day: datetime.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def needs_guardian(internship: Internship) -> bool:
    return age_on(internship.student_birth_date, internship.start_date) < rule("guardian_below_age")


def exception_for(internship: Internship) -> HoursException | None:
    return (
        HoursException.objects.filter(
            college_id=internship.college_id, major_id=internship.major_id, position_id=internship.position_id
        )
        .order_by("-approved_at")
        .first()
    )


def working_time(internship: Internship) -> tuple[Decimal, bool]:
    """The hours a day allowed and whether night shifts are: the rule, or the college's
    exception for the major and position (one query)."""
    exception = exception_for(internship)
    if exception is None:
        return Decimal(rule("max_hours_per_day")), False
    return exception.max_hours_per_day, exception.night_shifts


def cap(staff: int, percent: int) -> int:
    return int((Decimal(staff) * percent / 100).to_integral_value(ROUND_FLOOR))


def months_between(start: datetime.date, end: datetime.date) -> Decimal:
    return (Decimal((end - start).days + 1) / Decimal("30.44")).quantize(Decimal("0.1"))


def check_terms(data: dict[str, Any]) -> None:
    """The rules an internship's terms must meet, each refusing with the field it is about.
    ``data`` holds the internship's fields (model instances for the links)."""
    kind = data["kind"]
    placement = kind == Internship.Kind.PLACEMENT
    start, end = data["start_date"], data["end_date"]
    position: Position = data["position"]
    if end < start:
        raise Invalid("end_date", _("The internship cannot end before it starts."))
    if placement and age_on(data["student_birth_date"], start) < rule("min_age_placement"):
        raise Invalid(
            "student_birth_date",
            _("A student under %(age)s may not take a placement internship.")
            % {"age": rule("min_age_placement")},
        )
    if Decimal(data.get("student_fee") or 0) != 0:
        raise Invalid("student_fee", _("No fee, deposit or commission may be charged to an intern."))
    if (data.get("intermediary") or "").strip():
        raise Invalid("intermediary", _("No internship may be arranged through an intermediary."))
    if data.get("pay_per_month") is None:
        raise Invalid("pay_per_month", _("State the pay per month."))
    if placement and data.get("works_independently", True):
        floor = (position.probation_wage * rule("min_pay_share_of_probation_wage") / 100).quantize(
            Decimal("0.01")
        )
        if Decimal(data["pay_per_month"]) < floor:
            raise Invalid(
                "pay_per_month",
                _(
                    "An intern who works relatively independently is paid at least %(share)s%% of the "
                    "position's probation wage: %(floor)s a month."
                )
                % {"share": rule("min_pay_share_of_probation_wage"), "floor": floor},
            )
    probe = Internship(
        college=data["college"], major=data["major"], position=position, start_date=start, end_date=end
    )
    allowed, nights = working_time(probe)
    if Decimal(data["hours_per_day"]) > allowed:
        raise Invalid(
            "hours_per_day",
            _(
                "At most %(hours)s hours a day, unless the college records an exception for the major and position."
            )
            % {"hours": allowed},
        )
    if data.get("shift") == Shift.NIGHT and not nights:
        raise Invalid(
            "shift", _("No night shifts, unless the college records an exception for the major and position.")
        )
    if (
        placement
        and months_between(start, end) > rule("typical_placement_months")
        and not (data.get("length_reason") or "").strip()
    ):
        raise Invalid(
            "length_reason",
            _("A placement longer than %(months)s months needs a reason.")
            % {"months": rule("typical_placement_months")},
        )
    major_skills = set(
        data["major"].courses.values_list("modules__skills", flat=True).exclude(modules__skills=None)
    )
    position_skills = set(position.skills.values_list("pk", flat=True))
    if not major_skills & position_skills:
        raise Invalid("position", _("The position does not match the student's major: they share no skill."))


def check_caps(internship: Internship, *, error: type = Invalid) -> None:
    """Placement interns at most 10% of the enterprise's staff, 20% of the position's, counting
    every placement that overlaps this one's dates."""
    if internship.kind != Internship.Kind.PLACEMENT:
        return
    enterprise = internship.enterprise
    if not enterprise.staff:
        raise _fail(
            error,
            "position",
            _("The enterprise has not stated its head count; it cannot take placement interns."),
        )
    overlapping = (
        Internship.objects.filter(
            kind=Internship.Kind.PLACEMENT,
            status__in=LIVE,
            start_date__lte=internship.end_date,
            end_date__gte=internship.start_date,
        )
        .exclude(pk=internship.pk)
        .filter(Q(enterprise_id=enterprise.pk))
    )
    at_enterprise = overlapping.count() + 1
    limit = cap(enterprise.staff, rule("max_share_of_enterprise_staff"))
    if at_enterprise > limit:
        raise _fail(
            error,
            "position",
            _(
                "%(name)s may take at most %(limit)s placement interns at once (%(share)s%% of %(staff)s staff)."
            )
            % {
                "name": enterprise.name,
                "limit": limit,
                "share": rule("max_share_of_enterprise_staff"),
                "staff": enterprise.staff,
            },
        )
    at_position = overlapping.filter(position_id=internship.position_id).count() + 1
    limit = cap(internship.position.staff, rule("max_share_of_position_staff"))
    if at_position > limit:
        raise _fail(
            error,
            "position",
            _(
                "The position may take at most %(limit)s placement interns at once (%(share)s%% of %(staff)s staff)."
            )
            % {
                "limit": limit,
                "share": rule("max_share_of_position_staff"),
                "staff": internship.position.staff,
            },
        )


def _fail(error: type, field: str, message: str) -> Exception:
    return error(field, message) if error is Invalid else Conflict(message)
