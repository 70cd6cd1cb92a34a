"""evaluation.md's arithmetic, checked on hand-computed cases, on whichever database runs."""

import datetime
from decimal import Decimal

import pytest

from evaluation.models import Scorecard, ScorecardHistory
from evaluation.recompute import recompute_period
from ledger.models import Evidence, Indicator, Scheme
from tests.factories import CollegeFactory, IndustryCollegeFactory, MajorFactory

pytestmark = pytest.mark.django_db


def scheme() -> Scheme:
    return Scheme.objects.get(is_active=True)


def ev(
    college, indicator, value, base=1, *, major=None, ic=None, on=datetime.date(2026, 5, 1), status="verified"
):
    return Evidence.objects.create(
        college=college,
        major=major,
        industry_college=ic,
        indicator=indicator,
        value=Decimal(str(value)),
        base=Decimal(str(base)),
        occurred_on=on,
        period=on.year,
        source="manual",
        status=status,
    )


def card(subject, period=2026, kind="college") -> Scorecard:
    return Scorecard.objects.get(subject_type=kind, subject_id=subject.pk, period=period, scheme=scheme())


def close(a, b, tol=Decimal("0.01")):
    return abs(Decimal(a) - Decimal(str(b))) <= tol


def run(period=2026, college=None):
    recompute_period(scheme_id=scheme().pk, period=period, college_id=college.pk if college else None)


def test_the_worked_example_of_the_contract():
    c = CollegeFactory()
    for value in (1, 1, 0, 1):
        ev(c, "project_delivery_rate", value)
    for _ in range(3):
        ev(c, "projects_accepted", 1)
    ev(c, "enterprise_rating", 4)
    ev(c, "enterprise_rating", 5)
    run()
    sc = card(c)
    values = {i.code: i for i in sc.indicators.all()}
    assert close(values["project_delivery_rate"].value, 0.75) and close(
        values["project_delivery_rate"].score, 83.3333
    )
    assert values["projects_accepted"].value == 3 and close(values["projects_accepted"].score, 15)
    assert close(values["enterprise_rating"].value, 4.5) and close(values["enterprise_rating"].score, 100)
    assert values["patents_transferred"].value is None and values["patents_transferred"].score == 0
    assert close(sc.technology, Decimal("46.944444"), Decimal("0.0001"))
    assert sc.competence == 0 and sc.service == 0
    assert close(sc.overall, 16.43)
    assert sc.overall.quantize(Decimal("0.01")) == Decimal("16.43")
    assert len(values) == 14


@pytest.mark.parametrize(
    ("indicator", "rows", "value", "score"),
    [
        ("training_hours", [(500, 1), (700, 1)], 1200, 60),  # sum, higher: 1200/2000
        ("smes_served", [(1, 1)] * 6, 6, 20),  # count: 6/30
        ("employer_rating", [(4, 1), (3, 1)], 3.5, 77.7778),  # mean: 3.5/4.5
        ("employment_in_field_rate", [(1, 1), (1, 1), (0, 1), (3, 4)], 5 / 7, 75.1880),  # ratio Σv/Σb
        ("adaptation_days", [(20, 1), (40, 1)], 30, 100),  # lower: v = target
        ("adaptation_days", [(60, 1)], 60, 50),  # lower: 30/60
        ("adaptation_days", [(-5, 1)], -5, 100),  # lower: v <= 0
        ("transfer_income", [(3_000_000, 1)], 3_000_000, 100),  # capped at 100
        ("training_hours", [(-100, 1)], -100, 0),  # higher: max(0, v)
    ],
)
def test_each_aggregation_and_direction(indicator, rows, value, score):
    c = CollegeFactory()
    for v, b in rows:
        ev(c, indicator, v, b)
    run()
    row = card(c).indicators.get(code=indicator)
    assert close(row.value, value, Decimal("0.0001"))
    assert close(row.score, score)
    assert row.evidence_count == len(rows)


def test_only_verified_evidence_of_the_period_counts():
    c = CollegeFactory()
    ev(c, "smes_served", 1)
    ev(c, "smes_served", 1, status="submitted")
    ev(c, "smes_served", 1, status="rejected")
    ev(c, "smes_served", 1, on=datetime.date(2025, 12, 31))
    ev(c, "smes_served", 1, on=datetime.date(2027, 1, 1))
    ev(c, "smes_served", 1, on=datetime.date(2026, 12, 31))
    ev(c, "smes_served", 1, on=datetime.date(2026, 1, 1))
    run()
    assert card(c).indicators.get(code="smes_served").value == 3


def test_three_subject_kinds_see_their_own_rows():
    c = CollegeFactory()
    m1, m2 = MajorFactory(college=c), MajorFactory(college=c)
    ic = IndustryCollegeFactory(college=c)
    ev(c, "smes_served", 1, major=m1)
    ev(c, "smes_served", 1, major=m1, ic=ic)
    ev(c, "smes_served", 1, major=m2)
    ev(c, "smes_served", 1)
    run()
    assert card(c).indicators.get(code="smes_served").value == 4
    assert card(m1, kind="major").indicators.get(code="smes_served").value == 2
    assert card(m2, kind="major").indicators.get(code="smes_served").value == 1
    assert card(ic, kind="industry_college").indicators.get(code="smes_served").value == 1
    assert card(m1, kind="major").college_id == c.pk


def test_dense_rank_with_ties_per_subject_kind():
    a, b, c, d = (CollegeFactory() for _ in range(4))
    for college, n in ((a, 6), (b, 6), (c, 3)):
        for _ in range(n):
            ev(college, "smes_served", 1)
    run()
    assert [card(x).rank for x in (a, b, c, d)] == [1, 1, 2, 3]


def test_dimension_weights_and_a_missing_dimension():
    c = CollegeFactory()
    ev(c, "training_hours", 2000)  # service indicator, weight 2 of 6 → D_service = 33.33
    run()
    sc = card(c)
    assert close(sc.service, 33.3333) and close(sc.overall, 0.25 * 33.3333)
    # Drop every competence indicator: its weight 0.40 is spread over the other two.
    Indicator.objects.filter(scheme=scheme(), dimension="competence").delete()
    run()
    sc.refresh_from_db()
    assert sc.competence is None
    assert close(sc.overall, (0.25 * 33.3333) / 0.60)


def test_a_target_change_changes_the_score_and_keeps_history():
    c = CollegeFactory()
    for _ in range(5):
        ev(c, "smes_served", 1)
    run()
    before = card(c).overall
    Indicator.objects.filter(scheme=scheme(), code="smes_served").update(target=Decimal(10))
    run()
    sc = card(c)
    assert close(sc.indicators.get(code="smes_served").score, 50)
    history = list(ScorecardHistory.objects.filter(scorecard=sc))
    assert [h.overall for h in history] == [before]


def test_recompute_is_idempotent():
    c = CollegeFactory()
    ev(c, "smes_served", 1)
    run()
    first = list(Scorecard.objects.values())
    run()
    run(college=c)
    assert list(Scorecard.objects.values()) == first
    assert not ScorecardHistory.objects.exists()


def test_one_college_recompute_leaves_others_and_reranks():
    a, b = CollegeFactory(), CollegeFactory()
    ev(a, "smes_served", 1)
    ev(b, "smes_served", 1)
    ev(b, "smes_served", 1)
    run()
    assert (card(a).rank, card(b).rank) == (2, 1)
    for _ in range(3):
        ev(a, "smes_served", 1)
    run(college=a)
    assert (card(a).rank, card(b).rank) == (1, 2)
    assert card(a).indicators.get(code="smes_served").value == 4


def test_a_published_scorecard_whose_numbers_change_is_flagged():
    c = CollegeFactory()
    ev(c, "smes_served", 1)
    run()
    Scorecard.objects.filter(subject_id=c.pk).update(status="published")
    run()
    assert not card(c).changed_since_publication
    ev(c, "smes_served", 1)
    run()
    assert card(c).changed_since_publication
