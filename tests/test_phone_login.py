"""Logging in with a mobile number and a code sent by SMS, through the real pages, with the
SMS going to a stand-in of Alibaba Cloud's and Tencent Cloud's gateways (``standin_sms``:
a real HTTP server that checks each request's signature as the provider does).

Numbers are normalised and one account's; a code is sent only within the limits per number
and per address (429 past them, and no SMS); codes expire; a password can be reset by SMS; a
role that must use a second factor still gives it after a code; a gateway that refuses or
does not answer is a message, never a 500. The Chinese journey of ``demo-student`` in
Chromium at 390 px reads its code from the stand-in gateway.
"""

import re
import time

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from accounts import sms
from accounts.models import User
from tests.conftest import TOTP_SECRET, totp_code
from tests.factories import PASSWORD
from tests.standin_sms import KEY_ID, SECRET, StandIn
from tests.test_browser import browser  # noqa: F401  (Chromium, shared with the journeys)

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    with StandIn() as gateway:
        yield gateway


@pytest.fixture(params=["alibaba", "tencent"])
def provider(request, gateway, settings):
    """The portal's SMS backend pointed at the stand-in, by the settings alone."""
    settings.SMS_BACKEND = request.param
    settings.SMS_ACCESS_KEY_ID = KEY_ID
    settings.SMS_ACCESS_KEY_SECRET = SECRET
    settings.SMS_SIGN_NAME = "产教平台"
    settings.SMS_TEMPLATE_CODE = "SMS_0001"
    settings.SMS_APP_ID = "1400000001"
    settings.SMS_ENDPOINT = gateway.url
    settings.SMS_TIMEOUT = 1.0
    return gateway


def _phone(user: User, phone: str, verified: bool = True) -> User:
    User.objects.filter(pk=user.pk).update(phone=phone, phone_verified=verified)
    user.refresh_from_db()
    return user


def _code_login(client: Client, typed: str):
    return client.post("/accounts/login/code/", {"phone": typed})


# --- Numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("13812345678", "+8613812345678"),
        ("+86 138 1234 5678", "+8613812345678"),
        ("+86-138-1234-5678", "+8613812345678"),
        ("0086 13812345678", "+8613812345678"),
        ("+852 9123 4567", "+85291234567"),
    ],
)
def test_a_number_is_stored_in_e164(typed, stored):
    assert sms.normalise(typed) == stored


@pytest.mark.parametrize(
    "typed", ["", "12345", "23812345678", "+86 138 1234 567", "+86 010 1234 5678", "phone", "+0123"]
)
def test_anything_else_is_a_clear_error(typed):
    with pytest.raises(ValidationError) as error:
        sms.normalise(typed)
    assert "13812345678" in error.value.messages[0]


# --- The gateways ----------------------------------------------------------------------------


def test_each_backend_sends_through_its_gateway_signed_as_the_provider_checks(provider, settings):
    sms.send_code("+8613800000001", "428913")
    assert provider.rejected == []
    [sent] = provider.messages
    assert sent.provider == settings.SMS_BACKEND and sent.code == "428913"
    assert sent.sign_name == "产教平台" and sent.template == "SMS_0001"
    # Alibaba wants a mainland number without +86; Tencent in E.164.
    assert sent.phone == ("13800000001" if sent.provider == "alibaba" else "+8613800000001")


def test_a_wrong_secret_is_refused_by_the_gateway_and_reported(provider, settings):
    settings.SMS_ACCESS_KEY_SECRET = "not-the-secret"
    with pytest.raises(sms.SmsFailed):
        sms.send_code("+8613800000001", "111111")
    assert provider.messages == [] and provider.rejected and "signature" in provider.rejected[0]


@pytest.mark.parametrize("how", ["refuse", "hang"])
def test_a_refusal_or_a_timeout_is_a_message_to_the_person_never_a_500(provider, world, how, caplog):
    _phone(world.student_a, "+8613800000011")
    provider.fail(how)
    response = _code_login(Client(), "13800000011")
    assert response.status_code == 503
    assert "could not be sent just now" in response.content.decode()
    assert any("not sent" in r.getMessage() for r in caplog.records)
    assert provider.messages == []


# --- Logging in with a code --------------------------------------------------------------------


def test_a_verified_number_logs_in_with_the_code_it_receives(provider, world):
    _phone(world.student_a, "+8613800000011")
    client = Client()
    response = _code_login(client, "+86 138 0000 0011")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/code/confirm/")
    [code] = provider.codes_for("13800000011")
    assert re.fullmatch(r"\d{6}", code)
    assert client.post("/accounts/login/code/confirm/", {"code": "1"}).status_code == 200
    done = client.post("/accounts/login/code/confirm/", {"code": code})
    assert done.status_code == 302
    assert client.get("/dashboard/").status_code == 200
    assert int(client.session["_auth_user_id"]) == world.student_a.pk


def test_asking_again_sends_a_new_code_and_only_the_new_one_works(provider, world):
    _phone(world.student_a, "+8613800000011")
    client = Client()
    _code_login(client, "13800000011")
    assert client.get("/accounts/login/code/").status_code == 200  # the form again
    _code_login(client, "13800000011")
    first, second = provider.codes_for("13800000011")
    if first != second:
        assert client.post("/accounts/login/code/confirm/", {"code": first}).status_code == 200
    assert client.post("/accounts/login/code/confirm/", {"code": second}).status_code == 302
    assert client.get("/dashboard/").status_code == 200


def test_an_unverified_or_unknown_number_gets_no_code_and_logs_in_nobody(provider, world):
    _phone(world.student_a, "+8613800000011", verified=False)
    for typed in ("13800000011", "13900000099"):
        client = Client()
        response = _code_login(client, typed)
        # The same answer as for a known number: nothing is given away.
        assert response.status_code == 302 and "/accounts/login/code/confirm/" in response["Location"]
        assert client.post("/accounts/login/code/confirm/", {"code": "123456"}).status_code in (200, 302)
        assert client.get("/dashboard/").status_code == 302
    assert provider.messages == []


def test_a_bad_number_is_a_400_naming_the_field(world):
    response = _code_login(Client(), "12345")
    assert response.status_code == 400
    assert "13812345678" in response.content.decode()


def test_the_password_login_still_takes_a_user_name_an_e_mail_or_a_verified_number(world):
    _phone(world.student_a, "+8613800000011")
    for login in ("student-a", world.student_a.email, "138 0000 0011"):
        client = Client()
        response = client.post("/accounts/login/", {"login": login, "password": PASSWORD})
        assert response.status_code == 302, login
        assert client.get("/dashboard/").status_code == 200
    _phone(world.student_a, "+8613800000011", verified=False)
    refused = Client().post("/accounts/login/", {"login": "13800000011", "password": PASSWORD})
    assert refused.status_code == 200 and "_auth_user_id" not in refused.client.session


def test_a_code_expires(provider, world, settings):
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 1
    _phone(world.student_a, "+8613800000011")
    client = Client()
    _code_login(client, "13800000011")
    [code] = provider.codes_for("13800000011")
    time.sleep(1.5)
    late = client.post("/accounts/login/code/confirm/", {"code": code})
    assert late.status_code == 302 and "/accounts/login/code/confirm/" not in late["Location"]
    assert client.get("/dashboard/").status_code == 302


def test_a_role_that_must_use_two_factor_gives_it_after_a_code(provider, world):
    _phone(world.evaluator, "+8613800000021")
    client = Client()
    _code_login(client, "13800000021")
    [code] = provider.codes_for("13800000021")
    response = client.post("/accounts/login/code/confirm/", {"code": code})
    assert response.status_code == 302 and "/accounts/2fa/authenticate/" in response["Location"]
    assert client.get("/dashboard/").status_code == 302  # not logged in yet
    done = client.post("/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})
    assert done.status_code == 302
    assert client.get("/dashboard/").status_code == 200


# --- Limits ----------------------------------------------------------------------------------


def test_codes_are_limited_per_number(provider, world, settings):
    settings.SMS_PER_NUMBER = "2/1h"
    _phone(world.student_a, "+8613800000011")
    for _ in range(2):
        assert _code_login(Client(), "13800000011").status_code == 302
    refused = _code_login(Client(), "138 0000 0011")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many codes" in refused.content.decode()
    assert len(provider.messages) == 2
    # Another number from the same address is not held up.
    _phone(world.student_a2, "+8613800000012")
    assert _code_login(Client(), "13800000012").status_code == 302
    assert len(provider.messages) == 3


def test_codes_are_limited_per_address_whatever_the_numbers(provider, world, settings):
    settings.SMS_PER_ADDRESS = "3/1h"
    numbers = [f"+86138000000{n}" for n in range(31, 35)]
    for user, number in zip(
        [world.student_a, world.student_a2, world.student_b, world.teacher_a], numbers, strict=True
    ):
        _phone(user, number)
    answers = [_code_login(Client(), n).status_code for n in numbers]
    assert answers == [302, 302, 302, 429]
    assert len(provider.messages) == 3
    # Unknown numbers count the same (the limit says nothing about who has an account).
    assert _code_login(Client(REMOTE_ADDR="10.0.0.9"), "13999999999").status_code == 302
    assert _code_login(Client(), "13999999999").status_code == 429


# --- One's own number -------------------------------------------------------------------------


def test_a_number_is_changed_and_verified_from_the_profile(provider, world):
    client = Client()
    client.force_login(world.student_a)
    profile = client.get("/profile/").content.decode()
    assert "Mobile number" in profile and "/accounts/phone/change/" in profile
    form = client.get("/accounts/phone/change/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "<h1>手机号</h1>" in form and 'name="phone"' in form
    response = client.post("/accounts/phone/change/", {"phone": "138-0000-0041"})
    assert response.status_code == 302 and response["Location"] == "/accounts/phone/verify/"
    [code] = provider.codes_for("13800000041")
    page = client.get("/accounts/phone/verify/").content.decode()
    assert "+8613800000041" in page and 'name="code"' in page
    assert client.post("/accounts/phone/verify/", {"action": "verify", "code": "0"}).status_code == 200
    assert client.post("/accounts/phone/verify/", {"action": "verify", "code": code}).status_code == 302
    world.student_a.refresh_from_db()
    assert (world.student_a.phone, world.student_a.phone_verified) == ("+8613800000041", True)
    assert "+8613800000041" in client.get("/profile/").content.decode()


def test_a_number_belongs_to_one_account(provider, world):
    _phone(world.student_b, "+8613800000051", verified=False)
    client = Client()
    client.force_login(world.student_a)
    response = client.post("/accounts/phone/change/", {"phone": "13800000051"})
    assert response.status_code == 400
    assert "belongs to another account" in response.content.decode()
    assert provider.messages == []
    assert User.objects.get(pk=world.student_a.pk).phone is None


# --- A new password by SMS -------------------------------------------------------------------


def test_a_password_is_reset_with_a_code_by_sms(provider, world):
    _phone(world.student_a, "+8613800000011")
    client = Client()
    response = client.post("/accounts/password/reset/phone/", {"phone": "13800000011"})
    assert response.status_code == 302
    [code] = provider.codes_for("13800000011")
    new = "a-new-Passw0rd-2026"
    wrong = client.post(
        "/accounts/password/reset/phone/confirm/", {"code": "x", "password1": new, "password2": new}
    )
    assert wrong.status_code == 400
    done = client.post(
        "/accounts/password/reset/phone/confirm/", {"code": code, "password1": new, "password2": new}
    )
    assert done.status_code == 302
    world.student_a.refresh_from_db()
    assert world.student_a.check_password(new)
    # The code worked once.
    again = client.post(
        "/accounts/password/reset/phone/confirm/",
        {"code": code, "password1": "x-" + new, "password2": "x-" + new},
    )
    assert again.status_code == 302 and again["Location"].endswith("/accounts/password/reset/phone/")


def test_a_password_reset_code_is_used_up_by_wrong_guesses(provider, world, settings):
    settings.ACCOUNT_PASSWORD_RESET_BY_CODE_MAX_ATTEMPTS = 2
    _phone(world.student_a, "+8613800000011")
    client = Client()
    client.post("/accounts/password/reset/phone/", {"phone": "13800000011"})
    [code] = provider.codes_for("13800000011")
    body = {"password1": "a-new-Passw0rd-2026", "password2": "a-new-Passw0rd-2026"}
    assert client.post("/accounts/password/reset/phone/confirm/", {**body, "code": "1"}).status_code == 400
    assert client.post("/accounts/password/reset/phone/confirm/", {**body, "code": "2"}).status_code == 302
    assert client.post("/accounts/password/reset/phone/confirm/", {**body, "code": code}).status_code == 302
    world.student_a.refresh_from_db()
    assert world.student_a.check_password(PASSWORD)


def test_an_unknown_number_gets_the_same_reset_answer_and_no_sms(provider, world):
    response = Client().post("/accounts/password/reset/phone/", {"phone": "13999999999"})
    assert response.status_code == 302 and provider.messages == []


# --- In a browser, in Chinese, on a phone ---------------------------------------------------------


@pytest.mark.node  # axe-core comes from tests/js
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_demo_student_logs_in_with_a_code_in_chinese_on_a_phone(
    default_scheme, browser_page, gateway, settings
):
    from django.core.management import call_command
    from playwright.sync_api import expect

    from tests.test_browser import MOBILE, _axe, no_server_error, shot

    call_command("seed_demo", verbosity=0)
    settings.SMS_BACKEND = "tencent"
    settings.SMS_ACCESS_KEY_ID, settings.SMS_ACCESS_KEY_SECRET = KEY_ID, SECRET
    settings.SMS_SIGN_NAME, settings.SMS_TEMPLATE_CODE, settings.SMS_APP_ID = (
        "产教平台",
        "1234567",
        "1400000001",
    )
    settings.SMS_ENDPOINT = gateway.url
    student = User.objects.get(username="demo-student")
    assert student.phone_verified and re.fullmatch(r"\+86138000000\d\d", student.phone)

    page = browser_page("zh", MOBILE)
    page.goto(page.base + "/accounts/login/")
    page.click("main a[href$='/accounts/login/code/']")
    page.wait_for_url("**/accounts/login/code/")
    expect(page.locator("main h1")).to_have_text("用短信验证码登录")
    assert _axe(page) == []
    national = student.phone[3:]
    page.fill("input[name=phone]", f"{national[:3]} {national[3:7]} {national[7:]}")
    shot(page, "phone-login-request-zh-390")
    page.click("main form button[type=submit]")
    page.wait_for_url("**/accounts/login/code/confirm/")
    [code] = gateway.codes_for(national)
    page.fill("input[name=code]", code)
    shot(page, "phone-login-code-zh-390")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("main form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    no_server_error(page)
    shot(page, "phone-login-dashboard-zh-390")


@pytest.fixture
def browser_page(browser, live_server):  # noqa: F811
    from tests.test_browser import LOCALES, WAIT_MS

    contexts, problems = [], []

    def make(lang, viewport):
        context = browser.new_context(locale=LOCALES[lang], viewport=viewport)
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("response", lambda r: problems.append(f"{r.status} for {r.url}") if r.status >= 500 else None)
        page.base = live_server.url
        page.problems = problems
        page.lang = lang
        return page

    yield make
    for context in contexts:
        context.close()
    assert problems == [], problems


# --- Colleges add people with a number --------------------------------------------------------


def _import(client: Client, raw: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import imports
    from accounts.models import ImportJob

    response = client.post("/people/import/", {"file": SimpleUploadedFile("r.csv", raw.encode())})
    assert response.status_code == 302
    job = ImportJob.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    imports.run(job.pk)
    job.refresh_from_db()
    return job


def test_a_roster_takes_a_phone_column_normalised_unique_with_errors_by_line(world):
    _phone(world.student_b, "+8613800000051")
    client = Client()
    client.force_login(world.admin_a)
    header = "username,first_name,last_name,email,role,phone\n"
    bad = header + (
        "ann,Ann,Lee,ann@example.org,student,13800000061\n"  # line 2: fine
        "bob,Bob,Ma,bob@example.org,student,12345\n"  # line 3: not a number
        "cat,Cat,Wu,cat@example.org,student,+86 138 0000 0051\n"  # line 4: another account's
        "dan,Dan,Xu,dan@example.org,student,138-0000-0061\n"  # line 5: as line 2
    )
    job = _import(client, bad)
    assert job.created == 0
    assert sorted((e["line"], e["field"]) for e in job.errors) == [(3, "phone"), (4, "phone"), (5, "phone")]
    assert "belongs to another account" in next(e["message"] for e in job.errors if e["line"] == 4)
    good = (
        header
        + "ann,Ann,Lee,ann@example.org,student,+86 138 0000 0061\nbob,Bob,Ma,bob@example.org,teacher,\n"
    )
    job = _import(client, good)
    assert (job.created, job.errors) == (2, [])
    ann, bob = User.objects.get(username="ann"), User.objects.get(username="bob")
    assert (ann.phone, ann.phone_verified, bob.phone) == ("+8613800000061", False, None)


def test_the_person_page_shows_the_number_to_those_who_manage_the_account(world):
    _phone(world.student_a, "+8613800000011")
    seen = {}
    for viewer in (world.student_a, world.admin_a, world.platform_admin, world.teacher_a, world.admin_b):
        client = Client()
        client.force_login(viewer)
        response = client.get(f"/people/{world.student_a.pk}/")
        seen[viewer.username] = (response.status_code, "+8613800000011" in response.content.decode())
    assert seen["student-a"] == seen["admin-a"] == seen["padmin"] == (200, True)
    assert seen["admin-b"][1] is False and seen["teacher-a"][1] is False


def test_a_college_admin_adds_a_person_with_a_number(world):
    client = Client()
    client.force_login(world.admin_a)
    body = {"username": "li.ming", "first_name": "Ming", "last_name": "Li", "email": "li.ming@example.org"}
    taken = _phone(world.student_b, "+8613800000051").phone
    refused = client.post("/people/new/", {**body, "role": "student", "phone": taken[3:]})
    assert refused.status_code == 400 and "belongs to another account" in refused.content.decode()
    assert client.post("/people/new/", {**body, "role": "student", "phone": "12"}).status_code == 400
    assert (
        client.post("/people/new/", {**body, "role": "student", "phone": "138 0000 0071"}).status_code == 302
    )
    assert User.objects.get(username="li.ming").phone == "+8613800000071"
