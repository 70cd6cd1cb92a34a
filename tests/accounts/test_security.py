"""Login throttling on the page, two-factor authentication, and CSRF."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_throttles_repeated_failures_for_one_account(client, world, settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = "3/5m"
    statuses = [
        client.post("/accounts/login/", {"login": "teacher-a", "password": "wrong"}).status_code
        for _ in range(4)
    ]
    assert statuses[:3] == [200, 200, 200]  # the form again, with an error
    assert statuses[3] == 429
    assert client.post("/accounts/login/", {"login": "teacher-a", "password": PASSWORD}).status_code == 429
    assert client.post("/accounts/login/", {"login": "admin-a", "password": PASSWORD}).status_code == 302


def test_login_page_throttles_repeated_failures_from_one_address(client, world, settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = "3/5m"
    for name in ("a1", "a2", "a3"):
        client.post("/accounts/login/", {"login": name, "password": "wrong"})
    assert client.post("/accounts/login/", {"login": "admin-a", "password": PASSWORD}).status_code == 429


def test_every_user_can_turn_on_totp_and_then_needs_it(client, world):
    assert client.login(username="student-a", password=PASSWORD)
    page = client.get("/accounts/2fa/")
    assert page.status_code == 200 and "Authenticator App" in page.content.decode()
    # Turn TOTP on as the activation page does, then check that logging in asks for it.
    secret = generate_totp_secret()
    TOTP.activate(world.student_a, secret)
    assert Authenticator.objects.filter(user=world.student_a, type=Authenticator.Type.TOTP).exists()
    client.logout()
    response = client.post("/accounts/login/", {"login": "student-a", "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/2fa/authenticate/")
    assert client.get("/dashboard/").status_code == 302  # not logged in yet
    code = f"{hotp_value(secret, int(time.time()) // 30):06d}"
    wrong = f"{(int(code) + 500_000) % 1_000_000:06d}"
    assert client.post("/accounts/2fa/authenticate/", {"code": wrong}).status_code == 200  # the form again
    assert client.post("/accounts/2fa/authenticate/", {"code": code}).status_code == 302
    assert client.get("/dashboard/").status_code == 200
