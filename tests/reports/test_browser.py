"""A report's journey in a real browser: written and submitted in Chinese, refused to its
author and approved by a second administrator in English, published, then read by a visitor
on a phone; each page whole, accessible and no wider than the phone."""

import re

import pytest

from tests.test_browser import (  # noqa: F401  (fixtures)
    MOBILE,
    _axe,
    act,
    browser,
    demo,
    expect_message,
    fill_form,
    go,
    login,
    open_page,
)

pytestmark = [pytest.mark.browser, pytest.mark.node, pytest.mark.django_db(transaction=True)]


def test_a_report_is_written_reviewed_published_and_read_on_a_phone(demo, open_page):  # noqa: F811
    author = open_page("zh")
    login(author, "demo-college")
    go(author, "/reports/new/")
    fill_form(author, {"kind": "quality", "year": "2024"})
    assert re.search(r"/reports/\d+/$", author.url), author.url
    url = author.url.removeprefix(author.base)
    act(author, "/enter/", {"enter-indicator": "staff", "enter-value": "300", "enter-note": "人事处"})
    expect_message(author, "Figure entered.", "数据已填报。")
    go(author, url)  # the page as one opens it (the crawl's way), without the message
    assert _axe(author) == []
    act(author, "/submit-for-review/")
    act(author, "/approve/")
    expect_message(author, "Four eyes", "双人复核")

    reviewer = open_page("en")
    login(reviewer, "demo-college-2")
    go(reviewer, url)
    act(reviewer, "/approve/")
    expect_message(reviewer, "Approved.", "已批准。")
    go(author, url)
    act(author, "/publish/")
    expect_message(author, "Published.", "已发布。")

    phone = open_page("en", MOBILE)
    go(phone, url)
    assert "Annual quality report" in phone.content() and "300.00" in phone.content()
    assert _axe(phone) == []
    assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    # The employment report (breakdowns, previous year) and the province's view, likewise.
    from reports.models import Report

    employment = Report.objects.get(kind="employment", status="published")
    for path in (f"/reports/{employment.pk}/", "/reports/province/?region=Guangdong&year=2024"):
        go(phone, path)
        assert _axe(phone) == [], path
        assert phone.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"], path
