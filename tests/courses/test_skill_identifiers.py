"""Stable skill identifiers: each skill may carry its ESCO URI and its national occupation
code, a crosswalk table (imported from CSV) adds correspondences, and the API finds skills
by either identifier, directly or through the crosswalk."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts import imports
from accounts.models import ImportJob
from courses.models import SkillCrosswalk
from tests.factories import PASSWORD, SkillFactory

pytestmark = pytest.mark.django_db

ESCO_PLC = "http://data.europa.eu/esco/skill/5a7bb8e4-3b1c-4f49-8e3a-6f0b8a2c9d10"
ESCO_VISION = "http://data.europa.eu/esco/skill/9c2e4f6a-1b3d-4e5f-8a9b-0c1d2e3f4a5b"


def test_a_skill_carries_its_identifiers_and_bad_ones_are_named(world, as_user):
    skill = SkillFactory(code="plc")
    admin = as_user(world.platform_admin)
    bad = admin.patch(
        f"/api/v1/skills/{skill.pk}/",
        {"esco_uri": "https://esco.example/plc", "occupation_code": "6-31-1-3"},
        format="json",
    )
    assert bad.status_code == 400 and set(bad.json()) == {"esco_uri", "occupation_code"}
    good = admin.patch(
        f"/api/v1/skills/{skill.pk}/", {"esco_uri": ESCO_PLC, "occupation_code": "6-31-01-03"}, format="json"
    )
    assert good.status_code == 200 and good.json()["occupation_code"] == "6-31-01-03"
    assert (
        as_user(world.admin_a)
        .patch(f"/api/v1/skills/{skill.pk}/", {"esco_uri": ""}, format="json")
        .status_code
        == 403
    )


def test_the_api_finds_skills_by_either_identifier_directly_or_through_the_crosswalk(world, as_user):
    plc = SkillFactory(code="plc", esco_uri=ESCO_PLC, occupation_code="6-31-01-03")
    vision = SkillFactory(code="vision")
    SkillFactory(code="welding")
    SkillCrosswalk.objects.create(skill=vision, esco_uri=ESCO_VISION, match="close")
    SkillCrosswalk.objects.create(skill=vision, occupation_code="6-31-01-03", match="broad")
    anyone = as_user(None)

    def codes(query: str) -> list[str]:
        return sorted(row["code"] for row in anyone.get(f"/api/v1/skills/?{query}").json()["results"])

    assert codes(f"esco_uri={ESCO_PLC}") == ["plc"]
    assert codes(f"esco_uri={ESCO_VISION}") == ["vision"]
    assert codes("occupation_code=6-31-01-03") == ["plc", "vision"]
    assert codes("occupation_code=9-99-99-99") == []
    assert plc.pk


def test_a_crosswalk_imports_from_csv_all_or_nothing_with_every_problem_by_line(world, as_user):
    SkillFactory(code="plc")
    SkillFactory(code="vision")
    admin = as_user(world.platform_admin)
    bad = (
        "skill,esco_uri,occupation_code,match\n"
        f"plc,{ESCO_PLC},6-31-01-03,exact\n"
        "vision,,,close\n"  # names no target
        "nope,,6-31-01-03,exact\n"  # no such skill
        f"plc,{ESCO_PLC},6-31-01-03,exact\n"  # repeats line 2
        "vision,,6-31-1-3,wrong\n"  # bad code, bad match
    )
    response = admin.post(
        "/api/v1/skill-crosswalks/import/", {"file": io.BytesIO(bad.encode())}, format="multipart"
    )
    assert response.status_code == 400
    found = {(e["line"], e["field"]) for e in response.json()["errors"]}
    assert found == {(3, "esco_uri"), (4, "skill"), (5, "skill"), (6, "occupation_code"), (6, "match")}
    assert not SkillCrosswalk.objects.exists()
    good = (
        "\ufeffskill,esco_uri,occupation_code,match\r\n"
        f"plc,{ESCO_PLC},6-31-01-03,exact\r\nvision,,6-31-01-03,broad\r\n"
    )
    response = admin.post(
        "/api/v1/skill-crosswalks/import/", {"file": io.BytesIO(good.encode())}, format="multipart"
    )
    assert response.status_code == 201 and response.json() == {"created": 2, "errors": []}
    again = admin.post(
        "/api/v1/skill-crosswalks/import/", {"file": io.BytesIO(good.encode())}, format="multipart"
    )
    assert again.status_code == 400 and [e["line"] for e in again.json()["errors"]] == [2, 3]
    repeated = admin.post(
        "/api/v1/skill-crosswalks/",
        {"skill": "vision", "occupation_code": "6-31-01-03", "match": "broad"},
        format="json",
    )
    assert repeated.status_code == 409


def test_the_skills_page_shows_the_identifiers_and_imports_a_crosswalk(client, world):
    skill = SkillFactory(code="plc", name="PLC programming", esco_uri=ESCO_PLC)
    page = client.get(f"/skills/{skill.pk}/").content.decode()  # the taxonomy is public
    assert ESCO_PLC in page and "No correspondence recorded." in page
    assert client.login(username=world.platform_admin.username, password=PASSWORD)
    assert "/imports/skill-crosswalks/" in client.get("/skills/").content.decode()
    upload = SimpleUploadedFile("x.csv", b"skill,esco_uri,occupation_code,match\nplc,,6-31-01-03,exact\n")
    response = client.post("/imports/skill-crosswalks/", {"file": upload})
    job = ImportJob.objects.get(pk=int(response.url.rstrip("/").rsplit("/", 1)[1]))
    imports.run(job.pk)
    assert "1 row imported" in client.get(response.url).content.decode()
    assert "6-31-01-03" in client.get(f"/skills/{skill.pk}/").content.decode()
    assert "6-31-01-03" in client.get("/skills/?occupation_code=6-31-01-03").content.decode()
