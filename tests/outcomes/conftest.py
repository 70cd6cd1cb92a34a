import datetime

import pytest

from accounts.models import LearnerProfile, Role
from tests.factories import MajorFactory, UserFactory


@pytest.fixture
def graduate(world):
    """A learner of college A who graduated on 30 June of ``year`` (in ``major``)."""

    def make(name: str, *, year: int = 2025, major=None, college=None):
        college = college or world.college_a
        user = UserFactory(username=name, role=Role.STUDENT, college=college)
        LearnerProfile.objects.filter(user=user).update(
            college=college, major=major, graduated_on=datetime.date(year, 6, 30)
        )
        user.refresh_from_db()
        return user

    return make


@pytest.fixture
def major_m(world):
    return MajorFactory(college=world.college_a, name="Mechatronics")
