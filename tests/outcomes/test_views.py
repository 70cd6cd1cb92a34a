"""The pages: the graduate answers in their language, the college records and corrects, the
rates page shows each rate's definition and rows."""

import datetime

import pytest
from django.test import Client

from outcomes.models import Category, Destination, Source
from outcomes.services import destination_record

pytestmark = pytest.mark.django_db


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_graduate_answers_on_their_page_in_chinese(world, graduate):
    g = graduate("grad")
    g.language = "zh-hans"
    g.save(update_fields=["language"])
    client = logged_in(g)
    form = client.get("/destinations/new/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert form.status_code == 200
    assert 'name="graduate"' not in form.content.decode()  # they answer for themselves
    assert "2025-12-31" in form.content.decode()
    assert "统计截止日期" in form.content.decode() and "协议和合同就业" in form.content.decode()
    bad = client.post("/destinations/new/", {"census_date": "2025-08-31", "category": "contract"})
    assert bad.status_code == 400  # the employer is missing
    done = client.post(
        "/destinations/new/",
        {
            "census_date": "2025-08-31",
            "category": "contract",
            "employer_name": "佛山机电",
            "in_field": "true",
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    d = Destination.objects.get(graduate=g)
    assert (d.source, d.in_field, d.employer_name) == (Source.GRADUATE, True, "佛山机电")
    page = client.get(f"/destinations/{d.pk}/")
    assert "佛山机电" in page.content.decode()
    assert logged_in(world.student_a).get(f"/destinations/{d.pk}/").status_code == 404
    assert logged_in(world.student_a).get("/destinations/new/").status_code == 403  # not graduated


def test_the_college_records_and_corrects(world, graduate):
    g = graduate("grad")
    client = logged_in(world.admin_a)
    created = client.post(
        "/destinations/new/", {"graduate": g.pk, "census_date": "2025-08-31", "category": "further_study"}
    )
    assert created.status_code == 302
    d = Destination.objects.get(graduate=g)
    assert d.source == Source.COLLEGE
    edited = client.post(f"/destinations/{d.pk}/edit/", {"category": "seeking"})
    assert edited.status_code == 302
    d.refresh_from_db()
    assert d.category == Category.SEEKING
    listing = client.get("/destinations/?year=2025")
    assert listing.status_code == 200 and "grad" in listing.content.decode()
    assert logged_in(world.teacher_a).get(f"/destinations/{d.pk}/edit/").status_code == 403
    assert logged_in(world.admin_b).get(f"/destinations/{d.pk}/").status_code == 404


def test_the_rates_page_shows_definitions_and_rows(world, graduate):
    a, b = graduate("grad-a"), graduate("grad-b")
    destination_record(
        actor=world.admin_a,
        graduate=a,
        census_date=datetime.date(2025, 8, 31),
        source=Source.COLLEGE,
        category=Category.FURTHER_STUDY,
    )
    url = f"/destinations/rates/?college={world.college_a.pk}&year=2025"
    page = logged_in(world.admin_a).get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "50.00%" in body and "over every graduate of the cohort" in body
    assert "grad-a" in body and "grad-b" in body
    evaluator = logged_in(world.evaluator).get(url).content.decode()
    assert "50.00%" in evaluator and "grad-a" not in evaluator
    assert logged_in(world.admin_b).get(url).status_code == 404
    assert logged_in(world.admin_a).get(url + "&census=2025-09-01").status_code == 400
    chinese = logged_in(world.admin_a).get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert chinese.status_code == 200
    assert b.username in chinese.content.decode()
    assert "毕业去向落实率" in chinese.content.decode()


def test_an_empty_list_says_what_will_appear_and_a_narrowed_one_offers_everything(world, graduate):
    admin = logged_in(world.admin_a)
    empty = admin.get("/destinations/").content.decode()
    assert "as graduates answer the census" in empty and "Add one with “Record a destination”." in empty
    assert "Nothing matches" not in empty
    graduate("grad-a")
    narrowed = admin.get("/destinations/?q=nobody-has-this-name").content.decode()
    assert "Nothing matches this search or these filters." in narrowed
    assert '<a href="/destinations/">' in narrowed and "as graduates answer the census" not in narrowed
    filtered = admin.get("/destinations/?category=contract").content.decode()
    assert "Nothing matches this search or these filters." in filtered
    # A section that says nothing of its own still says that it is empty, not that nothing matches.
    assert "Nothing here yet." in logged_in(world.evaluator).get("/reports/").content.decode()


def test_the_destination_pages_cost_the_same_however_many_majors_the_portal_has(world, graduate):
    """Their majors (a filter, a choice) are the reader's college's, fetched in one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import CollegeFactory, MajorFactory

    admin = logged_in(world.admin_a)
    pages = ["/destinations/", f"/destinations/rates/?college={world.college_a.pk}&year=2025"]

    def cost() -> list[int]:
        counts = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert admin.get(url).status_code == 200
            counts.append(len(queries))
        return counts

    before = cost()
    for _ in range(4):
        MajorFactory(college=world.college_a)
        MajorFactory(college=CollegeFactory())
    assert cost() == before
    rates = admin.get(pages[1]).content.decode()
    assert rates.count('<option value="', rates.index('name="major"')) >= 4
