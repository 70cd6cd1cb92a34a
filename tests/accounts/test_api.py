import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import Role, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_login_returns_a_token_that_authenticates(world):
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = client.get("/api/v1/users/me/")
    assert me.status_code == 200
    assert me.json() == {
        "id": world.admin_a.pk,
        "username": "admin-a",
        "email": "admin-a@example.org",
        "first_name": "",
        "last_name": "",
        "role": "college_admin",
        "college": world.college_a.pk,
        "enterprise": None,
    }


def test_token_login_with_a_wrong_password_is_400(world):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "admin-a", "password": "nope"}, format="json"
    )
    assert response.status_code == 400
    assert "credentials" in response.json()["detail"]


def test_token_login_without_fields_names_them(world):
    response = APIClient().post("/api/v1/auth/token/", {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"username", "password"}


def test_repeated_token_failures_for_one_account_are_throttled(world, settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = "3/15m"
    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/auth/token/", {"username": "admin-a", "password": "bad"}, format="json"
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    # Even the right password is refused while the account is locked, with a clear answer...
    right = client.post("/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json")
    assert right.status_code == 429 and "Try again in 15 minutes" in right.json()["detail"]
    assert 800 < int(right["Retry-After"]) <= 900
    # ...but another account from the same address is not.
    other = client.post("/api/v1/auth/token/", {"username": "admin-b", "password": PASSWORD}, format="json")
    assert other.status_code == 200


def test_a_right_password_starts_the_account_afresh(world, settings):
    settings.LOGIN_ATTEMPTS_PER_ACCOUNT = "3/15m"
    client = APIClient()
    for _ in range(2):
        client.post("/api/v1/auth/token/", {"username": "admin-a", "password": "bad"}, format="json")
    assert (
        client.post(
            "/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json"
        ).status_code
        == 200
    )
    statuses = [
        client.post(
            "/api/v1/auth/token/", {"username": "admin-a", "password": "bad"}, format="json"
        ).status_code
        for _ in range(3)
    ]
    assert statuses == [400, 400, 400]


def test_repeated_token_failures_from_one_address_are_throttled(world, settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = "3/15m"
    client = APIClient()
    for name in ("a", "b", "c"):
        assert (
            client.post("/api/v1/auth/token/", {"username": name, "password": "x"}, format="json").status_code
            == 400
        )
    response = client.post(
        "/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 429
    # Another address is not affected.
    elsewhere = APIClient(REMOTE_ADDR="10.1.2.3")
    assert (
        elsewhere.post(
            "/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json"
        ).status_code
        == 200
    )


def test_a_forwarded_for_header_is_not_believed_without_a_trusted_proxy(world, settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = "3/15m"
    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/auth/token/",
            {"username": f"nobody{n}", "password": "x"},
            format="json",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(5)
    ]
    assert statuses == [400, 400, 400, 429, 429]


def test_behind_a_trusted_proxy_the_address_it_saw_is_counted(world, settings):
    settings.LOGIN_ATTEMPTS_PER_ADDRESS = "2/15m"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = APIClient(REMOTE_ADDR="10.0.0.1")

    def attempt(client_address: str) -> int:
        return proxy.post(
            "/api/v1/auth/token/",
            {"username": "nobody", "password": "x"},
            format="json",
            # A client may send its own header; the proxy appends the address it saw.
            HTTP_X_FORWARDED_FOR=f"6.6.6.6, {client_address}",
        ).status_code

    assert [attempt("203.0.113.7") for _ in range(3)] == [400, 400, 429]
    assert attempt("203.0.113.8") == 400  # another client behind the same proxy


def test_two_factor_accounts_get_a_token_only_with_the_code(world):
    from tests.conftest import TOTP_SECRET, totp_code

    client = APIClient()
    body = {"username": "evaluator", "password": PASSWORD}
    without = client.post("/api/v1/auth/token/", body, format="json")
    assert without.status_code == 400 and "two-factor" in without.json()["code"][0]
    wrong = client.post("/api/v1/auth/token/", {**body, "code": "000000"}, format="json")
    assert wrong.status_code == 400
    right = client.post("/api/v1/auth/token/", {**body, "code": totp_code(TOTP_SECRET)}, format="json")
    assert right.status_code == 200 and right.json()["token"].startswith("cj_")


def test_roles_that_must_use_two_factor_get_no_token_without_it(world):
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=world.evaluator).delete()
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "evaluator", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 403 and "two-factor" in response.json()["detail"]


def test_tokens_are_hashed_expire_and_are_listed_and_revoked_by_their_owner(world):
    from knox.models import AuthToken

    client = APIClient()
    token = client.post(
        "/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json"
    ).json()
    stored = AuthToken.objects.get(user=world.admin_a)
    assert token["token"] not in (stored.digest, stored.token_key) and stored.expiry is not None
    client.credentials(HTTP_AUTHORIZATION=f"Token {token['token']}")
    listed = client.get("/api/v1/auth/tokens/").json()
    assert [t["key"] for t in listed] == [stored.token_key]
    other = APIClient()
    other.force_authenticate(world.admin_b)
    assert other.delete(f"/api/v1/auth/tokens/{stored.token_key}/").status_code == 404
    assert client.delete(f"/api/v1/auth/tokens/{stored.token_key}/").status_code == 204
    assert client.get("/api/v1/users/me/").status_code == 401


def test_a_password_change_revokes_every_token_and_logout_revokes_one(world):
    client = APIClient()
    tokens = [
        client.post(
            "/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json"
        ).json()["token"]
        for _ in range(2)
    ]
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[0]}")
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/users/me/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {tokens[1]}")
    assert client.get("/api/v1/users/me/").status_code == 200
    world.admin_a.set_password("A-new-pass-2027")
    world.admin_a.save()
    assert client.get("/api/v1/users/me/").status_code == 401


def test_an_expired_token_no_longer_works(world):
    import datetime

    from django.utils import timezone
    from knox.models import AuthToken

    client = APIClient()
    token = client.post(
        "/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json"
    ).json()["token"]
    AuthToken.objects.filter(user=world.admin_a).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/users/me/").status_code == 401


def test_api_needs_authentication(world):
    assert APIClient().get("/api/v1/colleges/").status_code == 401
    assert APIClient().get("/api/v1/users/me/").status_code == 401


def test_platform_admin_creates_a_scoped_user(world, as_user):
    response = as_user(world.platform_admin).post(
        "/api/v1/users/",
        {
            "username": "new-teacher",
            "password": "Another-pass-77",
            "email": "t@example.org",
            "role": "teacher",
            "college": world.college_b.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    user = User.objects.get(pk=response.json()["id"])
    assert user.role == Role.TEACHER and user.college == world.college_b
    assert user.check_password("Another-pass-77")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"role": "teacher"}, "college"),
        ({"role": "engineer"}, "enterprise"),
        ({"role": "wizard"}, "role"),
        ({"role": "student", "password": "123"}, "password"),
        ({"role": "student", "username": "admin-a"}, "username"),
        ({"role": "evaluator", "college": 999999}, "college"),
    ],
)
def test_user_creation_rejects_bad_input_naming_the_field(world, as_user, payload, field):
    body = {"username": "someone", "password": "Another-pass-77", **payload}
    response = as_user(world.platform_admin).post("/api/v1/users/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("who", ["admin_a", "teacher_a", "engineer_x", "student_a", "evaluator"])
def test_only_platform_admins_create_users(world, as_user, who):
    response = as_user(getattr(world, who)).post(
        "/api/v1/users/", {"username": "x1", "password": "Another-pass-77", "role": "student"}, format="json"
    )
    assert response.status_code == 403
    assert not User.objects.filter(username="x1").exists()


def test_users_list_is_scoped(world, as_user):
    names = {u["username"] for u in as_user(world.admin_a).get("/api/v1/users/").json()["results"]}
    assert names == {"admin-a", "teacher-a", "student-a", "student-a2"}
    names = {u["username"] for u in as_user(world.student_a).get("/api/v1/users/").json()["results"]}
    assert names == {"student-a"}
    assert as_user(world.student_a).get(f"/api/v1/users/{world.student_b.pk}/").status_code == 404


def test_an_absurdly_long_username_is_a_clean_400(world):
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": "0" * 300, "password": "x"}, format="json"
    )
    assert response.status_code == 400 and "username" in response.json()


@pytest.mark.parametrize("cache_cleared", [False, True], ids=["same-cache", "cache-cleared"])
def test_a_totp_code_gets_one_token_whatever_the_cache(world, cache_cleared):
    from django.core.cache import cache

    from tests.conftest import TOTP_SECRET, totp_code

    body = {"username": "evaluator", "password": PASSWORD, "code": totp_code(TOTP_SECRET)}
    assert APIClient().post("/api/v1/auth/token/", body, format="json").status_code == 200
    if cache_cleared:
        cache.clear()
    replayed = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert replayed.status_code == 400 and "code" in replayed.json()
    # The login page refuses it as well.
    cache.clear()
    client = Client()
    client.post("/accounts/login/", {"login": "evaluator", "password": PASSWORD})
    assert client.post("/accounts/2fa/authenticate/", {"code": body["code"]}).status_code == 200
    assert client.get("/dashboard/").status_code == 302
