"""Feedback and endorsements in a real browser (one journey, both languages, a phone's width):
the demo student rates the project their feedback waits on and cannot yet read the engineer's;
the engineer, in Chinese on a 390 px screen, rates the student and then reads the student's
side; the student reads the engineer's comment and hides an endorsement."""

import pytest

from tests.test_browser import (  # noqa: F401 (fixtures)
    MOBILE,
    act,
    browser,
    demo,
    go,
    login,
    logout,
    open_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_both_sides_write_then_read_and_the_learner_hides_an_endorsement(demo, open_page):  # noqa: F811
    from playwright.sync_api import expect

    from feedback.models import Endorsement, Feedback

    feedback = Feedback.objects.get(project__title="Conveyor safety audit", student__username="demo-student")
    page = open_page("en")
    login(page, "demo-student")
    go(page, "/feedback/")
    expect(page.locator("main")).to_contain_text("Waiting for both")
    go(page, f"/feedback/{feedback.pk}/")
    act(
        page,
        f"/feedback/{feedback.pk}/rate-project/",
        {
            "rate-project-project_rating": "4",
            "rate-project-mentor_rating": "5",
            "rate-project-comment": "Clear plan.",
        },
    )
    expect(page.locator(".messages")).to_contain_text("Your feedback is saved")
    expect(page.locator("h1")).to_contain_text("The student has written")
    logout(page)

    phone = open_page("zh", MOBILE)
    login(phone, "demo-engineer")
    go(phone, f"/feedback/{feedback.pk}/")
    expect(phone.locator("main")).to_contain_text("已填写：你写完自己的评价或互评截止后就能看到。")
    expect(phone.locator("main")).not_to_contain_text("Clear plan.")
    act(
        phone,
        f"/feedback/{feedback.pk}/rate-student/",
        {
            "rate-student-rating": "5",
            "rate-student-comment": "Thorough checks.",
            "rate-student-private_note": "Hire.",
        },
    )
    expect(phone.locator(".messages")).to_contain_text("你的评价已保存")
    expect(phone.locator("h1")).to_contain_text("双方均已填写")
    expect(phone.locator("main")).to_contain_text("Clear plan.")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    login(page, "demo-student")
    go(page, f"/feedback/{feedback.pk}/")
    expect(page.locator("main")).to_contain_text("Thorough checks.")
    expect(page.locator("main")).not_to_contain_text("Hire.")
    public = Endorsement.objects.get(
        learner__username="demo-student", skill__code="plc-programming", source="feedback"
    )
    go(page, f"/endorsements/{public.pk}/")
    act(page, f"/endorsements/{public.pk}/hide/")
    expect(page.locator(".messages")).to_contain_text("The endorsement is hidden")
    public.refresh_from_db()
    assert public.hidden
