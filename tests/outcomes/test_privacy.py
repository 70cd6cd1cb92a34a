"""A graduate's destinations are in their export; erasure blanks what names their workplace
and keeps what the rates count."""

import datetime

import pytest

from outcomes.models import Category, Destination, Source
from outcomes.rates import rates
from outcomes.services import destination_record
from portal.privacy import erase_person, export_data

pytestmark = pytest.mark.django_db


def test_export_and_erasure(world, graduate):
    g = graduate("grad")
    destination_record(
        actor=world.admin_a,
        graduate=g,
        census_date=datetime.date(2025, 8, 31),
        source=Source.COLLEGE,
        category=Category.CONTRACT,
        employer_name="Foshan Motors",
        position="Fitter",
        region="Guangdong",
        salary_band="3000-4999",
        in_field=True,
    )
    [row] = export_data(g)["destinations"]
    assert (row["employer_name"], row["position"], row["category"], row["salary_band"]) == (
        "Foshan Motors",
        "Fitter",
        "contract",
        "3000-4999",
    )
    assert export_data(world.student_a)["destinations"] == []
    before = rates(college=world.college_a, year=2025, census_date=datetime.date(2025, 8, 31))[0]
    erase_person(g, actor=world.platform_admin)
    d = Destination.objects.get(graduate=g)
    assert (d.employer_name, d.position, d.category, d.region) == ("", "", "contract", "Guangdong")
    after = rates(college=world.college_a, year=2025, census_date=datetime.date(2025, 8, 31))[0]
    assert [r.value for r in after] == [r.value for r in before]
