"""Logging in through WeChat, WeCom, DingTalk and Feishu, in Chromium against a live server,
with a local stand-in for each provider (tests/standin_oauth.py: a real HTTP server the
portal's real code is pointed at by settings).

A first login is matched to the one person whose mobile number or e-mail the provider
verified, or refused with nothing created; an account connected from the profile logs in;
the last way to log in cannot be disconnected; a role that must use a second factor still
gives it. And the demo engineer logs in through DingTalk on a phone, in Chinese."""

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client
from django.utils.csp import CSP

from accounts.models import Role, User
from accounts.providers.phones import e164
from tests.factories import PASSWORD as FACTORY_PASSWORD
from tests.factories import EnterpriseFactory, UserFactory
from tests.standin_oauth import CREDENTIALS, settings_for, start
from tests.test_browser import (  # noqa: F401 - fixtures
    MOBILE,
    _axe,
    browser,
    demo,
    logout,
    no_server_error,
    open_page,
    say,
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PROVIDERS = ("weixin", "wecom", "dingtalk", "feishu")
# What each provider's stand-in asserts about a person (``n`` tells people apart).
PROFILES = {
    "weixin": lambda n, phone, email: {
        "openid": f"wx-open-{n}",
        "unionid": f"wx-union-{n}",
        "nickname": "小王",
    },
    "wecom": lambda n, phone, email: {"userid": f"member{n}", "mobile": phone[3:], "biz_mail": email},
    "dingtalk": lambda n, phone, email: {
        "openId": f"ding-open-{n}",
        "nick": "赵磊",
        "mobile": phone[3:],
        "stateCode": "86",
    },
    "feishu": lambda n, phone, email: {
        "open_id": f"ou_{n}",
        "name": "Zhao",
        "mobile": phone,
        "enterprise_email": email,
    },
}


@pytest.fixture
def standin(settings):
    service, server = start()
    settings.SOCIALACCOUNT_PROVIDERS = settings_for(service.url)
    settings.SECURE_CSP = {**settings.SECURE_CSP, "form-action": [CSP.SELF, service.url]}
    yield service
    server.shutdown()
    server.server_close()


@pytest.fixture
def person(default_scheme):
    enterprise = EnterpriseFactory()
    return UserFactory(
        username="zhao",
        role=Role.ENGINEER,
        enterprise=enterprise,
        phone="+8613900001111",
        email="zhao@huaxin.example",
    )


def _as(
    standin, provider: str, n: int = 1, phone: str = "+8613900001111", email: str = "zhao@huaxin.example"
):
    standin.person(provider, **PROFILES[provider](n, phone, email))


def _press(page, provider: str) -> None:
    page.click(f"main form button[data-provider='{provider}']")


def _password_login(page, username: str, password: str = FACTORY_PASSWORD) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    no_server_error(page)


@pytest.mark.parametrize("provider", ["wecom", "dingtalk", "feishu"])
def test_a_first_login_finds_the_one_person_with_the_verified_mobile_number_or_e_mail(
    standin,
    person,
    open_page,  # noqa: F811
    provider,
):
    # WeCom asserts the organisation's mailbox; DingTalk and Feishu the mobile number.
    _as(standin, provider, phone="+8613800009999" if provider == "wecom" else person.phone)
    users = User.objects.count()
    page = open_page("en")
    page.goto(page.base + "/accounts/login/")
    _press(page, provider)
    page.wait_for_url("**/dashboard/")
    no_server_error(page)
    account = SocialAccount.objects.get(provider=provider)
    assert account.user == person
    assert User.objects.count() == users
    # The real exchange happened: the token and user-info endpoints were asked.
    asked = {seen.path for seen in standin.requests}
    expected = {
        "wecom": {
            "/wwlogin/sso/login",
            "/cgi-bin/gettoken",
            "/cgi-bin/auth/getuserinfo",
            "/cgi-bin/auth/getuserdetail",
        },
        "dingtalk": {"/oauth2/auth", "/v1.0/oauth2/userAccessToken", "/v1.0/contact/users/me"},
        "feishu": {
            "/open-apis/authen/v1/index",
            "/open-apis/auth/v3/app_access_token/internal/",
            "/open-apis/authen/v1/access_token",
            "/open-apis/authen/v1/user_info",
        },
    }[provider]
    assert expected <= asked
    # Next time the connected account logs in straight away, whatever the stand-in asserts.
    logout(page)
    _as(standin, provider, phone="+8613812345678", email="elsewhere@example.org")
    page.goto(page.base + "/accounts/login/")
    _press(page, provider)
    page.wait_for_url("**/dashboard/")
    assert SocialAccount.objects.count() == 1


@pytest.mark.parametrize("provider", PROVIDERS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_unknown_person_is_refused_and_nothing_is_created(standin, person, open_page, provider, lang):  # noqa: F811
    _as(standin, provider, n=7, phone="+8613700000000", email="stranger@example.org")
    users = User.objects.count()
    page = open_page(lang)
    page.goto(page.base + "/accounts/login/")
    _press(page, provider)
    page.wait_for_url("**/accounts/login/")
    no_server_error(page)
    from playwright.sync_api import expect

    expect(page.locator(".messages")).to_contain_text(
        say(page, "No one here has the mobile number or e-mail", "这里没有人的手机号或邮箱")
    )
    assert User.objects.count() == users
    assert not SocialAccount.objects.exists()


def test_two_people_with_the_asserted_details_are_too_many(standin, person, open_page):  # noqa: F811
    UserFactory(username="other", email="zhao@huaxin.example")  # same e-mail, another person
    _as(standin, "feishu", phone="+8613700000000")
    page = open_page("en")
    page.goto(page.base + "/accounts/login/")
    _press(page, "feishu")
    page.wait_for_url("**/accounts/login/")
    from playwright.sync_api import expect

    expect(page.locator(".messages")).to_contain_text("matches more than one person")
    assert not SocialAccount.objects.exists()


def test_an_inactive_person_is_not_matched(standin, person, open_page):  # noqa: F811
    User.objects.filter(pk=person.pk).update(is_active=False)
    _as(standin, "dingtalk")
    page = open_page("en")
    page.goto(page.base + "/accounts/login/")
    _press(page, "dingtalk")
    page.wait_for_url("**/accounts/login/")
    assert not SocialAccount.objects.exists()


@pytest.mark.parametrize("provider", PROVIDERS)
def test_connect_from_the_profile_then_log_in_with_it(standin, person, open_page, provider):  # noqa: F811
    # Details the portal does not hold: only connecting ties the account to the person.
    _as(standin, provider, n=3, phone="+8613600000000", email="private@example.org")
    page = open_page("en")
    _password_login(page, "zhao")
    page.goto(page.base + "/profile/")
    page.click("main a[href$='/accounts/3rdparty/']")
    page.wait_for_url("**/accounts/3rdparty/")
    _press(page, provider)
    page.wait_for_url("**/accounts/3rdparty/")
    no_server_error(page)
    from playwright.sync_api import expect

    expect(page.locator(".messages")).to_contain_text("The account is connected")
    assert SocialAccount.objects.get(provider=provider).user == person
    page.goto(page.base + "/profile/")

    expect(page.locator("main")).to_contain_text("connected on")
    logout(page)
    page.goto(page.base + "/accounts/login/")
    _press(page, provider)
    page.wait_for_url("**/dashboard/")
    no_server_error(page)
    assert User.objects.count() == 1


def test_the_last_way_to_log_in_cannot_be_disconnected(standin, person, open_page):  # noqa: F811
    _as(standin, "dingtalk")
    User.objects.filter(pk=person.pk).update(password="!")  # no usable password
    page = open_page("zh")
    page.goto(page.base + "/accounts/login/")
    _press(page, "dingtalk")
    page.wait_for_url("**/dashboard/")
    page.goto(page.base + "/accounts/3rdparty/")
    page.click("main form[action$='/accounts/3rdparty/'] button[type=submit]")
    page.wait_for_load_state("networkidle")
    no_server_error(page)
    from playwright.sync_api import expect

    expect(page.locator("main [role=alert]")).to_contain_text("这是你唯一的登录方式")
    assert SocialAccount.objects.filter(user=person).count() == 1
    # With another way in (Feishu, connected here), DingTalk goes.
    _as(standin, "feishu", n=5, phone="+8613600000000", email="private@example.org")
    _press(page, "feishu")
    page.wait_for_url("**/accounts/3rdparty/")
    page.click("main li:has-text('钉钉') form button[type=submit]")
    page.wait_for_load_state("networkidle")
    no_server_error(page)
    expect(page.locator("main li:has-text('钉钉')")).to_have_count(0)
    expect(page.locator(".messages")).to_contain_text("账号已解除关联")
    assert list(SocialAccount.objects.filter(user=person).values_list("provider", flat=True)) == ["feishu"]


def test_a_role_that_must_use_a_second_factor_still_gives_it(standin, default_scheme, open_page):  # noqa: F811
    from django.core.cache import cache

    from tests.conftest import TOTP_SECRET, give_totp, totp_code

    evaluator = UserFactory(username="sun", role=Role.EVALUATOR, phone="+8613500000000")
    give_totp(evaluator)
    _as(standin, "dingtalk", phone="+8613500000000")
    page = open_page("en")
    page.goto(page.base + "/accounts/login/")
    _press(page, "dingtalk")
    page.wait_for_url("**/accounts/2fa/authenticate/**")
    evaluator.refresh_from_db()
    assert evaluator.last_login is None  # not logged in before the code
    cache.clear()
    page.fill("input[name=code]", totp_code(TOTP_SECRET))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    no_server_error(page)
    evaluator.refresh_from_db()
    assert evaluator.last_login is not None


def test_a_role_that_must_use_a_second_factor_and_has_none_is_led_to_set_it_up(
    standin,
    default_scheme,
    open_page,  # noqa: F811
):
    UserFactory(username="sun", role=Role.EVALUATOR, phone="+8613500000000")
    _as(standin, "dingtalk", phone="+8613500000000")
    page = open_page("en")
    page.goto(page.base + "/accounts/login/")
    _press(page, "dingtalk")
    page.wait_for_url("**/accounts/2fa/**")
    page.goto(page.base + "/dashboard/")
    page.wait_for_url("**/accounts/2fa/**")


@pytest.mark.node  # axe-core comes from tests/js
def test_the_demo_engineer_logs_in_through_dingtalk_on_a_phone_in_chinese(standin, demo, open_page):  # noqa: F811
    from playwright.sync_api import expect

    engineer = User.objects.get(username="demo-engineer")
    assert engineer.phone
    standin.person(
        "dingtalk", openId="ding-demo-engineer", nick="赵磊", mobile=engineer.phone[3:], stateCode="86"
    )
    page = open_page("zh", viewport=MOBILE)
    page.goto(page.base + "/accounts/login/")
    for provider, name in (
        ("weixin", "微信"),
        ("wecom", "企业微信"),
        ("dingtalk", "钉钉"),
        ("feishu", "飞书"),
    ):
        expect(page.locator(f"main button[data-provider='{provider}']")).to_have_text(name)
    assert _axe(page) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    shot(page, "social-login-zh-390")
    _press(page, "dingtalk")
    page.wait_for_url("**/dashboard/")
    no_server_error(page)
    assert SocialAccount.objects.get(provider="dingtalk").user == engineer
    shot(page, "social-login-dingtalk-dashboard-zh-390")


# --- Without a browser: the addresses each provider is sent to ------------------------------


def _dance(client, provider: str) -> object:
    """Press the provider's button, let the stand-in answer its authorisation page, and bring
    its redirect back to the portal's callback (what the browser does)."""
    import urllib.parse
    import urllib.request

    where = client.post(f"/accounts/{provider}/login/")["Location"]

    class Stop(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(Stop).open(where)  # the local stand-in
        raise AssertionError("the stand-in did not redirect back")
    except urllib.error.HTTPError as answer:
        back = answer.headers["Location"]
    parts = urllib.parse.urlsplit(back)
    return client.get(f"{parts.path}?{parts.query}")


@pytest.mark.parametrize(
    ("provider", "spoil"),
    [
        ("dingtalk", "secret"),
        ("feishu", "secret"),
        ("weixin", "secret"),
        ("wecom", "secret"),
        ("wecom", "outsider"),
    ],
)
def test_a_provider_that_refuses_ends_on_a_clear_page_with_nothing_created(
    standin, person, settings, client, provider, spoil
):
    if spoil == "secret":
        settings.SOCIALACCOUNT_PROVIDERS[provider]["APPS"][0]["secret"] = "wrong"
        _as(standin, provider)
    else:
        standin.person("wecom", openid="outsider-openid")
    users = User.objects.count()
    answer = _dance(client, provider)
    assert answer.status_code == 401  # allauth's answer to a login the provider did not confirm
    assert "The login did not go through" in answer.content.decode()
    assert User.objects.count() == users and not SocialAccount.objects.exists()
    assert "_auth_user_id" not in client.session


def test_a_login_cancelled_at_the_provider_ends_on_a_clear_page(standin, person, client):
    where = client.post("/accounts/feishu/login/")["Location"]
    state = dict(pair.split("=", 1) for pair in where.split("?", 1)[1].split("&"))["state"]
    answer = client.get(f"/accounts/feishu/login/callback/?error=access_denied&state={state}", follow=True)
    assert answer.redirect_chain[-1][0].endswith("/accounts/3rdparty/login/cancelled/")
    assert answer.status_code == 200 and "The login did not go through" in answer.content.decode()
    assert not SocialAccount.objects.exists()


def test_no_provider_is_offered_unless_configured(default_scheme, settings, client):
    settings.SOCIALACCOUNT_PROVIDERS = {
        **settings_for("http://127.0.0.1:9"),
        "weixin": {"APPS": [], "OPEN_URL": "x", "API_URL": "x"},
    }
    page = client.get("/accounts/login/").content.decode()
    assert 'data-provider="dingtalk"' in page and 'data-provider="weixin"' not in page
    assert client.post("/accounts/weixin/login/").status_code == 404
    settings.SOCIALACCOUNT_PROVIDERS = {k: {**v, "APPS": []} for k, v in settings_for("http://x").items()}
    assert "data-provider" not in client.get("/accounts/login/").content.decode()


def test_inside_wechat_the_official_accounts_authorisation_is_used(default_scheme, settings):
    providers = settings_for("https://wx.example")
    providers["weixin"]["APPS"] = [
        {"client_id": "wx-qr", "secret": "s1", "key": "", "settings": {}},
        {"client_id": "wx-mp", "secret": "s2", "key": "", "settings": {"in_wechat": "1"}},
    ]
    settings.SOCIALACCOUNT_PROVIDERS = providers
    computer = Client(headers={"User-Agent": "Mozilla/5.0 Chrome/140"})
    where = computer.post("/accounts/weixin/login/")["Location"]
    assert where.startswith("https://wx.example/connect/qrconnect?")
    assert "appid=wx-qr" in where and "scope=snsapi_login" in where
    wechat = Client(headers={"User-Agent": "Mozilla/5.0 MicroMessenger/8.0.50 NetType/WIFI"})
    where = wechat.post("/accounts/weixin/login/")["Location"]
    assert where.startswith("https://wx.example/connect/oauth2/authorize?")
    assert "appid=wx-mp" in where and "scope=snsapi_userinfo" in where and where.endswith("#wechat_redirect")


def test_inside_wecom_the_apps_own_authorisation_is_used(default_scheme, settings):
    settings.SOCIALACCOUNT_PROVIDERS = settings_for("https://ww.example")
    corp_id, _secret = CREDENTIALS["wecom"]
    where = Client().post("/accounts/wecom/login/")["Location"]
    assert where.startswith("https://ww.example/wwlogin/sso/login?login_type=CorpApp")
    inside = Client(headers={"User-Agent": "Mozilla/5.0 wxwork/4.1.30 MicroMessenger/7.0.1"})
    where = inside.post("/accounts/wecom/login/")["Location"]
    assert where.startswith(f"https://ww.example/connect/oauth2/authorize?appid={corp_id}")
    assert (
        "scope=snsapi_privateinfo" in where
        and "agentid=1000002" in where
        and where.endswith("#wechat_redirect")
    )


@pytest.mark.parametrize(
    ("given", "country", "written"),
    [
        ("13800138000", "86", "+8613800138000"),
        ("+86 138-0013-8000", "86", "+8613800138000"),
        ("+8613800138000", "1", "+8613800138000"),
        ("91234567", "852", "+85291234567"),
        ("", "86", ""),
        (None, "86", ""),
        ("not a number", "86", ""),
    ],
)
def test_mobile_numbers_are_written_as_the_portal_records_them(given, country, written):
    assert e164(given, country) == written
