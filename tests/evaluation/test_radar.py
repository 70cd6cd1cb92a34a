"""radar.md's arithmetic on small hand-computed cases."""

from decimal import Decimal

import pytest

from evaluation.models import RadarMajor, RadarSkill
from evaluation.radar import recompute_radar
from tests.factories import (
    CohortFactory,
    CollegeFactory,
    CourseFactory,
    EnterpriseFactory,
    MajorFactory,
    ModuleFactory,
    SkillFactory,
    TalentDemandFactory,
)

pytestmark = pytest.mark.django_db


def major_covering(college, *skills):
    major = MajorFactory(college=college)
    module = ModuleFactory(course=CourseFactory(college=college, major=major))
    module.skills.set(skills)
    return major


def row(skill, year, region="North"):
    return RadarSkill.objects.get(skill=skill, year=year, region=region)


@pytest.fixture
def north():
    return CollegeFactory(region="North")


def test_gap_ratio_and_each_status(north):
    plc, vision, cad, web = (SkillFactory(code=c) for c in ("plc", "vision", "cad", "web"))
    enterprise = EnterpriseFactory(region="North")
    m1 = major_covering(north, plc, cad)
    CohortFactory(major=m1, year=2026, graduates=20)
    TalentDemandFactory(
        enterprise=enterprise, skill=plc, headcount=30, region="North", year=2026
    )  # 30/20 = 1.5
    TalentDemandFactory(
        enterprise=enterprise, skill=vision, headcount=5, region="North", year=2026
    )  # no supply
    TalentDemandFactory(
        enterprise=enterprise, skill=cad, headcount=10, region="North", year=2026
    )  # 10/20 = 0.5
    TalentDemandFactory(enterprise=enterprise, skill=web, headcount=0, region="North", year=2026)  # neither
    recompute_radar()
    assert (row(plc, 2026).demand, row(plc, 2026).supply, row(plc, 2026).gap_ratio) == (
        30,
        20,
        Decimal("1.5"),
    )
    assert row(plc, 2026).status == "shortage"
    assert (row(vision, 2026).gap_ratio, row(vision, 2026).status) == (None, "shortage")
    assert row(cad, 2026).status == "surplus"
    assert not RadarSkill.objects.filter(skill=web, region="North").exists()


def test_balanced_between_the_thresholds(north):
    plc = SkillFactory(code="plc")
    CohortFactory(major=major_covering(north, plc), year=2026, graduates=10)
    TalentDemandFactory(skill=plc, headcount=14, region="North", year=2026)
    recompute_radar()
    assert row(plc, 2026).status == "balanced" and row(plc, 2026).gap_ratio == Decimal("1.4")


def test_regions_are_kept_apart_and_summed_for_all_regions(north):
    south = CollegeFactory(region="South")
    plc = SkillFactory(code="plc")
    CohortFactory(major=major_covering(north, plc), year=2026, graduates=10)
    CohortFactory(major=major_covering(south, plc), year=2026, graduates=30)
    TalentDemandFactory(skill=plc, headcount=40, region="North", year=2026)
    recompute_radar()
    assert (row(plc, 2026, "North").demand, row(plc, 2026, "North").supply) == (40, 10)
    assert (row(plc, 2026, "South").demand, row(plc, 2026, "South").supply) == (0, 30)
    assert row(plc, 2026, "South").status == "surplus"
    assert (row(plc, 2026, "").demand, row(plc, 2026, "").supply, row(plc, 2026, "").gap_ratio) == (40, 40, 1)


def test_enterprises_and_rows_behind_the_demand(north):
    plc = SkillFactory(code="plc")
    a, b = EnterpriseFactory(), EnterpriseFactory()
    TalentDemandFactory(enterprise=a, skill=plc, headcount=5, region="North", year=2026)
    TalentDemandFactory(enterprise=a, skill=plc, headcount=5, region="North", year=2025)
    recompute_radar()
    assert row(plc, 2026).single_enterprise
    TalentDemandFactory(enterprise=b, skill=plc, headcount=5, region="North", year=2026)
    recompute_radar()
    assert (row(plc, 2026).enterprises, row(plc, 2026).demand_rows, row(plc, 2026).single_enterprise) == (
        2,
        2,
        False,
    )


def test_forecast_with_one_year_and_with_several(north):
    plc, cad = SkillFactory(code="plc"), SkillFactory(code="cad")
    TalentDemandFactory(skill=plc, headcount=7, region="North", year=2026)
    recompute_radar()
    assert row(plc, 2026).forecast_next_year == 7  # one data year: that year's value
    # Points (2023, 10), (2024, 14), (2025, 0: data for another skill only), (2026, 7):
    # x̄ = 2024.5, ȳ = 7.75, slope = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)² = (-3.375 - 3.125 - 3.875 - 1.125)/5 = -2.3,
    # forecast at 2027 = 7.75 - 2.3 × 2.5 = 2.
    TalentDemandFactory(skill=plc, headcount=10, region="North", year=2023)
    TalentDemandFactory(skill=plc, headcount=14, region="North", year=2024)
    TalentDemandFactory(skill=cad, headcount=3, region="North", year=2025)
    recompute_radar()
    assert row(plc, 2026).forecast_next_year == 2


def test_forecast_is_floored_at_zero_and_rounds_half_up(north):
    plc, cad = SkillFactory(code="plc"), SkillFactory(code="cad")
    TalentDemandFactory(skill=plc, headcount=20, region="North", year=2025)
    TalentDemandFactory(skill=plc, headcount=2, region="North", year=2026)
    # (2025, 0), (2026, 5) → 10 at 2027; (2025, 1), (2026, 2) → 3; a falling line → 0.
    TalentDemandFactory(skill=cad, headcount=1, region="North", year=2025)
    TalentDemandFactory(skill=cad, headcount=2, region="North", year=2026)
    recompute_radar()
    assert row(plc, 2026).forecast_next_year == 0
    assert row(cad, 2026).forecast_next_year == 3


def test_a_forecast_of_exactly_one_half_rounds_up(north):
    # Four data years 2023…2026 with demand a, b, c, d: the line at 2027 is (−a + c + 2d)/2.
    # a = 0 (2023 has data for another skill only), b = 5, c = 1, d = 1 → 1.5 → 2.
    plc, cad = SkillFactory(code="plc"), SkillFactory(code="cad")
    TalentDemandFactory(skill=cad, headcount=1, region="North", year=2023)
    for year, headcount in ((2024, 5), (2025, 1), (2026, 1)):
        TalentDemandFactory(skill=plc, headcount=headcount, region="North", year=year)
    recompute_radar()
    assert row(plc, 2026).forecast_next_year == 2


def test_forecast_window_is_five_years(north):
    plc = SkillFactory(code="plc")
    TalentDemandFactory(skill=plc, headcount=100, region="North", year=2020)  # outside 2022…2026
    TalentDemandFactory(skill=plc, headcount=4, region="North", year=2026)
    recompute_radar(years=[2026])
    assert row(plc, 2026).forecast_next_year == 4


def test_alignment_and_the_three_year_exit_rule(north):
    plc, cad = SkillFactory(code="plc"), SkillFactory(code="cad")
    major = major_covering(north, plc, cad)
    lonely = MajorFactory(college=north)  # covers nothing: alignment null, active
    for year, graduates, demand in ((2024, 40, 10), (2025, 40, 12), (2026, 40, 50)):
        CohortFactory(major=major, year=year, graduates=graduates)
        TalentDemandFactory(skill=plc, headcount=demand, region="North", year=year)
    CohortFactory(major=lonely, year=2026, graduates=10)
    recompute_radar()
    alignment = {r.year: r for r in RadarMajor.objects.filter(major=major)}
    # Supply counts the major's graduates once per skill it covers: ΣS = 40 + 40 = 80.
    assert alignment[2024].alignment == Decimal("0.125") and alignment[2024].status == "warning"
    assert alignment[2025].alignment == Decimal("0.15") and alignment[2025].status == "warning"
    assert alignment[2026].alignment == Decimal("0.625") and alignment[2026].status == "active"
    assert RadarMajor.objects.get(major=lonely, year=2026).alignment is None
    major.refresh_from_db()
    assert major.status == "active"
    TalentDemandFactory(skill=cad, headcount=0, region="North", year=2026)
    from enterprises.models import TalentDemand

    TalentDemand.objects.filter(skill=plc, year=2026).update(headcount=20)  # 20/80 = 0.25
    recompute_radar()
    assert RadarMajor.objects.get(major=major, year=2026).status == "exit_review"
    major.refresh_from_db()
    assert major.status == "exit_review"


def test_alignment_is_capped_at_one_and_null_without_a_cohort(north):
    plc = SkillFactory(code="plc")
    major = major_covering(north, plc)
    CohortFactory(major=major, year=2026, graduates=5)
    TalentDemandFactory(skill=plc, headcount=50, region="North", year=2026)
    TalentDemandFactory(skill=plc, headcount=50, region="North", year=2025)
    recompute_radar()
    assert RadarMajor.objects.get(major=major, year=2026).alignment == 1
    assert RadarMajor.objects.get(major=major, year=2025).alignment is None
