"""Chinese pages use Chinese punctuation: a label is followed by a full-width colon "：",
never by an ASCII ":" (which Django's forms, allauth's catalogue and templates that glue
": " after a translated word used to produce)."""

import datetime
import re

import pytest
from django.utils import translation

from enterprises.models import Project
from ledger.services import evidence_record_platform
from tests.factories import ProjectFactory, SkillFactory
from tests.test_internships import log_day, place, propose, running  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uff08\uff09"  # ideographs and the full-width brackets
ASCII_COLON_AFTER_CJK = re.compile(rf"[{CJK}]\s*:(?!//)")


def test_no_chinese_message_puts_an_ascii_colon_after_chinese_text():
    """Every message the Chinese reader can be shown (ours, Django's and allauth's, as loaded)."""
    catalogue = translation.trans_real.translation("zh-hans")._catalog
    # catalogue[key] is what the reader gets (ours first, then allauth's and Django's).
    found = [
        (key, catalogue[key])
        for key in set(catalogue.keys())
        if isinstance(catalogue[key], str) and ASCII_COLON_AFTER_CJK.search(catalogue[key])
    ]
    assert found == []
    with translation.override("zh-hans"):
        from django import forms

        class Form(forms.Form):
            state = forms.CharField(label="状态")

        assert Form()["state"].label_tag().endswith("状态：</label>")


def _visible_text(html: str) -> str:
    html = re.sub(r"<(script|style|pre|code)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def _faults(client, path: str) -> list[str]:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200, path
    text = _visible_text(response.content.decode())
    return [
        f"{path}: …{text[max(0, m.start() - 20) : m.end() + 10]!r}"
        for m in ASCII_COLON_AFTER_CJK.finditer(text)
    ]


def test_chinese_pages_put_a_full_width_colon_after_their_labels(client, world):
    project = ProjectFactory(
        enterprise=world.enterprise_x, title="焊缝检测", status=Project.Status.OPEN, mentor=world.engineer_x
    )
    project.skills.add(SkillFactory(code="welding", name="Robotic welding", name_zh="机器人焊接"))
    faults: list[str] = []
    faults += _faults(client, "/accounts/login/")
    client.force_login(world.admin_a)
    for path in (
        "/projects/",
        f"/projects/{project.pk}/",
        "/people/import/",
        "/skills/",
        "/imports/cohorts/",
    ):
        faults += _faults(client, path)
    client.force_login(world.engineer_x)
    for path in ("/projects/", f"/projects/{project.pk}/", f"/projects/{project.pk}/edit/"):
        faults += _faults(client, path)
    assert faults == []
    # The colon a template puts between a label and its value is the reader's.
    page = client.get("/people/import/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "：" in _visible_text(page.content.decode())


HAN = "\u3400-\u4dbf\u4e00-\u9fff"
# An ASCII colon, semicolon, comma or bracket touching Chinese text: "Huaxin Robotics: 单日",
# "Lin Wei, 于 …", "(计入 2026 年度)", "签署协议; 投保".
ASCII_BESIDE_CHINESE = re.compile(rf"[{HAN}]\s*[:;,)]|[:;,(]\s*[{HAN}]")


def _ascii_beside_chinese(client, path: str) -> list[str]:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200, path
    text = _visible_text(response.content.decode())
    return [
        f"{path}: …{text[max(0, m.start() - 20) : m.end() + 10]!r}"
        for m in ASCII_BESIDE_CHINESE.finditer(text)
        if not m.group().startswith(":") or "//" not in text[m.start() : m.start() + 3]
    ]


def test_chinese_pages_write_names_years_and_lists_with_chinese_punctuation(
    as_user,
    world,
    place,  # noqa: F811 (a fixture of the internships tests)
    running,  # noqa: F811
    client,
):
    log_day(as_user, world, running, 2, "11")  # an alert on the college's dashboard
    project = ProjectFactory(enterprise=world.enterprise_x, status=Project.Status.OPEN)
    evidence = evidence_record_platform(
        indicator="project_delivery_rate",
        college=world.college_a,
        value=1,
        occurred_on=datetime.date(2026, 3, 2),
        event_key="punctuation",
        origin=project,
    )
    client.force_login(world.admin_a)
    faults: list[str] = []
    for path in ("/", f"/internships/{running}/", f"/evidence/{evidence.pk}/"):
        faults += _ascii_beside_chinese(client, path)
    assert faults == []
    # The employer's industry in the reader's words, not its code.
    page = _visible_text(
        client.get(f"/employers/{world.enterprise_x.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    )
    assert world.enterprise_x.industry == "robotics" and "机器人" in page and "robotics" not in page
    # A refusal listing what is missing joins the list the Chinese way.
    waiting = propose(as_user, world, place).json()["id"]
    refused = as_user(world.admin_a).post(
        f"/api/v1/internships/{waiting}/start/", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert refused.status_code == 409
    assert "；" in refused.json()["detail"] and not ASCII_BESIDE_CHINESE.search(refused.json()["detail"])
