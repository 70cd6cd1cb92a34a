"""An apprentice's mentor endorses their skills; a ladder level may ask for endorsements of its
skills, which the apprentice's progress counts, row by row, and a promotion waits for."""

import pytest

from courses.models import Skill
from feedback.apprentices import endorsements_missing
from tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


def test_the_mentor_endorses_an_apprentice_and_the_level_counts_it(world, as_user, appr, other_engineer):
    plc = Skill.objects.get(code="plc")
    level = appr.level
    level.min_endorsements = 2
    level.save()
    body = {"learner": world.student_a.pk, "skill": plc.pk, "apprenticeship": appr.pk, "comment": "Solid."}

    # Only the apprentice's own mentor; one of internship and apprenticeship.
    refused = as_user(other_engineer).post("/api/v1/endorsements/", body, format="json")
    assert refused.status_code == 400 and "apprenticeship" in refused.json()
    neither = as_user(world.engineer_x).post(
        "/api/v1/endorsements/", {"learner": world.student_a.pk, "skill": plc.pk}, format="json"
    )
    assert neither.status_code == 400 and "internship" in neither.json()

    made = as_user(world.engineer_x).post("/api/v1/endorsements/", body, format="json")
    assert made.status_code == 201, made.json()
    assert (made.json()["source"], made.json()["apprenticeship"]) == ("apprenticeship", appr.pk)
    again = as_user(world.engineer_x).post("/api/v1/endorsements/", body, format="json")
    assert again.status_code == 409

    progress = as_user(world.student_a).get(f"/api/v1/apprenticeships/{appr.pk}/progress/").json()
    [figure] = [r for r in progress["requirements"] if r["requirement"] == "endorsements"]
    assert (figure["required"], figure["has"], figure["met"]) == ("2", "1", False)
    assert [row["text"] for row in figure["rows"]] == [
        f"{plc.name}, endorsed by {world.engineer_x.get_full_name() or world.engineer_x.username}"
    ]
    assert "2 endorsements" in endorsements_missing(world.student_a, level)

    # A skill the level does not name does not count; a second of its skills does.
    other = SkillFactory(code="hmi")
    as_user(world.engineer_x).post("/api/v1/endorsements/", {**body, "skill": other.pk}, format="json")
    assert "has 1" in endorsements_missing(world.student_a, level)
    level.skills.add(other)
    assert endorsements_missing(world.student_a, level) == ""
    progress = as_user(world.engineer_x).get(f"/api/v1/apprenticeships/{appr.pk}/progress/").json()
    [figure] = [r for r in progress["requirements"] if r["requirement"] == "endorsements"]
    assert (figure["has"], figure["met"]) == ("2", True)
