"""Each skill of the taxonomy has an English and a Chinese name: the API carries both, the
pages show the reader's, and a search finds a skill (or a project naming it) by either."""

import pytest

from enterprises.models import Project
from tests.factories import ProjectFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_the_api_carries_both_names_and_finds_a_skill_by_either(world, as_user):
    admin = as_user(world.platform_admin)
    made = admin.post(
        "/api/v1/skills/",
        {"code": "welding", "name": "Robotic welding", "name_zh": "机器人焊接"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["name_zh"] == "机器人焊接"
    SkillFactory(code="plc", name="PLC programming", name_zh="PLC 编程")
    anyone = as_user(None)

    def codes(query: str) -> list[str]:
        return sorted(row["code"] for row in anyone.get(f"/api/v1/skills/?{query}").json()["results"])

    assert codes("name=焊接") == ["welding"]
    assert codes("name=WELD") == ["welding"]
    assert codes("name=编程") == ["plc"]
    assert codes("name=nothing") == []


def test_the_pages_show_the_readers_name_and_search_either(client, world):
    skill = SkillFactory(code="welding", name="Robotic welding", name_zh="机器人焊接")
    SkillFactory(code="english-only", name="Forklift driving")  # no Chinese name recorded yet
    english = client.get("/skills/").content.decode()
    chinese = client.get("/skills/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Robotic welding" in english and "机器人焊接" not in english
    assert "机器人焊接" in chinese and "Robotic welding" not in chinese
    assert "Forklift driving" in chinese  # the English name stands in until a Chinese one is given
    found = client.get("/skills/?q=焊接").content.decode()
    assert "Robotic welding" in found and "Forklift driving" not in found
    page = client.get(f"/skills/{skill.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "机器人焊接" in page.split("</h1>")[0]
    assert "Robotic welding" in page  # the detail names it in both languages


def test_a_project_shows_its_skills_in_the_readers_language_and_is_found_by_either_name(client, world):
    skill = SkillFactory(code="welding", name="Robotic welding", name_zh="机器人焊接")
    project = ProjectFactory(enterprise=world.enterprise_x, title="Seam tracking", status=Project.Status.OPEN)
    project.skills.add(skill)
    client.force_login(world.admin_a)
    chinese = client.get(f"/projects/{project.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "机器人焊接" in chinese and "Robotic welding" not in chinese
    for query in ("机器人焊接", "robotic welding"):
        assert "Seam tracking" in client.get(f"/projects/?q={query}").content.decode(), query
