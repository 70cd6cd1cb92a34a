import pytest
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
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token_failures_user": "3/min", "token_failures_ip": "100/min"},
    }
    client = APIClient()
    statuses = [
        client.post(
            "/api/v1/auth/token/", {"username": "admin-a", "password": "bad"}, format="json"
        ).status_code
        for _ in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    # Even the right password is refused while the account is throttled...
    right = client.post("/api/v1/auth/token/", {"username": "admin-a", "password": PASSWORD}, format="json")
    assert right.status_code == 429
    # ...but another account from the same address is not.
    other = client.post("/api/v1/auth/token/", {"username": "admin-b", "password": PASSWORD}, format="json")
    assert other.status_code == 200


def test_repeated_token_failures_from_one_address_are_throttled(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token_failures_user": "100/min", "token_failures_ip": "3/min"},
    }
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
