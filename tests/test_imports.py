"""CSV imports as sets: every row checked against the file and the database in a few queries,
all rows written or none, one audit entry per row by the person who uploaded it, and on the
pages in the background with the progress shown while it runs."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import imports
from accounts.models import AuditEntry, ImportJob, User
from courses.models import Certificate, CertificateType
from enterprises.models import TalentDemand
from ledger.models import DirtyMark
from tests.factories import PASSWORD, MajorFactory, SkillFactory, TalentDemandFactory


def demand_file(enterprise_id: int, skills: list[str], rows: int, *, first_year: int = 2000) -> bytes:
    lines = ["enterprise,skill,headcount,year,region"]
    for n in range(rows):
        skill = skills[n % len(skills)]
        year = first_year + n // len(skills)
        lines.append(f'{enterprise_id},{skill},{n % 40 + 1},{year},"Guangdong, 深圳"')
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def post_file(client, path: str, raw: bytes):
    return client.post(path, {"file": io.BytesIO(raw)}, format="multipart")


def test_an_import_checks_the_file_and_the_database_as_sets_and_names_every_line(world, as_user):
    skills = [SkillFactory(code=f"s{n}").code for n in range(3)]
    TalentDemandFactory(
        enterprise=world.enterprise_x, skill=SkillFactory(code="s1"), region="Guangdong, 深圳", year=2000
    )
    engineer = as_user(world.engineer_x)
    rows = demand_file(world.enterprise_x.pk, skills, 6).decode("utf-8-sig").split("\r\n")
    rows.insert(4, rows[1])  # line 5 repeats line 2
    rows.insert(5, f"{world.enterprise_x.pk},nope,3,2001,")  # line 6: no such skill
    rows.insert(6, f"{world.enterprise_y.pk},s0,3,2001,")  # line 7: another enterprise's demand
    response = post_file(engineer, "/api/v1/talent-demands/import/", "\r\n".join(rows).encode())
    assert response.status_code == 400
    body = response.json()
    assert body["created"] == 0
    found = {(e["line"], e["field"]) for e in body["errors"]}
    # line 3 (s1, 2000) is already in the database; line 5 repeats line 2
    assert found == {(3, "skill"), (5, "skill"), (6, "skill"), (7, "non_field_errors")}
    repeated = next(e for e in body["errors"] if e["line"] == 5)
    assert "line 2" in repeated["message"]
    assert TalentDemand.objects.count() == 1


def test_a_certificate_file_names_the_line_of_a_future_date_and_of_a_number_already_recorded(world, as_user):
    kind = CertificateType.objects.create(name="Welder", college=world.college_a)
    Certificate.objects.create(
        learner=world.student_a, certificate_type=kind, issued_on=datetime.date(2025, 1, 1), number="W-1"
    )
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    raw = (
        "learner,certificate_type,issued_on,number\n"
        f"{world.student_a.pk},{kind.pk},2025-06-01,W-2\n"
        f"{world.student_a.pk},{kind.pk},{tomorrow},W-3\n"
        f"{world.student_a2.pk},{kind.pk},2025-06-01,W-1\n"
        f"{world.student_a2.pk},{kind.pk},2025-06-01,W-2\n"
    ).encode()
    response = post_file(as_user(world.admin_a), "/api/v1/certificates/import/", raw)
    assert response.status_code == 400
    assert {(e["line"], e["field"]) for e in response.json()["errors"]} == {
        (3, "issued_on"),
        (4, "number"),  # W-1 is recorded already
        (5, "number"),  # the same number as line 2 of the file
    }
    raw = raw.replace(f",{tomorrow},W-3".encode(), b",2025-06-01,W-3").replace(b"W-2\n", b"W-4\n", 1)
    response = post_file(as_user(world.admin_a), "/api/v1/certificates/import/", raw)
    assert response.status_code == 400
    assert [(e["line"], e["field"]) for e in response.json()["errors"]] == [(4, "number")]
    assert Certificate.objects.count() == 1


def test_the_queries_of_an_import_do_not_grow_with_its_rows(world, as_user):
    skills = [SkillFactory(code=f"q{n}").code for n in range(25)]
    engineer = as_user(world.engineer_x)
    counts = []
    for rows, first_year in ((50, 2000), (1000, 2010)):
        with CaptureQueriesContext(connection) as queries:
            response = post_file(
                engineer,
                "/api/v1/talent-demands/import/",
                demand_file(world.enterprise_x.pk, skills, rows, first_year=first_year),
            )
        assert response.status_code == 201, response.json()["errors"][:3]
        assert response.json() == {"created": rows, "errors": []}
        counts.append(len(queries))
    # 1,000 rows need one more insert for the rows and one for their audit entries (2,000 a batch).
    assert counts[1] <= counts[0] + 2, counts
    assert TalentDemand.objects.count() == 1050


def test_every_imported_row_has_its_audit_entry_by_the_uploader_and_one_recompute_mark(world, as_user):
    skills = [SkillFactory(code=f"a{n}").code for n in range(4)]
    response = post_file(
        as_user(world.engineer_x),
        "/api/v1/talent-demands/import/",
        demand_file(world.enterprise_x.pk, skills, 40),
    )
    assert response.status_code == 201
    entries = AuditEntry.objects.filter(model="enterprises.TalentDemand", action="created")
    assert entries.count() == 40
    assert set(entries.values_list("actor", flat=True)) == {world.engineer_x.pk}
    assert set(entries.values_list("enterprise_id", flat=True)) == {world.enterprise_x.pk}
    assert {int(e.object_id) for e in entries} == set(TalentDemand.objects.values_list("pk", flat=True))
    assert DirtyMark.objects.filter(kind="radar").count() == 1


def test_an_imported_row_is_logged_as_a_single_save_logs_it(world, as_user):
    """The entries of an import are built a column at a time; each holds what the log holds
    for a row saved on its own: its fields as they were stored, its summary, its college and
    enterprise."""
    from portal.audit import _fields

    kind = CertificateType.objects.create(
        name="Welder", college=world.college_a, enterprise=world.enterprise_x
    )
    raw = "learner,certificate_type,issued_on,number\n" + "".join(
        f"{world.student_a.pk},{kind.pk},2025-06-0{n + 1},W-{n}\n" for n in range(3)
    )
    response = post_file(as_user(world.admin_a), "/api/v1/certificates/import/", raw.encode())
    assert response.status_code == 201, response.json()
    single = Certificate.objects.create(
        learner=world.student_a, certificate_type=kind, issued_on=datetime.date(2025, 7, 1), number="W-9"
    )
    for certificate in Certificate.objects.all():
        entry = AuditEntry.objects.get(model="courses.Certificate", object_id=str(certificate.pk))
        assert entry.action == "created" and entry.before == {}
        assert entry.after == _fields(certificate)
        assert entry.summary == str(certificate)
        assert (entry.college_id, entry.enterprise_id) == (world.college_a.pk, world.enterprise_x.pk)
    assert (
        AuditEntry.objects.filter(model="courses.Certificate").exclude(object_id=str(single.pk)).count() == 3
    )


def test_a_value_refused_on_many_lines_is_named_on_each(world, as_user):
    skills = [SkillFactory(code=f"v{n}").code for n in range(2)]
    rows = demand_file(world.enterprise_x.pk, skills, 6).decode("utf-8-sig").split("\r\n")
    for line in (3, 6):
        rows[line - 1] = f"{world.enterprise_x.pk},nope,3,1999,"
    rows[4] = f"{world.enterprise_x.pk},v0,lots,1999,"
    response = post_file(
        as_user(world.engineer_x), "/api/v1/talent-demands/import/", "\r\n".join(rows).encode()
    )
    assert response.status_code == 400
    assert [(e["line"], e["field"]) for e in response.json()["errors"]] == [
        (3, "skill"),
        (5, "headcount"),
        (6, "skill"),
    ]


def test_a_roster_writes_an_audit_entry_for_each_new_person(client, world):
    assert client.login(username=world.admin_a.username, password=PASSWORD)
    MajorFactory(college=world.college_a, code="robotics")
    raw = "username,first_name,last_name,email,role,major\n" + "".join(
        f"r{n},R,{n},r{n}@example.org,{'student' if n % 2 else 'teacher'},{'robotics' if n % 2 else ''}\n"
        for n in range(30)
    )
    response = client.post("/people/import/", {"file": SimpleUploadedFile("r.csv", raw.encode())})
    job = ImportJob.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    assert job.state == "waiting" and job.user == world.admin_a
    imports.run(job.pk)  # what the worker does with it
    job.refresh_from_db()
    assert (job.state, job.created, job.errors, bytes(job.file)) == ("done", 30, [], b"")
    people = User.objects.filter(username__regex=r"^r\d+$")
    assert people.count() == 30
    entries = AuditEntry.objects.filter(model="accounts.User", object_id__in=[str(p.pk) for p in people])
    assert entries.count() == 30
    assert set(entries.values_list("actor", flat=True)) == {world.admin_a.pk}
    assert all("password" not in entry.after for entry in entries)
    assert imports.run(job.pk) is None  # a second delivery of the task does nothing


def test_the_page_shows_how_far_a_running_import_has_got(client, world, monkeypatch):
    """An importer that stops halfway and reads its own page, as the person watching it does."""
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    seen = {}
    real = imports.IMPORTERS["talent-demand"]

    def halfway(user, raw, progress):
        progress("checking", 2500, 5000)
        seen["checking"] = client.get(f"/imports/jobs/{job.pk}/", HTTP_HX_REQUEST="true")
        progress("writing", 1000, 5000)
        seen["writing"] = client.get(f"/imports/jobs/{job.pk}/")
        return {"created": 0, "errors": [{"line": 7, "field": "skill", "message": "No such skill."}]}

    monkeypatch.setitem(
        imports.IMPORTERS, "talent-demand", imports.Importer(halfway, real.title, real.upload, real.back)
    )
    response = client.post("/imports/talent-demand/", {"file": SimpleUploadedFile("d.csv", b"enterprise\n")})
    job = ImportJob.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    assert "Reading the file" in client.get(response.url).content.decode()
    imports.run(job.pk)
    checking = seen["checking"].content.decode()
    assert checking.startswith('<section id="import-status"')  # only the part that changes
    assert "Checking: 2500 of 5000 rows." in checking
    assert 'hx-trigger="every 1s"' in checking and 'value="50"' in checking
    assert "Writing: 1000 of 5000 rows." in seen["writing"].content.decode()
    done = client.get(response.url).content.decode()
    assert "every 1s" not in done  # the page stops asking
    assert 'data-label="Line">7<' in done and "/imports/talent-demand/" in done  # fix and upload again


def test_only_the_uploader_sees_an_import(client, world):
    job = ImportJob.objects.create(user=world.engineer_x, kind="talent-demand")
    assert client.login(username=world.engineer_y.username, password=PASSWORD)
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    assert client.get(f"/imports/jobs/{job.pk}/").status_code == 200


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_a_roster_uploaded_on_the_page(world, client):
    from config.celery import app as celery_app
    from tests.evaluation.test_worker import Worker, wait_for

    celery_app.control.purge()
    worker = Worker()
    worker.start()
    try:
        assert client.login(username=world.admin_a.username, password=PASSWORD)
        raw = "username,first_name,last_name,email,role\n" + "".join(
            f"w{n},W,{n},w{n}@example.org,student\n" for n in range(3000)
        )
        response = client.post("/people/import/", {"file": SimpleUploadedFile("r.csv", raw.encode())})
        assert response.status_code == 302
        answer = wait_for(
            lambda: "3000 rows imported" in (page := client.get(response.url).content.decode()) and page,
            60,
            "the worker to import the roster",
            every=0.5,
        )
        assert "every 1s" not in answer
        assert User.objects.filter(username__regex=r"^w\d+$", college=world.college_a).count() == 3000
    finally:
        worker.stop()
