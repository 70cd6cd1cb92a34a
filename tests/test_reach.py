"""Group robots: notifications reach a college's or an enterprise's WeCom, DingTalk or Feishu
group through the stand-in webhooks (tests/standin_robots.py), signed as each platform checks;
one message per robot per event; the kinds chosen; a failing webhook retried by a real worker
on the real broker, then marked failed, the inbox untouched; addresses checked; secrets never
shown back; only the organisation's administrators manage its robots."""

import json
import os
import time

import pytest
from django.urls import reverse

from accounts import notifications
from accounts.models import Notification
from internships.models import Internship
from internships.services import raise_alert
from reach import platforms, services
from reach.models import Delivery, Robot
from tests import standin_robots
from tests.factories import PASSWORD
from tests.test_pages import add_internship

Kind = Notification.Kind
SECRET = "SECtest-secret-0123456789"


@pytest.fixture
def standin(settings):
    robots = standin_robots.start()
    settings.REACH_WEBHOOK_HOSTS = ["127.0.0.1"]
    yield robots
    robots.stop()


def robot(owner, actor, standin, platform="wecom", token="tok1", secret="", kinds=None, **extra):  # noqa: S107
    url = standin.add(platform, token, secret)
    return services.robot_create(
        actor=actor,
        owner=owner,
        platform=platform,
        name=f"{platform} group",
        webhook_url=url,
        secret=secret,
        kinds=kinds,
        **extra,
    )


def alert(world, recipients=None, actor=None):
    """An internship alert to college A's supervisor and administrators, as one event."""
    return notifications.notify(
        recipients if recipients is not None else [world.teacher_a, world.admin_a],
        Kind.INTERNSHIP_ALERT,
        link="/internship-alerts/1/",
        actor=actor,
        student="王小明",
        enterprise="Enterprise X",
        alert=notifications.term("Long working day"),
    )


def send(django_capture_on_commit_callbacks, tasks, do):
    """Run ``do`` in a transaction that commits, then the tasks it queued, as a worker would."""
    with django_capture_on_commit_callbacks(execute=True):
        result = do()
    tasks.run()
    return result


# --- each platform ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("platform", "secret"),
    [("wecom", ""), ("dingtalk", SECRET), ("dingtalk", ""), ("feishu", SECRET), ("feishu", "")],
)
def test_a_notification_reaches_each_platform_signed_as_it_checks(
    world, standin, tasks, django_capture_on_commit_callbacks, platform, secret
):
    robot(world.college_a, world.admin_a, standin, platform, secret=secret)
    send(django_capture_on_commit_callbacks, tasks, lambda: alert(world))
    [message] = standin.wait_for(1)
    assert standin.refused == []
    assert message.platform == platform
    # In the organisation's language (Chinese by default), with the portal's link.
    assert "王小明" in message.text and "Enterprise X" in message.text
    assert "实习" in message.text
    assert message.text.rstrip().endswith("/internship-alerts/1/")
    if platform == "feishu":
        assert ("sign" in message.body) == bool(secret)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.attempts, delivery.kind) == ("sent", 1, Kind.INTERNSHIP_ALERT)
    assert delivery.sent_at is not None


@pytest.mark.django_db
@pytest.mark.parametrize("platform", ["dingtalk", "feishu"])
def test_a_wrong_secret_is_refused_by_the_platform_and_the_delivery_says_so(world, standin, platform):
    row = robot(world.college_a, world.admin_a, standin, platform, secret=SECRET)
    Robot.objects.filter(pk=row.pk).update(secret="SECsomething-else")
    alert(world)
    delivery = Delivery.objects.get()
    assert services.deliver(delivery.pk, final=True) == "failed"
    delivery.refresh_from_db()
    assert standin.messages == [] and standin.refused == [f"{platform}: sign"]
    assert delivery.state == "failed" and "sign" in delivery.last_error
    assert SECRET not in delivery.last_error and "something" not in delivery.last_error


def test_the_signatures_are_the_platforms_published_examples():
    # DingTalk: HMAC-SHA256 keyed by the secret over "timestamp\nsecret"; Feishu: keyed by
    # "timestamp\nsecret" over nothing. Checked against an independent computation.
    import base64
    import hashlib
    import hmac

    stamp = 1700000000000
    want = base64.b64encode(hmac.new(b"s", b"1700000000000\ns", hashlib.sha256).digest()).decode()
    assert platforms.dingtalk_sign(stamp, "s") == want
    want = base64.b64encode(hmac.new(b"1700000000\ns", b"", hashlib.sha256).digest()).decode()
    assert platforms.feishu_sign(1700000000, "s") == want
    assert platforms.dingtalk_sign(stamp, "s") != platforms.feishu_sign(1700000000, "s")


# --- who hears what ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_one_message_per_robot_per_event_whatever_the_number_of_recipients(
    world, standin, tasks, django_capture_on_commit_callbacks
):
    robot(world.college_a, world.admin_a, standin, "wecom", "office")
    robot(world.college_a, world.admin_a, standin, "feishu", "teachers", secret=SECRET)
    other = robot(world.college_b, world.admin_b, standin, "wecom", "college-b")
    rows = send(django_capture_on_commit_callbacks, tasks, lambda: alert(world))
    assert len(rows) == 2  # two inbox rows
    messages = standin.wait_for(2)
    assert sorted(m.token for m in messages) == ["office", "teachers"]
    assert not Delivery.objects.filter(robot=other).exists()
    # A second event is a second message to each.
    send(django_capture_on_commit_callbacks, tasks, lambda: alert(world))
    assert len(standin.wait_for(4)) == 4
    assert Delivery.objects.values("event").distinct().count() == 2


@pytest.mark.django_db
def test_kinds_are_honoured_and_students_notices_stay_personal(
    world, standin, tasks, django_capture_on_commit_callbacks
):
    robot(world.college_a, world.admin_a, standin, "wecom", "hours", kinds=[Kind.HOURS_WAITING])
    disabled = robot(world.college_a, world.admin_a, standin, "wecom", "off", kinds=[Kind.INTERNSHIP_ALERT])
    services.robot_set_active(robot=disabled, actor=world.admin_a, active=False)
    robot(world.college_a, world.admin_a, standin, "wecom", "decided", kinds=[Kind.APPLICATION_DECIDED])
    send(django_capture_on_commit_callbacks, tasks, lambda: alert(world))
    # A student's own notice is not the college's group's business.
    send(
        django_capture_on_commit_callbacks,
        tasks,
        lambda: notifications.notify(
            [world.student_a], Kind.APPLICATION_DECIDED, project="P", decision=notifications.term("accepted")
        ),
    )
    time.sleep(0.2)
    assert standin.messages == [] and Delivery.objects.count() == 0
    send(
        django_capture_on_commit_callbacks,
        tasks,
        lambda: notifications.notify(
            [world.teacher_a], Kind.HOURS_WAITING, teacher="T", hours="2", date="2026-03-01"
        ),
    )
    [message] = standin.wait_for(1)
    assert message.token == "hours"


@pytest.mark.django_db
def test_an_enterprises_group_hears_its_engineers_notices_in_its_language(
    world, standin, tasks, django_capture_on_commit_callbacks
):
    robot(world.enterprise_x, world.engineer_x, standin, "feishu", "ent-x", secret=SECRET, language="en")
    robot(world.enterprise_y, world.engineer_y, standin, "wecom", "ent-y")
    robot(world.college_a, world.admin_a, standin, "wecom", "col-a", kinds=[Kind.APPLICATION_RECEIVED])
    send(
        django_capture_on_commit_callbacks,
        tasks,
        lambda: notifications.notify(
            [world.engineer_x],
            Kind.APPLICATION_RECEIVED,
            link="/applications/9/",
            student="Li Lei",
            project="PLC",
        ),
    )
    [message] = standin.wait_for(1)
    time.sleep(0.2)
    assert len(standin.messages) == 1 and message.token == "ent-x"
    assert "Li Lei applied to your project PLC." in message.text
    assert message.text.endswith("/applications/9/")


@pytest.mark.django_db
def test_an_internship_alert_goes_to_the_colleges_group_by_default(
    world, standin, tasks, django_capture_on_commit_callbacks, as_user
):
    url = standin.add("dingtalk", "office", SECRET)
    created = as_user(world.admin_a).post(
        "/api/v1/robots/",
        {"platform": "dingtalk", "name": "实习办", "webhook_url": url, "secret": SECRET},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["kinds"] == [Kind.INTERNSHIP_ALERT]
    add_internship(world, world.student_a, status="active")
    internship = Internship.objects.latest("pk")
    send(
        django_capture_on_commit_callbacks,
        tasks,
        lambda: raise_alert(internship, "long_day", "11 hours", actor=world.engineer_x),
    )
    [message] = standin.wait_for(1)
    assert standin.refused == []
    assert internship.student.get_full_name() in message.text
    assert "/internship-alerts/" in message.text
    # An enterprise's robot does not hear the college's alert.
    assert Delivery.objects.get().robot.college_id == world.college_a.pk


# --- a failing webhook, a real worker ---------------------------------------------------------


@pytest.fixture
def robot_worker(settings, standin, default_scheme):
    from config.celery import app as celery_app
    from tests.evaluation.test_worker import Worker

    celery_app.control.purge()
    worker = Worker({"REACH_WEBHOOK_HOSTS": "127.0.0.1", "REACH_RETRY_BACKOFF": "1", "REACH_ATTEMPTS": "3"})
    worker.start()
    yield worker
    worker.stop()


def wait_for_state(pk: int, state: str, timeout: float = 60) -> Delivery:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        delivery = Delivery.objects.get(pk=pk)
        if delivery.state == state:
            return delivery
        time.sleep(0.2)
    raise AssertionError(f"delivery {pk} is {Delivery.objects.get(pk=pk).state}, not {state}")


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_failing_webhook_is_retried_by_the_worker_then_marked_failed_and_the_inbox_keeps_its_notice(
    world, standin, robot_worker, client
):
    row = robot(world.college_a, world.admin_a, standin, "feishu", "office", secret=SECRET)
    standin.fail(2)  # two refusals, then it takes the message: the third attempt
    [notice, *_] = alert(world)
    first = Delivery.objects.get()
    sent = wait_for_state(first.pk, "sent")
    assert sent.attempts == 3 and "503" in sent.last_error
    assert [m.token for m in standin.messages] == ["office"]
    assert standin.refused == []  # each attempt signed afresh, and validly

    standin.fail(10)  # more than REACH_ATTEMPTS (3)
    alert(world)
    second = Delivery.objects.exclude(pk=first.pk).get()
    failed = wait_for_state(second.pk, "failed")
    assert failed.attempts == 3 and "HTTP 503" in failed.last_error
    assert len(standin.messages) == 1
    # The inbox items are there, untouched by the failure.
    assert Notification.objects.filter(kind=Kind.INTERNSHIP_ALERT, recipient=world.admin_a).count() == 2
    notice.refresh_from_db()
    assert notice.read_at is None
    # The college's administrators see the failure on the robot's page.
    assert client.login(username=world.admin_a.username, password=PASSWORD)
    page = client.get(reverse("robots-detail", args=[row.pk])).content.decode()
    assert "HTTP 503" in page and "badge failed" in page
    assert '<span class="badge failed">1</span>' in client.get("/robots/").content.decode()


# --- addresses and secrets -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("platform", "url", "field"),
    [
        ("wecom", "https://evil.example/cgi-bin/webhook/send?key=k", "webhook_url"),
        ("wecom", "https://oapi.dingtalk.com/robot/send?access_token=t", "webhook_url"),
        ("dingtalk", "http://oapi.dingtalk.com/robot/send?access_token=t", "webhook_url"),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send", "webhook_url"),
        ("feishu", "https://open.feishu.cn.evil.example/open-apis/bot/v2/hook/x", "webhook_url"),
        ("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/", "webhook_url"),
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k", "secret"),
        ("slack", "https://hooks.slack.com/x", "platform"),
    ],
)
def test_a_webhook_must_be_its_platforms(world, as_user, platform, url, field):
    body = {
        "platform": platform,
        "name": "n",
        "webhook_url": url,
        "secret": "SECx" if field == "secret" else "",
    }
    response = as_user(world.admin_a).post("/api/v1/robots/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not Robot.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("platform", "url"),
    [
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k"),
        ("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=t"),
        ("feishu", "https://open.feishu.cn/open-apis/bot/v2/hook/x"),
        ("feishu", "https://open.larksuite.com/open-apis/bot/v2/hook/x"),
    ],
)
def test_the_platforms_own_addresses_are_taken(world, as_user, platform, url):
    response = as_user(world.engineer_x).post(
        "/api/v1/robots/", {"platform": platform, "name": "n", "webhook_url": url}, format="json"
    )
    assert response.status_code == 201, response.content
    assert Robot.objects.get().enterprise_id == world.enterprise_x.pk


@pytest.mark.django_db
def test_the_webhook_and_the_secret_are_never_shown_back(world, standin, as_user, client):
    token, secret = "tok-7f3a9c1e5b2d4f60", "SECa1b2c3d4e5f6a7b8c9"
    url = standin.add("dingtalk", token, secret)
    api = as_user(world.admin_a)
    created = api.post(
        "/api/v1/robots/",
        {"platform": "dingtalk", "name": "办公室", "webhook_url": url, "secret": secret},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    answers = [
        created.content,
        api.get("/api/v1/robots/").content,
        api.get(f"/api/v1/robots/{pk}/").content,
        api.patch(f"/api/v1/robots/{pk}/", {"name": "办公室群"}, format="json").content,
        api.post(f"/api/v1/robots/{pk}/test/").content,
        api.get(f"/api/v1/robots/{pk}/deliveries/").content,
    ]
    assert json.loads(created.content)["signed"] is True
    assert json.loads(created.content)["webhook"].endswith(token[-4:])
    assert client.login(username=world.admin_a.username, password=PASSWORD)
    answers += [
        client.get("/robots/").content,
        b"".join(client.get("/robots/?format=csv").streaming_content),
        client.get(f"/robots/{pk}/").content,
        client.get(f"/robots/{pk}/edit/").content,
    ]
    from portal.privacy import export_data

    answers.append(json.dumps(export_data(world.admin_a), default=str).encode())
    for answer in answers:
        text = answer.decode()
        assert token not in text and secret not in text
    # An edit that leaves them empty keeps them.
    robot = Robot.objects.get()
    assert (robot.webhook_url, robot.secret) == (url, secret)
    response = client.post(
        f"/robots/{pk}/edit/",
        {
            "platform": "dingtalk",
            "name": "办公室群",
            "webhook_url": "",
            "secret": "",
            "kinds": ["internship_alert"],
            "language": "zh-hans",
            "active": "on",
        },
    )
    assert response.status_code == 302
    robot.refresh_from_db()
    assert (robot.webhook_url, robot.secret, robot.name) == (url, secret, "办公室群")


# --- who manages robots -------------------------------------------------------------------------


@pytest.mark.django_db
def test_only_the_organisations_administrators_manage_its_robots(world, standin, as_user, client):
    row = robot(world.college_a, world.admin_a, standin, "wecom", "office")
    theirs = robot(world.enterprise_x, world.engineer_x, standin, "wecom", "ent")
    detail = f"/api/v1/robots/{row.pk}/"
    assert as_user(world.admin_a).get(detail).status_code == 200
    assert as_user(world.platform_admin).get(detail).status_code == 200
    for outsider in ("teacher_a", "student_a", "admin_b", "engineer_x", "evaluator"):
        api = as_user(getattr(world, outsider))
        assert api.get(detail).status_code == 404, outsider
        assert api.patch(detail, {"name": "x"}, format="json").status_code == 404, outsider
        assert api.delete(detail).status_code == 404, outsider
        assert api.post(f"{detail}test/").status_code == 404, outsider
    assert as_user(None).get(detail).status_code == 401
    assert as_user(world.engineer_x).get(f"/api/v1/robots/{theirs.pk}/").status_code == 200
    # Teachers and students set up none; a platform administrator belongs to no organisation.
    url = standin.add("wecom", "new")
    body = {"platform": "wecom", "name": "n", "webhook_url": url}
    assert as_user(world.teacher_a).post("/api/v1/robots/", body, format="json").status_code == 403
    refused = as_user(world.platform_admin).post("/api/v1/robots/", body, format="json")
    assert refused.status_code == 400 and "college" in refused.content.decode()
    # The pages answer the same.
    assert client.login(username=world.teacher_a.username, password=PASSWORD)
    assert client.get(f"/robots/{row.pk}/").status_code == 404
    assert client.get("/robots/new/").status_code == 403
    client.logout()
    assert client.login(username=world.admin_a.username, password=PASSWORD)
    assert client.get(f"/robots/{theirs.pk}/").status_code == 404
    page = client.get("/robots/new/").content.decode()
    assert 'value="internship_alert"' in page and "checked" in page
    assert client.post(f"/robots/{row.pk}/delete/").status_code == 302
    assert not Robot.objects.filter(pk=row.pk).exists()


@pytest.mark.django_db
def test_an_erased_recipient_takes_the_robots_pointer_to_their_notice_along(world, standin):
    from portal.privacy import erase_person

    robot(world.college_a, world.admin_a, standin, "wecom", "office")
    alert(world, recipients=[world.teacher_a])
    delivery = Delivery.objects.get()
    assert delivery.notification.recipient == world.teacher_a
    erase_person(world.teacher_a, actor=world.admin_a)
    delivery.refresh_from_db()
    assert delivery.notification is None
    # Nothing is left to send: it fails, and says why, without a name.
    assert services.deliver(delivery.pk, final=False) == "failed"
    assert standin.messages == []


# --- the page in a browser -----------------------------------------------------------------------


@pytest.mark.node  # axe-core comes from tests/js
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_robot_page_in_chinese_on_a_phone(world, standin, live_server, default_scheme):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    from tests.test_browser import AXE, CHROMIUM, MOBILE, SHOTS

    row = robot(
        world.college_a,
        world.admin_a,
        standin,
        "dingtalk",
        "office",
        secret=SECRET,
        kinds=[Kind.INTERNSHIP_ALERT, Kind.HOURS_WAITING],
    )
    alert(world)
    Delivery.objects.update(state="failed", attempts=5, last_error="HTTP 503")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(locale="zh-CN", viewport=MOBILE)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=login]", world.admin_a.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_url("**/dashboard/")
        page.goto(live_server.url + f"/robots/{row.pk}/")
        assert "群机器人" in page.content()
        assert "office" not in page.content() and SECRET not in page.content()
        assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "robot-detail-zh-390.png"), full_page=True)
        page.goto(live_server.url + "/robots/new/")
        page.screenshot(path=str(SHOTS / "robot-new-zh-390.png"), full_page=True)
        problems = []
        for path in (f"/robots/{row.pk}/", "/robots/new/", "/robots/"):
            page.goto(live_server.url + path)
            if AXE.exists():
                page.evaluate(AXE.read_text())
                problems += page.evaluate(
                    "async () => (await axe.run(document)).violations.map(v => v.id + ': ' + "
                    "v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
                )
            assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"], path
        context.close()
        browser.close()
    assert errors == [] and problems == []
    assert AXE.exists(), "npm install --prefix tests/js for axe-core"


@pytest.mark.django_db
def test_old_deliveries_are_forgotten_by_housekeeping(world, standin, settings):
    import datetime

    from django.utils import timezone

    from reach.tasks import housekeeping

    robot(world.college_a, world.admin_a, standin, "wecom", "office")
    alert(world)
    alert(world)
    old, recent = Delivery.objects.order_by("pk")
    Delivery.objects.filter(pk=old.pk).update(
        state="sent", created_at=timezone.now() - datetime.timedelta(days=settings.REACH_DELIVERY_DAYS + 1)
    )
    assert housekeeping() == {"robot_deliveries": 1}
    assert list(Delivery.objects.values_list("pk", flat=True)) == [recent.pk]
