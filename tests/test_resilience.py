"""Nothing lost when a service fails: with Redis unreachable (the broker and the cache), a
change commits and answers success, its recompute waits in the database's marks, logins work,
and once the broker is back the worker catches up. A retried POST with the same
Idempotency-Key never writes twice."""

import datetime

import pytest
from celery import current_app
from rest_framework.test import APIClient

from ledger.models import DirtyMark, Evidence
from tests.factories import PASSWORD, DualPositionFactory

pytestmark = pytest.mark.django_db
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def _reset_pools():
    current_app._pool = None
    current_app.amqp._producer_pool = None


@pytest.fixture
def redis_down(settings):
    old = current_app.conf.broker_url
    current_app.conf.broker_url = NOWHERE
    _reset_pools()
    settings.CACHES = {
        "default": {
            "BACKEND": "accounts.cache.TolerantRedisCache",
            "LOCATION": NOWHERE,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    yield
    current_app.conf.broker_url = old
    _reset_pools()


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_changes_commit_and_answer_success_while_redis_is_down(
    world, redis_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        created = api(world.admin_a).post(
            "/api/v1/evidence/",
            {
                "indicator": "smes_served",
                "college": world.college_a.pk,
                "value": "2",
                "occurred_on": "2026-03-01",
            },
            format="json",
        )
        assert created.status_code == 201, created.content
        assert (
            api(world.evaluator).post(f"/api/v1/evidence/{created.json()['id']}/verify/").status_code == 200
        )
        demand = api(world.engineer_x).post(
            "/api/v1/talent-demands/",
            {"enterprise": world.enterprise_x.pk, "skill": "plc", "headcount": 3, "year": 2026},
            format="json",
        )
        assert demand.status_code in (201, 400), demand.content  # 400 only if the skill is unknown here
        position = DualPositionFactory(user=world.teacher_a, enterprise=world.enterprise_x, status="active")
        log = api(world.teacher_a).post(
            "/api/v1/practice-logs/",
            {"enterprise": world.enterprise_x.pk, "date": "2026-02-01", "hours": "3", "description": "d"},
            format="json",
        )
        assert log.status_code == 201, log.content
        assert (
            api(world.engineer_x).post(f"/api/v1/practice-logs/{log.json()['id']}/confirm/").status_code
            == 200
        )
        queued = api(world.evaluator).post("/api/v1/scorecards/recompute/", {}, format="json")
        assert queued.status_code == 202 and queued.json()["task_id"] is None
    assert position.practice_logs.get().status == "confirmed"
    # The work waits in the database, not in the lost queue.
    assert DirtyMark.objects.filter(kind__in=["scorecards", "scheme"]).exists()


def test_logins_work_while_redis_is_down(client, world, redis_down):
    assert client.post("/accounts/login/", {"login": "admin-a", "password": PASSWORD}).status_code == 302
    assert client.get("/dashboard/").status_code == 200
    token = APIClient().post(
        "/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json"
    )
    assert token.status_code == 200


def test_when_the_broker_is_back_the_marks_are_drained(world, redis_down, django_capture_on_commit_callbacks):
    from evaluation.models import Scorecard
    from evaluation.pending import drain

    with django_capture_on_commit_callbacks(execute=True):
        Evidence.objects.create(
            indicator="smes_served",
            college=world.college_a,
            value=1,
            period=2026,
            occurred_on=datetime.date(2026, 2, 1),
            source="manual",
            status="verified",
        )
        created = api(world.admin_a).post(
            "/api/v1/evidence/",
            {
                "indicator": "smes_served",
                "college": world.college_a.pk,
                "value": "1",
                "occurred_on": "2026-03-01",
            },
            format="json",
        )
        api(world.evaluator).post(f"/api/v1/evidence/{created.json()['id']}/verify/")
    assert not Scorecard.objects.exists()
    drain()  # what the worker's beat does every minute, once it can reach its queue
    card = Scorecard.objects.get(subject_type="college", subject_id=world.college_a.pk, period=2026)
    assert card.indicators.get(code="smes_served").value == 2
    assert not DirtyMark.objects.exists()


def test_a_retried_post_with_the_same_idempotency_key_writes_once(world):
    client = api(world.admin_a)
    body = {
        "indicator": "smes_served",
        "college": world.college_a.pk,
        "value": "2",
        "occurred_on": "2026-03-01",
    }
    first = client.post("/api/v1/evidence/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    again = client.post("/api/v1/evidence/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert Evidence.objects.filter(college=world.college_a, indicator="smes_served").count() == 1
    # The same key for another request is a client error; another person's same key is theirs.
    other = client.post(
        "/api/v1/evidence/", {**body, "value": "3"}, format="json", HTTP_IDEMPOTENCY_KEY="k-123"
    )
    assert other.status_code == 422
    theirs = api(world.admin_b).post(
        "/api/v1/evidence/",
        {**body, "college": world.college_b.pk},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-123",
    )
    assert theirs.status_code == 201
    # Without a key, a retry is a new request.
    assert client.post("/api/v1/evidence/", body, format="json").status_code == 201


def test_a_refused_request_can_be_retried_with_its_key(world):
    client = api(world.admin_a)
    body = {
        "indicator": "smes_served",
        "college": world.college_a.pk,
        "value": "-1",
        "occurred_on": "2026-03-01",
    }
    assert (
        client.post("/api/v1/evidence/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-9").status_code == 400
    )
    assert (
        client.post("/api/v1/evidence/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-9").status_code == 400
    )
