"""The web application: each role's dashboard, sections, actions and forms, answered as a
browser would get them (the journeys in a real browser are in test_browser.py)."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification, User
from courses.models import Enrollment
from enterprises.models import Application, Project
from evaluation.models import Scorecard
from evaluation.recompute import recompute_period
from ledger.models import DirtyMark, Evidence
from portal.navigation import SECTIONS
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
ROLES = ["platform_admin", "admin_a", "teacher_a", "engineer_x", "student_a", "evaluator"]


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def active_scheme_id():
    return Scorecard._meta.get_field("scheme").related_model.objects.get(is_active=True).pk


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
        for status in ("submitted", "verified"):
            Evidence.objects.create(
                indicator="smes_served",
                college=world.college_a,
                value=1,
                period=2026,
                occurred_on=datetime.date(2026, 2, 1),
                source="manual",
                status=status,
            )
        DualPositionFactory(
            user=UserFactory(role="teacher", college=world.college_a), enterprise=world.enterprise_x
        )
        add_internship(world, student, status="active")
        add_internship(world, UserFactory(role="student", college=world.college_a), status="preparing")
    recompute_period(scheme_id=active_scheme_id(), period=2026)


def add_internship(world, student, status):
    """An internship of college A's at enterprise X with an open alert and a day to confirm."""
    from internships.models import Internship, InternshipAlert, InternshipLog, Position

    position = Position.objects.create(
        enterprise=world.enterprise_x, name="Technician", staff=10, probation_wage=Decimal(4000)
    )
    internship = Internship.objects.create(
        student=student,
        student_birth_date=datetime.date(2005, 1, 1),
        college=world.college_a,
        major=world.college_a.majors.first() or world.college_a.majors.create(name="M", code="m"),
        enterprise=world.enterprise_x,
        position=position,
        kind="placement",
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 6, 30),
        mentor=world.engineer_x,
        supervisor=world.teacher_a,
        pay_per_month=Decimal(3500),
        hours_per_day=Decimal(8),
        status=status,
        created_by=world.admin_a,
    )
    if status == "active":
        log = InternshipLog.objects.create(
            internship=internship, date=datetime.date(2026, 2, 2), hours=11, tasks="t"
        )
        InternshipAlert.objects.create(internship=internship, kind="long_day", message="11 hours", log=log)


def nav_urls(user):
    """Every page the header offers the person."""
    from django.urls import reverse

    role = "platform_admin" if user.is_platform_admin else user.role
    urls = []
    for _label, target in SECTIONS[role]:
        for _child, name in target if isinstance(target, list) else [(None, target)]:
            urls.append(reverse(name))
    return urls


# --- Dashboards and the header ----------------------------------------------------------------


@pytest.mark.parametrize("who", ROLES)
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


@pytest.mark.parametrize("who", ROLES)
def test_every_section_in_the_header_opens_with_its_rows(client, world, who):
    user = getattr(world, who)
    login(client, user)
    add_rows(world, 1)
    urls = nav_urls(user)
    assert len(urls) >= 4
    for url in urls:
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert b"<h1" in response.content, url


def test_pages_have_no_inline_scripts_or_styles_and_send_a_csp(client, world):
    login(client, world.admin_a)
    for url in ("/dashboard/", "/projects/", "/evidence/", "/radar/", "/profile/"):
        response = client.get(url)
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        html = response.content.decode()
        scripts = re.findall(r"<script([^>]*)>", html)
        assert scripts and all("src=" in attrs or 'type="application/json"' in attrs for attrs in scripts), (
            url
        )
        assert " style=" not in html and "<style" not in html, url


def test_dashboards_speak_chinese_when_asked(client, world):
    login(client, world.student_a)
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "我的学习" in html and 'lang="zh-hans"' in html
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Your learning" in html and 'lang="en"' in html


def test_the_language_switch_is_remembered_for_the_person_and_their_emails(client, world):
    login(client, world.student_a)
    response = client.post("/language/", {"language": "zh-hans", "next": "/dashboard/"})
    assert response.status_code == 302
    page = client.get("/dashboard/").content.decode()
    assert "我的学习" in page and 'lang="zh-hans"' in page
    world.student_a.refresh_from_db()
    assert world.student_a.language == "zh-hans"


def test_a_boosted_header_link_gets_the_whole_page_and_a_list_filter_gets_its_part(client, world):
    login(client, world.evaluator)
    boosted = client.get("/scorecards/", HTTP_HX_REQUEST="true", HTTP_HX_BOOSTED="true")
    assert boosted.content.decode().lstrip().startswith("<!doctype html>")
    assert "HX-Request" in boosted.headers["Vary"]
    part = client.get("/scorecards/?q=College", HTTP_HX_REQUEST="true")
    assert (
        part.content.decode().lstrip().startswith('<div id="results"')
        and "<html" not in part.content.decode()
    )
    assert "HX-Request" in part.headers["Vary"]
    # Pages outside the application are never boosted.
    html = client.get("/dashboard/").content.decode()
    assert re.search(r'href="/api/docs/"[^>]*hx-boost="false"', html)


def test_refusals_are_shown_by_htmx_not_dropped(client, world):
    """A 4xx answer to a boosted form (its errors) must replace the page: htmx is told so."""
    html = client.get("/").content.decode()
    config = re.search(r'name="htmx-config" content=\'([^\']+)\'', html).group(1)
    assert '"[45].."' in config and '"swap": true' in config


def test_error_pages_are_the_portals_own(client, world):
    login(client, world.student_a)
    missing = client.get("/projects/999999/")
    assert missing.status_code == 404 and "Chanjiao" in missing.content.decode()
    forbidden = client.get("/people/import/")
    assert forbidden.status_code == 403 and "<nav" in forbidden.content.decode()


# --- Nobody sees another's rows ------------------------------------------------------------------


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
    login(client, world.student_a)
    assert "Secret module B" not in client.get("/enrollments/").content.decode()
    client.logout()
    login(client, world.admin_a)
    for url in ("/dashboard/", "/evidence/", "/evidence/?q=patent"):
        page = client.get(url).content.decode()
        assert "7.1234" not in page and "B&#x27;s patent" not in page, url
    client.logout()
    login(client, world.engineer_x)
    for url in ("/dashboard/", "/projects/", "/projects/?status=draft"):
        assert "Y&#x27;s secret draft" not in client.get(url).content.decode(), url


# --- The project cycle -----------------------------------------------------------------------------


def test_engineer_posts_a_project_from_the_form_and_bad_input_keeps_nothing(client, world):
    login(client, world.engineer_x)
    response = client.post(
        "/projects/new/",
        {
            "title": "Conveyor vision",
            "description": "Sort parts.",
            "seats": 2,
            "visibility": "public",
            "open_now": "on",
        },
    )
    project = Project.objects.get(title="Conveyor vision")
    assert response.status_code == 302 and response["Location"] == f"/projects/{project.pk}/"
    assert (project.enterprise, project.status) == (world.enterprise_x, "open")
    bad = client.post("/projects/new/", {"title": "", "description": "x", "seats": 0, "visibility": "public"})
    assert bad.status_code == 400 and "This field is required" in bad.content.decode()
    assert Project.objects.count() == 1
    client.logout()
    login(client, world.student_a)
    assert client.get("/projects/new/").status_code == 403


def test_the_whole_project_cycle_through_the_pages(client, world):
    project = ProjectFactory(enterprise=world.enterprise_x, status="draft", visibility="public", seats=2)
    engineer, teacher, student = world.engineer_x, world.teacher_a, world.student_a

    def act(user, action, data=None, expect=302):
        client.logout()
        login(client, user)
        response = client.post(f"/projects/{project.pk}/{action}/", data or {})
        assert response.status_code == expect, (action, response.content.decode()[:500])
        project.refresh_from_db()
        return response

    act(engineer, "open")
    assert project.status == "open"
    act(teacher, "take-on", {"take-on-module": ""})
    assert project.college == world.college_a
    act(student, "apply", {"apply-motivation": "I build robots."})
    application = Application.objects.get(project=project, student=student)
    client.logout()
    login(client, engineer)
    assert client.post(f"/applications/{application.pk}/accept/").status_code == 302
    act(engineer, "start")
    act(teacher, "deliver", {"deliver-summary": "Code and a report."})
    assert project.status == "delivered"
    act(engineer, "accept-delivery", {"accept-delivery-rating": "5", "accept-delivery-feedback": "Good"})
    assert project.status == "accepted" and project.rating == 5
    # The evidence the closure wrote, on the college's pages.
    client.logout()
    login(client, world.admin_a)
    assert "Enterprise projects accepted" in client.get("/evidence/?q=projects").content.decode()


def test_a_refused_step_is_a_message_on_the_page_not_an_error(client, world):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open")
    login(client, world.engineer_x)
    page = client.post(f"/projects/{project.pk}/start/", follow=True).content.decode()
    assert "Accept at least one application" in page
    project.refresh_from_db()
    assert project.status == "open"


def test_an_action_the_state_does_not_allow_is_not_offered(client, world):
    project = ProjectFactory(enterprise=world.enterprise_x, status="accepted")
    login(client, world.engineer_x)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    for verb in ("Open", "Start", "Abandon", "Accept delivery"):
        assert f">{verb}<" not in page, verb


def test_destructive_steps_ask_for_confirmation(client, world):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open")
    login(client, world.engineer_x)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    abandon = re.search(r'<form[^>]*action="/projects/\d+/abandon/"[^>]*>', page).group(0)
    assert "data-confirm=" in abandon


def test_a_college_admin_sets_up_a_group_robot_whose_address_is_never_shown_again(client, world):
    from reach.models import Robot

    url = "https://oapi.dingtalk.com/robot/send?access_token=a1b2c3d4e5f6"
    login(client, world.admin_a)
    assert "/robots/" in client.get("/dashboard/").content.decode()  # the header's People menu
    form = client.get("/robots/new/").content.decode()
    assert 'type="password"' in form
    # A host that is not DingTalk's is refused, naming the field; nothing is kept.
    bad = client.post(
        "/robots/new/",
        {
            "platform": "dingtalk",
            "name": "实习办",
            "webhook_url": "https://evil.example/robot/send?access_token=x",
            "kinds": ["internship_alert"],
            "language": "zh-hans",
            "active": "on",
        },
    )
    assert bad.status_code == 400 and not Robot.objects.exists()
    made = client.post(
        "/robots/new/",
        {
            "platform": "dingtalk",
            "name": "实习办",
            "webhook_url": url,
            "secret": "SECabcdef123456",
            "kinds": ["internship_alert", "hours_waiting"],
            "language": "zh-hans",
            "active": "on",
        },
    )
    robot = Robot.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/robots/{robot.pk}/"
    assert robot.kinds == ["internship_alert", "hours_waiting"] and robot.college == world.college_a
    page = client.get(f"/robots/{robot.pk}/").content.decode()
    assert "a1b2c3d4e5f6" not in page and "SECabcdef123456" not in page and "…e5f6" in page
    assert "a1b2c3d4e5f6" not in client.get(f"/robots/{robot.pk}/edit/").content.decode()
    delete = re.search(r'<form[^>]*action="/robots/\d+/delete/"[^>]*>', page).group(0)
    assert "data-confirm=" in delete
    assert client.post(f"/robots/{robot.pk}/test/").status_code == 302
    assert robot.deliveries.get().kind == ""
    client.post(f"/robots/{robot.pk}/disable/")
    robot.refresh_from_db()
    assert not robot.active
    client.logout()
    login(client, world.teacher_a)
    assert client.get(f"/robots/{robot.pk}/").status_code == 404
    assert "/robots/" not in client.get("/dashboard/").content.decode()


# --- Courses ------------------------------------------------------------------------------------


def test_student_enrolls_withdraws_and_a_full_offering_says_so(client, world):
    offering = OfferingFactory(
        module=ModuleFactory(course=CourseFactory(college=world.college_a)), capacity=1
    )
    login(client, world.student_a)
    page = client.post(f"/offerings/{offering.pk}/enroll/", follow=True).content.decode()
    assert "You are enrolled." in page
    enrollment = Enrollment.objects.get(offering=offering, learner=world.student_a, status="active")
    client.logout()
    login(client, world.student_a2)
    page = client.post(f"/offerings/{offering.pk}/enroll/", follow=True).content.decode()
    assert "The offering is full." in page
    client.logout()
    login(client, world.student_a)
    client.post(f"/enrollments/{enrollment.pk}/withdraw/")
    enrollment.refresh_from_db()
    assert enrollment.status == "withdrawn"


def test_the_course_cycle_through_the_pages(client, world):
    login(client, world.admin_a)
    response = client.post("/courses/new/", {"code": "ROB9", "title": "Cell robotics", "major": ""})
    assert response.status_code == 302, response.content.decode()[:800]
    course = world.college_a.courses.get(code="ROB9")
    client.post(
        f"/courses/{course.pk}/new-module/", {"new-module-title": "Welding cells", "new-module-credits": "2"}
    )
    module = course.modules.get()
    client.post(
        f"/courses/{course.pk}/new-offering/",
        {
            "new-offering-module": module.pk,
            "new-offering-term": "2027-spring",
            "new-offering-capacity": "10",
            "new-offering-teacher": world.teacher_a.pk,
        },
    )
    offering = module.offerings.get()
    client.logout()
    login(client, world.student_a)
    client.post(f"/offerings/{offering.pk}/enroll/")
    enrollment = Enrollment.objects.get(offering=offering)
    client.logout()
    login(client, world.teacher_a)
    client.post(f"/enrollments/{enrollment.pk}/complete/", {"complete-grade": "88", "complete-passed": "on"})
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.grade) == ("completed", Decimal("88"))
    client.logout()
    login(client, world.student_a)
    transcript = client.get(f"/learners/{world.student_a.pk}/transcript/").content.decode()
    assert "Welding cells" in transcript and "2.0" in transcript


# --- Dual positions and evidence -------------------------------------------------------------------


def test_the_dual_position_cycle_through_the_pages(client, world):
    login(client, world.admin_a)
    client.post(
        "/dual-positions/new/",
        {
            "user": world.teacher_a.pk,
            "enterprise": world.enterprise_x.pk,
            "role": "engineer",
            "title": "Line engineer",
            "start_date": "2026-01-05",
        },
    )
    position = world.teacher_a.dual_positions.get()
    client.logout()
    login(client, world.engineer_x)
    client.post(f"/dual-positions/{position.pk}/recognize/")
    position.refresh_from_db()
    assert position.status == "active"
    client.logout()
    login(client, world.teacher_a)
    client.post(
        "/practice-logs/new/",
        {"position": position.pk, "date": "2026-03-01", "hours": "5", "description": "Line 3"},
    )
    log = position.practice_logs.get()
    assert Notification.objects.filter(recipient=world.engineer_x, kind="hours_waiting").exists()
    client.logout()
    login(client, world.engineer_y)
    assert client.post(f"/practice-logs/{log.pk}/confirm/").status_code == 404
    client.logout()
    login(client, world.engineer_x)
    client.post(f"/practice-logs/{log.pk}/confirm/")
    log.refresh_from_db()
    assert log.status == "confirmed"


def test_evidence_is_verified_or_rejected_with_a_reason_the_submitter_reads(client, world):
    login(client, world.admin_a)
    client.post(
        "/evidence/new/",
        {
            "indicator": "smes_served",
            "value": "3",
            "base": "1",
            "occurred_on": "2026-02-01",
            "note": "Three shops",
        },
    )
    first = Evidence.objects.get(note="Three shops")
    client.post(
        "/evidence/new/",
        {"indicator": "smes_served", "value": "9", "base": "1", "occurred_on": "2026-02-02", "note": "Nine"},
    )
    second = Evidence.objects.get(note="Nine")
    assert Notification.objects.filter(recipient=world.evaluator, kind="evidence_waiting").count() == 2
    assert client.post(f"/evidence/{first.pk}/verify/").status_code == 403
    client.logout()
    login(client, world.evaluator)
    client.post(f"/evidence/{first.pk}/verify/", {"verify-note": ""})
    no_reason = client.post(f"/evidence/{second.pk}/reject/", {"reject-note": ""})
    assert no_reason.status_code == 400
    client.post(f"/evidence/{second.pk}/reject/", {"reject-note": "No invoices attached."})
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("verified", "rejected")
    assert DirtyMark.objects.exists()  # the scorecards will be brought up to date
    client.logout()
    login(client, world.admin_a)
    assert "No invoices attached." in client.get(f"/evidence/{second.pk}/").content.decode()
    inbox = client.get("/inbox/").content.decode()
    assert "was rejected" in inbox and "No invoices attached." in inbox
    client.logout()
    login(client, world.student_a)
    assert client.post(f"/evidence/{second.pk}/verify/").status_code == 404


def test_evaluator_takes_a_scorecard_through_its_review_and_the_college_hears_of_it(client, world):
    Evidence.objects.create(
        indicator="smes_served",
        college=world.college_a,
        value=1,
        period=2026,
        occurred_on=datetime.date(2026, 2, 1),
        source="manual",
        status="verified",
    )
    recompute_period(scheme_id=active_scheme_id(), period=2026)
    card = Scorecard.objects.get(subject_type="college", subject_id=world.college_a.pk)
    login(client, world.evaluator)
    for step in ("submit-for-review", "approve"):
        assert client.post(f"/scorecards/{card.pk}/{step}/", {f"{step}-comment": ""}).status_code == 302
    page = client.post(
        f"/scorecards/{card.pk}/publish/", {"publish-comment": ""}, follow=True
    ).content.decode()
    assert "another evaluator than the one who approved it must publish it" in page
    client.logout()
    login(client, world.evaluator_2)
    client.post(f"/scorecards/{card.pk}/publish/", {"publish-comment": ""})
    card.refresh_from_db()
    assert card.status == "published"
    assert Notification.objects.filter(recipient=world.admin_a, kind="scorecard_published").exists()
    client.post("/scorecards/recompute/")
    assert DirtyMark.objects.filter(kind="scheme").exists()
    client.logout()
    assert client.get(f"/scorecards/{card.pk}/").status_code == 200
    assert client.post("/scorecards/recompute/").status_code == 302  # to the login
    login(client, world.admin_a)
    assert client.post("/scorecards/recompute/").status_code == 403


def test_public_scorecards_list_filters_and_explains_with_indicator_names(client, world):
    Evidence.objects.create(
        indicator="smes_served",
        college=world.college_a,
        value=1,
        period=2026,
        occurred_on=datetime.date(2026, 2, 1),
        source="manual",
        status="verified",
    )
    recompute_period(scheme_id=active_scheme_id(), period=2026)
    published = Scorecard.objects.get(subject_type="college", subject_id=world.college_a.pk)
    Scorecard.objects.filter(pk=published.pk).update(status="published")
    hidden = Scorecard.objects.get(subject_type="college", subject_id=world.college_b.pk)
    page = client.get("/scorecards/").content.decode()
    assert "College A" in page and "College B" not in page
    assert client.get(f"/scorecards/{hidden.pk}/").status_code == 404
    assert client.get("/scorecards/?period=abc").status_code == 200  # a bad filter is a message, not a crash
    detail = client.get(f"/scorecards/{published.pk}/").content.decode()
    assert "SMEs served" in detail and "3.33" in detail and ">smes_served<" not in detail
    chinese = client.get(f"/scorecards/{published.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "服务中小企业" in chinese


# --- The radar, majors, IP terms ---------------------------------------------------------------


def test_radar_page_needs_a_login_and_survives_bad_input(client, world):
    assert client.get("/radar/").status_code == 302
    login(client, world.admin_a)
    assert client.get("/radar/?year=abc").status_code == 200
    assert client.post("/radar/recompute/").status_code == 302
    assert DirtyMark.objects.filter(kind="radar").exists()
    client.logout()
    login(client, world.student_a)
    assert client.post("/radar/recompute/").status_code == 403


def test_radar_page_shows_majors_over_the_years_and_the_committee_decides_on_the_major(client, world):
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
    decision = {"decide-year": 2026, "decide-decision": "keep", "decide-reason": "Demand is back"}
    client.post(f"/majors/{major.pk}/decide/", decision)
    assert MajorDecision.objects.get(major=major).decision == "keep"
    client.logout()
    login(client, world.admin_b)
    assert client.post(f"/majors/{major.pk}/decide/", decision).status_code == 403  # majors are public


def test_both_sides_accept_ip_terms_from_their_pages(client, world):
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


# --- Certificates, employment, transcripts ------------------------------------------------------------


def test_the_issuer_verifies_certificates_and_confirms_employment(client, world):
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
    login(client, world.admin_a)
    assert client.post(f"/certificates/{certificate.pk}/verify/").status_code == 403  # not the issuer
    client.logout()
    login(client, world.engineer_x)
    page = client.get("/dashboard/").content.decode()
    assert "Robot operator #77" in page
    client.post(f"/certificates/{certificate.pk}/verify/")
    assert (
        client.post(f"/employments/{employment.pk}/confirm/").status_code == 403
    )  # the learner's to confirm
    certificate.refresh_from_db()
    assert certificate.status == "verified"
    client.logout()
    login(client, world.student_a)
    client.post(f"/employments/{employment.pk}/confirm/")
    employment.refresh_from_db()
    assert employment.confirmed
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


# --- People, roster, notifications, profile, login ---------------------------------------------------


def test_a_college_admin_adds_a_person_who_sets_a_password_from_the_email(client, world):
    login(client, world.admin_a)
    with_callbacks = client.post(
        "/people/new/",
        {
            "username": "li.ming",
            "first_name": "Ming",
            "last_name": "Li",
            "email": "li.ming@example.org",
            "role": "student",
        },
    )
    assert with_callbacks.status_code == 302
    person = User.objects.get(username="li.ming")
    assert (person.college, person.role, person.has_usable_password()) == (world.college_a, "student", False)


def test_welcome_email_carries_a_working_set_password_link(
    client, world, django_capture_on_commit_callbacks, tasks
):
    login(client, world.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/people/new/",
            {
                "username": "wu.lan",
                "first_name": "Lan",
                "last_name": "Wu",
                "email": "wu.lan@example.org",
                "role": "teacher",
            },
        )
    assert [name for name, _a, _k in tasks] == ["accounts.tasks.send_welcome_emails"]
    tasks.run()
    message = next(m for m in mail.outbox if "wu.lan@example.org" in m.to)
    link = re.search(r"https?://\S+", message.body).group(0)
    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200
    assert b"password1" in form.content  # allauth's "choose a password" form


def test_roster_import_is_all_or_nothing_with_errors_by_line(client, world):
    login(client, world.admin_a)
    header = "username,first_name,last_name,email,role\n"
    bad = header + "ann,Ann,Lee,ann@example.org,student\nbob,Bob,Ma,not-an-email,student\n"
    from django.core.files.uploadedfile import SimpleUploadedFile

    from accounts import imports

    response = client.post("/people/import/", {"file": SimpleUploadedFile("r.csv", bad.encode())})
    assert response.status_code == 302  # to the page that shows how far the import has got
    imports.run(int(response.url.rstrip("/").rsplit("/", 1)[1]))  # the worker's part
    answer = client.get(response.url).content.decode()
    assert re.search(r'data-label="Line">3<', answer)
    assert not User.objects.filter(username__in=["ann", "bob"]).exists()
    rows = "".join(f"p{n},P,{n},p{n}@example.org,student\n" for n in range(300))
    response = client.post(
        "/people/import/", {"file": SimpleUploadedFile("r.csv", (header + rows).encode("gb18030"))}
    )
    assert response.status_code == 302
    imports.run(int(response.url.rstrip("/").rsplit("/", 1)[1]))
    assert "300 rows imported" in client.get(response.url).content.decode()
    assert User.objects.filter(username__startswith="p", college=world.college_a).count() == 300


def test_deactivated_people_can_no_longer_log_in(client, world):
    login(client, world.admin_a)
    client.post(f"/people/{world.student_a.pk}/deactivate/")
    world.student_a.refresh_from_db()
    assert not world.student_a.is_active
    client.logout()
    assert not client.login(username=world.student_a.username, password=PASSWORD)
    login(client, world.admin_b)
    assert client.post(f"/people/{world.student_b.pk}/deactivate/").status_code == 302
    assert client.post(f"/people/{world.student_a.pk}/deactivate/").status_code == 404


def test_notifications_reach_the_right_person_and_are_read_from_the_inbox(client, world):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", title="Robot arm")
    login(client, world.student_a)
    client.post(f"/projects/{project.pk}/apply/", {"apply-motivation": "Arms!"})
    client.logout()
    received = Notification.objects.get(recipient=world.engineer_x, kind="application_received")
    assert not Notification.objects.filter(recipient=world.engineer_y).exists()
    login(client, world.engineer_x)
    header = client.get("/dashboard/").content.decode()
    assert re.search(r'class="count"[^>]*>1<', header)
    inbox = client.get("/inbox/").content.decode()
    assert "applied to your project Robot arm" in inbox
    opened = client.post(f"/inbox/{received.pk}/open/")
    assert opened["Location"] == f"/projects/{project.pk}/"
    received.refresh_from_db()
    assert received.read_at is not None
    application = Application.objects.get(project=project)
    client.post(f"/applications/{application.pk}/accept/")
    client.logout()
    login(client, world.student_a)
    chinese = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Robot arm" in chinese and "已接受" in chinese
    client.logout()
    login(client, world.engineer_y)
    assert client.post(f"/inbox/{received.pk}/open/").status_code == 404


def test_a_notification_email_goes_to_those_who_chose_it_in_their_language(
    world, django_capture_on_commit_callbacks, tasks
):
    from accounts import notifications

    world.engineer_x.language = "zh-hans"
    world.engineer_x.email = "x@example.org"
    world.engineer_x.save()
    world.engineer_y.email_events = ["project_state"]  # not this kind
    world.engineer_y.email = "y@example.org"
    world.engineer_y.save()
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            [world.engineer_x, world.engineer_y],
            "application_received",
            link="/projects/1/",
            student="Wang",
            project="Arm",
        )
    tasks.run()
    assert [m.to for m in mail.outbox] == [["x@example.org"]]
    assert "Wang" in mail.outbox[0].body and "申请" in mail.outbox[0].body


def test_profile_saves_name_language_and_email_choices(client, world):
    login(client, world.teacher_a)
    response = client.post(
        "/profile/",
        {
            "first_name": "Jing",
            "last_name": "Chen",
            "email": "jing@example.org",
            "language": "zh-hans",
            "email_events": ["hours_waiting", "project_state"],
        },
    )
    assert response.status_code == 302
    world.teacher_a.refresh_from_db()
    assert (world.teacher_a.first_name, world.teacher_a.language) == ("Jing", "zh-hans")
    assert world.teacher_a.email_events == ["hours_waiting", "project_state"]
    bad = client.post("/profile/", {"first_name": "J", "last_name": "C", "email": "nope", "language": "en"})
    assert bad.status_code == 400
    data = client.get("/profile/my-data/")
    assert data.status_code == 200 and data["Content-Type"] == "application/zip"


def test_the_login_page_says_when_it_is_locked_and_offers_no_closed_signup(client, world):
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/signup/" not in page
    for _ in range(12):
        response = client.post("/accounts/login/", {"login": world.student_a.username, "password": "wrong"})
        if response.status_code == 429:
            break
    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()


# --- The catalogue of translations -------------------------------------------------------------------


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
    assert "#, fuzzy" not in text
    catalogue = gettext.GNUTranslations((locale / "django.mo").open("rb"))
    assert catalogue.gettext("Your learning") == "我的学习"
    assert len(catalogue._catalog) >= len(entries)  # type: ignore[attr-defined]


def test_the_catalogue_page_is_open_to_everyone(client, world):
    ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public", title="Open arm")
    ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="confidential", title="Hidden arm"
    )
    page = client.get("/catalogue/").content.decode()
    assert "Open arm" in page and "Hidden arm" not in page
