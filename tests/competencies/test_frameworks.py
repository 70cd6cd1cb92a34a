"""frameworks/ and competencies/: Moodle's CSV in and out, all or nothing, and who edits."""

import csv
import io

import pytest

from competencies.imports import COLUMNS
from competencies.models import Competency, Framework
from tests.factories import CourseFactory, MajorFactory, ModuleFactory

pytestmark = pytest.mark.django_db

# As Moodle's export writes it (Moodle's headers and order, no byte-order mark), with a
# rule, a cross-reference and a competency of its own scale; then our two extra columns.
MOODLE_HEADER = ",".join(f'"{label}"' for _key, label in COLUMNS[:14])
SCALE = '"[{""scaleid"":""2""},{""id"":1,""scaledefault"":1,""proficient"":0},{""id"":2,""scaledefault"":0,""proficient"":1}]"'
MOODLE_FILE = "\n".join(
    [
        MOODLE_HEADER,
        f',EV-2026,"EV maintenance","<p>What a graduate can do.</p>",1,"Not yet,Competent",{SCALE},,,,,,1,"domain,competency"',
        ',EV-1,"Battery systems",,1,,,core_competency\\competency_rule_all,1,null,,11,,',
        'EV-1,EV-1.1,"Diagnose a pack","Test cells, safely.",1,,,,,,EV-1.2,12,,',
        f'EV-1,EV-1.2,"Replace a module",,1,"Not yet,Competent",{SCALE},,,,"EV-1.1",13,,',
        ',EV-2,"安全作业",中文描述,2,,,,,,,14,,',
    ]
)


def upload(client, major, text, *, bom=False, name="framework.csv"):
    raw = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    return client.post(
        "/api/v1/frameworks/import/", {"major": major.pk, "file": io.BytesIO(raw)}, format="multipart"
    )


def test_a_moodle_export_imports_and_ours_exports_back_the_same(world, as_user, major_a, skills):
    created = upload(as_user(world.admin_a), major_a, MOODLE_FILE)
    assert created.status_code == 201, created.json()
    framework = Framework.objects.get(pk=created.json()["id"])
    assert [level["proficient"] for level in created.json()["scale"]] == [False, True]
    tree = {c.idnumber: c for c in framework.competencies.select_related("parent")}
    assert tree["EV-1.1"].parent == tree["EV-1"] and tree["EV-2"].parent is None
    assert tree["EV-1"].rule_type == "core_competency\\competency_rule_all" and tree["EV-1"].rule_outcome == 1
    assert list(tree["EV-1.1"].related.values_list("idnumber", flat=True)) == ["EV-1.2"]
    assert tree["EV-2"].shortname == "安全作业"

    exported = as_user(world.teacher_a).get(f"/api/v1/frameworks/{framework.pk}/export/")
    assert exported.status_code == 200 and exported["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert rows[0] == [label for _key, label in COLUMNS]
    assert rows[1][1:3] == ["EV-2026", "EV maintenance"] and rows[1][12] == "1"
    assert [row[1] for row in rows[2:]] == ["EV-1", "EV-1.1", "EV-1.2", "EV-2"]  # each after its parent
    assert rows[3][0] == "EV-1" and rows[3][10] == "EV-1.2" and rows[3][11] == "12"

    # The same file again in the college: its ID number is taken (line 2, column "ID number").
    again = upload(
        as_user(world.admin_a),
        MajorFactory(college=world.college_a),
        exported.content.decode("utf-8-sig"),
        bom=True,
    )
    assert again.status_code == 400
    assert again.json()["errors"] == [
        {
            "line": 2,
            "field": "ID number",
            "message": "The college has a framework with this ID number already.",
        }
    ]
    # Another college takes the exported file (with its byte-order mark) whole.
    other = upload(
        as_user(world.admin_b),
        MajorFactory(college=world.college_b),
        exported.content.decode("utf-8-sig"),
        bom=True,
    )
    assert other.status_code == 201, other.json()
    copy = Framework.objects.get(pk=other.json()["id"])
    assert copy.competencies.count() == 4 and copy.scale_configuration == framework.scale_configuration


def test_a_bad_file_imports_nothing_and_names_each_line_and_column(world, as_user, major_a, skills):
    # Another wording of Moodle's headers (a plugin's) reads as well.
    header = '"Parent id number","Id number","Shortname","Description","Description format","Scale values","Scale configuration","Rule type (optional)","Rule outcome (optional)","Rule config (optional)","Cross referenced competency id numbers (optional)","Exported id (optional)","Is framework","Taxonomy","Skills","Modules"'
    module = ModuleFactory(course=CourseFactory(college=world.college_a))
    foreign = ModuleFactory(course=CourseFactory(college=world.college_b))
    good = "\n".join(
        [
            header,
            ',F1,Frame,,1,"No,Yes","[{""scaleid"":""1""},{""id"":1,""scaledefault"":1},{""id"":2,""proficient"":1}]",,,,,,1,,,',
            f',C1,One,,1,,,,,,,,,,"battery-diagnosis,6-31-01-03",{module.pk}',
        ]
    )
    created = upload(as_user(world.teacher_a), major_a, good, bom=True)
    assert created.status_code == 201, created.json()
    one = Competency.objects.get(framework_id=created.json()["id"], idnumber="C1")
    assert {s.code for s in one.skills.all()} == {"battery-diagnosis", "hv-safety"}
    assert list(one.modules.all()) == [module]

    bad = "\n".join(
        [
            header,
            ',F2,Frame,,7,"No,Yes","[{""scaleid"":""1""},{""id"":3,""scaledefault"":1}]",,,,,,1,,,',
            "MISSING,C1,One,,1,,,,,,,,,,,",
            f",C1,Again,,1,,,bogus,9,,C9,,,,no-such-skill,{foreign.pk}",
        ]
    )
    before = Framework.objects.count()
    refused = upload(as_user(world.admin_a), major_a, bad)
    assert refused.status_code == 400
    found = {(e["line"], e["field"]) for e in refused.json()["errors"]}
    assert found == {
        (2, "Description format"),
        (2, "Scale configuration"),
        (3, "Parent id number"),
        (4, "Id number"),
        (4, "Rule type (optional)"),
        (4, "Rule outcome (optional)"),
        (4, "Cross referenced competency id numbers (optional)"),
        (4, "Skills"),
        (4, "Modules"),
    }
    assert Framework.objects.count() == before

    unknown = upload(as_user(world.admin_a), major_a, "Idnumber,Colour\n")
    assert unknown.status_code == 400
    assert {e["field"] for e in unknown.json()["errors"]} >= {"Colour", "Parent ID number", "Is framework"}
    # Not the college's major; a student may not import.
    assert upload(as_user(world.admin_b), major_a, good).status_code == 400
    assert upload(as_user(world.student_a), major_a, good).status_code == 403


def test_the_college_staff_edit_and_the_majors_students_read(world, as_user, major_a, skills, cohort):
    created = as_user(world.admin_a).post(
        "/api/v1/frameworks/",
        {
            "major": major_a.pk,
            "idnumber": "F",
            "shortname": "Framework",
            "scale_values": "No,Yes",
            "scale_configuration": '[{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"proficient":1}]',
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/frameworks/{created.json()['id']}/"
    bad_scale = as_user(world.teacher_a).patch(url, {"scale_configuration": "[]"}, format="json")
    assert bad_scale.status_code == 400 and "scale_configuration" in bad_scale.json()
    top = as_user(world.teacher_a).post(
        "/api/v1/competencies/",
        {"framework": created.json()["id"], "idnumber": "A", "shortname": "Top", "skills": ["hv-safety"]},
        format="json",
    )
    assert top.status_code == 201, top.json()
    assert top.json()["skill_identifiers"] == [
        {"code": "hv-safety", "esco_uri": "", "occupation_code": "6-31-01-03"}
    ]
    child = as_user(world.teacher_a).post(
        "/api/v1/competencies/",
        {
            "framework": created.json()["id"],
            "idnumber": "B",
            "shortname": "Below",
            "parent": top.json()["id"],
        },
        format="json",
    )
    assert child.status_code == 201
    loop = as_user(world.teacher_a).patch(
        f"/api/v1/competencies/{top.json()['id']}/", {"parent": child.json()["id"]}, format="json"
    )
    assert loop.status_code == 400 and "parent" in loop.json()
    twice = as_user(world.teacher_a).post(
        "/api/v1/competencies/",
        {"framework": created.json()["id"], "idnumber": "A", "shortname": "x"},
        format="json",
    )
    assert twice.status_code == 400 and "idnumber" in twice.json()
    # The major's students read it; nobody outside the college sees it.
    assert as_user(world.student_a).get(url).status_code == 200
    assert as_user(world.student_a).patch(url, {"shortname": "Mine"}, format="json").status_code == 403
    for outsider in (world.admin_b, world.teacher_b, world.student_b, world.engineer_x):
        assert as_user(outsider).get(url).status_code == 404
        assert as_user(outsider).get(f"{url}export/").status_code == 404


def test_the_staff_build_a_framework_and_a_template_from_the_pages(world, client, major_a, skills, cohort):
    client.force_login(world.teacher_a)
    assert client.get("/frameworks/new/").status_code == 200
    made = client.post(
        "/frameworks/new/",
        {
            "major": major_a.pk,
            "idnumber": "P",
            "shortname": "Pages",
            "description_format": 2,
            "scale_values": "No,Yes",
            "scale_configuration": '[{"scaleid":"1"},{"id":1,"scaledefault":1},{"id":2,"proficient":1}]',
        },
    )
    assert made.status_code == 302, made.content.decode()[:500]
    framework = Framework.objects.get(idnumber="P")
    assert client.get("/competencies/new/").status_code == 200
    added = client.post(
        "/competencies/new/",
        {"framework": framework.pk, "idnumber": "P1", "shortname": "First", "skills": [skills[0].pk]},
    )
    assert added.status_code == 302, added.content.decode()[:500]
    assert list(Competency.objects.get(idnumber="P1").skills.all()) == [skills[0]]
    template = client.post(
        "/learning-plan-templates/new/", {"framework": framework.pk, "entry_year": 2025, "name": "Pages 2025"}
    )
    assert template.status_code == 302
    assert "Pages 2025" in client.get(template["Location"]).content.decode()
    assert framework.templates.get().plans.count() == 2
    client.force_login(world.student_b)
    assert client.get(f"/frameworks/{framework.pk}/").status_code == 404
