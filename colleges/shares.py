"""Shared interests: contributions, shares and distributions of a mixed-ownership industry
college (lifelong.md)."""

import datetime
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from accounts.errors import Conflict, Invalid
from accounts.models import User

from .models import Allocation, Contribution, Distribution, IndustryCollege

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
def contribution_record(
    *,
    industry_college: IndustryCollege,
    actor: User,
    enterprise_id: int | None,
    kind: str,
    valuation: Decimal,
    date: datetime.date,
) -> Contribution:
    """What a partner (the college when ``enterprise_id`` is None) put into the industry college."""
    if valuation <= 0:
        raise Invalid("valuation", _("A contribution is worth more than nothing."))
    if enterprise_id is not None and not industry_college.enterprises.filter(pk=enterprise_id).exists():
        raise Invalid("enterprise", _("The enterprise is not a partner of this industry college."))
    return Contribution.objects.create(
        industry_college=industry_college,
        enterprise_id=enterprise_id,
        kind=kind,
        valuation=valuation,
        date=date,
    )


@transaction.atomic
def distribution_create(
    *, industry_college: IndustryCollege, actor: User, period: str, amount: Decimal, as_of: datetime.date
) -> Distribution:
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise Invalid("amount", _("Amounts are in cents: at most two decimals."))
    if amount == 0:
        raise Invalid("amount", _("Nothing to distribute."))
    # The race: two admins distributing the same period at once; the unique constraint on
    # (industry college, period) lets one through. Locking the industry college orders them.
    IndustryCollege.objects.select_for_update().filter(pk=industry_college.pk).exists()
    if Distribution.objects.filter(industry_college=industry_college, period=period).exists():
        raise Conflict(_("The period %(period)s has already been distributed.") % {"period": period})
    shares = shares_as_of(industry_college, as_of)
    if not shares:
        raise Conflict(_("No partner has contributed yet: there are no shares to split by."))
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
