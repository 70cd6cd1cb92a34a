"""The demo world has apprenticeships with reviews and evidence in every state, once."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Notification, User
from apprenticeship.models import PortfolioItem, ProgressReview, ReviewSignature

pytestmark = pytest.mark.django_db


def test_the_demo_has_reviews_and_evidence_in_every_state(client):
    call_command("seed_demo", verbosity=0)
    today = timezone.localdate()
    reviews = ProgressReview.objects.all()
    assert reviews.filter(status="signed").count() == 1
    open_reviews = reviews.filter(status="open")
    assert open_reviews.filter(due_on__gte=today).count() == 1
    late = open_reviews.filter(due_on__lt=today)
    assert {r.apprenticeship.ladder.enterprise.code for r in late} == {"huaxin", "lingyun"}
    assert ReviewSignature.objects.filter(cleared_at__isnull=False).exists()
    assert set(PortfolioItem.objects.values_list("status", flat=True)) == set(PortfolioItem.Status.values)
    assert PortfolioItem.objects.exclude(file="").exists() and PortfolioItem.objects.exclude(link="").exists()
    assert Notification.objects.filter(kind="review_due", recipient__username="demo-teacher").count() == 3
    client.force_login(User.objects.get(username="demo-college"))
    page = client.get("/progress-reviews/overdue/").content.decode()
    assert page.count("/progress-reviews/") >= 3
    item = PortfolioItem.objects.exclude(file="").first()
    client.force_login(User.objects.get(username="demo-student"))
    assert client.get(f"/portfolio-items/{item.pk}/file/").status_code == 200
