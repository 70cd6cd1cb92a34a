"""Destinations, their rates counted by hand, and the evidence they feed."""

import datetime
from decimal import Decimal

import pytest

from accounts.errors import Conflict, Invalid
from enterprises.careers import employment_confirm, employment_create
from ledger.models import Evidence
from outcomes.models import Category, Destination, Source
from outcomes.rates import rates
from outcomes.services import destination_record

pytestmark = pytest.mark.django_db

AUG = datetime.date(2025, 8, 31)
DEC = datetime.date(2025, 12, 31)


def record(actor, graduate, category, census=AUG, **fields):
    return destination_record(
        actor=actor, graduate=graduate, census_date=census, source=Source.COLLEGE, category=category, **fields
    )


@pytest.fixture
def cohort(world, graduate, major_m):
    """Eight graduates of 2025 at college A (Guangdong), three in the major; one of 2024 and
    one of college B who must count nowhere."""
    g = {
        name: graduate(name, major=major_m if name in ("g1", "g2", "g4") else None)
        for name in ("g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8")
    }
    admin = world.admin_a
    job = {"employer_name": "Foshan Motors"}
    record(admin, g["g1"], Category.CONTRACT, region="Guangdong", in_field=True, **job)
    record(admin, g["g2"], Category.CONTRACT, region="Jiangsu", in_field=False, **job)
    record(admin, g["g3"], Category.FLEXIBLE, region="Guangdong", in_field=True, **job)
    record(admin, g["g4"], Category.FURTHER_STUDY)
    record(admin, g["g5"], Category.CONSCRIPTION)
    record(admin, g["g6"], Category.SEEKING)
    record(admin, g["g7"], Category.NOT_SEEKING)
    # g8 never answered: unknown.
    old = graduate("g-old", year=2024)
    record(admin, old, Category.CONTRACT, census=datetime.date(2024, 8, 31), employer_name="X", in_field=True)
    other = graduate("g-b", college=world.college_b)
    record(world.admin_b, other, Category.SEEKING)
    return g


def values(found):
    return {rate.code: (len(rate.numerator), len(rate.denominator), rate.value) for rate in found}


def test_rates_match_a_hand_count(world, cohort, major_m):
    found, graduates, _ = rates(college=world.college_a, year=2025, census_date=AUG)
    assert len(graduates) == 8
    assert values(found) == {
        "destination_rate": (5, 8, Decimal("0.6250")),  # g1–g5 settled
        "knowledge_rate": (7, 8, Decimal("0.8750")),  # all but g8
        "in_field_rate": (2, 3, Decimal("0.6667")),  # g1, g3 of the employed g1–g3
        "further_study_rate": (1, 8, Decimal("0.1250")),  # g4
        "regional_retention": (2, 3, Decimal("0.6667")),  # g1, g3 in Guangdong
    }
    ids = {rate.code: rate for rate in found}
    assert sorted(ids["in_field_rate"].numerator) == sorted([cohort["g1"].pk, cohort["g3"].pk])

    by_major, graduates, _ = rates(college=world.college_a, year=2025, census_date=AUG, major=major_m)
    assert len(graduates) == 3
    assert values(by_major) == {
        "destination_rate": (3, 3, Decimal("1.0000")),
        "knowledge_rate": (3, 3, Decimal("1.0000")),
        "in_field_rate": (1, 2, Decimal("0.5000")),
        "further_study_rate": (1, 3, Decimal("0.3333")),
        "regional_retention": (1, 2, Decimal("0.5000")),
    }


def test_a_later_census_takes_each_graduates_latest_answer(world, cohort):
    record(
        world.admin_a,
        cohort["g6"],
        Category.CONTRACT,
        census=DEC,
        employer_name="Y",
        region="Jiangsu",
        in_field=True,
    )
    found, _, _ = rates(college=world.college_a, year=2025, census_date=DEC)
    assert values(found) == {
        "destination_rate": (6, 8, Decimal("0.7500")),
        "knowledge_rate": (7, 8, Decimal("0.8750")),
        "in_field_rate": (3, 4, Decimal("0.7500")),
        "further_study_rate": (1, 8, Decimal("0.1250")),
        "regional_retention": (2, 4, Decimal("0.5000")),
    }
    # The August census does not move.
    august, _, _ = rates(college=world.college_a, year=2025, census_date=AUG)
    assert values(august)["destination_rate"] == (5, 8, Decimal("0.6250"))


def test_no_graduates_no_rate(world):
    found, graduates, _ = rates(college=world.college_b, year=2030, census_date=datetime.date(2030, 8, 31))
    assert graduates == [] and all(rate.value is None for rate in found)


def test_bad_input_is_refused(world, graduate):
    g = graduate("g")
    with pytest.raises(Invalid) as census:
        record(world.admin_a, g, Category.SEEKING, census=datetime.date(2025, 9, 1))
    assert census.value.field == "census_date"
    with pytest.raises(Invalid) as employer:
        record(world.admin_a, g, Category.CONTRACT)
    assert employer.value.field == "employer_name"
    with pytest.raises(Invalid) as who:
        record(world.admin_a, world.student_a, Category.SEEKING)  # has not graduated
    assert who.value.field == "graduate"
    record(world.admin_a, g, Category.SEEKING)
    with pytest.raises(Conflict):
        destination_record(
            actor=g,
            graduate=g,
            census_date=AUG,
            source=Source.GRADUATE,
            category=Category.SEEKING,
            must_be_new=True,
        )


def test_not_employed_keeps_no_employer(world, graduate):
    g = graduate("g")
    d = record(world.admin_a, g, Category.CONTRACT, employer_name="Z", position="Fitter", in_field=True)
    d = record(world.admin_a, g, Category.FURTHER_STUDY)
    assert (d.employer_name, d.position, d.in_field) == ("", "", None)
    assert Destination.objects.count() == 1


def live(graduate):
    return list(
        Evidence.objects.filter(
            indicator="employment_in_field_rate",
            event_key__startswith=f"outcome:{graduate.pk}:",
            status=Evidence.Status.VERIFIED,
        ).values_list("value", flat=True)
    )


def test_evidence_is_one_row_per_graduate_and_follows_the_destination(world, graduate):
    g = graduate("g")
    record(world.admin_a, g, Category.CONTRACT, employer_name="Z", in_field=True)
    record(world.admin_a, g, Category.CONTRACT, employer_name="Z", in_field=True)  # the same again
    assert live(g) == [Decimal(1)]
    record(world.admin_a, g, Category.CONTRACT, employer_name="Z", in_field=False)  # corrected
    assert live(g) == [Decimal(0)]
    new = Evidence.objects.get(event_key__startswith=f"outcome:{g.pk}:", status=Evidence.Status.VERIFIED)
    assert new.supersedes is not None and new.supersedes.status == Evidence.Status.REJECTED
    assert new.occurred_on == AUG and new.college_id == world.college_a.pk
    # A later census moves the one row to its answer; leaving employment withdraws it.
    record(world.admin_a, g, Category.CONTRACT, census=DEC, employer_name="Z", in_field=True)
    assert live(g) == [Decimal(1)]
    record(world.admin_a, g, Category.FURTHER_STUDY, census=DEC)
    assert live(g) == []
    assert Evidence.objects.filter(event_key__startswith=f"outcome:{g.pk}:").count() == 3


def test_a_confirmed_employment_counts_the_graduate_once(world, graduate):
    g = graduate("g")
    record(world.admin_a, g, Category.CONTRACT, employer=world.enterprise_x, in_field=False)
    assert live(g) == [Decimal(0)]
    employment = employment_create(
        actor=world.engineer_x,
        learner=g,
        enterprise=world.enterprise_x,
        position="Technician",
        start_date=datetime.date(2025, 7, 1),
        in_field=True,
    )
    employment_confirm(employment=employment, actor=g)
    # careers.py counts the graduate now; the destination's row is withdrawn.
    assert live(g) == []
    rows = Evidence.objects.filter(indicator="employment_in_field_rate", status=Evidence.Status.VERIFIED)
    assert [r.event_key for r in rows] == [f"employment:{employment.pk}"]
    # The destination, recorded again, is filled from the confirmed employment and writes nothing.
    d = record(world.admin_a, g, Category.CONTRACT, employer=world.enterprise_x)
    assert (d.source, d.employment_id, d.position, d.in_field) == (
        Source.EMPLOYER,
        employment.pk,
        "Technician",
        True,
    )
    assert live(g) == []


def test_a_rate_reads_in_per_cent_as_the_reports_print_it():
    from outcomes.rates import Rate

    two_of_three = Rate("destination_rate", numerator=[1, 2], denominator=[1, 2, 3])
    assert two_of_three.value == Decimal("0.6667") and two_of_three.percent == Decimal("66.67")
    assert Rate("knowledge_rate", numerator=[1], denominator=list(range(8))).percent == Decimal("12.50")
    assert Rate("in_field_rate").percent is None
