"""No page links to what its reader may not open.

On the demo world, each role's pages are walked from the dashboard and the header's
sections, following every link to a page of the portal (as a browser would, GET only); no
link may answer 403 or 404 to the person it was shown to.
"""

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command

from accounts.models import User

pytestmark = pytest.mark.django_db
ROLES = ["demo-admin", "demo-college", "demo-teacher", "demo-engineer", "demo-student", "demo-evaluator"]
HREF = re.compile(r'href="([^"]+)"')
# Not pages to walk: the API and its docs, the admin, downloads, static files, logging out,
# other languages of the same page and the next pages of lists.
SKIP = re.compile(
    r"^/(api|admin|static|media|accounts/logout|i18n)/|[?&](format|page|sort|lang)=|\.(pdf|csv|json|png)$"
)
PAGES_PER_ROLE = 400


def _links(html: str) -> set[str]:
    found = set()
    for href in HREF.findall(html):
        url = urldefrag(unescape(href))[0]
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not url.startswith("/") or SKIP.search(url):
            continue
        found.add(parts.path if "?" not in url else url)
    return found


@pytest.fixture
def demo(default_scheme):
    call_command("seed_demo", verbosity=0)


def test_no_page_links_to_what_its_reader_may_not_open(demo, client):
    broken = []
    for username in ROLES:
        client.force_login(User.objects.get(username=username))
        start = client.get("/").content.decode()
        queue, seen = deque((url, "/") for url in sorted(_links(start))), {"/"}
        pages = 0
        while queue and pages < PAGES_PER_ROLE:
            url, shown_on = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            response = client.get(url)
            pages += 1
            if response.status_code in (403, 404):
                broken.append(f"{username}: {url}, linked from {shown_on}, answers {response.status_code}")
                continue
            if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
                queue.extend((link, url) for link in sorted(_links(response.content.decode()) - seen))
        client.logout()
    assert broken == [], "\n".join(broken)
