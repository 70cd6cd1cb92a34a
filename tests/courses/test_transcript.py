"""The transcript PDF as a reader gets it: checked with poppler's pdffonts, pdftotext and
pdftoppm, which this project did not write."""

import re
import subprocess
from decimal import Decimal

import pytest

from courses.models import CertificateType
from courses.services import enrollment_complete, offering_enroll
from tests.factories import CourseFactory, ModuleFactory, OfferingFactory

pytestmark = [pytest.mark.django_db, pytest.mark.pdf]

HOSTILE = [
    '<img src="/etc/hostname" width="300" height="300"/>',
    "<b>bold</b> & <font name='Courier'>x</font> <a href='file:///etc/passwd'>link</a>",
    "</para><para>",
    "Ωmega \u202e reversed \u0007",
]


@pytest.fixture
def learner(world):
    student = world.student_a
    student.first_name, student.last_name = "Fang", "Wang 王芳"
    student.save()
    module = ModuleFactory(
        title="Routing and Switching 路由与交换",
        credits=Decimal(4),
        course=CourseFactory(college=world.college_a, code="NET201", title="Enterprise Networks"),
    )
    enrollment = offering_enroll(offering=OfferingFactory(module=module, term="2026-spring"), learner=student)
    enrollment_complete(enrollment=enrollment, actor=world.teacher_a, grade=Decimal("91.5"), passed=True)
    return student


def _pdf(client, learner, language="en"):
    client.force_login(learner)
    response = client.get(f"/learners/{learner.pk}/transcript/?format=pdf", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content


def _run(tool, pdf, tmp_path, *args):
    path = tmp_path / "t.pdf"
    path.write_bytes(pdf)
    command = [tool, *args, str(path)] + (["-"] if tool == "pdftotext" else [])
    done = subprocess.run(command, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode("utf-8", errors="replace")


def test_every_font_is_embedded_and_the_text_reads_right(client, learner, tmp_path):
    pdf = _pdf(client, learner)
    fonts = _run("pdffonts", pdf, tmp_path).splitlines()[2:]
    assert fonts, "the PDF names no font"
    for line in fonts:
        assert re.search(r"\byes\s+yes\s+(yes|no)\s+\d+\s+\d+\s*$", line), line  # embedded, subset
    names = " ".join(fonts)
    assert "Vera" in names and "WenQuanYi" in names
    text = _run("pdftotext", pdf, tmp_path, "-enc", "UTF-8")
    for expected in (
        "Transcript",
        "Wang 王芳",
        "Routing and Switching 路由与交换",
        "Spring 2026",
        "91.50",
        "College A",
        "Vocational" if False else "Credits",
    ):
        assert expected in text, expected
    assert "W ang" not in text
    assert re.search(r"http://testserver/transcripts/[\w-]{20,}/", text)


def test_the_chinese_transcript_is_in_chinese(client, learner, tmp_path):
    text = _run("pdftotext", _pdf(client, learner, "zh-hans"), tmp_path, "-enc", "UTF-8")
    for expected in ("成绩单", "学分", "模块"):
        assert expected in text, expected
    for english in ("Transcript", "Module", "Credits", "module", "certificate", "verified"):
        assert english not in text, english


def test_it_renders_to_an_image(client, learner, tmp_path):
    path = tmp_path / "t.pdf"
    path.write_bytes(_pdf(client, learner))
    done = subprocess.run(
        ["pdftoppm", "-png", "-r", "40", "-singlefile", str(path), str(tmp_path / "page")],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    assert (tmp_path / "page.png").read_bytes()[:4] == b"\x89PNG"


def test_the_qr_address_opens_the_transcript_until_the_learner_withdraws_it(client, learner, tmp_path):
    text = _run("pdftotext", _pdf(client, learner), tmp_path, "-enc", "UTF-8")
    address = re.search(r"http://testserver(/transcripts/[\w-]+/)", text).group(1)
    client.logout()
    page = client.get(address)
    assert page.status_code == 200 and "Routing and Switching" in page.content.decode()
    client.force_login(learner)
    assert client.post(f"/learners/{learner.pk}/transcript/sharing/", {"action": "revoke"}).status_code == 302
    client.logout()
    assert client.get(address).status_code == 404


def test_hostile_text_in_every_field_prints_as_typed(client, world, learner, tmp_path):
    learner.first_name, learner.last_name = HOSTILE[0], HOSTILE[1]
    learner.save()
    kind = CertificateType.objects.create(code="evil", name=HOSTILE[2], issuer=HOSTILE[3])
    from courses.lifelong import certificate_submit

    certificate_submit(
        learner=learner, certificate_type=kind, issued_on=learner.date_joined.date(), number=HOSTILE[0]
    )
    module = ModuleFactory(title=HOSTILE[1], course=CourseFactory(college=world.college_a, title=HOSTILE[2]))
    enrollment = offering_enroll(offering=OfferingFactory(module=module, term="t<b>"), learner=learner)
    enrollment_complete(enrollment=enrollment, actor=world.teacher_a, grade=Decimal(60), passed=True)
    pdf = _pdf(client, learner)
    assert b"/Subtype /Image" not in pdf and b"/Subtype/Image" not in pdf  # nothing pulled from the disk
    text = _run("pdftotext", pdf, tmp_path, "-enc", "UTF-8")
    assert '<img src="/etc/hostname"' in text and "<b>bold</b> &" in text and "</para><para>" in text


def test_a_moment_on_the_transcript_is_its_day_in_the_portals_time_zone():
    from django.utils import translation

    from courses.pdf import _day

    with translation.override("en"):
        # 02:00 on 2 March in Shanghai is still 1 March in UTC.
        assert _day("2026-03-01T18:00:00+00:00") == "March 2, 2026"
        assert _day("2026-03-01") == "March 1, 2026"


def test_confirmed_project_hours_are_on_the_pdf(client, learner, world, tmp_path):
    import datetime

    from django.utils import timezone

    from enterprises import hours
    from enterprises.models import Application
    from tests.factories import ProjectFactory

    project = ProjectFactory(enterprise=world.enterprise_x, status="in_progress", title="Servo drift alerts")
    Application.objects.create(project=project, student=learner, motivation="m", status="accepted")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for amount in ("3", "4.5"):
        log = hours.hour_log_submit(
            project=project, student=learner, date=yesterday, hours=Decimal(amount), description="d"
        )
        hours.hour_log_confirm(log=log, actor=world.engineer_x)
    text = _run("pdftotext", _pdf(client, learner), tmp_path, "-enc", "UTF-8")
    assert "Hours on enterprise projects" in text
    assert "Servo drift alerts (Enterprise X): 7.5 hours confirmed" in " ".join(text.split())
    text = _run("pdftotext", _pdf(client, learner, "zh-hans"), tmp_path, "-enc", "UTF-8")
    assert "企业项目工时" in text and "已确认 7.5 小时" in " ".join(text.split())
