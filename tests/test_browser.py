"""Each role in a real browser: Playwright drives Debian's Chromium against a live server.

For every role: log in through the form, reach the dashboard with its chart drawn, do one
key action and see its result, with no console errors (a CSP violation is one). Screenshots
go to var/screenshots/.
"""

import datetime
import os
from pathlib import Path

import pytest
from django.core.management import call_command

from ledger.models import Evidence

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "var" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "demo-pass-2026"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def browser():
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # the live server and Playwright share the test's thread
    from playwright.sync_api import sync_playwright

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


@pytest.fixture
def demo(default_scheme):
    call_command("seed_demo", verbosity=0)


@pytest.fixture
def open_page(browser, live_server):
    """A fresh page whose console errors are collected; fails the test if any appear."""
    contexts, errors = [], []

    def make(locale: str = "en-GB"):
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.on(
            "console",
            lambda message: (
                errors.append(f"{message.text} at {message.location.get('url')}")
                if message.type == "error"
                else None
            ),
        )
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on(
            "response",
            lambda response: (
                errors.append(f"{response.status} for {response.url}") if response.status >= 400 else None
            ),
        )
        page.base = live_server.url  # type: ignore[attr-defined]
        return page

    yield make
    for context in contexts:
        context.close()
    assert errors == [], errors


def login(page, username: str) -> None:
    page.goto(page.base + "/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/dashboard/")
    page.wait_for_selector("canvas[data-chart][data-drawn='1']")  # Chart.js drew the chart


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_engineer_posts_a_project_and_confirms_practice_hours(demo, open_page):
    from playwright.sync_api import expect

    page = open_page()
    login(page, "demo-engineer")
    page.fill("#id_title", "Weld seam inspection")
    page.fill("#id_description", "Find weld defects on camera images.")
    page.fill("#id_seats", "3")
    page.select_option("#id_visibility", "public")
    page.click("text=Post the project")
    expect(page.locator(".messages")).to_contain_text("The project was posted.")
    expect(page.locator("#projects-h + .table-wrap")).to_contain_text("Weld seam inspection")
    page.locator("section:has(#hours-h) button", has_text="Confirm").first.click()
    expect(page.locator(".messages")).to_contain_text("The practice hours are confirmed.")
    shot(page, "engineer")


def test_student_enrolls_and_applies(demo, open_page):
    from playwright.sync_api import expect

    page = open_page()
    login(page, "demo-student")
    page.locator("#catalogue-h ~ .table-wrap button", has_text="Enroll").first.click()
    expect(page.locator(".messages")).to_contain_text("You are enrolled.")
    form = page.locator("section:has(#open-h) form").first
    form.locator("textarea").fill("I built a sorting robot at school.")
    form.locator("button", has_text="Apply").click()
    expect(page.locator(".messages")).to_contain_text("Your application was sent.")
    shot(page, "student")


def test_evaluator_verifies_evidence_and_publishes_a_scorecard(demo, open_page):
    from playwright.sync_api import expect

    from colleges.models import College

    Evidence.objects.create(
        indicator="patents_transferred",
        college=College.objects.get(code="prvc"),
        value=1,
        period=2026,
        occurred_on=datetime.date(2026, 5, 5),
        source="manual",
        note="Patent CN-2026-1",
    )
    page = open_page()
    login(page, "demo-evaluator")
    page.locator("tr", has_text="Patent CN-2026-1").locator("button", has_text="Verify").click()
    expect(page.locator(".messages")).to_contain_text("Verified.")
    row = page.locator("#review-h ~ table tr", has_text="2026").first
    name = row.locator("td").first.inner_text()
    for step in ("Submit for review", "Approve", "Publish"):
        page.locator("#review-h ~ table tr", has_text=name).filter(has_text="2026").locator(
            "button", has_text=step
        ).click()
        expect(page.locator(".messages")).to_contain_text("Done.")
    shot(page, "evaluator")
    page.goto(page.base + "/scorecards/?period=2026")
    expect(page.locator("#results")).to_contain_text(name)


def test_teacher_grades_a_student(demo, open_page):
    from playwright.sync_api import expect

    page = open_page()
    login(page, "demo-teacher")
    form = page.locator("section:has(#grade-h) form").first
    form.locator("input[name=grade]").fill("88")
    form.locator("button", has_text="Record").click()
    expect(page.locator(".messages")).to_contain_text("The grade is recorded.")
    shot(page, "teacher")


def test_college_admin_submits_evidence(demo, open_page):
    from playwright.sync_api import expect

    page = open_page()
    login(page, "demo-college")
    page.select_option("#id_indicator", "smes_served")
    page.fill("#id_value", "1")
    page.fill("#id_occurred_on", "2026-06-01")
    page.fill("#id_note", "Consulting for a local gearbox maker")
    page.click("section:has(#evidence-h) button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("The evidence was submitted for verification.")
    shot(page, "college-admin")


def test_platform_admin_dashboard_and_admin_site(demo, open_page):
    page = open_page()
    login(page, "demo-admin")
    shot(page, "platform-admin")
    page.goto(page.base + "/admin/")
    assert "Chanjiao" in page.title()


def test_public_scorecards_without_login_and_filters(demo, open_page):
    from playwright.sync_api import expect

    page = open_page()
    page.goto(page.base + "/scorecards/")
    expect(page.locator("#results")).to_contain_text("Pearl River Vocational College")
    page.fill("#id_period", "2024")
    page.press("#id_period", "Enter")
    expect(page.locator("#results")).to_contain_text("2024")
    expect(page.locator("#results")).not_to_contain_text("2025")
    page.locator("#results a").first.click()
    page.wait_for_selector("canvas[data-chart][data-drawn='1']")
    shot(page, "public-scorecard")


def test_the_dashboard_in_chinese(demo, open_page):
    from playwright.sync_api import expect

    page = open_page(locale="zh-CN")
    login(page, "demo-student")
    expect(page.locator("h1")).to_have_text("我的学习")
    shot(page, "student-zh")
