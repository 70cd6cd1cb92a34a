"""The live server the browser tests drive answers concurrent requests as a deployed portal
does: each request reads its own person, whatever the database, while the test reads too.

A browser sends several requests at once (a page, its htmx parts, a second person's tab), and
a test reads the database between its steps. On SQLite the test database must not be one
connection shared by the test's thread and every request's thread: sqlite3 interleaves the
statements of threads on a shared connection, so one reads another's rows (``get(pk=…)``
returned two users) or fails ("bad parameter or other API misuse").
"""

import json
import threading
import urllib.request

import pytest
from django.test import Client

from accounts.models import User
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 4
REQUESTS_EACH = 30


def test_concurrent_requests_and_the_test_each_read_their_own_rows(django_db_setup, live_server):
    sessions, ids = {}, {}
    for n in range(PEOPLE):
        user = UserFactory(username=f"reader-{n}")
        client = Client()
        client.force_login(user)
        sessions[user.username] = client.cookies["sessionid"].value
        ids[user.username] = user.pk
    problems: list[str] = []

    def read(username: str, session: str) -> None:
        for _ in range(REQUESTS_EACH):
            request = urllib.request.Request(  # noqa: S310 (the live server's own http address)
                f"{live_server.url}/api/v1/users/me/", headers={"Cookie": f"sessionid={session}"}
            )
            try:
                with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
                    me = json.loads(response.read())["username"]
            except Exception as exc:  # any failure is the finding, reported below
                problems.append(f"{username}: {exc}")
                continue
            if me != username:
                problems.append(f"{username} was answered as {me}")

    threads = [threading.Thread(target=read, args=item) for item in sessions.items()]
    for thread in threads:
        thread.start()
    # Meanwhile the test reads, as a browser test does between its steps.
    while any(thread.is_alive() for thread in threads):
        for username, pk in ids.items():
            try:
                found = User.objects.get(pk=pk).username
            except Exception as exc:
                problems.append(f"the test reading {username}: {exc}")
                continue
            if found != username:
                problems.append(f"the test read {found} for {username}")
    for thread in threads:
        thread.join()
    assert problems == []
