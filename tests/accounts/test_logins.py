"""Logging in on the pages: two factors where a role needs them, the admin through the same
door, limits that hold under a race, the demo password refused in production, and a
password reset that says so when no e-mail can leave."""

import threading

import pytest
from django.test import Client

from accounts.models import LoginRecord
from tests.conftest import TOTP_SECRET, give_totp, totp_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_second_factor_is_asked_after_the_password(client, world):
    response = client.post("/accounts/login/", {"login": "evaluator", "password": PASSWORD})
    assert response.status_code == 302 and "/accounts/2fa/authenticate/" in response["Location"]
    assert client.get("/dashboard/").status_code == 302  # not logged in yet
    done = client.post("/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert done.status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_a_role_that_must_use_two_factor_is_led_to_set_it_up(client, world):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.evaluator).delete()
    client.post("/accounts/login/", {"login": "evaluator", "password": PASSWORD})
    response = client.get("/dashboard/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    assert client.get("/api/v1/scorecards/").status_code == 403
    # Straight after logging in, the set-up page itself: why, how, the QR code to scan (no
    # second password prompt for a password typed seconds ago).
    page = client.get("/accounts/2fa/totp/activate/")
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    text = page.content.decode()
    assert "Your role (Evaluator) can change what many people rely on" in text  # why
    assert "Install an authenticator app" in text and 'name="code"' in text  # how
    assert '<link rel="stylesheet" href="/static/css/site.css">' in text  # in the portal's layout
    # Other roles are not asked.
    client.logout()
    assert client.login(username="admin-a", password=PASSWORD)
    assert client.get("/dashboard/").status_code == 200


def test_the_two_factor_set_up_page_speaks_the_readers_language(client, world):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.evaluator).delete()
    client.post("/accounts/login/", {"login": "evaluator", "password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    text = page.content.decode()
    assert page.status_code == 200
    assert "设置两步验证" in text and "你的角色（评估员）" in text and "安装身份验证器应用" in text
    assert "Install an authenticator app" not in text


def test_setting_up_two_factor_long_after_logging_in_asks_for_the_password_again(client, world, settings):
    import time

    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.evaluator).delete()
    client.post("/accounts/login/", {"login": "evaluator", "password": PASSWORD})
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] = time.time() - 301  # past allauth's re-authentication timeout (300 s)
    session.save()
    again = client.get("/accounts/2fa/totp/activate/")
    assert again.status_code == 302 and again["Location"].startswith("/accounts/reauthenticate/")
    client.post(again["Location"], {"password": PASSWORD})
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200


def test_the_admin_site_logs_in_through_the_portals_login_with_its_second_factor(client, world):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"] == "/accounts/login/?next=/admin/"
    assert client.post("/admin/login/", {"username": "padmin", "password": PASSWORD}).status_code in (
        302,
        405,
    )
    assert client.get("/admin/").status_code == 302  # still not in
    client.post("/accounts/login/?next=/admin/", {"login": "padmin", "password": PASSWORD})
    client.post("/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert client.get("/admin/").status_code == 200


def test_the_login_page_locks_an_account_with_a_clear_message_and_lets_others_in(client, world, settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = "3/15m"
    for _ in range(3):
        assert client.post("/accounts/login/", {"login": "admin-a", "password": "wrong"}).status_code == 200
    locked = client.post("/accounts/login/", {"login": "admin-a", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Try again in 15 minutes" in locked.content.decode()
    assert client.post("/accounts/login/", {"login": "admin-b", "password": PASSWORD}).status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_wrong_passwords_are_never_all_evaluated(world, settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = "5/15m"
    statuses: list[int] = []
    lock = threading.Lock()
    barrier = threading.Barrier(50)

    def guess() -> None:
        from django.db import connection

        client = Client()
        barrier.wait()
        status = client.post(
            "/api/v1/auth/token/",
            {"username": "admin-a", "password": "wrong"},
            content_type="application/json",
        ).status_code
        with lock:
            statuses.append(status)
        connection.close()

    threads = [threading.Thread(target=guess) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [400] * 5 + [429] * 45


def test_the_demo_password_is_refused_where_the_settings_do_not_allow_it(client, world, settings):
    from accounts.models import User

    user = User.objects.get(username="admin-a")
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    assert client.login(username="admin-a", password=settings.DEMO_PASSWORD)
    client.logout()
    settings.ALLOW_DEMO_PASSWORD = False
    assert not client.login(username="admin-a", password=settings.DEMO_PASSWORD)
    page = client.post("/accounts/login/", {"login": "admin-a", "password": settings.DEMO_PASSWORD})
    assert page.status_code == 200 and client.get("/dashboard/").status_code == 302
    token = client.post(
        "/api/v1/auth/token/",
        {"username": "admin-a", "password": settings.DEMO_PASSWORD},
        content_type="application/json",
    )
    assert token.status_code == 400


def test_a_password_reset_without_a_mail_server_says_so(client, world, settings, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens there
    settings.EMAIL_TIMEOUT = 2
    response = client.post("/accounts/password/reset/", {"email": "admin-a@example.org"})
    assert response.status_code == 503
    assert "could not be sent" in response.content.decode()
    assert any("password reset e-mail could not be sent" in r.message for r in caplog.records)


def test_logins_are_recorded_for_the_person(client, world):
    client.post("/accounts/login/", {"login": "admin-a", "password": PASSWORD}, HTTP_USER_AGENT="Firefox")
    Client().post(
        "/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, content_type="application/json"
    )
    records = list(LoginRecord.objects.filter(user=world.admin_a).order_by("at"))
    assert [r.method for r in records] == ["page", "token"]
    assert records[0].user_agent == "Firefox" and records[0].address == "127.0.0.1"


def test_the_tokens_page_makes_shows_once_and_revokes(client, world):
    from knox.models import AuthToken

    assert client.login(username="admin-a", password=PASSWORD)
    page = client.post("/profile/tokens/").content.decode()
    stored = AuthToken.objects.get(user=world.admin_a)
    assert "Copy it now" in page and stored.token_key in page
    assert "Copy it now" not in client.get("/profile/tokens/").content.decode()
    client.post("/profile/tokens/", {"revoke": stored.token_key})
    assert not AuthToken.objects.filter(user=world.admin_a).exists()


def test_giving_an_evaluator_two_factor_lets_them_in(client, world):
    """The set-up page is allauth's: once done, the person goes on."""
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.evaluator).delete()
    give_totp(world.evaluator, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ")
    assert client.login(username="evaluator", password=PASSWORD)
    assert client.get("/dashboard/").status_code == 200


def _second_step(client: Client, username: str, code: str):
    client.post("/accounts/login/", {"login": username, "password": PASSWORD})
    return client.post("/accounts/2fa/authenticate/", {"code": code})


@pytest.mark.parametrize("cache_cleared", [False, True], ids=["same-cache", "cache-cleared"])
def test_a_totp_code_logs_in_once_whatever_the_cache(world, cache_cleared):
    """allauth remembers a used code in the cache only: per process without Redis, and gone
    when cleared (or Redis is down). The use is recorded in the database too."""
    from django.core.cache import cache

    code = totp_code(TOTP_SECRET)
    first = Client()
    assert _second_step(first, "evaluator", code).status_code == 302
    assert first.get("/dashboard/").status_code == 200
    if cache_cleared:
        cache.clear()
    again = Client()
    replayed = _second_step(again, "evaluator", code)
    assert replayed.status_code == 200 and "Incorrect code" in replayed.content.decode()
    assert again.get("/dashboard/").status_code == 302  # not logged in
    # Nor does the replayed code get an API token.
    cache.clear()
    token = Client().post(
        "/api/v1/auth/token/",
        {"username": "evaluator", "password": PASSWORD, "code": code},
        content_type="application/json",
    )
    assert token.status_code == 400 and "code" in token.json()
    # Another person's code of the same moment is theirs to use.
    assert _second_step(Client(), "padmin", totp_code(TOTP_SECRET)).status_code == 302
