"""Shared interests: contributions, shares and distributions of a mixed-ownership industry
college, and graduation (lifelong.md)."""

import datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum

from accounts.models import Role, User
from config.errors import Conflict, Invalid
from evaluation.services import evidence_record_platform

from .models import Allocation, Contribution, Distribution, IndustryCollege, LearnerProfile

CENT = Decimal("0.01")


def shares_as_of(industry_college: IndustryCollege, day: datetime.date) -> list[dict[str, Any]]:
    """Each partner's share: its valuations over all valuations contributed up to ``day``.

    Partners in a stable order: the college first, then enterprises by id.
    """
    rows = (
        Contribution.objects.filter(industry_college=industry_college, date__lte=day)
        .values("enterprise_id")
        .annotate(total=Sum("valuation"))
        .order_by()
    )
    totals = {row["enterprise_id"]: row["total"] for row in rows}
    everything = sum(totals.values(), Decimal(0))
    if not everything:
        return []
    order = sorted(totals, key=lambda partner: (partner is not None, partner or 0))
    return [{"enterprise": partner, "share": totals[partner] / everything} for partner in order]


def split_by_largest_remainder(amount: Decimal, shares: list[dict[str, Any]]) -> list[Decimal]:
    """Split ``amount`` by share in cents so the parts add up to it exactly.

    Each partner gets the floor of its exact share (in cents, towards minus infinity so that a
    loss splits the same way); the cents left go one each to the largest remainders, ties
    going to the larger exact share, then the college, then enterprises by id.
    """
    cents = int((amount / CENT).to_integral_value())
    exact = [Decimal(cents) * item["share"] for item in shares]
    floors = [int(x.to_integral_value(rounding=ROUND_FLOOR)) for x in exact]
    left = cents - sum(floors)
    ranking = sorted(
        range(len(shares)),
        key=lambda i: (
            -(exact[i] - floors[i]),
            -exact[i],
            shares[i]["enterprise"] is not None,
            shares[i]["enterprise"] or 0,
        ),
    )
    for i in ranking[:left]:
        floors[i] += 1
    return [Decimal(c) * CENT for c in floors]


@transaction.atomic
def distribution_create(
    *, industry_college: IndustryCollege, actor: User, period: str, amount: Decimal, as_of: datetime.date
) -> Distribution:
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise Invalid("amount", "Amounts are in cents: at most two decimals.")
    if amount == 0:
        raise Invalid("amount", "Nothing to distribute.")
    # The race: two admins distributing the same period at once; the unique constraint on
    # (industry college, period) lets one through. Locking the industry college orders them.
    IndustryCollege.objects.select_for_update().filter(pk=industry_college.pk).exists()
    if Distribution.objects.filter(industry_college=industry_college, period=period).exists():
        raise Conflict(f"The period {period} has already been distributed.")
    shares = shares_as_of(industry_college, as_of)
    if not shares:
        raise Conflict("No partner has contributed yet: there are no shares to split by.")
    distribution = Distribution.objects.create(
        industry_college=industry_college, period=period, amount=amount, as_of=as_of, created_by=actor
    )
    parts = split_by_largest_remainder(amount, shares)
    Allocation.objects.bulk_create(
        [
            Allocation(
                distribution=distribution, enterprise_id=item["enterprise"], share=item["share"], amount=part
            )
            for item, part in zip(shares, parts, strict=True)
        ]
    )
    return distribution


@transaction.atomic
def learner_graduate(*, learner: User, actor: User, date: datetime.date) -> LearnerProfile:
    """Mark a learner as graduated; writes dual_certificate_rate evidence (1 with a verified
    industry certificate, else 0). Graduating twice is a conflict."""
    from courses.models import Certificate

    if learner.role != Role.STUDENT:
        raise Invalid("learner", "Only learners graduate.")
    profile, _ = LearnerProfile.objects.select_for_update().get_or_create(
        user=learner, defaults={"college": learner.college}
    )
    if profile.graduated_on is not None:
        raise Conflict(f"The learner graduated on {profile.graduated_on}.")
    college = profile.college or learner.college
    if college is None:
        raise Conflict("The learner belongs to no college.")
    profile.graduated_on = date
    profile.save(update_fields=["graduated_on"])
    certified = Certificate.objects.filter(learner=learner, status=Certificate.Status.VERIFIED).exists()
    evidence_record_platform(
        indicator="dual_certificate_rate",
        college=college,
        major=profile.major,
        value=1 if certified else 0,
        occurred_on=date,
        event_key=f"graduation:{learner.pk}",
        actor=actor,
    )
    return profile
