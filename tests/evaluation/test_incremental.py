"""The run after a day's changes (``pending.recompute_changed``, what a drain does) writes only
the subjects whose figures changed and the ranks they move, and leaves every stored card equal
to a fresh full recompute (``evaluation.audit``), whatever rounds of decisions came before it,
on whichever database runs."""

import datetime
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evaluation import audit, pending, recompute
from evaluation.models import Scorecard, ScorecardHistory
from ledger import changes
from ledger.models import DirtyMark, Evidence, Indicator, Scheme
from ledger.services import evidence_reject, evidence_verify, indicator_update
from tests.factories import CollegeFactory, IndustryCollegeFactory, MajorFactory, UserFactory

pytestmark = pytest.mark.django_db

COLLEGES = 3
# Few values, so that scores tie and a move opens or closes a gap in the dense ranks.
DECISION = st.tuples(
    st.sampled_from(["verify", "verify", "verify", "reject"]),
    st.integers(0, COLLEGES - 1),  # college
    st.integers(0, 2),  # major: none, or one of the college's two
    st.booleans(),  # in the industry college
    st.sampled_from([2025, 2026]),
    st.sampled_from(["smes_served", "training_hours", "employer_rating"]),
    st.sampled_from([1, 2, 500, 2000]),
)
ROUNDS = st.lists(
    st.tuples(st.lists(DECISION, min_size=1, max_size=6), st.booleans()),  # decisions, a target change
    min_size=1,
    max_size=3,
)


def _cards() -> dict[int, tuple]:
    return {card.pk: (card.college_id, card.computed_at, card.rank) for card in Scorecard.objects.all()}


@settings(max_examples=6, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(rounds=ROUNDS)
def test_an_incremental_run_after_any_changes_equals_a_full_recompute(default_scheme, rounds):
    Evidence.objects.all().delete()
    Scorecard.objects.all().delete()
    DirtyMark.objects.all().delete()
    colleges = [CollegeFactory() for _ in range(COLLEGES)]
    majors = {c.pk: [MajorFactory(college=c), MajorFactory(college=c)] for c in colleges}
    industry = {c.pk: IndustryCollegeFactory(college=c) for c in colleges}
    evaluator = UserFactory(role="evaluator")
    scheme_id = Scheme.objects.get(is_active=True).pk
    pending.recompute_scheme(scheme_id)  # the nightly full run: every subject has its card

    for decisions, target_change in rounds:
        touched: set[int] = set()
        for verb, c, m, in_ic, period, indicator, value in decisions:
            college = colleges[c]
            evidence = Evidence.objects.create(
                college=college,
                major=majors[college.pk][m - 1] if m else None,
                industry_college=industry[college.pk] if in_ic else None,
                indicator=indicator,
                value=Decimal(value),
                occurred_on=datetime.date(period, 5, 1),
                period=period,
                source="manual",
                status="submitted",
            )
            if verb == "verify":
                evidence_verify(evidence=evidence, actor=evaluator)
            else:
                evidence_reject(evidence=evidence, actor=evaluator, note="not shown")
            touched.add(college.pk)
        if target_change:
            indicator = Indicator.objects.filter(scheme_id=scheme_id, code="training_hours").get()
            indicator_update(indicator=indicator, actor=evaluator, target=indicator.target + 100)
        before = _cards()
        untouched_history = ScorecardHistory.objects.exclude(scorecard__college_id__in=touched).count()

        pending.recompute_changed()

        assert not DirtyMark.objects.exists()
        assert audit.audit(scheme_id) == []
        if not target_change:
            # Only the touched colleges' subjects were written; elsewhere at most a rank moved.
            after = _cards()
            for pk, (college_id, computed_at, _rank) in after.items():
                if pk in before and college_id not in touched:
                    assert computed_at == before[pk][1]
            assert (
                ScorecardHistory.objects.exclude(scorecard__college_id__in=touched).count()
                == untouched_history
            )


def _verified(college, value: int) -> None:
    """One verified row of 2026 for ``college``."""
    Evidence.objects.create(
        college=college,
        indicator="smes_served",
        value=Decimal(value),
        occurred_on=datetime.date(2026, 5, 1),
        period=2026,
        source="manual",
        status="verified",
    )


def test_a_run_with_nothing_changed_writes_nothing(default_scheme):
    college = CollegeFactory()
    _verified(college, 1)
    pending.recompute_scheme(Scheme.objects.get(is_active=True).pk)
    before = list(Scorecard.objects.values_list("pk", "computed_at", "rank"))
    DirtyMark.objects.all().delete()
    changes.evidence_changed(college_id=college.pk, period=2026)  # a mark, but no new figure
    assert pending.recompute_changed() == [f"scorecards:{college.pk}:2026"]
    assert list(Scorecard.objects.values_list("pk", "computed_at", "rank")) == before
    assert not ScorecardHistory.objects.exists()


def test_the_ranks_below_a_move_follow_the_scores_it_opens_and_closes(default_scheme):
    """A card leaving a tie for a score of its own puts every card below both one rank down; a
    card joining a tie puts them one back up. (PostgreSQL ranks only the cards between the old
    and new scores and shifts those below: this holds that shift to the dense ranks.)"""
    scheme_id = Scheme.objects.get(is_active=True).pk
    first, second, third, last = (CollegeFactory() for _ in range(4))
    for college, rows in ((first, 9), (second, 5), (third, 5), (last, 1)):
        for _ in range(rows):  # SMEs served counts the verified rows
            _verified(college, 1)
    pending.recompute_scheme(scheme_id)

    def ranks() -> list[int | None]:
        cards = Scorecard.objects.filter(subject_type="college", period=2026)
        held = dict(cards.values_list("subject_id", "rank"))
        return [held[college.pk] for college in (first, second, third, last)]

    def more(college, rows: int) -> None:
        DirtyMark.objects.all().delete()
        for _ in range(rows):
            _verified(college, 1)
        changes.evidence_changed(college_id=college.pk, period=2026)
        pending.recompute_changed()

    assert ranks() == [1, 2, 2, 3]
    more(third, 2)  # leaves the tie at 5 for 7: a score more above the last
    assert ranks() == [1, 3, 2, 4]
    assert audit.audit(scheme_id) == []
    more(second, 2)  # joins the third at 7, and 5 is held by no one
    assert ranks() == [1, 2, 2, 3]
    assert audit.audit(scheme_id) == []
    more(last, 10)  # from the bottom to the top: every other card one down
    assert ranks() == [2, 3, 3, 1]
    assert audit.audit(scheme_id) == []


@pytest.mark.postgres
def test_a_full_run_with_nothing_changed_touches_no_row(default_scheme):
    """A full run compares every card and indicator row with the fresh figures but writes,
    and locks, none of them when nothing changed: every row keeps the version it had."""
    from django.db import connection

    college = CollegeFactory()
    MajorFactory(college=college)
    _verified(college, 3)
    scheme_id = Scheme.objects.get(is_active=True).pk
    pending.recompute_scheme(scheme_id)

    def versions() -> list[tuple]:
        # xmin: the transaction that wrote the row; xmax: one that locked or replaced it.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 'card', id, xmin::text, xmax::text FROM evaluation_scorecard UNION ALL"
                " SELECT 'indicator', id, xmin::text, xmax::text FROM evaluation_scorecardindicator"
                " ORDER BY 1, 2"
            )
            return cursor.fetchall()

    before = versions()
    assert len(before) > 2 and all(row[3] == "0" for row in before)
    pending.recompute_scheme(scheme_id)
    assert versions() == before


@pytest.mark.postgres
def test_indicator_rows_are_found_only_by_their_card_and_code():
    """The recompute meets each subject's fresh indicators with the stored ones by card and
    code. With an index on the code alone, a period's first run (cards the statistics do not
    know yet, an indicator table they think empty) went through that index and its join
    filter visited, for each row it wrote, every row of that code it had written before:
    minutes at 20 M evidence rows instead of seconds. No index but the key and that pair."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE tablename = 'evaluation_scorecardindicator'")
        columns = sorted(row[0].split(" USING btree ")[1] for row in cursor.fetchall())
    assert columns == ["(id)", "(scorecard_id, code)"]


@pytest.mark.postgres
def test_a_periods_first_run_tells_the_planner_about_its_new_cards(default_scheme):
    """A period's first run makes all its cards in its own transaction, where the table's
    statistics still say the period has none; the planner must know them before it writes
    their indicator rows (else it meets each subject's indicators with the stored ones one by
    one: 40 s instead of one at 2 M evidence rows)."""
    from django.db import connection

    from colleges.models import Major

    college = CollegeFactory()
    Major.objects.bulk_create(
        Major(college=college, name=f"Major {n}", code=f"m-{n}") for n in range(recompute._MANY_CARDS)
    )
    _verified(college, 3)
    pending.recompute_scheme(Scheme.objects.get(is_active=True).pk)
    cards = Scorecard.objects.count()
    assert cards > recompute._MANY_CARDS
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'evaluation_scorecard'::regclass")
        assert cursor.fetchone()[0] >= cards
