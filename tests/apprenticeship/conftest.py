import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from apprenticeship import services
from apprenticeship.models import ReviewForm
from enterprises.models import Ladder, LadderLevel
from tests.factories import SkillFactory, UserFactory
from tests.test_browser import browser, demo, open_page  # noqa: F401 (the browser journey's fixtures)

QUESTIONS = [
    {"key": "safety", "label": "Works safely", "kind": "scale", "scale_max": 5},
    {"key": "comments", "label": "Comments", "kind": "text"},
]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ladder(world):
    ladder = Ladder.objects.create(
        enterprise=world.enterprise_x, name="Automation career", review_interval_weeks=10
    )
    LadderLevel.objects.create(ladder=ladder, name="Apprentice", rank=1)
    level = LadderLevel.objects.create(
        ladder=ladder,
        name="Assistant engineer",
        rank=2,
        min_credits=Decimal(4),
        min_practice_hours=Decimal(10),
        min_months_at_previous=6,
        hours_need_evidence=True,
    )
    level.skills.set([SkillFactory(code="plc")])
    return ladder


@pytest.fixture
def appr(world, ladder):
    """student-a works toward level 2 of enterprise X's ladder, mentored by engineer-x and
    taught by teacher-a."""
    return services.apprenticeship_create(
        learner=world.student_a,
        level=ladder.levels.get(rank=2),
        mentor=world.engineer_x,
        teacher=world.teacher_a,
        started_on=datetime.date(2026, 1, 5),
    )


@pytest.fixture
def review_form(world):
    return ReviewForm.objects.create(college=world.college_a, name="Quarterly", questions=QUESTIONS)


@pytest.fixture
def other_engineer(world):
    return UserFactory(username="engineer-x2", role=Role.ENGINEER, enterprise=world.enterprise_x)
