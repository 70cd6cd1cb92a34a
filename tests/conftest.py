"""Fixtures shared by the whole suite.

The world of every API test: two colleges (A, B) and two enterprises (X, Y), each with its
own people, so that every rule can be checked against an owner, a member and an outsider.
Enterprise X is a partner of college A through an industry college.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Role, User
from colleges.models import College, IndustryCollege
from enterprises.models import Enterprise

from .factories import CollegeFactory, EnterpriseFactory, IndustryCollegeFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"
NODE_MODULES = Path(__file__).resolve().parent / "js" / "node_modules"


def _missing(marker: str) -> str | None:
    """Why a test of this kind cannot run here, or None when it can."""
    if marker == "postgres" and connection.vendor != "postgresql":
        return "needs PostgreSQL: set DATABASE_URL"
    if marker == "redis" and not settings.REDIS_URL:
        return "needs Redis: set REDIS_URL"
    if marker == "browser" and not os.path.exists("/usr/bin/chromium"):
        return "needs Chromium at /usr/bin/chromium"
    if marker == "pdf" and not all(shutil.which(tool) for tool in ("pdffonts", "pdftotext", "pdftoppm")):
        return "needs poppler's tools: apt-get install poppler-utils"
    if marker == "node" and not (shutil.which("node") and (NODE_MODULES / "jsonld-signatures").is_dir()):
        return "needs Node and the tools of tests/js: npm install --no-package-lock --prefix tests/js"
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    for marker in ("postgres", "redis", "browser", "node", "pdf"):
        if item.get_closest_marker(marker) is None:
            continue
        reason = _missing(marker)
        if reason is None:
            continue
        if IN_CI:
            pytest.fail(f"CI must run this test: {reason}")
        pytest.skip(reason)


@dataclass
class World:
    college_a: College
    college_b: College
    enterprise_x: Enterprise
    enterprise_y: Enterprise
    industry_college: IndustryCollege
    platform_admin: User
    evaluator: User
    evaluator_2: User
    admin_a: User
    admin_b: User
    teacher_a: User
    teacher_b: User
    engineer_x: User
    engineer_y: User
    student_a: User
    student_a2: User
    student_b: User


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows for ``secret`` now (RFC 6238: HMAC-SHA1, 30 s,
    6 digits), computed here as the app would, not by the portal's code."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    if at is None:
        # A code typed in the last moments of its 30 s window reaches the server in the next
        # one, where it no longer counts (no tolerance is allowed); wait for a fresh window.
        left = 30 - time.time() % 30
        if left < 3:
            time.sleep(left + 0.05)
        at = time.time()
    counter = int(at // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 10**6
    return f"{value:06d}"


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # the tests' authenticator app


def give_totp(user: User, secret: str = TOTP_SECRET) -> str:
    """Set up two-factor authentication for ``user`` as they would on their profile page."""
    from allauth.mfa.totp.internal.auth import TOTP

    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def world(db: None) -> World:
    college_a = CollegeFactory(code="col-a", name="College A", region="Guangdong")
    college_b = CollegeFactory(code="col-b", name="College B", region="Jiangsu")
    enterprise_x = EnterpriseFactory(code="ent-x", name="Enterprise X", region="Guangdong")
    enterprise_y = EnterpriseFactory(code="ent-y", name="Enterprise Y", region="Jiangsu")
    industry_college = IndustryCollegeFactory(college=college_a, name="A–X Industry College")
    industry_college.enterprises.add(enterprise_x)
    world = World(
        college_a=college_a,
        college_b=college_b,
        enterprise_x=enterprise_x,
        enterprise_y=enterprise_y,
        industry_college=industry_college,
        platform_admin=UserFactory(
            username="padmin", role=Role.PLATFORM_ADMIN, is_superuser=True, is_staff=True
        ),
        evaluator=UserFactory(username="evaluator", role=Role.EVALUATOR),
        evaluator_2=UserFactory(username="evaluator-2", role=Role.EVALUATOR),
        admin_a=UserFactory(username="admin-a", role=Role.COLLEGE_ADMIN, college=college_a),
        admin_b=UserFactory(username="admin-b", role=Role.COLLEGE_ADMIN, college=college_b),
        teacher_a=UserFactory(username="teacher-a", role=Role.TEACHER, college=college_a),
        teacher_b=UserFactory(username="teacher-b", role=Role.TEACHER, college=college_b),
        engineer_x=UserFactory(username="engineer-x", role=Role.ENGINEER, enterprise=enterprise_x),
        engineer_y=UserFactory(username="engineer-y", role=Role.ENGINEER, enterprise=enterprise_y),
        student_a=UserFactory(username="student-a", role=Role.STUDENT, college=college_a),
        student_a2=UserFactory(username="student-a2", role=Role.STUDENT, college=college_a),
        student_b=UserFactory(username="student-b", role=Role.STUDENT, college=college_b),
    )
    # Their roles must use two-factor authentication; they have set it up.
    give_totp(world.platform_admin)
    give_totp(world.evaluator)
    give_totp(world.evaluator_2)
    return world


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def as_user(api: APIClient):
    """``as_user(user)`` returns an API client authenticated as ``user`` (None: anonymous)."""

    def login(user: User | None) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return login


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def default_scheme(db: None) -> None:
    """Transactional tests empty every table afterwards, the migrated default scheme too:
    install it again as its data migration does."""
    from ledger.defaults import install
    from ledger.models import Indicator, Scheme

    install(Scheme, Indicator)


@pytest.fixture
def tasks():
    """Tasks published to the broker, as (name, args, kwargs); ``tasks.run()`` runs them here,
    as a worker would (the tasks' own code, not a stand-in)."""
    from celery import current_app
    from celery.signals import before_task_publish

    class Published(list):
        def run(self) -> None:
            while self:
                name, args, kwargs = self.pop(0)
                current_app.tasks[name].apply(args=args, kwargs=kwargs, throw=True)

    published = Published()

    def record(sender=None, body=None, **_kwargs):
        args, kwargs, _embed = body
        published.append((sender, list(args), dict(kwargs)))

    before_task_publish.connect(record, weak=False)
    yield published
    before_task_publish.disconnect(record)
