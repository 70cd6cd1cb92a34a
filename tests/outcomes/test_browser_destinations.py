"""A college administrator imports destinations through the page, on a phone in Chinese, and
reads the rates with their definitions and why each graduate is in field."""

import pytest

from tests.test_browser import (  # noqa: F401 (fixtures)
    MOBILE,
    WAIT_MS,
    browser,
    demo,
    follow,
    go,
    import_worker,
    login,
    open_page,
    settled,
    shot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = "graduate,census_date,category,employer_name,position,region,skills\n"


@pytest.mark.postgres
@pytest.mark.redis
def test_a_college_admin_imports_destinations_on_a_phone_and_reads_the_rates(
    demo,  # noqa: F811 (the fixtures imported above)
    open_page,  # noqa: F811
    tmp_path,
    import_worker,  # noqa: F811
):
    from playwright.sync_api import expect

    from colleges.models import College
    from outcomes.models import Destination

    row = "demo-graduate-6,{census},协议和合同就业,深圳网联科技,网络工程师,Guangdong,routing-switching\n"
    bad = tmp_path / "bad.csv"
    bad.write_bytes((HEADER + row.format(census="2025-12-30")).encode("gb18030"))
    good = tmp_path / "good.csv"
    good.write_bytes((HEADER + row.format(census="2025-12-31")).encode("gb18030"))
    page = open_page("zh", MOBILE)
    login(page, "demo-college")
    go(page, "/destinations/")
    follow(page, "/destinations/import/")
    expect(page.locator("main a[href$='/destinations/import/template.csv']")).to_be_visible()
    page.set_input_files("main input[type=file]", str(bad))
    settled(page, lambda: page.click("main form button[type=submit]"))
    # The page asks every second until the worker answers: line 2, column census_date.
    expect(page.locator("[role=alert]")).to_contain_text("未导入任何数据", timeout=WAIT_MS)
    expect(page.locator("[role=alert] td[data-label='行号']").first).to_have_text("2")
    expect(page.locator("[role=alert]")).to_contain_text("census_date")
    assert not Destination.objects.filter(
        graduate__username="demo-graduate-6", census_date="2025-12-31"
    ).exists()
    follow(page, "/destinations/import/")
    page.set_input_files("main input[type=file]", str(good))
    settled(page, lambda: page.click("main form button[type=submit]"))
    expect(page.locator("#import-status")).to_contain_text("已导入 1 行", timeout=WAIT_MS)
    prvc = College.objects.get(code="prvc")
    go(page, f"/destinations/rates/?college={prvc.pk}&year=2025&census=2025-12-31")
    rates = page.locator("main")
    expect(rates).to_contain_text("毕业去向落实率")
    expect(rates).to_contain_text("与专业共有的技能")  # why graduate 6 is in field
    assert page.evaluate("document.documentElement.scrollWidth") <= MOBILE["width"]
    shot(page, "phone-destination-rates-zh")
