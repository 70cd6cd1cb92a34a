"""A real Celery worker process on the real broker (Redis) and database (PostgreSQL)."""

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from celery.result import AsyncResult
from django.conf import settings
from django.db import connection

from colleges.models import College, IndustryCollege, Major
from config.celery import app as celery_app
from evaluation.models import Scorecard, ScorecardIndicator
from evaluation.recompute import recompute_period
from evaluation.tasks import recompute_all_scorecards
from ledger.models import Evidence, Scheme
from tests.factories import CollegeFactory, MajorFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    db = connection.settings_dict
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/{db['NAME']}"
    )


def wait_for(predicate, timeout: float, what: str, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class Worker:
    """``celery -A config worker`` in its own process group, on the test database."""

    def __init__(self, extra_env: dict[str, str] | None = None) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.extra_env = extra_env or {}

    def start(self) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.REDIS_URL,
            # Hand an unacknowledged task (its worker died) to a new worker after 3 s.
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_UNACKED_RESTORE_THROTTLE": "1",
            **self.extra_env,
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--loglevel=WARNING",
                "--concurrency=1",
                "--without-gossip",
                "--without-mingle",
                "-n",
                f"test-{os.getpid()}@%h",
            ],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        wait_for(lambda: celery_app.control.ping(timeout=0.5), 60, "the worker to answer a ping")

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def worker(default_scheme):
    celery_app.control.purge()  # nothing left over from other tests on the same broker
    process = Worker()
    process.start()
    yield process
    process.stop()


def test_worker_recomputes_after_evidence_is_posted_through_the_api(world, as_user, worker):
    admin, evaluator = as_user(world.admin_a), as_user(world.evaluator)
    created = admin.post(
        "/api/v1/evidence/",
        {
            "indicator": "smes_served",
            "college": world.college_a.pk,
            "value": "1",
            "occurred_on": "2026-06-01",
        },
        format="json",
    )
    assert created.status_code == 201
    assert evaluator.post(f"/api/v1/evidence/{created.json()['id']}/verify/").status_code == 200

    def shows_it():
        row = ScorecardIndicator.objects.filter(
            scorecard__subject_type="college",
            scorecard__subject_id=world.college_a.pk,
            scorecard__period=2026,
            code="smes_served",
        ).first()
        return row if row and row.value == 1 else None

    row = wait_for(shows_it, 30, "the worker to recompute College A")
    assert row.score.quantize(Decimal("0.01")) == Decimal("3.33")


def _bulk_evidence(periods: range, colleges: list, majors: list) -> None:
    """Many verified rows, written set-based (PostgreSQL's generate_series)."""
    codes = ["smes_served", "training_hours", "employer_rating", "project_delivery_rate", "adaptation_days"]
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO ledger_evidence (indicator, college_id, major_id, value, base, occurred_on, period,
                   source, status, note, attachment, event_key, created_at)
            SELECT (%(codes)s::text[])[1 + (g / (%(nc)s * %(np)s)) %% 5],
                   (%(colleges)s::bigint[])[1 + g %% %(nc)s], (%(majors)s::bigint[])[1 + g %% %(nc)s],
                   (g %% 7)::numeric, 1,
                   make_date(%(first)s + (g / %(nc)s) %% %(np)s, 1 + g %% 12, 1 + g %% 28),
                   %(first)s + (g / %(nc)s) %% %(np)s, 'manual', 'verified', '', '', '', now()
              FROM generate_series(1, %(rows)s) AS g
            """,
            {
                "codes": codes,
                "colleges": [c.pk for c in colleges],
                "majors": [m.pk for m in majors],
                "nc": len(colleges),
                "first": periods.start,
                "np": len(periods),
                "rows": 300_000,
            },
        )


def test_a_worker_killed_mid_recompute_leaves_every_scorecard_exact(world, worker):
    colleges = [CollegeFactory() for _ in range(40)]
    majors = [MajorFactory(college=c) for c in colleges]
    periods = range(2019, 2027)
    _bulk_evidence(periods, colleges, majors)
    result = recompute_all_scorecards.delay()

    def midway():
        state = AsyncResult(result.id)
        info = state.info if isinstance(state.info, dict) else {}
        return state.state == "STARTED" and 0 < info.get("progress", 0) < 1

    wait_for(midway, 60, "the full recompute to be under way", every=0.02)
    worker.kill()
    assert AsyncResult(result.id).state != "SUCCESS"
    worker.start()  # the broker hands the unacknowledged task to the new worker
    wait_for(
        lambda: AsyncResult(result.id).state == "SUCCESS",
        120,
        "the redelivered recompute to finish",
        every=0.2,
    )

    # Exact: recomputing once more in this process changes nothing, and a spot check by hand.
    before = sorted(
        Scorecard.objects.values_list("id", "overall", "technology", "competence", "service", "rank")
    )
    subjects = College.objects.count() + Major.objects.count() + IndustryCollege.objects.count()
    assert len(before) == len(periods) * subjects
    scheme_id = Scheme.objects.get(is_active=True).pk
    for period in periods:
        recompute_period(scheme_id=scheme_id, period=period)
    after = sorted(
        Scorecard.objects.values_list("id", "overall", "technology", "competence", "service", "rank")
    )
    assert before == after
    for college in colleges[:3]:
        expected = Evidence.objects.filter(college=college, period=2024, indicator="smes_served").count()
        row = ScorecardIndicator.objects.get(
            scorecard__subject_type="college",
            scorecard__subject_id=college.pk,
            scorecard__period=2024,
            code="smes_served",
        )
        assert expected > 0 and row.value == expected
