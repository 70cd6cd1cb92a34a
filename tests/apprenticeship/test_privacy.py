"""An apprentice's export holds their reviews and portfolio; their erasure deletes the
portfolio, files included, and blanks what they and their guides wrote about them."""

import io

import pytest
from django.utils import timezone

from apprenticeship import services
from apprenticeship.models import PortfolioItem, ReviewSignature
from portal.privacy import erase_person, export_data

pytestmark = pytest.mark.django_db


def test_export_and_erasure_of_an_apprentice(
    world, appr, review_form, media, django_capture_on_commit_callbacks
):
    review = services.review_schedule(apprenticeship=appr, form=review_form)
    services.review_update(
        review=review,
        actor=world.teacher_a,
        answers={"comments": "Careful with the PLC."},
        held_on=timezone.localdate(),
    )
    services.review_sign(review=review, actor=world.student_a, typed_name="Student A")
    item = services.portfolio_add(
        apprenticeship=appr,
        actor=world.student_a,
        title="Wiring",
        requirements=["hours"],
        upload=io.BytesIO(b"%PDF-1.4\n%%EOF\n"),
        file_name="w.pdf",
    )
    stored = media / item.file.name
    assert stored.exists()
    data = export_data(world.student_a)
    assert data["portfolio"][0]["title"] == "Wiring"
    assert data["progress_reviews"][0]["answers"] == {"comments": "Careful with the PLC."}
    assert data["progress_review_signatures"][0]["typed_name"] == "Student A"
    # The files go once the erasure commits.
    with django_capture_on_commit_callbacks(execute=True):
        erase_person(world.student_a, actor=world.platform_admin)
    assert not PortfolioItem.objects.exists() and not stored.exists()
    review.refresh_from_db()
    assert review.answers == {} and ReviewSignature.objects.get().typed_name == ""
