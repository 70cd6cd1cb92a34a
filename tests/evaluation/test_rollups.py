"""The kept-current rollups (ledger.rollups) always equal the ledger, and scorecards computed
from them equal scorecards computed from rollups rebuilt from the ledger, whatever sequence
of changes reaches the ledger (the services, plain saves, bulk updates, deletes), on
whichever database runs."""

import datetime
from collections import defaultdict
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation.models import Scorecard, ScorecardIndicator
from evaluation.recompute import periods_to_recompute, recompute_period
from ledger import rollups
from ledger.models import Evidence, Rollup, Scheme
from ledger.services import evidence_reject, evidence_verify
from tests.factories import CollegeFactory, IndustryCollegeFactory, MajorFactory, UserFactory

pytestmark = pytest.mark.django_db

INDICATORS = ["smes_served", "training_hours", "employer_rating", "project_delivery_rate"]
VALUES = st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False)

OPERATIONS = st.lists(
    st.one_of(
        st.tuples(
            st.just("add"),
            st.integers(0, 1),  # college
            st.integers(0, 2),  # major: none, or one of the college's two
            st.booleans(),  # in the industry college
            st.sampled_from([2025, 2026]),
            st.sampled_from(INDICATORS),
            VALUES,
            st.sampled_from(["verified", "submitted"]),
        ),
        st.tuples(st.just("verify"), st.integers(0, 50)),
        st.tuples(st.just("reject"), st.integers(0, 50)),
        st.tuples(st.just("revalue"), st.integers(0, 50), VALUES),
        st.tuples(st.just("move"), st.integers(0, 50)),
        st.tuples(st.just("delete"), st.integers(0, 50)),
        st.tuples(st.just("unverify_all"), st.sampled_from(INDICATORS)),
    ),
    min_size=1,
    max_size=25,
)


def from_ledger() -> dict[tuple, tuple]:
    """The rollups as their definition says, summed here from the ledger's rows."""
    sums: dict[tuple, list] = defaultdict(lambda: [0, Decimal(0), Decimal(0)])
    for e in Evidence.objects.filter(status="verified"):
        key = (e.period, e.college_id, e.major_id or 0, e.industry_college_id or 0, e.indicator)
        sums[key][0] += 1
        sums[key][1] += e.value
        sums[key][2] += e.base
    return {
        key: (n, sv.quantize(Decimal("0.0001")), sb.quantize(Decimal("0.0001")))
        for key, (n, sv, sb) in sums.items()
    }


def kept() -> dict[tuple, tuple]:
    return {
        (r.period, r.college_id, r.major_id, r.industry_college_id, r.indicator): (
            r.n,
            Decimal(r.sv).quantize(Decimal("0.0001")),
            Decimal(r.sb).quantize(Decimal("0.0001")),
        )
        for r in Rollup.objects.filter(n__gt=0)
    }


def cards(scheme_id: int) -> dict:
    for period in periods_to_recompute(scheme_id):
        recompute_period(scheme_id=scheme_id, period=period)
    return {
        "cards": sorted(
            Scorecard.objects.values_list(
                "subject_type",
                "subject_id",
                "period",
                "technology",
                "competence",
                "service",
                "overall",
                "rank",
            )
        ),
        "rows": sorted(
            ScorecardIndicator.objects.values_list(
                "scorecard__subject_type",
                "scorecard__subject_id",
                "scorecard__period",
                "code",
                "value",
                "score",
            )
        ),
    }


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(operations=OPERATIONS)
def test_rollups_equal_the_ledger_after_any_changes_and_so_do_the_scorecards(default_scheme, operations):
    Evidence.objects.all().delete()
    Scorecard.objects.all().delete()
    colleges = [CollegeFactory(), CollegeFactory()]
    majors = {c.pk: [MajorFactory(college=c), MajorFactory(college=c)] for c in colleges}
    industry = {c.pk: IndustryCollegeFactory(college=c) for c in colleges}
    evaluator = UserFactory(role="evaluator")
    scheme_id = Scheme.objects.get(is_active=True).pk
    rows: list[int] = []

    def pick(index: int) -> Evidence | None:
        alive = [pk for pk in rows if Evidence.objects.filter(pk=pk).exists()]
        return Evidence.objects.get(pk=alive[index % len(alive)]) if alive else None

    for operation in operations:
        kind = operation[0]
        if kind == "add":
            _, c, m, in_ic, period, indicator, value, status = operation
            college = colleges[c]
            evidence = Evidence.objects.create(
                college=college,
                major=majors[college.pk][m - 1] if m else None,
                industry_college=industry[college.pk] if in_ic else None,
                indicator=indicator,
                value=value,
                base=Decimal(1) + value % 3,
                occurred_on=datetime.date(period, 5, 1),
                period=period,
                source="manual",
                status=status,
            )
            rows.append(evidence.pk)
            continue
        if kind == "unverify_all":  # a bulk update: no save, no signal, one statement
            Evidence.objects.filter(indicator=operation[1], status="verified").update(status="submitted")
            continue
        evidence = pick(operation[1])
        if evidence is None:
            continue
        if kind == "verify" and evidence.status == "submitted":
            evidence_verify(evidence=evidence, actor=evaluator)
        elif kind == "reject" and evidence.status == "submitted":
            evidence_reject(evidence=evidence, actor=evaluator, note="not shown")
        elif kind == "revalue":
            evidence.value = operation[2]
            evidence.save(update_fields=["value"])
        elif kind == "move":  # to the other period and out of its major
            evidence.period = 2025 if evidence.period == 2026 else 2026
            evidence.major = None
            evidence.save(update_fields=["period", "major"])
        elif kind == "delete":
            evidence.delete()

    assert kept() == from_ledger()
    incremental = cards(scheme_id)
    rollups.rebuild()
    assert kept() == from_ledger()
    assert cards(scheme_id) == incremental


def test_a_rolled_back_change_leaves_the_rollups_as_they_were(default_scheme):
    from django.db import transaction

    college = CollegeFactory()
    Evidence.objects.create(
        college=college,
        indicator="smes_served",
        value=Decimal(3),
        occurred_on=datetime.date(2026, 5, 1),
        period=2026,
        source="manual",
        status="verified",
    )
    before = kept()
    with pytest.raises(RuntimeError), transaction.atomic():
        Evidence.objects.filter(college=college).update(value=Decimal(9))
        Evidence.objects.create(
            college=college,
            indicator="smes_served",
            value=Decimal(5),
            occurred_on=datetime.date(2026, 6, 1),
            period=2026,
            source="manual",
            status="verified",
        )
        assert kept()[(2026, college.pk, 0, 0, "smes_served")] == (2, Decimal("14.0000"), Decimal("2.0000"))
        raise RuntimeError
    assert (
        kept()
        == before
        == {(2026, college.pk, 0, 0, "smes_served"): (1, Decimal("3.0000"), Decimal("1.0000"))}
    )
