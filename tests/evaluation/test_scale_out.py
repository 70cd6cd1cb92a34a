"""Two web processes and two Celery workers on one PostgreSQL and one Redis, as a province
would run the portal: evidence decisions, target changes and full recomputes go through both
web processes at once, the two workers drain what they mark, and afterwards every stored
scorecard equals a fresh full recompute (``manage.py audit_scorecards``). Recomputes of one
scheme are serialised by a row lock in PostgreSQL, not by anything in one process, so the
two workers never write the same cards at once.
"""

import contextlib
import os
import subprocess
import sys
import time
import uuid
from itertools import count

import pytest
import requests
from hypothesis import HealthCheck, given, settings

from tests.evaluation.test_no_lost_update import (
    PLANS,
    ROOT,
    SETUP,
    HttpClient,
    Op,
    _free_port,
    _manage,
    run_plan,
)

pytestmark = [pytest.mark.postgres, pytest.mark.redis]


def _database(url: str, name: str) -> str:
    return url.rsplit("/", 1)[0] + "/" + name


@pytest.fixture(scope="module")
def province():
    base_url = os.environ["DATABASE_URL"]
    name = f"chanjiao_scale_{uuid.uuid4().hex[:8]}"
    admin = _database(base_url, "postgres")
    subprocess.run(["psql", admin, "-qc", f"CREATE DATABASE {name}"], check=True, capture_output=True)
    redis = os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/6"  # a broker of its own
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DATABASE_URL": _database(base_url, name),
        "REDIS_URL": redis,
        "DEBUG": "false",
        "RECOMPUTE_COALESCE_SECONDS": "0.05",
        "PYTHONUNBUFFERED": "1",
    }
    processes: list[subprocess.Popen[bytes]] = []
    try:
        # Empty the broker first: a drain the demo world queues must stay queued for the
        # workers (while one is queued, changes do not queue another).
        subprocess.run(["redis-cli", "-u", redis, "flushdb"], check=True, capture_output=True)
        for args in (("migrate", "--noinput", "-v0"), ("seed_demo", "-v0")):
            done = _manage(env, *args)
            assert done.returncode == 0, done.stderr
        setup = _manage(env, "shell", "-c", SETUP)
        assert setup.returncode == 0, setup.stderr
        token_line, college_line = setup.stdout.strip().splitlines()[-2:]
        bases = []
        for _ in range(2):
            port = _free_port()
            processes.append(
                subprocess.Popen(
                    [
                        sys.executable,
                        "-m",
                        "gunicorn",
                        "config.wsgi:application",
                        "--workers",
                        "1",
                        "--threads",
                        "4",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--log-level",
                        "warning",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
            )
            bases.append(f"http://127.0.0.1:{port}")
        worker = [sys.executable, "-m", "celery", "-A", "config", "worker", "--concurrency", "1"]
        worker += ["--loglevel", "WARNING", "--without-gossip", "--without-mingle"]
        processes.extend(
            subprocess.Popen(
                [*worker, "-n", f"province-{n}-{name}@%h"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
            for n in range(2)
        )
        for base in bases:
            for _ in range(300):
                try:
                    if requests.get(f"{base}/livez/", timeout=5).status_code == 200:
                        break
                except requests.RequestException:  # not listening yet, or still loading
                    time.sleep(0.1)
            else:
                pytest.fail(f"{base} did not start")
        yield {
            "bases": bases,
            "env": env,
            "tokens": dict(pair.split("=") for pair in token_line.split(";")),
            "colleges": [int(c) for c in college_line.split(";")],
        }
    finally:
        for process in processes:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 15)
        for process in processes:
            process.wait(timeout=30)
        subprocess.run(
            ["psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True
        )


class TwoWebProcesses(HttpClient):
    """Every request goes to one web process or the other, in turn; now and then a full
    recompute is asked for too, through either."""

    def __init__(self, world: dict) -> None:
        self.bases = world["bases"]
        self.turn = count()
        super().__init__({**world, "base": self.bases[0]})

    def _as(self, username: str, method: str, path: str, **kwargs) -> requests.Response:
        self.base = self.bases[next(self.turn) % 2]
        return super()._as(username, method, path, **kwargs)

    def target(self, op: Op) -> int:
        status = super().target(op)
        recompute = super()._as("demo-evaluator", "post", "/api/v1/scorecards/recompute/", json={})
        return status if recompute.status_code == 202 else recompute.status_code


@settings(max_examples=2, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(plan=PLANS)
def test_two_web_processes_and_two_workers_leave_every_card_exact(province, plan):
    errors = run_plan(TwoWebProcesses(province), plan)
    assert errors == []
    deadline = time.monotonic() + 180
    while True:  # both workers drain what the changes marked
        pending = _manage(
            province["env"],
            "shell",
            "-c",
            "from ledger.models import DirtyMark; print(DirtyMark.objects.count())",
        )
        if pending.stdout.strip().splitlines()[-1] == "0":
            break
        assert time.monotonic() < deadline, "marks left undrained"
        time.sleep(0.5)
    # A full recompute asked for last may still be running: the cards are exact once the
    # workers are done, and must stay so.
    deadline = time.monotonic() + 60
    while (audit := _manage(province["env"], "audit_scorecards")).returncode != 0:
        assert time.monotonic() < deadline, audit.stdout + audit.stderr
        time.sleep(1)
