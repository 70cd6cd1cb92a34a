"""No interleaving of evidence decisions and target changes can lose a change.

Hypothesis draws the operations (submit, verify, reject, change a target) and how several
threads interleave them; the threads send them at once through the API; then, once nothing
is marked for recompute any more, every stored scorecard must equal a fresh full recompute
to the last stored decimal (``evaluation.audit``). Two set-ups, as users run the portal:

- the embedded default of ``make run``: a real ``runserver`` process (threads), SQLite, no
  broker, the recompute run in-process after each request's commit;
- PostgreSQL with a real Celery worker process on Redis.
"""

import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
INDICATORS = ["smes_served", "transfer_income", "training_hours", "patents_transferred", "employer_rating"]


@dataclass(frozen=True)
class Op:
    kind: str  # submit, verify, reject, target
    college: int  # index into the world's colleges
    indicator: str
    value: int
    day: int  # day of 2026 the evidence occurred on (some fall in 2025: a second period)
    pick: int  # which earlier submission a decision is about
    pause_ms: int  # how long the thread waits first: varies the interleaving


OPS = st.builds(
    Op,
    kind=st.sampled_from(["submit", "verify", "verify", "reject", "target"]),
    college=st.integers(0, 1),
    indicator=st.sampled_from(INDICATORS),
    value=st.integers(0, 2000),
    day=st.integers(-30, 300),
    pick=st.integers(0, 10_000),
    pause_ms=st.integers(0, 150),
)
# Several threads, each with its own list of operations.
PLANS = st.lists(st.lists(OPS, min_size=3, max_size=8), min_size=3, max_size=4)
SEEDED = 6  # submissions made before the threads start, so that decisions have rows to decide


def _occurred_on(op: Op) -> str:
    import datetime

    return (datetime.date(2026, 1, 1) + datetime.timedelta(days=op.day)).isoformat()


class Client:
    """What the threads call: the API of either set-up, as the role the operation needs."""

    def submit(self, op: Op) -> int | None: ...

    def decide(self, evidence_id: int, verb: str) -> int: ...

    def target(self, op: Op) -> int: ...


def run_plan(client: Client, plan: list[list[Op]]) -> list[str]:
    """Seed some submissions, then run each list of operations in its own thread at once."""
    submitted: list[int] = []
    lock = threading.Lock()
    errors: list[str] = []
    for index in range(SEEDED):
        seed = Op("submit", index % 2, INDICATORS[index % len(INDICATORS)], index + 1, index * 7, 0, 0)
        evidence_id = client.submit(seed)
        if evidence_id is None:
            errors.append("a seed submission failed")
        else:
            submitted.append(evidence_id)
    barrier = threading.Barrier(len(plan))

    def work(ops: list[Op]) -> None:
        try:
            barrier.wait(timeout=30)
            for op in ops:
                time.sleep(op.pause_ms / 1000)
                if op.kind == "submit":
                    evidence_id = client.submit(op)
                    if evidence_id is None:
                        errors.append(f"submit {op} failed")
                    else:
                        with lock:
                            submitted.append(evidence_id)
                elif op.kind == "target":
                    status = client.target(op)
                    if status != 200:
                        errors.append(f"target {op}: {status}")
                else:
                    with lock:
                        evidence_id = submitted[op.pick % len(submitted)]
                    status = client.decide(evidence_id, op.kind)
                    if status not in (200, 409):  # 409: somebody decided it first
                        errors.append(f"{op.kind} {evidence_id}: {status}")
        except Exception as exc:  # a thread's failure must fail the test, not vanish
            errors.append(repr(exc))
        finally:
            close = getattr(client, "close_thread", None)
            if close:
                close()

    threads = [threading.Thread(target=work, args=(ops,)) for ops in plan]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


# --- The embedded default: runserver, SQLite, tasks in-process ------------------------------

SETUP = """
from accounts.models import Role, User
from colleges.models import College
from knox.models import AuthToken
tokens = {}
evaluators = [User.objects.get(username="demo-evaluator")]
evaluators.append(User.objects.create_user("audit-evaluator", role=Role.EVALUATOR, password="x-Audit-2026"))
admins = [User.objects.get(username="demo-college"), User.objects.get(username="demo-college-yti")]
for user in evaluators + admins:
    tokens[user.username] = AuthToken.objects.create(user=user)[1]
print(";".join(f"{name}={key}" for name, key in tokens.items()))
print(";".join(str(admin.college_id) for admin in admins))
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _embedded_env(db: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "DATABASE_URL")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.local",
            "DATABASE_URL": f"sqlite:///{db}",
            "DEBUG": "false",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return env


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="module")
def embedded(tmp_path_factory):
    db = tmp_path_factory.mktemp("embedded") / "db.sqlite3"
    env = _embedded_env(db)
    for args in (("migrate", "--noinput", "-v0"), ("seed_demo", "-v0")):
        done = _manage(env, *args)
        assert done.returncode == 0, done.stderr
    setup = _manage(env, "shell", "-c", SETUP)
    assert setup.returncode == 0, setup.stderr
    token_line, college_line = setup.stdout.strip().splitlines()[-2:]
    tokens = dict(pair.split("=") for pair in token_line.split(";"))
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if requests.get(f"{base}/healthz/", timeout=1).status_code == 200:
                break
        except requests.ConnectionError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("runserver did not start")
    yield {"base": base, "env": env, "tokens": tokens, "colleges": [int(c) for c in college_line.split(";")]}
    server.terminate()
    server.wait(timeout=20)


class HttpClient(Client):
    def __init__(self, world: dict) -> None:
        self.base = world["base"]
        self.tokens = world["tokens"]
        self.colleges = world["colleges"]
        self.admins = ["demo-college", "demo-college-yti"]
        self.evaluators = ["demo-evaluator", "audit-evaluator"]
        self.indicators = {
            row["code"]: row["id"]
            for row in self._as("demo-evaluator", "get", "/api/v1/indicators/?page_size=200").json()[
                "results"
            ]
        }

    def _as(self, username: str, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Token {self.tokens[username]}"}
        return requests.request(method, self.base + path, headers=headers, timeout=60, **kwargs)

    def submit(self, op: Op) -> int | None:
        response = self._as(
            self.admins[op.college],
            "post",
            "/api/v1/evidence/",
            json={
                "indicator": op.indicator,
                "college": self.colleges[op.college],
                "value": str(op.value if op.indicator != "employer_rating" else 1 + op.value % 5),
                "occurred_on": _occurred_on(op),
            },
        )
        return response.json()["id"] if response.status_code == 201 else None

    def decide(self, evidence_id: int, verb: str) -> int:
        # Whichever evaluator did not submit it (evaluators never decide their own rows).
        return self._as(
            self.evaluators[evidence_id % 2],
            "post",
            f"/api/v1/evidence/{evidence_id}/{verb}/",
            json={"note": "Checked against the documents."},
        ).status_code

    def target(self, op: Op) -> int:
        return self._as(
            "demo-evaluator",
            "patch",
            f"/api/v1/indicators/{self.indicators[op.indicator]}/",
            json={"target": str(10 + op.value)},
        ).status_code


@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(plan=PLANS)
def test_embedded_default_loses_no_change(embedded, plan):
    client = HttpClient(embedded)
    errors = run_plan(client, plan)
    assert errors == []
    # Every request has returned, and each ran its recompute after its commit: nothing waits.
    pending = _manage(
        embedded["env"],
        "shell",
        "-c",
        "from ledger.models import DirtyMark; print(DirtyMark.objects.count())",
    )
    assert pending.stdout.strip().splitlines()[-1] == "0", pending.stderr
    audit = _manage(embedded["env"], "audit_scorecards")
    assert audit.returncode == 0, audit.stdout + audit.stderr


# --- PostgreSQL and a real worker on Redis ----------------------------------------------------


class ApiClient(Client):
    """Django's API client, authenticated per role; each thread has its own connection."""

    def __init__(self, world, colleges) -> None:
        from rest_framework.test import APIClient

        from ledger.models import Indicator

        self.world = world
        self.colleges = colleges
        self.admins = [world.admin_a, world.admin_b]
        self.evaluators = [world.evaluator, world.platform_admin]
        self.indicators = dict(Indicator.objects.filter(scheme__is_active=True).values_list("code", "pk"))
        self.client_class = APIClient

    def _as(self, user):
        client = self.client_class()
        client.force_authenticate(user=user)
        return client

    def close_thread(self) -> None:
        from django.db import connection

        connection.close()

    def submit(self, op: Op) -> int | None:
        response = self._as(self.admins[op.college]).post(
            "/api/v1/evidence/",
            {
                "indicator": op.indicator,
                "college": self.colleges[op.college].pk,
                "value": str(op.value if op.indicator != "employer_rating" else 1 + op.value % 5),
                "occurred_on": _occurred_on(op),
            },
            format="json",
        )
        return response.json()["id"] if response.status_code == 201 else None

    def decide(self, evidence_id: int, verb: str) -> int:
        return (
            self._as(self.evaluators[evidence_id % 2])
            .post(
                f"/api/v1/evidence/{evidence_id}/{verb}/",
                {"note": "Checked against the documents."},
                format="json",
            )
            .status_code
        )

    def target(self, op: Op) -> int:
        return (
            self._as(self.world.evaluator)
            .patch(
                f"/api/v1/indicators/{self.indicators[op.indicator]}/",
                {"target": str(10 + op.value)},
                format="json",
            )
            .status_code
        )


@pytest.fixture
def world_for_worker(world, default_scheme):
    return world, [world.college_a, world.college_b]


@pytest.fixture(scope="module")
def worker_process():
    from config.celery import app as celery_app
    from tests.evaluation.test_worker import Worker

    celery_app.control.purge()
    process = Worker(extra_env={"RECOMPUTE_COALESCE_SECONDS": "0.05"})
    process.start()
    yield process
    process.stop()


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(plan=PLANS)
def test_postgresql_with_a_worker_loses_no_change(world_for_worker, worker_process, plan):
    from django.test import override_settings

    from evaluation.audit import audit
    from ledger.models import DirtyMark

    world, colleges = world_for_worker
    with override_settings(RECOMPUTE_COALESCE_SECONDS=0.05):
        errors = run_plan(ApiClient(world, colleges), plan)
    assert errors == []
    deadline = time.monotonic() + 120
    while DirtyMark.objects.exists():  # the worker drains what the changes marked
        assert time.monotonic() < deadline, list(DirtyMark.objects.values_list("key", flat=True))
        time.sleep(0.2)
    assert audit() == []
