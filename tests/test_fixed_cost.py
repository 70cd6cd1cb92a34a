"""A fixed cost per list: no list endpoint and no list page runs more queries for more rows.

On the demo world, every list the API serves and every list page is read as each demo role
at 5 rows a page and at 50; the number of queries must be the same (a query per row, N+1,
would add 45). A list with 5 rows or fewer proves nothing and is counted apart; the test
fails too when too few lists had more.
"""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts import pagekit
from accounts.models import User
from config.api_urls import router

pytestmark = pytest.mark.django_db
ROLES = ["demo-admin", "demo-college", "demo-teacher", "demo-engineer", "demo-student", "demo-evaluator"]


@pytest.fixture
def demo(default_scheme):
    call_command("seed_demo", verbosity=0)


def list_endpoints() -> list[str]:
    return sorted(
        {f"/api/v1/{prefix}/" for prefix, viewset, _basename in router.registry if hasattr(viewset, "list")}
    )


def _queries(client, url):
    client.get(url)  # warm: per-process caches (content types, the scheme) fill once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def test_no_list_endpoint_costs_more_for_more_rows(demo):
    proved, growing = set(), []
    for username in ROLES:
        client = APIClient()
        client.force_authenticate(User.objects.get(username=username))
        for url in list_endpoints():
            few, few_queries = _queries(client, url + "?page_size=5")
            if few.status_code != 200 or not isinstance(few.json(), dict) or few.json().get("count", 0) <= 5:
                continue
            _many, many_queries = _queries(client, url + "?page_size=50")
            proved.add(url)
            if many_queries != few_queries:
                growing.append(f"{username} {url}: {few_queries} queries for 5 rows, {many_queries} for 50")
    assert growing == [], "\n".join(growing)
    assert len(proved) >= 12, sorted(proved)


def test_no_list_page_costs_more_for_more_rows(demo, client, monkeypatch):
    from config.urls import urlpatterns  # noqa: F401  (the sections are built with the URLs)
    from portal.navigation import SECTIONS

    proved, growing = set(), []
    for username in ROLES:
        user = User.objects.get(username=username)
        client.force_login(user)
        role = "platform_admin" if user.is_platform_admin else user.role
        from django.urls import reverse

        urls = {
            reverse(name)
            for _label, target in SECTIONS[role]
            for _child, name in (target if isinstance(target, list) else [(None, target)])
            if name.endswith("-list")
        }
        for url in sorted(urls):
            monkeypatch.setattr(pagekit, "PAGE_SIZE", 5)
            few, few_queries = _queries(client, url)
            if few.status_code != 200 or few.context is None or few.context.get("page") is None:
                continue
            if few.context["page"].paginator.count <= 5:
                continue
            monkeypatch.setattr(pagekit, "PAGE_SIZE", 50)
            _many, many_queries = _queries(client, url)
            proved.add(url)
            if many_queries != few_queries:
                growing.append(f"{username} {url}: {few_queries} queries for 5 rows, {many_queries} for 50")
    assert growing == [], "\n".join(growing)
    assert len(proved) >= 8, sorted(proved)
