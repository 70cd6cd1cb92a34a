"""Shares and distributions of mixed-ownership industry colleges: to the cent, always."""

import datetime
from decimal import Decimal

import pytest

from colleges.models import Contribution, Distribution
from colleges.shares import split_by_largest_remainder

pytestmark = pytest.mark.django_db


def shares(*values, college_first=True):
    total = sum(values)
    return [
        {"enterprise": None if (i == 0 and college_first) else i, "share": Decimal(v) / Decimal(total)}
        for i, v in enumerate(values)
    ]


@pytest.mark.parametrize(
    ("amount", "values", "expected"),
    [
        ("100.00", (1, 1, 1), ["33.34", "33.33", "33.33"]),  # equal shares: the college first
        ("0.01", (1, 1, 1), ["0.01", "0.00", "0.00"]),
        ("0.02", (1, 1, 1), ["0.01", "0.01", "0.00"]),
        ("-100.00", (1, 1, 1), ["-33.33", "-33.33", "-33.34"]),  # a loss splits the same way round
        ("10.00", (1, 2), ["3.33", "6.67"]),
        ("1000.00", (3, 3, 4), ["300.00", "300.00", "400.00"]),
        ("0.05", (1, 1, 1, 1, 1, 1), ["0.01", "0.01", "0.01", "0.01", "0.01", "0.00"]),
        ("99.99", (2, 1), ["66.66", "33.33"]),
    ],
)
def test_largest_remainder_split(amount, values, expected):
    parts = split_by_largest_remainder(Decimal(amount), shares(*values))
    assert [str(p) for p in parts] == expected
    assert sum(parts) == Decimal(amount)


def test_ties_go_to_the_larger_exact_share_first():
    # Exact parts 0.5 and 0.5 cents after flooring: 1 cent left; equal remainders, equal shares → college.
    parts = split_by_largest_remainder(
        Decimal("0.01"),
        [{"enterprise": 7, "share": Decimal("0.5")}, {"enterprise": None, "share": Decimal("0.5")}],
    )
    assert [str(p) for p in parts] == ["0.00", "0.01"]


def test_contributions_shares_and_a_distribution_through_the_api(world, as_user):
    ic = world.industry_college  # College A with enterprise X
    admin = as_user(world.admin_a)
    for enterprise, kind, valuation, day in (
        (None, "venue", "300000", "2025-01-01"),
        (world.enterprise_x.pk, "equipment", "600000", "2025-06-01"),
        (world.enterprise_x.pk, "technology", "100000", "2026-06-01"),
    ):
        response = admin.post(
            "/api/v1/contributions/",
            {
                "industry_college": ic.pk,
                "enterprise": enterprise,
                "kind": kind,
                "valuation": valuation,
                "date": day,
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
    outsider = admin.post(
        "/api/v1/contributions/",
        {
            "industry_college": ic.pk,
            "enterprise": world.enterprise_y.pk,
            "kind": "funds",
            "valuation": "1",
            "date": "2025-01-01",
        },
        format="json",
    )
    assert outsider.status_code == 400 and "enterprise" in outsider.json()
    early = as_user(world.engineer_x).get(f"/api/v1/industry-colleges/{ic.pk}/shares/?date=2025-12-31").json()
    assert early == [
        {"partner": {"type": "college", "id": world.college_a.pk}, "share": "0.333333"},
        {"partner": {"type": "enterprise", "id": world.enterprise_x.pk}, "share": "0.666667"},
    ]
    assert as_user(world.engineer_y).get(f"/api/v1/industry-colleges/{ic.pk}/shares/").status_code == 404
    assert (
        as_user(world.engineer_x)
        .post(
            f"/api/v1/industry-colleges/{ic.pk}/distributions/",
            {"period": "2025", "amount": "100"},
            format="json",
        )
        .status_code
        == 403
    )
    made = admin.post(
        f"/api/v1/industry-colleges/{ic.pk}/distributions/",
        {"period": "2025", "amount": "1000.01", "date": "2025-12-31"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert [a["amount"] for a in made.json()["allocations"]] == ["333.34", "666.67"]
    assert (
        admin.post(
            f"/api/v1/industry-colleges/{ic.pk}/distributions/",
            {"period": "2025", "amount": "5"},
            format="json",
        ).status_code
        == 409
    )
    # Stored, never recomputed: later contributions change shares, not the past split.
    Contribution.objects.create(
        industry_college=ic, kind="funds", valuation=Decimal(5_000_000), date=datetime.date(2026, 1, 1)
    )
    assert [str(a.amount) for a in Distribution.objects.get().allocations.all()] == ["333.34", "666.67"]
    assert (
        admin.post(
            f"/api/v1/industry-colleges/{ic.pk}/distributions/",
            {"period": "2026", "amount": "1.001"},
            format="json",
        ).status_code
        == 400
    )
