"""The reports through the pages: a college writes, enters, submits, a second administrator
approves, the author publishes; the public then reads it and the province's view lists it."""

import pytest
from django.test import Client

from reports.models import Report

pytestmark = pytest.mark.django_db


def test_a_college_publishes_its_report_through_the_pages(world, admin_a2):
    author, second, public = Client(), Client(), Client()
    author.force_login(world.admin_a)
    second.force_login(admin_a2)
    created = author.post("/reports/new/", {"kind": "quality", "year": "2025"})
    assert created.status_code == 302, created.content.decode()[:2000]
    report = Report.objects.get(college=world.college_a, kind="quality", year=2025)
    page = f"/reports/{report.pk}/"
    edited = author.post(f"{page}edit/", {"overview": "我们的一年。", "service": "Service to industry."})
    assert edited.status_code == 302
    author.post(f"{page}enter/", {"enter-indicator": "staff", "enter-value": "250", "enter-note": "HR"})
    assert report.entries.get().entered_by == world.admin_a
    assert public.get(page).status_code == 404
    author.post(f"{page}submit-for-review/")
    author.post(f"{page}approve/")  # refused: four eyes
    report.refresh_from_db()
    assert report.status == "in_review"
    second.post(f"{page}approve/")
    author.post(f"{page}publish/")
    report.refresh_from_db()
    assert report.status == "published" and report.approved_by == admin_a2
    html = public.get(page).content.decode()
    assert "我们的一年。" in html and "250.00" in html
    province = public.get("/reports/province/", {"region": "Guangdong", "year": "2025"})
    assert province.status_code == 200 and "College A" in province.content.decode()
    assert author.post(f"{page}edit/", {"overview": "Changed"}).status_code in (302, 404)
    report.refresh_from_db()
    assert report.narrative["overview"] == "我们的一年。"
