"""The server-rendered pages: each role's dashboard, its actions, the public pages."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from courses.models import Enrollment
from enterprises.models import Application, Project
from evaluation.models import Scorecard
from evaluation.recompute import recompute_period
from ledger.models import Evidence
from tests.factories import (
    PASSWORD,
    CourseFactory,
    DualPositionFactory,
    ModuleFactory,
    OfferingFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def add_rows(world, n):
    """n more of everything each dashboard lists, for the college A / enterprise X people."""
    for _ in range(n):
        module = ModuleFactory(course=CourseFactory(college=world.college_a))
        offering = OfferingFactory(module=module, teacher=world.teacher_a)
        student = UserFactory(role="student", college=world.college_a)
        Enrollment.objects.create(offering=offering, learner=student)
        Enrollment.objects.create(offering=offering, learner=world.student_a)
        project = ProjectFactory(
            enterprise=world.enterprise_x, status="open", college=world.college_a, module=module
        )
        Application.objects.create(project=project, student=student, motivation="m")
        ProjectFactory(enterprise=world.enterprise_x, status="delivered", college=world.college_a)
        Evidence.objects.create(
            indicator="smes_served",
            college=world.college_a,
            value=1,
            period=2026,
            occurred_on=datetime.date(2026, 2, 1),
            source="manual",
        )
        Evidence.objects.create(
            indicator="smes_served",
            college=world.college_a,
            value=1,
            period=2026,
            occurred_on=datetime.date(2026, 2, 1),
            source="manual",
            status="verified",
        )
        DualPositionFactory(
            user=UserFactory(role="teacher", college=world.college_a), enterprise=world.enterprise_x
        )
    recompute_period(
        scheme_id=Scorecard._meta.get_field("scheme").related_model.objects.get(is_active=True).pk,
        period=2026,
    )


@pytest.mark.parametrize(
    "who", ["platform_admin", "admin_a", "teacher_a", "engineer_x", "student_a", "evaluator"]
)
def test_each_dashboard_has_a_chart_and_a_query_count_that_does_not_grow(client, world, who):
    login(client, getattr(world, who))
    add_rows(world, 2)
    with CaptureQueriesContext(connection) as few:
        response = client.get("/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-chart=" in html and 'type="application/json"' in html
    add_rows(world, 4)
    with CaptureQueriesContext(connection) as more:
        assert client.get("/dashboard/").status_code == 200
    # The same queries whatever the number of rows: no query per row (N+1).
    assert len(more) == len(few), [q["sql"][:120] for q in more.captured_queries]


def test_pages_have_no_inline_scripts_and_send_a_csp(client, world):
    login(client, world.admin_a)
    response = client.get("/dashboard/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>", response.content.decode())
    assert scripts and all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts)


def test_dashboards_speak_chinese_when_asked(client, world):
    login(client, world.student_a)
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "我的学习" in html and 'lang="zh-hans"' in html
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your learning" in html


def test_language_switcher_sets_the_language(client, world):
    login(client, world.student_a)
    response = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/dashboard/"})
    assert response.status_code == 302
    assert "我的学习" in client.get("/dashboard/").content.decode()


def test_no_page_shows_another_colleges_or_students_data(client, world):
    offering = OfferingFactory(
        module=ModuleFactory(title="Secret module B", course=CourseFactory(college=world.college_b))
    )
    Enrollment.objects.create(offering=offering, learner=world.student_b)
    Evidence.objects.create(
        indicator="patents_transferred",
        college=world.college_b,
        value=Decimal("7.1234"),
        period=2026,
        occurred_on=datetime.date(2026, 3, 3),
        source="manual",
        note="B's patent",
    )
    ProjectFactory(enterprise=world.enterprise_y, title="Y's secret draft", status="draft")
    student_page = login(client, world.student_a).get("/dashboard/").content.decode()
    assert "Secret module B" in student_page  # the public catalogue may list it…
    mine = student_page.split("Your enrollments and grades")[1].split("Course catalogue")[0]
    assert "Secret module B" not in mine  # …but never among this student's own enrollments
    client.logout()
    college_page = login(client, world.admin_a).get("/dashboard/").content.decode()
    assert "7.1234" not in college_page and "B&#x27;s patent" not in college_page
    client.logout()
    engineer_page = login(client, world.engineer_x).get("/dashboard/").content.decode()
    assert "Y&#x27;s secret draft" not in engineer_page


def test_engineer_posts_and_opens_a_project_from_the_page(client, world):
    login(client, world.engineer_x)
    response = client.post(
        "/projects/post/",
        {
            "title": "Conveyor vision",
            "description": "Sort parts.",
            "seats": 2,
            "visibility": "public",
            "open_now": "on",
        },
    )
    assert response.status_code == 302
    project = Project.objects.get(title="Conveyor vision")
    assert (project.enterprise, project.status) == (world.enterprise_x, "open")
    bad = client.post(
        "/projects/post/", {"title": "", "description": "x", "seats": 0, "visibility": "public"}, follow=True
    )
    assert "This field is required" in bad.content.decode()
    assert Project.objects.count() == 1


def test_student_enrolls_and_applies_from_the_page(client, world):
    offering = OfferingFactory(
        module=ModuleFactory(course=CourseFactory(college=world.college_a)), capacity=1
    )
    project = ProjectFactory(enterprise=world.enterprise_x, status="open")
    login(client, world.student_a)
    page = client.post(f"/offerings/{offering.pk}/enroll/", follow=True).content.decode()
    assert "You are enrolled." in page
    assert Enrollment.objects.filter(offering=offering, learner=world.student_a, status="active").exists()
    client.post(f"/projects/{project.pk}/apply/", {"motivation": "Robots!"})
    assert Application.objects.filter(project=project, student=world.student_a).exists()
    client.logout()
    login(client, world.student_a2)
    page = client.post(f"/offerings/{offering.pk}/enroll/", follow=True).content.decode()
    assert "The offering is full." in page


def test_evaluator_verifies_evidence_and_publishes_a_scorecard_from_the_page(client, world):
    evidence = Evidence.objects.create(
        indicator="smes_served",
        college=world.college_a,
        value=1,
        period=2026,
        occurred_on=datetime.date(2026, 2, 1),
        source="manual",
    )
    login(client, world.evaluator)
    client.post(f"/evidence/{evidence.pk}/verify/")
    evidence.refresh_from_db()
    assert evidence.status == "verified"
    recompute_period(
        scheme_id=Scorecard._meta.get_field("scheme").related_model.objects.get(is_active=True).pk,
        period=2026,
    )
    card = Scorecard.objects.get(subject_type="college", subject_id=world.college_a.pk)
    for step in ("submit", "approve", "publish"):
        client.post(f"/scorecards/{card.pk}/{step}/")
    card.refresh_from_db()
    assert card.status == "published"
    client.logout()
    assert client.get(f"/scorecards/{card.pk}/").status_code == 200


def test_only_evaluators_verify_from_the_page(client, world):
    evidence = Evidence.objects.create(
        indicator="smes_served",
        college=world.college_a,
        value=1,
        period=2026,
        occurred_on=datetime.date(2026, 2, 1),
        source="manual",
    )
    assert login(client, world.admin_a).post(f"/evidence/{evidence.pk}/verify/").status_code == 403
    client.logout()
    assert login(client, world.student_a).post(f"/evidence/{evidence.pk}/verify/").status_code == 404


def test_teacher_grades_and_engineer_confirms_hours_from_the_page(client, world):
    offering = OfferingFactory(
        module=ModuleFactory(course=CourseFactory(college=world.college_a)), teacher=world.teacher_a
    )
    enrollment = Enrollment.objects.create(offering=offering, learner=world.student_a)
    login(client, world.teacher_a)
    client.post(f"/enrollments/{enrollment.pk}/grade/", {"grade": "91", "passed": "on"})
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.grade) == ("completed", Decimal("91"))
    position = DualPositionFactory(user=world.teacher_a, enterprise=world.enterprise_x, status="active")
    client.post(
        "/practice-logs/new/",
        {"dual_position": position.pk, "date": "2026-03-01", "hours": "5", "description": "Line 3"},
    )
    log = position.practice_logs.get()
    client.logout()
    login(client, world.engineer_y)
    assert client.post(f"/practice-logs/{log.pk}/confirm/").status_code == 404
    client.logout()
    login(client, world.engineer_x)
    client.post(f"/practice-logs/{log.pk}/confirm/")
    log.refresh_from_db()
    assert log.status == "confirmed"


def test_public_scorecards_list_filters_and_explains(client, world):
    Evidence.objects.create(
        indicator="smes_served",
        college=world.college_a,
        value=1,
        period=2026,
        occurred_on=datetime.date(2026, 2, 1),
        source="manual",
        status="verified",
    )
    recompute_period(
        scheme_id=Scorecard._meta.get_field("scheme").related_model.objects.get(is_active=True).pk,
        period=2026,
    )
    published = Scorecard.objects.get(subject_type="college", subject_id=world.college_a.pk)
    Scorecard.objects.filter(pk=published.pk).update(status="published")
    hidden = Scorecard.objects.get(subject_type="college", subject_id=world.college_b.pk)
    page = client.get("/scorecards/").content.decode()
    assert "College A" in page and "College B" not in page
    assert client.get(f"/scorecards/{hidden.pk}/").status_code == 404
    partial = client.get("/scorecards/?period=2026&region=Guangdong", HTTP_HX_REQUEST="true").content.decode()
    assert partial.lstrip().startswith('<div id="results"') and "College A" in partial
    assert "<html" not in partial
    assert client.get("/scorecards/?period=abc").status_code == 200  # a bad filter is a message, not a crash
    detail = client.get(f"/scorecards/{published.pk}/").content.decode()
    assert "smes_served" in detail and "3.33" in detail


def test_radar_page_needs_a_login_and_shows_the_figures(client, world):
    assert client.get("/radar/").status_code == 302
    login(client, world.admin_a)
    assert client.get("/radar/?year=abc").status_code == 200


def test_the_chinese_catalogue_is_complete_and_compiled():
    """Every message has a translation, and the compiled .mo says what the .po says."""
    import gettext
    from pathlib import Path

    locale = Path(__file__).resolve().parent.parent / "locale" / "zh_Hans" / "LC_MESSAGES"
    text = (locale / "django.po").read_text()
    entries = [e for e in text.split("\n\n")[1:] if "msgid" in e]
    untranslated = [
        e for e in entries if re.search(r'^msgstr(\[0\])? ""$', e, re.M) and '\n"' not in e.split("msgstr")[1]
    ]
    assert not untranslated, untranslated[:3]
    catalogue = gettext.GNUTranslations((locale / "django.mo").open("rb"))
    assert catalogue.gettext("Your learning") == "我的学习"
    assert catalogue.gettext("Published scorecards") == "已发布评分卡"
    assert len(catalogue._catalog) >= len(entries)  # type: ignore[attr-defined]


def test_lifelong_panels_and_their_actions(client, world):
    from courses.models import Certificate, CertificateType
    from enterprises.models import Employment

    kind = CertificateType.objects.create(
        code="op", name="Robot operator", issuer="X", enterprise=world.enterprise_x
    )
    certificate = Certificate.objects.create(
        learner=world.student_a, certificate_type=kind, issued_on=datetime.date(2026, 1, 1), number="77"
    )
    employment = Employment.objects.create(
        learner=world.student_a,
        enterprise=world.enterprise_x,
        position="Tech",
        start_date=datetime.date(2026, 7, 1),
        in_field=True,
        entered_by=world.admin_a,
    )
    login(client, world.engineer_x)
    page = client.get("/dashboard/").content.decode()
    assert "Robot operator #77" in page and "Tech" in page
    client.post(f"/certificates/{certificate.pk}/verify/")
    client.post(f"/employments/{employment.pk}/confirm/")
    certificate.refresh_from_db()
    employment.refresh_from_db()
    assert certificate.status == "verified" and employment.confirmed
    client.logout()
    login(client, world.student_a)
    page = client.get("/dashboard/").content.decode()
    assert "Robot operator" in page and f"/learners/{world.student_a.pk}/transcript/" in page
    transcript = client.get(f"/learners/{world.student_a.pk}/transcript/")
    assert transcript.status_code == 200 and "Robot operator" in transcript.content.decode()
    client.logout()
    login(client, world.student_a2)
    assert client.get(f"/learners/{world.student_a.pk}/transcript/").status_code == 404


def test_transcript_downloads_as_a_pdf(client, world):
    from courses.models import CreditTransaction

    module = ModuleFactory(title="路由与交换 Routing", course=CourseFactory(college=world.college_a))
    CreditTransaction.objects.create(
        learner=world.student_a, credits=Decimal(4), kind="module", source="s", module=module
    )
    login(client, world.student_a)
    response = client.get(f"/learners/{world.student_a.pk}/transcript/?format=pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-") and b"WenQuanYiMicroHei" in response.content
    assert "attachment" in response["Content-Disposition"]
    client.logout()
    login(client, world.student_b)
    assert client.get(f"/learners/{world.student_a.pk}/transcript/?format=pdf").status_code == 404


def test_radar_page_shows_majors_over_the_years_and_records_a_decision(client, world):
    from evaluation.models import MajorDecision
    from evaluation.radar import recompute_radar
    from tests.factories import CohortFactory, MajorFactory, SkillFactory, TalentDemandFactory

    plc = SkillFactory(code="plc")
    major = MajorFactory(college=world.college_a, name="Robotics")
    ModuleFactory(course=CourseFactory(college=world.college_a, major=major)).skills.set([plc])
    for year, demand in ((2025, 5), (2026, 30)):
        CohortFactory(major=major, year=year, graduates=20)
        TalentDemandFactory(skill=plc, headcount=demand, region="Guangdong", year=year)
    recompute_radar()
    login(client, world.admin_a)
    page = client.get("/radar/?year=2026").content.decode()
    assert "Robotics" in page and "0.25" in page and "1.00" in page  # 2025 and 2026 side by side
    client.post(f"/majors/{major.pk}/decide/", {"year": 2026, "decision": "keep", "reason": "Demand is back"})
    assert MajorDecision.objects.get(major=major).decision == "keep"
    client.logout()
    login(client, world.admin_b)
    assert (
        client.post(
            f"/majors/{major.pk}/decide/", {"year": 2026, "decision": "close", "reason": "x"}
        ).status_code
        == 403
    )


def test_both_sides_accept_ip_terms_from_their_dashboards(client, world):
    from enterprises.models import IpAgreement

    project = ProjectFactory(
        enterprise=world.enterprise_x,
        title="Secret gripper",
        status="open",
        visibility="confidential",
        college=world.college_a,
    )
    terms = IpAgreement.objects.create(
        project=project,
        enterprise_pct=60,
        college_pct=30,
        students_pct=10,
        revenue_share_pct=15,
        embargo_days=180,
    )
    for user in (world.engineer_x, world.admin_a):
        login(client, user)
        assert "Secret gripper" in client.get("/dashboard/").content.decode()
        client.post(f"/ip-agreements/{terms.pk}/accept/")
        client.logout()
    terms.refresh_from_db()
    assert terms.status == "agreed"
    login(client, world.engineer_y)
    assert client.post(f"/ip-agreements/{terms.pk}/accept/").status_code == 404
