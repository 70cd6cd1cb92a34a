"""Every role's job in a real browser: Playwright drives Debian's Chromium against a live
server holding the demo world.

The journeys go through the pages only (no API call), in English and in Chinese: the project
cycle from posting to a published scorecard, the course cycle from a new course to the credit
on the transcript, the dual-position cycle, a roster import, and the notifications each step
sends to the right person. Buttons are found by where their form posts (the same in both
languages), so a journey checks the words a person reads, not the selectors.

The crawl visits every kind of page each demo role can reach and checks that none answers
5xx, logs a console error (a CSP violation is one), scrolls sideways at 390 px, or has an
axe-core violation. Screenshots go to var/screenshots/.
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "var" / "screenshots"
AXE = Path(__file__).resolve().parent / "js" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "demo-pass-2026"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}
LOCALES = {"en": "en-GB", "zh": "zh-CN"}
# How long a step may take before the test fails: generous, since `make test` runs on loaded
# two-core machines where a page takes seconds (Playwright's own defaults, 5 s for an
# assertion and 30 s for an action, failed there), and bounded, so that what never comes fails.
# A server error fails the step at once whatever the wait (see ``no_server_error``).
WAIT_MS = 90_000

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the live server and Playwright share the test's thread
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=WAIT_MS)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


TWO_FACTOR = ("demo-admin", "demo-evaluator", "demo-evaluator-2")


@pytest.fixture
def demo(default_scheme):
    call_command("seed_demo", verbosity=0)
    from accounts.models import User
    from tests.conftest import give_totp

    # Their roles must use two-factor authentication: they set it up (the same app here).
    for username in TWO_FACTOR:
        give_totp(User.objects.get(username=username))


class Problems(list):
    """Console errors, failed page loads and refused requests seen by every page of a test."""


@pytest.fixture
def open_page(browser, live_server):
    """A fresh page (its own cookies) that records console errors and 5xx answers, accepts
    confirmation dialogs as a person saying "OK" would, and fails the test on any problem."""
    contexts, problems = [], Problems()

    def make(lang: str = "en", viewport: dict | None = None):
        context = browser.new_context(locale=LOCALES[lang], viewport=viewport or DESKTOP)
        context.set_default_timeout(WAIT_MS)
        context.set_default_navigation_timeout(WAIT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                problems.append(f"console: {message.text} at {message.location.get('url')}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on(
            "response",
            lambda response: (
                problems.append(f"{response.status} for {response.url}") if response.status >= 500 else None
            ),
        )
        page.on("dialog", lambda dialog: dialog.accept())
        page.base = live_server.url  # type: ignore[attr-defined]
        page.problems = problems  # type: ignore[attr-defined]
        page.lang = lang  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()
    # 4xx answers the journeys provoke on purpose are checked where they happen; the console
    # reports them as "Failed to load resource", which is not a fault of the page.
    real = [
        p for p in problems if "Failed to load resource: the server responded with a status of 4" not in p
    ]
    assert real == [], real


# --- Helpers: what a person does --------------------------------------------------------------


def login(page, username: str) -> None:
    from django.core.cache import cache

    from accounts.models import TotpStepUsed
    from tests.conftest import TOTP_SECRET, totp_code

    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    if username in TWO_FACTOR:
        page.wait_for_url("**/accounts/2fa/authenticate/**")
        # A code works once; the same person logs in again within its 30 s: as if the app
        # showed the next code, forget the use (allauth's cache and the portal's record).
        cache.clear()
        TotpStepUsed.objects.filter(authenticator__user__username=username).delete()
        page.fill("input[name=code]", totp_code(TOTP_SECRET))
        page.click("main form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    no_server_error(page)
    page.wait_for_selector("canvas[data-chart][data-drawn='1']")  # Chart.js drew the chart


def no_server_error(page) -> None:
    """Fail at the step that met a server error, rather than later when what it should have
    shown never comes."""
    errors = [p for p in page.problems if re.match(r"5\d\d for ", p)]
    assert errors == [], errors


def logout(page) -> None:
    """Through the person's menu under their name (behind "Menu" on a phone)."""
    toggle = page.locator("header .menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.click("header details.account > summary")
    page.click("header form[action$='/accounts/logout/'] button")
    page.wait_for_url(re.compile(r".*/$"))


def settled(page, click) -> None:
    """Click and wait until the answer is on the page (a boosted request swaps <main>)."""
    page.evaluate("document.getElementById('main').dataset.stale = '1'")
    click()
    page.wait_for_selector("main#main:not([data-stale])")
    page.wait_for_load_state("networkidle")
    no_server_error(page)


def go(page, path: str) -> None:
    page.goto(page.base + path)
    no_server_error(page)


def follow(page, href_end: str) -> None:
    """Click a link of the page whose address ends so (a header link, a row's title)."""
    link = (
        page.locator(f"main a[href$='{href_end}'], header a[href$='{href_end}']")
        .locator("visible=true")
        .first
    )
    settled(page, link.click)


def act(page, action_end: str, fields: dict | None = None) -> None:
    """Take the action whose form posts to an address ending so: open its panel when it asks
    for something, fill it in, and submit (confirming when asked)."""
    form = page.locator(f"main form[action$='{action_end}']").first
    panel = page.locator(f"details.action:has(form[action$='{action_end}'])")
    if panel.count() and not panel.first.evaluate("e => e.open"):
        panel.first.locator("summary").click()
    for name, value in (fields or {}).items():
        field = form.locator(f"[name='{name}']")
        tag = field.first.evaluate("e => e.tagName + (e.type ? ':' + e.type : '')")
        if tag.startswith("SELECT"):
            field.select_option(str(value))
        elif tag == "INPUT:checkbox":
            field.set_checked(bool(value))
        else:
            field.fill(str(value))
    settled(page, lambda: form.locator("button[type=submit]").click())


def fill_form(page, fields: dict) -> None:
    """Fill the page's main form (create or edit) and save it."""
    for name, value in fields.items():
        field = page.locator(f"main form [name='{name}']")
        tag = field.first.evaluate("e => e.tagName + (e.type ? ':' + e.type : '')")
        if tag.startswith("SELECT"):
            field.first.select_option(str(value)) if not isinstance(
                value, list
            ) else field.first.select_option(value)
        elif tag in ("INPUT:checkbox", "INPUT:radio"):
            for box in field.all():
                box.set_checked(
                    box.get_attribute("value") in (value if isinstance(value, list) else [str(value)])
                )
        else:
            field.fill(str(value))
    settled(page, lambda: page.locator("main form.stack button[type=submit]").last.click())


def say(page, en: str, zh: str) -> str:
    return zh if page.lang == "zh" else en


def expect_message(page, en: str, zh: str) -> None:
    from playwright.sync_api import expect

    expect(page.locator(".messages")).to_contain_text(say(page, en, zh))


def shot(page, name: str, full: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full)


# --- The journeys -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_project_cycle_from_posting_to_a_published_scorecard(demo, open_page, lang):
    from playwright.sync_api import expect

    from enterprises.models import Project

    title = "焊缝检测" if lang == "zh" else "Weld seam inspection"
    # The enterprise posts a real project and opens it.
    page = open_page(lang)
    login(page, "demo-engineer")
    follow(page, "/projects/new/")
    fill_form(
        page,
        {
            "title": title,
            "description": "Find weld defects on camera images.",
            "seats": "2",
            "visibility": "public",
        },
    )
    expect(page.locator("h1")).to_have_text(title)
    project = Project.objects.get(title=title)
    assert project.status == "open"  # "open it now" is ticked by default
    logout(page)
    # The college takes it on.
    login(page, "demo-college")
    follow(page, "/projects/")
    page.fill("#q", title[:4])
    page.wait_for_selector(f"#results a:has-text('{title}')")
    follow(page, f"/projects/{project.pk}/")
    act(page, "/take-on/")
    expect_message(page, "Your college took the project on.", "你的学院已承接该项目。")
    logout(page)
    # A student applies; the engineer hears of it in the inbox and accepts.
    login(page, "demo-student")
    go(page, f"/projects/{project.pk}/")
    act(page, "/apply/", {"apply-motivation": say(page, "I built a camera rig.", "我做过视觉检测装置。")})
    logout(page)
    login(page, "demo-engineer")
    expect(page.locator("header .inbox .count")).to_be_visible()
    follow(page, "/inbox/")
    expect(page.locator("main")).to_contain_text(
        say(page, f"applied to your project {title}", f"申请了你的项目“{title}”")
    )
    settled(page, lambda: page.locator("ul.inbox-list li.unread button").first.click())
    expect(page.locator("h1")).to_have_text(title)
    act(page, "/accept/")
    act(page, "/start/")
    expect(page.locator(".page-head .badge.in_progress")).to_be_visible()
    logout(page)
    # The college delivers; the engineer accepts the delivery with a rating.
    login(page, "demo-teacher")
    go(page, f"/projects/{project.pk}/")
    act(page, "/deliver/", {"deliver-summary": "Code, model and a report."})
    logout(page)
    login(page, "demo-engineer")
    go(page, f"/projects/{project.pk}/")
    act(
        page,
        "/accept-delivery/",
        {"accept-delivery-rating": "5", "accept-delivery-feedback": "Runs on line 2."},
    )
    expect(page.locator(".page-head .badge.accepted")).to_be_visible()
    logout(page)
    # The accepted student heard of every step.
    login(page, "demo-student")
    follow(page, "/inbox/")
    expect(page.locator("main")).to_contain_text(title)
    logout(page)
    # The college submits evidence; an evaluator verifies it and publishes the scorecard.
    login(page, "demo-college")
    follow(page, "/evidence/new/")
    fill_form(
        page,
        {
            "indicator": "smes_served",
            "value": "2",
            "base": "1",
            "occurred_on": "2026-10-01",
            "note": "Two machine shops advised",
        },
    )
    logout(page)
    login(page, "demo-evaluator")
    follow(page, "/evidence/?status=submitted")
    follow(page, "/evidence/" + str(_evidence_id("Two machine shops advised")) + "/")
    act(page, "/verify/")
    expect_message(page, "Verified", "已核验")
    go(page, "/scorecards/?subject_type=college&period=2026&status=draft")
    follow(page, f"/scorecards/{_draft_card('prvc')}/")
    for step in ("submit-for-review", "approve"):
        act(page, f"/{step}/")
    # Four eyes: another evaluator publishes.
    card = page.url
    logout(page)
    login(page, "demo-evaluator-2")
    page.goto(card)
    act(page, "/publish/")
    expect(page.locator(".page-head .badge.published")).to_be_visible()
    shot(page, f"journey-scorecard-{lang}")


def _delivered_by_the_teacher(title: str) -> int:
    """A project of the demo engineer's enterprise, under way with the demo student and
    delivered by the demo teacher (the steps before are journeyed above)."""
    from accounts.models import User
    from enterprises import services
    from enterprises.models import Application

    engineer, teacher, student = (
        User.objects.get(username=name) for name in ("demo-engineer", "demo-teacher", "demo-student")
    )
    project = services.project_create(
        actor=engineer, enterprise=engineer.enterprise, title=title, description="Check each seam.", seats=1
    )
    services.project_open(project=project, actor=engineer)
    services.project_take_on(project=project, actor=teacher, college=teacher.college)
    application = services.project_apply(project=project, student=student, motivation="Keen")
    services.application_accept(application=Application.objects.get(pk=application.pk), actor=engineer)
    services.project_start(project=project, actor=engineer)
    services.project_deliver(project=project, actor=teacher, summary="First version.")
    return project.pk


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_delivery_is_sent_back_for_changes_then_rejected_and_each_side_reads_why(demo, open_page, lang):
    from playwright.sync_api import expect

    title = "焊缝复检" if lang == "zh" else "Seam recheck"
    pk = _delivered_by_the_teacher(title)
    page = open_page(lang)
    # The engineer asks for changes: the project is under way again.
    login(page, "demo-engineer")
    go(page, f"/projects/{pk}/")
    act(page, "/request-changes/", {"request-changes-reason": "Add the torque log"})
    expect(page.locator(".page-head .badge.in_progress")).to_be_visible()
    logout(page)
    # The teacher reads why in the inbox and delivers again.
    login(page, "demo-teacher")
    follow(page, "/inbox/")
    expect(page.locator("main")).to_contain_text("Add the torque log")
    expect(page.locator("main")).to_contain_text(say(page, "asks for changes", "要求修改"))
    go(page, f"/projects/{pk}/")
    act(page, "/deliver/", {"deliver-summary": "Second version, with the torque log."})
    expect(page.locator(".page-head .badge.delivered")).to_be_visible()
    logout(page)
    # The engineer rejects it for good: the project closes and offers no Edit.
    login(page, "demo-engineer")
    go(page, f"/projects/{pk}/")
    act(page, "/reject-delivery/", {"reject-delivery-feedback": "Out of our scope now"})
    expect(page.locator(".page-head .badge.rejected")).to_be_visible()
    expect(page.locator(f"main a[href$='/projects/{pk}/edit/']")).to_have_count(0)
    logout(page)
    # The college's administrator reads the reason.
    login(page, "demo-college")
    follow(page, "/inbox/")
    expect(page.locator("main")).to_contain_text("Out of our scope now")


def _evidence_id(note: str) -> int:
    from ledger.models import Evidence

    return Evidence.objects.get(note=note).pk


def _draft_card(college_code: str) -> int:
    from evaluation.models import Scorecard

    return Scorecard.objects.get(subject_type="college", college__code=college_code, period=2026).pk


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_course_cycle_from_a_new_course_to_credit_on_the_transcript(demo, open_page, lang):
    from playwright.sync_api import expect

    from courses.models import Course

    page = open_page(lang)
    login(page, "demo-college")
    go(page, "/courses/new/")
    fill_form(page, {"code": "WLD1", "title": say(page, "Welding automation", "焊接自动化")})
    course = Course.objects.get(code="WLD1")
    act(
        page,
        "/new-module/",
        {"new-module-title": say(page, "Seam tracking", "焊缝跟踪"), "new-module-credits": "2"},
    )
    module = course.modules.get()
    act(
        page,
        "/new-offering/",
        {"new-offering-module": module.pk, "new-offering-term": "2027-spring", "new-offering-capacity": "12"},
    )
    offering = module.offerings.get()
    logout(page)
    login(page, "demo-student")
    go(page, f"/offerings/{offering.pk}/")
    act(page, "/enroll/")
    expect_message(page, "You are enrolled.", "选课成功")
    logout(page)
    login(page, "demo-teacher")
    follow(page, "/enrollments/")
    go(page, f"/enrollments/{offering.enrollments.get().pk}/")
    act(page, "/complete/", {"complete-grade": "91"})
    logout(page)
    login(page, "demo-student")
    follow(page, "/transcript/")
    main = page.locator("main")
    expect(main).to_contain_text(say(page, "Seam tracking", "焊缝跟踪"))
    expect(main).to_contain_text("2.0")
    shot(page, f"journey-transcript-{lang}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_dual_position_cycle(demo, open_page, lang):
    from playwright.sync_api import expect

    from accounts.models import User
    from colleges.models import DualPosition
    from enterprises.models import Enterprise

    teacher = User.objects.get(username="demo-teacher-2")
    page = open_page(lang)
    login(page, "demo-college")
    go(page, "/dual-positions/new/")
    fill_form(
        page,
        {
            "user": teacher.pk,
            "enterprise": Enterprise.objects.get(code="huaxin").pk,
            "role": "engineer",
            "title": say(page, "Cell commissioning", "产线调试工程师"),
            "start_date": "2026-02-01",
        },
    )
    position = DualPosition.objects.get(user=teacher, role="engineer")
    logout(page)
    login(page, "demo-engineer")
    go(page, f"/dual-positions/{position.pk}/")
    act(page, "/recognize/")
    expect(page.locator(".page-head .badge.active")).to_be_visible()
    logout(page)
    login(page, "demo-teacher-2")
    go(page, "/practice-logs/new/")
    fill_form(
        page,
        {
            "position": position.pk,
            "date": "2026-03-02",
            "hours": "6",
            "description": say(page, "Commissioned a cell", "调试了一条产线"),
        },
    )
    logout(page)
    login(page, "demo-engineer")
    expect(page.locator("main")).to_contain_text(say(page, "Practice hours to confirm", "待确认的实践小时"))
    follow(page, "/inbox/")
    expect(page.locator("main")).to_contain_text(say(page, "please confirm them", "请确认"))
    log = position.practice_logs.get()
    go(page, f"/practice-logs/{log.pk}/")
    act(page, "/confirm/")
    expect(page.locator(".page-head .badge.confirmed")).to_be_visible()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_internship_cycle_a_night_shift_is_caught_and_answered(demo, open_page, lang):
    from playwright.sync_api import expect

    from internships.models import Internship, InternshipAlert

    internship = Internship.objects.get(student__username="demo-student", status="active")
    ready = Internship.objects.get(student__username="demo-student-2")
    page = open_page(lang)
    # The college starts the internship that has everything it needs.
    login(page, "demo-college")
    go(page, f"/internships/{ready.pk}/")
    act(page, "/start/")
    expect_message(page, "The internship is under way.", "实习已开始。")
    logout(page)
    # The intern logs a night shift through the header's menu.
    login(page, "demo-student")
    page.click(f"header summary:has-text('{say(page, 'Work-based learning', '实习与学徒')}')")
    follow(page, "/internship-logs/")
    follow(page, "/internship-logs/new/")
    fill_form(
        page,
        {
            "internship": internship.pk,
            "date": "2026-09-10",
            "hours": "8",
            "shift": "night",
            "tasks": say(page, "Line changeover", "产线换型"),
        },
    )
    alert = InternshipAlert.objects.get(internship=internship, kind="night_shift")
    logout(page)
    # The supervisor sees it waiting on the dashboard and answers it.
    login(page, "demo-teacher")
    expect(page.locator("main")).to_contain_text(say(page, "Internship alerts to answer", "待处理的实习预警"))
    follow(page, f"/internship-alerts/{alert.pk}/")
    expect(page.locator("main")).to_contain_text(
        say(page, "interns work no night shifts", "实习生不得上夜班")
    )
    act(page, "/resolve/", {"resolve-note": say(page, "Moved to day shifts.", "已调整为白班。")})
    expect(page.locator(".page-head .badge.verified")).to_be_visible()
    logout(page)
    # The mentor confirms the day from the dashboard.
    login(page, "demo-engineer")
    expect(page.locator("main")).to_contain_text(say(page, "Interns' days to confirm", "待确认的实习日志"))
    go(page, f"/internships/{internship.pk}/")
    expect(page.locator("main")).to_contain_text(say(page, "Three-party agreement", "三方协议"))
    shot(page, f"internship-{lang}", full=True)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_posting_is_flagged_and_cleared_and_a_new_enterprise_is_vetted(demo, open_page, lang):
    from playwright.sync_api import expect

    from enterprises.models import Enterprise, Project

    newcomer = Enterprise.objects.get(code="nanhai-parts")
    posting = Project.objects.get(title="CNC fixture redesign")
    suspect = Project.objects.get(title="Vision-based part sorting")
    page = open_page(lang)
    # A student flags a posting; one account's flag hides it from nobody, not even from them.
    login(page, "demo-student-2")
    go(page, f"/projects/{suspect.pk}/")
    act(page, "/flag/", {"flag-reason": say(page, "Asks for a deposit.", "要求交押金。")})
    expect_message(page, "platform admin will check", "平台管理员会核查")
    go(page, "/projects/?q=Vision")
    expect(page.locator("#results")).to_contain_text("Vision-based part sorting")
    logout(page)
    # The college vets the newcomer from its dashboard; its posting then reaches students.
    login(page, "demo-college")
    follow(page, f"/employers/{newcomer.pk}/")
    page.locator("details.action:has(form[action$='/approve/']) summary").click()
    shot(page, f"employer-approval-{lang}", full=True)
    act(
        page,
        "/approve/",
        {
            "approve-credit_code": "91440606MA4W6K9N5R",
            "approve-contact_verified": True,
            "approve-site_visit_on": "2026-03-02",
        },
    )
    expect_message(page, "approved", "已通过审核")
    logout(page)
    # The platform admin clears the flag, saying what was checked.
    login(page, "demo-admin")
    go(page, "/flags/?q=Vision")
    follow(page, f"/flags/{suspect.flags.get(cleared_at__isnull=True).pk}/")
    act(page, "/clear/", {"clear-note": say(page, "Called them: no deposit.", "已电话核实：没有押金。")})
    expect_message(page, "cleared", "举报已解除")
    logout(page)
    login(page, "demo-student-2")
    go(page, f"/projects/{posting.pk}/")
    expect(page.locator("main h1")).to_contain_text("CNC fixture redesign")
    shot(page, f"vetted-posting-{lang}")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_module_is_matched_with_a_project_and_the_fit_is_explained(demo, open_page, lang):
    from playwright.sync_api import expect

    from courses.models import Module
    from enterprises.models import MatchRequest, Project

    churn = Project.objects.get(title="Customer churn analysis")
    picking = Module.objects.get(title="Vision-guided picking")
    page = open_page(lang)
    # A teacher proposes a module of their college for an open project; the fit is explained.
    login(page, "demo-teacher")
    go(page, f"/projects/{churn.pk}/")
    act(
        page,
        "/match/",
        {"match-module": picking.pk, "match-message": say(page, "Python fits.", "Python 相符。")},
    )
    expect_message(page, "the other side accepts or declines", "由对方接受或拒绝")
    # python is shared; the project also names data-analysis, the module machine-vision.
    expect(page.locator("main")).to_contain_text("1 / 3 = 0.33")
    shot(page, f"match-request-{lang}", full=True)
    logout(page)
    # The enterprise answers the request waiting on its dashboard, agreeing new dates.
    login(page, "demo-engineer")
    waiting = MatchRequest.objects.get(project__title="Vision-based part sorting", status="pending")
    follow(page, f"/match-requests/{waiting.pk}/")
    act(page, "/accept/", {"accept-starts_on": "2026-09-14", "accept-ends_on": "2026-12-18"})
    expect_message(page, "has taken the project on", "已承接该项目")
    expect(page.locator(".page-head .badge.accepted")).to_be_visible()


@pytest.fixture
def import_worker():
    """Imports run on a real worker on the real broker and database."""
    from config.celery import app as celery_app
    from tests.evaluation.test_worker import Worker

    celery_app.control.purge()
    process = Worker()
    process.start()
    yield process
    process.stop()


@pytest.mark.postgres
@pytest.mark.redis
def test_a_college_admin_imports_a_roster_and_the_new_people_appear(demo, open_page, tmp_path, import_worker):
    from playwright.sync_api import expect

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "username,first_name,last_name,email,role\nnew.one,New,One,new.one@example.org,student\n"
        "new.two,New,Two,not-an-email,student\n"
    )
    good = tmp_path / "good.csv"
    good.write_bytes(
        (
            "username,first_name,last_name,email,role\n"
            + "".join(f"roster.{n},学生,{n},roster.{n}@example.org,student\n" for n in range(120))
        ).encode("gb18030")
    )
    page = open_page("zh")
    login(page, "demo-college")
    page.locator("header details:has(a[href$='/people/']) > summary").click()  # People, then the audit log
    follow(page, "/people/")
    follow(page, "/people/import/")
    page.set_input_files("main input[type=file]", str(bad))
    settled(page, lambda: page.click("main form button[type=submit]"))
    # The import page asks every second until the worker answers.
    expect(page.locator("[role=alert]")).to_contain_text("未导入任何数据", timeout=WAIT_MS)
    expect(page.locator("[role=alert] td[data-label='行号']").first).to_have_text("3")
    follow(page, "/people/import/")  # upload the corrected file
    page.set_input_files("main input[type=file]", str(good))
    settled(page, lambda: page.click("main form button[type=submit]"))
    expect(page.locator("#import-status")).to_contain_text("已导入 120 行", timeout=WAIT_MS)
    follow(page, "/people/")
    page.fill("#q", "roster.7")
    expect(page.locator("#results")).to_contain_text("roster.77")


def test_back_redraws_the_charts_and_does_not_replay_messages(demo, open_page):
    from playwright.sync_api import expect

    page = open_page()
    login(page, "demo-college")
    expect(page.locator(".messages")).to_contain_text("Successfully signed in")
    follow(page, "/projects/")
    expect(page.locator("h1")).to_have_text("Projects")
    page.go_back()
    page.wait_for_selector("canvas[data-chart][data-drawn='1']")
    expect(page.locator("h1")).to_have_text("Pearl River Vocational College")
    expect(page.locator(".messages")).to_have_count(0)
    # A header link under hx-boost brings the whole page, styled, with its own title.
    page.click("header summary:has-text('Evaluation')")
    follow(page, "/scorecards/")
    expect(page.locator("header.top")).to_have_count(1)
    expect(page).to_have_title(re.compile("Scorecards"))


# --- The crawl ----------------------------------------------------------------------------------

SKIP = re.compile(
    r"^/(static|media|admin|api|accounts/(logout|3rdparty|reauthenticate))|"
    r"/my-data/|format=(pdf|csv)|/language/|\.(pdf|zip|csv|json)$|"
    # Downloads by address: a report's PDF, a portfolio's file.
    r"/(pdf|file)/$"
)


def _pattern(path: str) -> str:
    """A page's kind: its address with numbers and keys made general, and its parameter names."""
    base, _sep, query = path.partition("?")
    base = re.sub(r"/[0-9a-f-]{32,36}/", "/{uuid}/", re.sub(r"/\d+/", "/{id}/", base))
    names = sorted({part.split("=")[0] for part in query.split("&") if part and not part.startswith("page=")})
    return base + ("?" + "&".join(names) if names else "")


def _axe(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text())  # through DevTools: the page's CSP is not asked
    result = page.evaluate(
        "async () => (await axe.run(document, {rules: {'label-content-name-mismatch': {enabled: true}}})).violations"
        ".map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))"
    )
    return list(result)


def crawl(page, start: str, limit: int) -> tuple[dict[str, list[str]], set[str]]:
    """Visit one page of each kind reachable from ``start``: what each one got wrong, and
    the kinds visited."""
    seen_kinds: set[str] = set()
    queue, faults = [start], {}
    while queue and len(seen_kinds) < limit:
        path = queue.pop(0)
        kind = _pattern(path)
        if kind in seen_kinds:
            continue
        seen_kinds.add(kind)
        page.set_viewport_size(DESKTOP)
        response = page.goto(page.base + path)
        problems = []
        if response is None or response.status >= 500:
            problems.append(f"answered {response.status if response else 'nothing'}")
        html = response is not None and "text/html" in (response.headers.get("content-type") or "")
        if html and response.status < 400:
            problems += _axe(page)
            page.set_viewport_size(MOBILE)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > MOBILE["width"]:
                wide = page.evaluate(
                    "() => [...document.querySelectorAll('main *, header *')]"
                    ".filter(e => e.children.length === 0 && e.getBoundingClientRect().right > 391"
                    " && !e.closest('thead'))"
                    ".slice(0, 4).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 30))"
                )
                problems.append(f"{width} px wide at 390 px: {wide}")
            links = page.eval_on_selector_all("a[href^='/']", "els => els.map(e => e.getAttribute('href'))")
            queue += [href for href in links if not SKIP.search(href) and _pattern(href) not in seen_kinds]
        if problems:
            faults[path] = problems
    return faults, seen_kinds


@pytest.mark.node  # axe-core comes from tests/js
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(
    "username",
    ["demo-admin", "demo-college", "demo-teacher", "demo-engineer", "demo-student", "demo-evaluator", None],
)
def test_every_page_a_role_reaches_is_whole_accessible_and_fits_a_phone(demo, open_page, username, lang):
    page = open_page(lang)
    if username:
        login(page, username)
    faults, kinds = crawl(page, "/dashboard/" if username else "/", limit=80)
    assert len(kinds) >= (15 if username else 8), sorted(kinds)  # the crawl really went round
    assert faults == {}, "\n".join(f"{path}: {problems}" for path, problems in faults.items())


# --- Screenshots for the README ------------------------------------------------------------------

MAIN_PAGES = {
    "demo-college": ["/dashboard/", "/projects/", "/internships/"],
    "demo-teacher": ["/dashboard/"],
    "demo-engineer": ["/dashboard/"],
    "demo-student": ["/dashboard/", "/internships/"],
    "demo-evaluator": ["/dashboard/", "/radar/"],
}


def test_screenshots_of_each_roles_main_pages(demo, open_page):
    for username, paths in MAIN_PAGES.items():
        for lang, viewport, label in (("en", DESKTOP, "desktop"), ("zh", MOBILE, "mobile")):
            page = open_page(lang, viewport)
            login(page, username)
            for path in paths:
                go(page, path)
                page.wait_for_load_state("networkidle")
                if label == "desktop":  # the header is one line at 1280 px, in English too
                    height = page.evaluate(
                        "document.querySelector('header.top').getBoundingClientRect().height"
                    )
                    assert height <= 64, (username, path, height)
                name = path.strip("/").replace("/", "-") or "home"
                shot(page, f"{username.removeprefix('demo-')}-{name}-{label}")
            page.context.close()
    assert len(list(SHOTS.glob("*-desktop.png"))) >= 7


# --- A phone: the header in one row, nothing wider than the screen, error pages included ----------

ONE_ROW = """() => {
  const header = document.querySelector('header.top');
  const shown = [...header.querySelectorAll(':scope > .brand, :scope > .inbox, :scope > .menu-toggle')]
    .filter(e => e.getClientRects().length);
  const tops = shown.map(e => Math.round(e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2));
  return {height: header.getBoundingClientRect().height, middles: tops, shown: shown.length};
}"""


def _answer(status: int, body: str):
    return lambda route: route.fulfill(status=status, body=body, content_type="text/html; charset=utf-8")


def _fits_a_phone(page, name: str) -> None:
    row = page.evaluate(ONE_ROW)
    assert row["height"] <= 64 and max(row["middles"]) - min(row["middles"]) <= 8, (name, row)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= MOBILE["width"], (name, width)
    shot(page, f"phone-{name}")


@pytest.mark.node  # axe-core comes from tests/js
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_the_header_is_one_row_the_menu_and_filters_fold_and_nothing_is_wider(
    demo, open_page, lang
):
    from django.template.loader import render_to_string
    from django.utils import translation

    from enterprises.models import Project

    page = open_page(lang, MOBILE)
    go(page, "/")
    _fits_a_phone(page, f"home-{lang}")
    # Error pages a server answers without the portal's views: rendered as the server would
    # (the 500 page with 200, so the page's own checks do not take it for a fault).
    with translation.override("zh-hans" if lang == "zh" else "en"):
        for status, template in ((500, "500.html"), (429, "429.html")):
            page.route(
                f"**/error-{status}/", _answer(200 if status == 500 else status, render_to_string(template))
            )
            go(page, f"/error-{status}/")
            assert page.locator("main h1").is_visible()
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= MOBILE["width"], (template, width)
            shot(page, f"phone-{status}-{lang}")
    go(page, "/nothing-here/")
    _fits_a_phone(page, f"404-anonymous-{lang}")

    login(page, "demo-college")
    project = Project.objects.filter(status=Project.Status.OPEN).order_by("pk").first()
    for path, name in (
        ("/dashboard/", "dashboard"),
        ("/projects/", "projects"),
        (f"/projects/{project.pk}/", "project"),
        ("/people/import/", "roster-import"),
        ("/skills/", "skills"),
        ("/radar/", "radar"),
        ("/projects/999999/", "404"),
        ("/imports/skill-crosswalks/", "403"),
    ):
        go(page, path)
        _fits_a_phone(page, f"{name}-{lang}")

    # The menu: folded, then open below the row, then folded again by Escape.
    go(page, "/projects/")
    nav = page.locator("#site-nav a[href='/dashboard/']")
    assert not nav.is_visible()
    page.click(".menu-toggle")
    assert nav.is_visible() and page.locator(".menu-toggle").get_attribute("aria-expanded") == "true"
    shot(page, f"phone-menu-{lang}")
    nav.focus()
    page.keyboard.press("Escape")
    assert not nav.is_visible()
    # The filters fold behind their button and open on it.
    state = page.locator("#filters select[name='status']")
    assert not state.is_visible()
    page.click(".filters-toggle")
    assert state.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    shot(page, f"phone-filters-{lang}")
    # A state badge is as wide as its words, not as its cell.
    badge = page.locator("main td .badge").first
    cell = page.locator("main td:has(.badge)").first
    assert badge.bounding_box()["width"] < cell.bounding_box()["width"] / 2

    # The roster import has no scrollable region a keyboard cannot reach.
    go(page, "/people/import/")
    assert not [v for v in _axe(page) if v.startswith("scrollable-region-focusable")]
