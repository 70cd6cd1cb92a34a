"""The pages, on the demo world: the demo student's plan in every state, a teacher's mark
from the page, and the framework import with its example, its errors and its export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from accounts.models import User
from competencies.models import Competency, Framework, LearningPlan

pytestmark = pytest.mark.django_db


def test_the_demo_plans_and_frameworks_through_the_pages(client):
    call_command("seed_demo", verbosity=0)
    student = User.objects.get(username="demo-student")
    plan = LearningPlan.objects.get(student=student)
    client.force_login(student)
    assert client.get("/learning-plans/").status_code == 200
    page = client.get(f"/learning-plans/{plan.pk}/").content.decode()
    for words in (
        "Achieved",
        "In progress",
        "Not started",
        "Marked achieved by Chen Jing: Passed the cell safety walk-through",
        "Module Robot programming basics (2026-autumn) passed, grade 86.00.",
        "confirmed hours on the project Predictive maintenance dashboard",
        "Internship task Preventive maintenance of a robot arm at Huaxin Robotics: 60 % done.",
    ):
        assert words in page, words
    assert "Mark a competency achieved" not in page
    framework = plan.template.framework
    assert client.get(f"/frameworks/{framework.pk}/").status_code == 200
    assert client.get("/frameworks/import/").status_code == 403
    other = LearningPlan.objects.exclude(student=student).first()
    assert client.get(f"/learning-plans/{other.pk}/").status_code == 404

    client.force_login(User.objects.get(username="demo-teacher"))
    page = client.get(f"/learning-plans/{plan.pk}/").content.decode()
    assert "Mark a competency achieved" in page
    picking = Competency.objects.get(framework=framework, idnumber="ROB-1.2")
    done = client.post(
        f"/learning-plans/{plan.pk}/mark/",
        {"mark-competency": picking.pk, "mark-note": "Picked on the demo cell."},
    )
    assert done.status_code == 302 and plan.marks.filter(competency=picking).exists()

    client.force_login(User.objects.get(username="demo-college"))
    assert client.get("/frameworks/import/").status_code == 200
    example = client.get("/frameworks/import/example.csv")
    assert example.status_code == 200
    raw = b"".join(example)
    assert raw.startswith(b'\xef\xbb\xbf"Parent ID number","ID number"') or raw.startswith(
        b"\xef\xbb\xbfParent ID number,ID number"
    )
    major = framework.major
    bad = client.post(
        "/frameworks/import/",
        {"major": major.pk, "file": SimpleUploadedFile("f.csv", raw.replace(b"EV-1,EV-1.2", b"EV-9,EV-1.2"))},
    )
    assert bad.status_code == 400
    assert "No competency of the file has the ID number “EV-9”." in bad.content.decode()
    good = client.post("/frameworks/import/", {"major": major.pk, "file": SimpleUploadedFile("f.csv", raw)})
    assert good.status_code == 302
    imported = Framework.objects.get(idnumber="EV-2026")
    assert good["Location"] == f"/frameworks/{imported.pk}/"
    assert "Diagnose a battery pack" in client.get(good["Location"]).content.decode()
    exported = b"".join(client.get(f"/frameworks/{imported.pk}/export.csv"))
    assert exported.count(b"\n") == 5 and b"Is framework" in exported
