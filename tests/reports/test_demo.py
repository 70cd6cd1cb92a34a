"""The demo world's reports of last year: published by one person, approved by another, and
their figures agree with a count by hand of the demo's rows."""

import pytest
from django.core.management import call_command

from reports.models import Report

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_its_reports_and_one_waits(api):
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # idempotent
    published = Report.objects.filter(year=2025, status="published")
    assert sorted(published.values_list("kind", flat=True)) == ["employment", "enterprise", "quality"]
    for report in published:
        assert report.approved_by_id != report.created_by_id
    waiting = Report.objects.get(kind="quality", college__code="yti")
    assert waiting.status == "in_review"
    assert api.get(f"/reports/{waiting.pk}/").status_code == 404
    quality = published.get(kind="quality")
    body = api.get(f"/api/v1/reports/{quality.pk}/tables/").json()
    f = {i["code"]: i for t in body for i in t["indicators"]}
    # The demo's six graduates of 2025: four settled at 31 August (see tests/outcomes/test_demo.py).
    assert (f["graduates"]["value"], f["destination_rate"]["value"]) == ("6", "66.67")
    assert (f["staff"]["origin"], f["staff"]["value"]) == ("entered", "412.00")
    page = api.get(f"/reports/{quality.pk}/")
    assert page.status_code == 200 and "66.67" in page.content.decode()
    # The PDF, in Chinese: its fonts embedded (subsets), a table of contents, page numbers.
    pdf = api.get(f"/reports/{quality.pk}/pdf/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.content.count(b"/FontFile2") >= 2
    assert api.get(f"/reports/{waiting.pk}/pdf/").status_code == 404
    # A CSV per table, and the province's view of every college that published.
    csv = api.get(f"/reports/{quality.pk}/tables/scorecard.csv").content.decode("utf-8-sig")
    assert "destination_rate" in csv and "66.67" in csv
