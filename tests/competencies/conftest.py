import datetime
from decimal import Decimal

import pytest

from accounts.models import LearnerProfile
from tests.factories import MajorFactory, SkillFactory


@pytest.fixture
def major_a(world):
    return MajorFactory(college=world.college_a, name="Electric vehicles", code="ev")


@pytest.fixture
def cohort(world, major_a):
    """student-a and student-a2 entered major_a in 2025."""
    LearnerProfile.objects.filter(user__in=[world.student_a, world.student_a2]).update(
        major=major_a, entry_year=2025, college=world.college_a
    )
    for user in (world.student_a, world.student_a2):
        user.refresh_from_db()
    return [world.student_a, world.student_a2]


@pytest.fixture
def skills(db):
    return [
        SkillFactory(code="battery-diagnosis", esco_uri="http://data.europa.eu/esco/skill/aaaa-0001"),
        SkillFactory(code="hv-safety", occupation_code="6-31-01-03"),
    ]


def internship(world, student, major):
    from internships.models import Internship, Position

    position = Position.objects.create(
        enterprise=world.enterprise_x, name="Technician", staff=10, probation_wage=Decimal(4000)
    )
    return Internship.objects.create(
        student=student,
        student_birth_date=datetime.date(2005, 1, 1),
        college=world.college_a,
        major=major,
        enterprise=world.enterprise_x,
        position=position,
        kind="placement",
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 6, 30),
        mentor=world.engineer_x,
        supervisor=world.teacher_a,
        pay_per_month=Decimal(3500),
        hours_per_day=Decimal(8),
        status="active",
        created_by=world.admin_a,
    )
