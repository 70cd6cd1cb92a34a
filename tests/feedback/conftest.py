import datetime
from decimal import Decimal

import pytest

from enterprises.models import Application
from enterprises.services import project_accept
from tests.factories import ProjectFactory, SkillFactory


@pytest.fixture
def accepted(world):
    """A project of enterprise X taken on by college A, mentored by engineer X, with two
    accepted students, two skills, accepted (which opens the feedback)."""

    def make(**extra):
        project = ProjectFactory(
            enterprise=world.enterprise_x,
            college=world.college_a,
            status="delivered",
            mentor=world.engineer_x,
            **extra,
        )
        project.skills.add(SkillFactory(code="plc-programming"), SkillFactory(code="wiring"))
        for student in (world.student_a, world.student_a2):
            Application.objects.create(project=project, student=student, motivation="m", status="accepted")
        return project_accept(project=project, actor=world.engineer_x, rating=4)

    return make


@pytest.fixture
def internship(world):
    from internships.models import Internship, Position

    position = Position.objects.create(
        enterprise=world.enterprise_x, name="Technician", staff=10, probation_wage=Decimal(4000)
    )
    return Internship.objects.create(
        student=world.student_a,
        student_birth_date=datetime.date(2005, 1, 1),
        college=world.college_a,
        major=world.college_a.majors.first() or world.college_a.majors.create(name="M", code="m"),
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
