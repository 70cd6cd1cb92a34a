"""outcomes/ and outcomes/rates/: who answers, who reads, and the rates' rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outcomes.models import Category, Destination, Source
from outcomes.services import destination_record

pytestmark = pytest.mark.django_db

AUG = datetime.date(2025, 8, 31)


def test_the_graduate_answers_their_own_and_the_college_corrects_it(world, as_user, graduate):
    g = graduate("grad")
    answer = {
        "census_date": "2025-08-31",
        "category": "contract",
        "employer_name": "Foshan Motors",
        "region": "Guangdong",
        "in_field": True,
        "salary_band": "3000-4999",
    }
    created = as_user(g).post("/api/v1/outcomes/", answer, format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["graduate"], body["source"], body["cohort"], body["college"]) == (
        g.pk,
        "graduate",
        2025,
        world.college_a.pk,
    )
    again = as_user(g).post("/api/v1/outcomes/", answer, format="json")
    assert again.status_code == 409
    bad = as_user(g).post("/api/v1/outcomes/", {**answer, "census_date": "2025-09-30"}, format="json")
    assert bad.status_code == 400 and "census_date" in bad.json()
    missing = as_user(g).post(
        "/api/v1/outcomes/", {**answer, "census_date": "2025-12-31", "employer_name": ""}, format="json"
    )
    assert missing.status_code == 400 and "employer_name" in missing.json()
    url = f"/api/v1/outcomes/{body['id']}/"
    fixed = as_user(world.admin_a).patch(url, {"category": "further_study"}, format="json")
    assert fixed.status_code == 200, fixed.json()
    assert (fixed.json()["source"], fixed.json()["employer_name"]) == ("college", "")
    moved = as_user(world.admin_a).patch(url, {"census_date": "2025-12-31"}, format="json")
    assert moved.status_code == 400 and "census_date" in moved.json()
    assert as_user(world.admin_b).patch(url, {"category": "seeking"}, format="json").status_code == 404
    assert as_user(world.teacher_a).patch(url, {"category": "seeking"}, format="json").status_code == 403
    assert as_user(world.student_a).get(url).status_code == 404
    # Another college's administrator may not record college A's graduate.
    other = as_user(world.admin_b).post(
        "/api/v1/outcomes/", {**answer, "graduate": g.pk, "census_date": "2025-12-31"}, format="json"
    )
    assert other.status_code == 403
    # A graduate answers only for themselves.
    h = graduate("grad-h")
    for_another = as_user(h).post(
        "/api/v1/outcomes/", {**answer, "graduate": g.pk, "census_date": "2025-12-31"}, format="json"
    )
    assert for_another.status_code == 403


def test_filters_and_query_count(world, as_user, graduate, major_m):
    for i in range(6):
        g = graduate(f"g{i}", major=major_m if i % 2 else None)
        destination_record(
            actor=world.admin_a,
            graduate=g,
            census_date=AUG,
            source=Source.COLLEGE,
            category=Category.CONTRACT if i < 4 else Category.SEEKING,
            employer=world.enterprise_x,
        )
    client = as_user(world.admin_a)
    assert client.get("/api/v1/outcomes/?year=2025").json()["count"] == 6
    assert client.get(f"/api/v1/outcomes/?major={major_m.pk}").json()["count"] == 3
    assert client.get("/api/v1/outcomes/?category=seeking").json()["count"] == 2
    assert client.get("/api/v1/outcomes/?year=2024").json()["count"] == 0
    assert as_user(world.admin_b).get("/api/v1/outcomes/").json()["count"] == 0
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/outcomes/").status_code == 200
    # The session's user and the page's count and rows (employer and graduate joined): no
    # query per row.
    assert len(queries) <= 6, [q["sql"] for q in queries]


def test_rates_by_college_major_and_census_with_rows_for_the_college_only(world, as_user, graduate, major_m):
    a = graduate("a", major=major_m)
    b = graduate("b")
    destination_record(
        actor=world.admin_a,
        graduate=a,
        census_date=AUG,
        source=Source.COLLEGE,
        category=Category.FURTHER_STUDY,
    )
    destination_record(
        actor=world.admin_a, graduate=b, census_date=AUG, source=Source.COLLEGE, category=Category.SEEKING
    )
    url = f"/api/v1/outcomes/rates/?college={world.college_a.pk}&year=2025"
    rows = {r["code"]: r for r in as_user(world.admin_a).get(url).json()}
    assert (rows["destination_rate"]["numerator"], rows["destination_rate"]["denominator"]) == (1, 2)
    assert rows["destination_rate"]["rate"] == "0.5000"
    assert rows["destination_rate"]["numerator_graduates"] == [a.pk]
    assert rows["destination_rate"]["definition"]
    assert rows["in_field_rate"]["rate"] is None  # nobody employed
    major = {r["code"]: r for r in as_user(world.admin_a).get(f"{url}&major={major_m.pk}").json()}
    assert major["further_study_rate"]["rate"] == "1.0000"
    december = as_user(world.admin_a).get(f"{url}&census=2025-12-31").json()
    assert december[0]["rate"] == "0.5000"  # the August answers still hold
    evaluator = as_user(world.evaluator).get(url).json()
    assert evaluator[0]["rate"] == "0.5000" and "numerator_graduates" not in evaluator[0]
    assert as_user(world.admin_b).get(url).status_code == 404
    assert as_user(world.student_a).get(url).status_code == 404
    assert as_user(world.admin_a).get(f"{url}&census=2025-09-01").status_code == 400
    assert as_user(world.admin_a).get(url.replace("year=2025", "year=abc")).status_code == 400
    other_major = f"{url}&major=999999"
    assert as_user(world.admin_a).get(other_major).status_code == 404
    assert as_user(world.admin_a).get("/api/v1/outcomes/rates/?college=999999&year=2025").status_code == 404


HEADER = "graduate,census_date,category,employer,employer_name,position,region,salary_band,in_field\n"


def test_import_checks_every_row_and_records_all_or_none(world, as_user, graduate):
    from django.core.files.uploadedfile import SimpleUploadedFile

    a, b = graduate("grad-a"), graduate("grad-b")
    graduate("grad-other", college=world.college_b)

    def upload(text, encoding="utf-8", user=world.admin_a):
        f = SimpleUploadedFile("d.csv", text.encode(encoding), content_type="text/csv")
        return as_user(user).post("/api/v1/outcomes/import/", {"file": f}, format="multipart")

    bad = upload(
        HEADER
        + "grad-a,2025-08-31,contract,ent-x,,技术员,广东,3000-4999,是\n"
        + "grad-other,2025-08-31,seeking,,,,,,\n"
        + "grad-b,2025-09-30,contract,,,,,,maybe\n"
        + "grad-a,2025-08-31,seeking,,,,,,\n"
    )
    assert bad.status_code == 400
    assert {(e["line"], e["field"]) for e in bad.json()["errors"]} == {
        (3, "graduate"),
        (4, "census_date"),
        (4, "employer_name"),
        (4, "in_field"),
        (5, "census_date"),
    }
    assert not Destination.objects.exists()  # nothing of the good rows either
    good = upload(
        HEADER
        + "grad-a,2025-08-31,contract,ent-x,,技术员,广东,3000-4999,是\n"
        + "grad-b,2025-12-31,further_study,,,,,,\n",
        encoding="gb18030",
    )
    assert good.status_code == 201, good.json()
    assert good.json()["recorded"] == 2
    d = Destination.objects.get(graduate=a)
    assert (d.employer_id, d.position, d.region, d.in_field, d.source) == (
        world.enterprise_x.pk,
        "技术员",
        "广东",
        True,
        "college",
    )
    assert Destination.objects.get(graduate=b).category == Category.FURTHER_STUDY
    assert upload(HEADER, user=world.teacher_a).status_code == 403
    assert upload(HEADER, user=world.platform_admin).status_code == 400
