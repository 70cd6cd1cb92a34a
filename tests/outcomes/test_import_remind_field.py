"""The college's import as a page (in the background), reminders to those who have not
answered, in field computed from the position's skills, confirmed employments filling the
destination, and graduates supplied on the radar."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import imports
from accounts.models import ImportJob, LearnerProfile, Notification
from colleges.models import Cohort
from enterprises.careers import employment_confirm, employment_create
from enterprises.models import TalentDemand
from evaluation.radar import recompute_radar
from outcomes.imports import COLUMNS, OPTIONAL
from outcomes.models import EMPLOYED, UNSETTLED, Category, Destination, Source
from outcomes.services import destination_record
from tests.factories import CourseFactory, MajorFactory, ModuleFactory, SkillFactory

pytestmark = pytest.mark.django_db

AUG = datetime.date(2025, 8, 31)
DEC = datetime.date(2025, 12, 31)


@pytest.fixture
def taught(world, major_m):
    """Two skills the major teaches (through a module of one of its courses), one it does not."""
    plc, weld, cook = (SkillFactory(code=c) for c in ("plc", "welding", "cooking"))
    module = ModuleFactory(course=CourseFactory(college=world.college_a, major=major_m))
    module.skills.add(plc, weld)
    return {"plc": plc, "welding": weld, "cooking": cook}


def _job_of(response):
    job = ImportJob.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    assert job.state == ImportJob.State.WAITING  # the worker imports it after the commit
    imports.run(job.pk)  # what the worker does with it
    job.refresh_from_db()
    return job


def test_the_import_page_runs_in_the_background_all_or_nothing(client, world, graduate, major_m, taught):
    g1, g2 = graduate("li.ming", major=major_m), graduate("wang.fang", major=major_m)
    client.force_login(world.admin_a)
    template = client.get("/destinations/import/template.csv")
    assert template.status_code == 200 and template.content.startswith("\ufeff".encode())
    header = template.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [*COLUMNS, *OPTIONAL]
    # GB18030 as Chinese Excel saves it, categories by their Chinese names; one bad row.
    bad = (
        "graduate,census_date,category,employer_name,region,skills\r\n"
        "li.ming,2025-08-31,协议和合同就业,佛山机电,Guangdong,plc\r\n"
        "wang.fang,2025-09-30,升学,,,\r\n"
        "nobody,2025-08-31,contract,,,baking\r\n"
    ).encode("gb18030")
    job = _job_of(client.post("/destinations/import/", {"file": SimpleUploadedFile("d.csv", bad)}))
    problems = {(e["line"], e["field"]) for e in job.errors}
    assert {(3, "census_date"), (4, "graduate"), (4, "employer_name"), (4, "skills")} <= problems
    assert job.created == 0 and not Destination.objects.exists()
    page = client.get(f"/imports/jobs/{job.pk}/")
    assert "census_date" in page.content.decode() and page.status_code == 200
    # UTF-8 with a byte-order mark, the same rows put right: all recorded, in field computed.
    good = (
        "\ufeffgraduate,census_date,category,employer_name,region,skills\r\n"
        "li.ming,2025-08-31,协议和合同就业,佛山机电,Guangdong,plc\r\n"
        "wang.fang,2025-08-31,further_study,,,\r\n"
    ).encode()
    job = _job_of(client.post("/destinations/import/", {"file": SimpleUploadedFile("d.csv", good)}))
    assert (job.state, job.created, job.errors) == ("done", 2, [])
    d1 = Destination.objects.get(graduate=g1)
    assert (d1.category, d1.source, d1.in_field, list(d1.skills.values_list("code", flat=True))) == (
        "contract",
        Source.COLLEGE,
        True,
        ["plc"],
    )
    assert Destination.objects.get(graduate=g2).category == "further_study"
    # Nobody else imports a college's destinations.
    client.force_login(world.teacher_a)
    assert client.get("/destinations/import/").status_code == 403


def test_reminders_reach_those_who_have_not_answered_once_a_week(
    client, world, as_user, graduate, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    answered = graduate("answered")
    quiet = [graduate(f"quiet{n}") for n in range(2)]
    for n, g in enumerate(quiet):
        g.email = f"q{n}@example.org"
        g.save()
    graduate("b-grad", college=world.college_b)
    destination_record(
        actor=world.admin_a, graduate=answered, census_date=AUG, source=Source.COLLEGE, category="seeking"
    )
    api = as_user(world.admin_a)
    body = {"year": 2025, "census_date": "2025-08-31"}
    with django_capture_on_commit_callbacks(execute=True):
        sent = api.post("/api/v1/outcomes/remind/", body, format="json")
    assert sent.status_code == 200, sent.json()
    result = sent.json()
    assert (result["graduates"], result["answered"], result["reminded"], result["skipped"]) == (3, 1, 2, 0)
    notes = Notification.objects.filter(kind=Notification.Kind.DESTINATION_REMINDER)
    assert sorted(notes.values_list("recipient__username", flat=True)) == ["quiet0", "quiet1"]
    assert all(n.link == "/destinations/new/?census_date=2025-08-31" for n in notes)
    assert sorted(m.to[0] for m in mail.outbox) == ["q0@example.org", "q1@example.org"]
    # The link opens the graduate's own form with the census chosen.
    client.force_login(quiet[0])
    form = client.get(notes.first().link).content.decode()
    assert 'value="2025-08-31" selected' in form
    # Again within the week: nothing sent (409); a newcomer alone is reminded, the others skipped.
    assert api.post("/api/v1/outcomes/remind/", body, format="json").status_code == 409
    graduate("late")
    client.force_login(world.admin_a)
    page = client.post("/destinations/remind/", body, follow=True).content.decode()
    assert "1 graduate reminded. 2 skipped: reminded in the last seven days." in page
    assert notes.all().count() == 3
    # Bad input names the field; another college's staff and teachers may not remind.
    assert "census_date" in api.post("/api/v1/outcomes/remind/", {**body, "census_date": "2025-09-01"}).json()
    assert as_user(world.teacher_a).post("/api/v1/outcomes/remind/", body).status_code == 403


def test_in_field_is_computed_from_shared_skills_and_the_rows_say_why(
    client, world, as_user, graduate, major_m, taught
):
    shares, apart, stated = (graduate(n, major=major_m) for n in ("shares", "apart", "stated"))
    api = as_user(world.admin_a)

    def post(g, **extra):
        answer = {"graduate": g.pk, "census_date": "2025-08-31", "category": "contract", "employer_name": "F"}
        response = api.post("/api/v1/outcomes/", {**answer, **extra}, format="json")
        assert response.status_code == 201, response.json()
        return response.json()

    # The position's skills decide, whatever the answer says.
    assert post(shares, skills=["welding", "cooking"], in_field=False)["in_field"] is True
    assert post(apart, skills=["cooking"], in_field=True)["in_field"] is False
    assert post(stated, in_field=True)["in_field"] is True
    bad = api.post(
        "/api/v1/outcomes/",
        {
            "graduate": graduate("x").pk,
            "census_date": "2025-08-31",
            "category": "contract",
            "skills": ["nope"],
        },
        format="json",
    )
    assert bad.status_code == 400 and "skills" in bad.json()
    rate = next(
        r
        for r in api.get("/api/v1/outcomes/rates/", {"college": world.college_a.pk, "year": 2025}).json()
        if r["code"] == "in_field_rate"
    )
    assert (rate["numerator"], rate["denominator"]) == (2, 3)
    assert rate["in_field_reasons"] == {
        str(shares.pk): {"basis": "skills", "shared_skills": ["welding"]},
        str(apart.pk): {"basis": "skills", "shared_skills": []},
        str(stated.pk): {"basis": "stated", "shared_skills": []},
    }
    # A change of category drops the skills; the page says why each is in field.
    row = Destination.objects.get(graduate=apart)
    destination_record(
        actor=world.admin_a, graduate=apart, census_date=AUG, source="college", category="seeking"
    )
    assert list(row.skills.all()) == []
    client.force_login(world.admin_a)
    page = client.get("/destinations/rates/", {"college": world.college_a.pk, "year": 2025}).content.decode()
    assert "shares with the major" in page and "Welding" in page


def test_a_confirmed_employment_fills_the_destination_when_nobody_answered(world, graduate):
    g = graduate("hired")
    employment = employment_create(
        actor=world.engineer_x,
        learner=g,
        enterprise=world.enterprise_x,
        position="Technician",
        start_date=datetime.date(2025, 9, 15),
        in_field=True,
    )
    employment_confirm(employment=employment, actor=world.admin_a)
    d = Destination.objects.get(graduate=g)
    # The first census on or after the start: 31 December.
    assert (d.census_date, d.category, d.source, d.employer_id, d.employment_id, d.position, d.in_field) == (
        DEC,
        Category.CONTRACT,
        Source.EMPLOYER,
        world.enterprise_x.pk,
        employment.pk,
        "Technician",
        True,
    )
    assert d.region == world.enterprise_x.region
    # An answer already given for that census stands.
    other = graduate("answered")
    destination_record(
        actor=other, graduate=other, census_date=DEC, source="graduate", category="further_study"
    )
    second = employment_create(
        actor=world.engineer_x,
        learner=other,
        enterprise=world.enterprise_x,
        position="Fitter",
        start_date=datetime.date(2025, 10, 1),
        in_field=False,
    )
    employment_confirm(employment=second, actor=world.admin_a)
    assert Destination.objects.get(graduate=other).category == Category.FURTHER_STUDY


def test_hand_counts_agree_and_the_radar_adds_graduates_supplied(world, as_user, graduate, major_m, taught):
    """Rates counted from the rows independently, per filter; the radar's own figures unchanged."""
    other_major = MajorFactory(college=world.college_a, name="Cooking")
    plan = [
        (major_m, AUG, "contract", "Guangdong", ["plc"]),
        (major_m, AUG, "flexible", "Jiangsu", ["cooking"]),
        (major_m, DEC, "further_study", "", []),
        (major_m, AUG, "seeking", "", []),
        (other_major, AUG, "contract", "Guangdong", []),
        (other_major, DEC, "not_seeking", "", []),
        (other_major, None, None, "", []),
    ]
    for n, (major, census, category, region, skills) in enumerate(plan):
        g = graduate(f"h{n}", major=major)
        if census is not None:
            fields = (
                {"employer_name": "E", "region": region, "in_field": False} if category in EMPLOYED else {}
            )
            destination_record(
                actor=world.admin_a,
                graduate=g,
                census_date=census,
                source="college",
                category=category,
                skills=[taught[s] for s in skills],
                **fields,
            )
    TalentDemand.objects.create(
        enterprise=world.enterprise_x, skill=taught["plc"], headcount=9, region="Guangdong", year=2025
    )
    Cohort.objects.create(major=major_m, year=2025, graduates=4)
    recompute_radar([2025])
    api = as_user(world.admin_a)

    def hand(major, census):
        ids = [
            p.user_id
            for p in LearnerProfile.objects.filter(college=world.college_a, graduated_on__year=2025)
            if major is None or p.major_id == major.pk
        ]
        latest = {}
        for d in Destination.objects.filter(graduate_id__in=ids, census_date__lte=census).order_by(
            "census_date"
        ):
            latest[d.graduate_id] = d
        employed = [d for d in latest.values() if d.category in EMPLOYED]

        def ratio(a, b):
            return None if not b else (Decimal(a) / Decimal(b)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

        return {
            "destination_rate": ratio(sum(d.category not in UNSETTLED for d in latest.values()), len(ids)),
            "knowledge_rate": ratio(len(latest), len(ids)),
            "in_field_rate": ratio(sum(bool(d.in_field) for d in employed), len(employed)),
            "further_study_rate": ratio(
                sum(d.category == "further_study" for d in latest.values()), len(ids)
            ),
            "regional_retention": ratio(sum(d.region == "Guangdong" for d in employed), len(employed)),
        }

    for major in (None, major_m, other_major):
        for census in (AUG, DEC):
            query = {"college": world.college_a.pk, "year": 2025, "census": census.isoformat()}
            if major is not None:
                query["major"] = major.pk
            got = {r["code"]: r["rate"] for r in api.get("/api/v1/outcomes/rates/", query).json()}
            want = hand(major, census)
            for code, value in want.items():
                assert (got[code] is None) == (value is None), (code, major, census)
                if value is not None:
                    assert abs(Decimal(got[code]) - value) <= Decimal("0.01"), (code, major, census)
    skills = {
        r["skill"]: r for r in api.get("/api/v1/radar/skills/", {"year": 2025, "region": "Guangdong"}).json()
    }
    # radar.md's figures as before: demand 9, supply 4 (the cohort), gap 2.25, a shortage.
    assert (skills["plc"]["demand"], skills["plc"]["supply"], skills["plc"]["status"]) == (9, 4, "shortage")
    # Graduates supplied: of the major's employed graduates of 2025, the one working in Guangdong.
    assert skills["plc"]["graduates_supplied"] == 1
    everywhere = {r["skill"]: r for r in api.get("/api/v1/radar/skills/", {"year": 2025}).json()}
    assert everywhere["plc"]["graduates_supplied"] == 2
