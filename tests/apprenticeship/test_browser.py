"""The apprenticeship journey in a real browser: the apprentice adds evidence in English on a
desktop; the mentor, in Chinese on a 390 px phone, finds the review due on the dashboard,
signs it and decides on the evidence."""

import pytest

from tests.test_browser import MOBILE, act, expect_message, fill_form, follow, login, logout, say

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_an_apprentice_adds_evidence_and_the_mentor_signs_the_review_on_a_phone(demo, open_page):
    from playwright.sync_api import expect

    from apprenticeship.models import Apprenticeship, PortfolioItem, ProgressReview

    apprenticeship = Apprenticeship.objects.get(learner__username="demo-student")
    review = ProgressReview.objects.get(apprenticeship=apprenticeship, status="open")
    page = open_page("en")
    login(page, "demo-student")
    expect(page.locator("main")).to_contain_text("Your progress reviews due")
    page.goto(page.base + "/portfolio-items/add/")
    page.set_input_files(
        "main form [name=file]",
        files=[{"name": "plc-wiring.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    fill_form(
        page, {"apprenticeship": apprenticeship.pk, "title": "PLC wiring report", "requirements": ["hours"]}
    )
    expect_message(page, "Saved.", "已保存。")
    item = PortfolioItem.objects.get(title="PLC wiring report")
    assert item.content_type == "application/pdf"
    logout(page)

    phone = open_page("zh", viewport=MOBILE)
    login(phone, "demo-engineer")
    expect(phone.locator("main")).to_contain_text("学徒的待办进度评审")
    follow(phone, f"/progress-reviews/{review.pk}/")
    expect(phone.locator("main")).to_contain_text("对照等级要求的进度")
    act(phone, "/sign/", {"sign-typed_name": "赵磊"})
    expect_message(phone, "Signed.", "已签字。")
    expect(phone.locator("main")).to_contain_text("赵磊")
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    phone.goto(phone.base + f"/portfolio-items/{item.pk}/")
    act(phone, "/ask-more/", {"ask-more-reason": say(phone, "Add the checklist.", "请补充检查表。")})
    expect_message(phone, "The apprentice is told what more is needed.", "已告知学徒还需补充什么。")
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    item.refresh_from_db()
    assert item.status == "more_requested"
