"""A student's feedback and endorsements are in their export, without the note written for
the college; erasure empties the words and keeps the ratings the figures count."""

import pytest

from feedback import services
from feedback.models import Endorsement, Feedback
from portal.privacy import erase_person, export_data

pytestmark = pytest.mark.django_db


def test_export_and_erasure(world, accepted):
    feedback = Feedback.objects.get(project=accepted(), student=world.student_a)
    skill = feedback.project.skills.first()
    services.feedback_rate_student(
        feedback=feedback,
        actor=world.engineer_x,
        rating=4,
        skills={skill.pk: 4},
        comment="Tidy work.",
        private_note="Needs support with deadlines.",
    )
    services.feedback_rate_project(
        feedback=feedback, actor=world.student_a, project_rating=5, mentor_rating=4, comment="Good mentor."
    )
    data = export_data(world.student_a)
    [row] = data["project_feedback"]
    assert (row["student_comment"], row["engineer_comment"], row["project_rating"]) == (
        "Good mentor.",
        "Tidy work.",
        5,
    )
    # Not on the student's pages, but theirs to have with a copy of all their data (the right of
    # access covers what others wrote about them).
    assert row["private_note"] == "Needs support with deadlines."
    [endorsement] = data["endorsements"]
    assert endorsement["skill__code"] == skill.code
    erase_person(world.student_a, actor=world.platform_admin)
    feedback.refresh_from_db()
    assert (feedback.student_comment, feedback.engineer_comment, feedback.private_note) == ("", "", "")
    assert (feedback.project_rating, feedback.student_rating) == (5, 4)
    assert Endorsement.objects.get().rating == 4
