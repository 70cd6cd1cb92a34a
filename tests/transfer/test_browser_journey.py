"""One journey in a real browser: a teacher responds to an industry call in English on a
desktop; the enterprise's engineer shortlists a response in Chinese on a 390 px phone, which
neither scrolls sideways."""

import pytest

from tests.test_browser import (  # noqa: F401 (fixtures)
    MOBILE,
    act,
    browser,
    demo,
    expect_message,
    go,
    login,
    open_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_teacher_responds_and_the_engineer_shortlists_on_a_phone(demo, open_page):  # noqa: F811
    from playwright.sync_api import expect

    from accounts.models import User
    from transfer.models import Call, CallResponse

    call = Call.objects.get(enterprise__code="lingyun")  # started from a summary, taking responses
    page = open_page("en")
    login(page, "demo-teacher")
    go(page, f"/calls/{call.pk}/")
    act(
        page,
        "/respond/",
        {
            "respond-problem": "Askew parts jam the gripper.",
            "respond-approach": "Our patented camera check on the conveyor.",
            "respond-prior_results": "Licensed to Huaxin in 2026.",
            "respond-team": "Chen Jing and three students.",
        },
    )
    expect_message(page, "Your response is sent", "你的响应已发送")
    assert CallResponse.objects.filter(call=call, responder__username="demo-teacher").exists()

    waiting = CallResponse.objects.get(
        call__enterprise__code="huaxin",
        status="submitted",
        responder=User.objects.get(username="demo-teacher"),
    )
    phone = open_page("zh", viewport=MOBILE)
    login(phone, "demo-engineer")
    go(phone, f"/call-responses/{waiting.pk}/")
    act(phone, "/shortlist/", {"shortlist-reason": "方案最贴近我们的产线。"})
    expect_message(phone, "The response is shortlisted", "该响应已入围")
    expect(phone.locator(".page-head .badge.shortlisted")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    waiting.refresh_from_db()
    assert waiting.status == "shortlisted" and waiting.reason == "方案最贴近我们的产线。"
