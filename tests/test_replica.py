"""The public lists read from a real PostgreSQL streaming replica: a second cluster this
module clones from the test server with ``pg_basebackup -R`` on a free port. What the replica
serves is never older than the list's publication version; a replica that is behind or down
leaves the read to the primary; a reader's own write is always read back from the primary.

Writes must commit to reach the replica, so these tests run outside a test transaction."""

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection, connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import replica
from tests.conftest import IN_CI
from tests.factories import ProjectFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, databases=["default", "replica"])]
CATALOGUE = "/api/v1/projects/?status=open"
# Settings a hot standby must hold at least as high as its primary.
AT_LEAST_PRIMARY = (
    "max_connections",
    "max_worker_processes",
    "max_wal_senders",
    "max_prepared_transactions",
    "max_locks_per_transaction",
)


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI must run the replica test: {reason}")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A hot standby of the test server, run as the ``postgres`` user."""

    def __init__(self, primary: dict, bindir: Path) -> None:
        self.primary = primary
        self.bindir = bindir
        self.port = _free_port()
        self.data = Path(tempfile.mkdtemp(prefix="chanjiao-replica-"))
        owner = pwd.getpwnam("postgres")
        os.chown(self.data, owner.pw_uid, owner.pw_gid)

    def _run(self, *argv: str, timeout: float = 60) -> str:
        done = subprocess.run(
            ["runuser", "-u", "postgres", "--", *argv],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if done.returncode != 0:
            raise RuntimeError(f"{argv[0]} failed: {done.stderr or done.stdout}")
        return done.stdout

    def sql(self, query: str, port: int | None = None) -> str:
        return self._run(
            str(self.bindir / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port or self.port),
            "-U",
            "postgres",
            "-d",
            self.primary["NAME"],
            "-AtXqc",
            query,
            timeout=15,
        ).strip()

    def create(self) -> None:
        host = str(self.primary.get("HOST") or "127.0.0.1")
        port = str(self.primary.get("PORT") or 5432)
        # -c fast: checkpoint at once rather than waiting for the next spread one; -N: a
        # throwaway copy needs no fsync.
        self._run(
            str(self.bindir / "pg_basebackup"),
            *f"-h {host} -p {port} -U postgres -D {self.data} -R -X stream -c fast -N".split(),
            timeout=120,
        )
        limits = {name: self.sql(f"SHOW {name}", port=int(port)) for name in AT_LEAST_PRIMARY}
        # A packaged server keeps its configuration outside the data directory: write this one's.
        conf = "\n".join(
            [
                f"port = {self.port}",
                "listen_addresses = '127.0.0.1'",
                f"unix_socket_directories = '{self.data}'",
                "hot_standby = on",
                "shared_buffers = 16MB",
                "fsync = off",
                "logging_collector = off",
                *(f"{name} = {value}" for name, value in limits.items()),
                "",
            ]
        )
        for name, text in (
            ("postgresql.conf", conf),
            ("pg_hba.conf", "host all all 127.0.0.1/32 trust\n"),
            ("pg_ident.conf", ""),
        ):
            path = self.data / name
            path.write_text(text)
            owner = pwd.getpwnam("postgres")
            os.chown(path, owner.pw_uid, owner.pw_gid)
        self.start()

    def start(self) -> None:
        self._run(
            str(self.bindir / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.data / "log"),
            "-w",
            "-t",
            "120",  # a busy machine can take a while to reach a consistent state
            "start",
            timeout=150,
        )

    def stop(self) -> None:
        with contextlib.suppress(RuntimeError, subprocess.TimeoutExpired):
            self._run(
                str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop", timeout=30
            )

    def destroy(self) -> None:
        self.stop()
        pid_file = self.data / "postmaster.pid"
        if pid_file.exists():  # pg_ctl could not stop it: end it ourselves
            with contextlib.suppress(ValueError, OSError):
                os.kill(int(pid_file.read_text().split()[0]), 9)
        # A copy of the whole server can take a while to delete: not the test run's time.
        subprocess.Popen(["rm", "-rf", str(self.data)], start_new_session=True)

    def wait_replayed(self, timeout: float = 20) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        target = self.sql("SELECT pg_current_wal_lsn()", port=int(self.primary.get("PORT") or 5432))
        deadline = time.monotonic() + timeout
        while self.sql(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") != "t":
            if time.monotonic() > deadline:
                raise AssertionError("the replica did not catch up")
            time.sleep(0.05)

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        self.wait_replayed()
        self.sql("SELECT pg_wal_replay_pause()")
        try:
            yield
        finally:
            self.sql("SELECT pg_wal_replay_resume()")


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker) -> Iterator[Cluster]:
    with django_db_blocker.unblock():
        primary = dict(connection.settings_dict)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version_num")
            major = int(cursor.fetchone()[0]) // 10000
            cursor.execute("SHOW wal_level")
            wal_level = cursor.fetchone()[0]
    bindir = Path(f"/usr/lib/postgresql/{major}/bin")
    if os.geteuid() != 0 or not shutil.which("runuser"):
        _unavailable("needs root to run a second PostgreSQL cluster as the postgres user")
    if not (bindir / "pg_basebackup").exists():
        _unavailable(f"needs PostgreSQL's server programs in {bindir}")
    if wal_level == "minimal":
        _unavailable("the test server's wal_level is minimal: it cannot feed a replica")
    standby = Cluster(primary, bindir)
    try:
        standby.create()
    except (RuntimeError, subprocess.TimeoutExpired) as exc:
        standby.destroy()
        _unavailable(f"could not start a streaming replica (is replication from 127.0.0.1 allowed?): {exc}")
    # The ``replica`` database of the settings, pointed at the test database on the standby;
    # a mirror of the primary for the test cases (which flush only the primary).
    connections.settings[replica.ALIAS] = {
        **primary,
        "HOST": "127.0.0.1",
        "PORT": str(standby.port),
        "OPTIONS": {**primary.get("OPTIONS", {}), "connect_timeout": 2},
        "TEST": {**primary.get("TEST", {}), "MIRROR": "default"},
    }
    try:
        yield standby
    finally:
        with contextlib.suppress(Exception):
            connections[replica.ALIAS].close()
        with contextlib.suppress(AttributeError):
            del connections[replica.ALIAS]
        del connections.settings[replica.ALIAS]
        standby.destroy()


@pytest.fixture
def standby(cluster: Cluster) -> Iterator[Cluster]:
    replica.reset()
    try:
        yield cluster
    finally:
        connections[replica.ALIAS].close()
        replica.reset()


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def _read(sql: list[dict]) -> bool:
    """Whether the captured queries read the catalogue's rows (not only the version)."""
    return any("enterprises_project" in query["sql"] for query in sql)


def test_a_list_is_served_from_the_replica_only_once_it_holds_the_publication(standby, api, world):
    first = ProjectFactory(enterprise=world.enterprise_x, status="open")
    standby.wait_replayed()
    with (
        CaptureQueriesContext(connections[replica.ALIAS]) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_primary,
    ):
        assert _ids(api.get(CATALOGUE)) == {first.pk}
    assert _read(on_replica.captured_queries)
    assert not _read(on_primary.captured_queries)

    with standby.paused():
        second = ProjectFactory(enterprise=world.enterprise_x, status="open")  # bumps the version
        with CaptureQueriesContext(connections[replica.ALIAS]) as on_replica:
            assert _ids(api.get(CATALOGUE)) == {first.pk, second.pk}
        # The replica was asked for its version only: it was behind, the primary served.
        assert on_replica.captured_queries and not _read(on_replica.captured_queries)

    third = ProjectFactory(enterprise=world.enterprise_x, status="open")
    standby.wait_replayed()
    with CaptureQueriesContext(connections[replica.ALIAS]) as on_replica:
        assert _ids(api.get(CATALOGUE)) == {first.pk, second.pk, third.pk}
    assert _read(on_replica.captured_queries)  # caught up: the replica serves again


def test_a_reader_sees_their_own_write_at_once(standby, as_user, world):
    draft = ProjectFactory(enterprise=world.enterprise_x, status="draft")
    engineer = as_user(world.engineer_x)
    browser = Client()
    with standby.paused():
        assert engineer.post(f"/api/v1/projects/{draft.pk}/open/").status_code == 200
        with CaptureQueriesContext(connections[replica.ALIAS]) as on_replica:
            assert draft.pk in _ids(engineer.get(CATALOGUE))
            # An anonymous browser that just wrote (any unsafe request) reads from the primary
            # for a while, whatever the replica holds.
            browser.post("/api/v1/projects/", {})
            assert replica.PIN_COOKIE in browser.cookies
            assert draft.pk in _ids(browser.get(CATALOGUE))
        assert not on_replica.captured_queries


def test_a_replica_that_is_down_leaves_the_read_to_the_primary(standby, api, world):
    first = ProjectFactory(enterprise=world.enterprise_x, status="open")
    standby.wait_replayed()
    assert _ids(api.get(CATALOGUE)) == {first.pk}
    standby.stop()
    second = ProjectFactory(enterprise=world.enterprise_x, status="open")
    started = time.monotonic()
    assert _ids(api.get(CATALOGUE)) == {first.pk, second.pk}
    assert time.monotonic() - started < 3
    # Marked down: the next readers do not try it again for a while.
    third = ProjectFactory(enterprise=world.enterprise_x, status="open")
    started = time.monotonic()
    assert _ids(api.get(CATALOGUE)) == {first.pk, second.pk, third.pk}
    assert time.monotonic() - started < 1
