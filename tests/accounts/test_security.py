"""Login throttling on the page, two-factor authentication, and CSRF."""

import time

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret, hotp_value
from rest_framework.test import APIClient

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


def _names_of_teacher_a(world) -> list[str]:
    """Every name the login accepts for one account: its user name in any case, its e-mail
    address in any case, and another address of it that allauth knows."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=world.teacher_a, email="t.a@college-a.example", verified=True)
    username, email = world.teacher_a.username, world.teacher_a.email
    return [username, email, username.upper(), email.title(), "T.A@college-a.example"]


def test_every_name_of_an_account_counts_on_its_one_counter_on_the_login_page(client, world, settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = "5/15m"
    names = _names_of_teacher_a(world)
    assert [
        client.post("/accounts/login/", {"login": n, "password": "wrong"}).status_code for n in names
    ] == [200] * 5
    for name in names:  # locked, whichever name is typed, even with the right password
        assert client.post("/accounts/login/", {"login": name, "password": PASSWORD}).status_code == 429
    assert client.post("/accounts/login/", {"login": "admin-a", "password": PASSWORD}).status_code == 302


def test_every_name_of_an_account_counts_on_its_one_counter_for_tokens(world, settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = "5/15m"
    names = _names_of_teacher_a(world)
    client = APIClient()

    def token(name: str, password: str) -> int:
        body = {"username": name, "password": password}
        return client.post("/api/v1/auth/token/", body, format="json").status_code

    # The e-mail is a login the token endpoint accepts; a right password starts the account
    # afresh whichever name it came with.
    assert token(names[0], "wrong") == 400 and token(names[1], PASSWORD) == 200
    assert [token(name, "wrong") for name in names] == [400] * 5
    assert [token(name, PASSWORD) for name in names] == [429] * 5
    # A name no account has is counted on its own.
    assert [token("nobody@example.org", "wrong") for _ in range(6)] == [400] * 5 + [429]
