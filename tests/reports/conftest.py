import datetime
from decimal import Decimal

import pytest

from accounts.models import LearnerProfile, Role
from colleges.models import Contribution, DualPosition, PracticeLog
from outcomes.models import Category, Source
from outcomes.services import destination_record
from tests.factories import DualPositionFactory, UserFactory

AUG = datetime.date(2025, 8, 31)


@pytest.fixture
def rows(world):
    """College A's rows of 2025 that its reports count, and some that they must not."""
    graduates = []
    for i, (year, answer) in enumerate(
        [
            (
                2025,
                {
                    "category": Category.CONTRACT,
                    "employer_name": "Foshan Motors",
                    "region": "Guangdong",
                    "in_field": True,
                    "industry": "Manufacturing",
                    "salary_band": "5000-7999",
                },
            ),
            (
                2025,
                {
                    "category": Category.FLEXIBLE,
                    "employer_name": "Self",
                    "region": "Jiangsu",
                    "in_field": False,
                    "industry": "Retail",
                    "salary_band": "3000-4999",
                },
            ),
            (2025, {"category": Category.FURTHER_STUDY}),
            (2025, {"category": Category.SEEKING}),
            (2025, None),  # no answer: counts in the denominators only
            (
                2024,
                {
                    "category": Category.CONTRACT,
                    "employer_name": "Old",
                    "region": "Guangdong",
                    "in_field": True,
                },
            ),
        ]
    ):
        user = UserFactory(username=f"grad-{i}", role=Role.STUDENT, college=world.college_a)
        LearnerProfile.objects.filter(user=user).update(
            college=world.college_a, graduated_on=datetime.date(year, 6, 30), entry_year=year - 3
        )
        user.refresh_from_db()
        graduates.append(user)
        if answer is not None:
            destination_record(
                actor=world.admin_a,
                graduate=user,
                census_date=datetime.date(year, 8, 31),
                source=Source.COLLEGE,
                **answer,
            )
    position = DualPositionFactory(
        user=world.teacher_a,
        enterprise=world.enterprise_x,
        status=DualPosition.Status.ACTIVE,
        proposed_by=world.admin_a,
    )
    for day, hours, status in [(3, "3.5", "confirmed"), (4, "2.0", "confirmed"), (5, "4.0", "submitted")]:
        PracticeLog.objects.create(
            dual_position=position,
            date=datetime.date(2025, 3, day),
            hours=Decimal(hours),
            description="x",
            status=status,
        )
    PracticeLog.objects.create(
        dual_position=position,
        date=datetime.date(2024, 3, 1),
        hours=Decimal("7.0"),
        description="x",
        status="confirmed",
    )
    for kind, value, date in [
        (Contribution.Kind.EQUIPMENT, "1000.50", datetime.date(2025, 5, 1)),
        (Contribution.Kind.FUNDS, "200.00", datetime.date(2025, 6, 1)),
        (Contribution.Kind.FUNDS, "999.00", datetime.date(2024, 6, 1)),
    ]:
        Contribution.objects.create(
            industry_college=world.industry_college,
            enterprise=world.enterprise_x,
            kind=kind,
            valuation=Decimal(value),
            date=date,
        )
    return graduates


@pytest.fixture
def admin_a2(world):
    return UserFactory(username="admin-a2", role=Role.COLLEGE_ADMIN, college=world.college_a)
