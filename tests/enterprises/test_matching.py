"""Projects matched into courses: match requests both ways, the compatibility of skills
(Jaccard, worked by hand) and the quality check before opening."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Notification
from accounts.notifications import text
from enterprises.matching import compatibility, quality
from enterprises.models import MatchRequest, Project
from tests.factories import PASSWORD, CourseFactory, ModuleFactory, ProjectFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("project", "module", "score", "label", "shared"),
    [
        (
            {"plc", "vision", "python"},
            {"plc", "vision", "python"},
            "1.00",
            "great",
            ["plc", "python", "vision"],
        ),
        ({"plc", "vision", "python"}, {"plc", "vision"}, "0.67", "great", ["plc", "vision"]),  # 2 / 3
        ({"plc", "vision"}, {"plc", "python"}, "0.33", "fair", ["plc"]),  # 1 / 3
        ({"plc", "vision"}, {"vision", "python", "robots"}, "0.25", "fair", ["vision"]),  # 1 / 4
        ({"a", "b", "c", "d", "e"}, {"a", "b", "x"}, "0.33", "fair", ["a", "b"]),  # 2 / 6
        ({"a", "b"}, {"a", "b", "c", "d", "e"}, "0.40", "good", ["a", "b"]),  # 2 / 5
        ({"a"}, {"b", "c", "d", "e", "f"}, "0.00", "poor", []),
        (set(), set(), "0.00", "poor", []),
    ],
)
def test_compatibility_is_the_jaccard_index_of_the_skill_codes(project, module, score, label, shared):
    result = compatibility(project, module)
    assert result["score"] == Decimal(score)
    assert result["label"] == label
    assert result["shared"] == shared
    assert result["either"] == len(project | module)


# A project description and its Chinese translation, long and medium.
LONG_EN = (
    "Our press line 3 stops when a part arrives rotated. Students will mount a camera above the conveyor, "
    "train a small vision model to tell the orientation of each part, and send the result to the PLC so that "
    "the robot turns the part before it reaches the press.\n"
    "(1) Calibrate the camera and collect images of good and rotated parts.\n"
    "(2) Train and test the model on the line.\n"
    "(3) Write a short report and hand over the code."
)
LONG_ZH = (
    "我们的 3 号冲压线在零件转向到达时会停机。学生将在传送带上方安装相机，训练一个小型视觉模型识别每个零件的朝向，"
    "并把结果发送给 PLC，让机器人在零件到达冲压机之前把它转正。\n"
    "（1）标定相机，采集正常零件和转向零件的图像。\n"
    "（2）在产线上训练并测试模型。\n"
    "（3）撰写简短报告并移交代码。"
)
MEDIUM_EN = (
    "Students will calibrate the camera above the conveyor on line 3 and train a model that tells how each "
    "part lies, then show the result to our engineers."
)
MEDIUM_ZH = "学生将标定 3 号线传送带上方的相机，训练一个判断每个零件朝向的模型，然后向我们的工程师展示结果。"


@pytest.mark.parametrize(
    ("english", "chinese", "clarity"), [(LONG_EN, LONG_ZH, 25), (MEDIUM_EN, MEDIUM_ZH, 12)]
)
def test_a_description_scores_the_same_in_english_and_in_chinese(world, english, chinese, clarity):
    def points(description: str) -> dict[str, int]:
        project = ProjectFactory(enterprise=world.enterprise_x, description=description, seats=2)
        return {c["code"]: c["points"] for c in quality(project)["checks"]}

    assert points(english) == points(chinese)
    assert points(chinese)["clarity"] == clarity


@pytest.mark.parametrize(
    "description",
    [
        "任务：（1）标定相机；（2）训练模型；（3）部署到产线。",
        "任务如下：\n一、标定相机\n二、训练模型",
        "Tasks: (1) calibrate the camera (2) train the model",
        "1. Calibrate the camera 2) Train the model".replace(" 2)", "\n2)"),
        "Calibrate the camera on line 3.\nThen train the model on the images.",  # one line break
        "①标定相机②训练模型",
    ],
)
def test_the_quality_check_sees_lists_and_lines_as_structure(world, description):
    project = ProjectFactory(enterprise=world.enterprise_x, description=description)
    assert next(c for c in quality(project)["checks"] if c["code"] == "structure")["ok"], description


@pytest.mark.parametrize("description", ["Version 1.5 of the line runs at 2.5 m/s.", "标定相机并训练模型。"])
def test_one_line_without_a_list_is_not_structured(world, description):
    project = ProjectFactory(enterprise=world.enterprise_x, description=description)
    assert not next(c for c in quality(project)["checks"] if c["code"] == "structure")["ok"]


def test_the_quality_check_scores_what_an_engineer_can_improve(world):
    bare = ProjectFactory(enterprise=world.enterprise_x, description="Fix it.", seats=1)
    checked = quality(bare)
    assert checked["score"] == 10 and not checked["ready"]  # only the seats
    assert {c["code"] for c in checked["checks"] if not c["ok"]} == {
        "clarity",
        "structure",
        "skills",
        "dates",
        "mentor",
    }
    assert all(c["advice"] for c in checked["checks"] if not c["ok"])
    full = ProjectFactory(
        enterprise=world.enterprise_x,
        description="Goal: sort parts on the conveyor.\n\n- Calibrate the camera\n- Train the model\n"
        + "Report what the camera saw on each shift. " * 7,
        seats=3,
        mentor=world.engineer_x,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 20),
    )
    full.skills.set([SkillFactory(code="plc"), SkillFactory(code="vision")])
    checked = quality(full)
    assert checked["score"] == 100 and checked["ready"] and all(c["ok"] for c in checked["checks"])
    full.skills.set([SkillFactory(code="plc")])
    full.ends_on = datetime.date(2026, 8, 1)  # before the start: not a date range
    assert quality(full)["score"] == 100 - 10 - 15


def test_a_teacher_proposes_a_module_and_the_engineer_accepts_with_new_dates(world, as_user):
    plc, vision = SkillFactory(code="plc"), SkillFactory(code="vision")
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    project.skills.set([plc, vision])
    module = ModuleFactory(course=CourseFactory(college=world.college_a))
    module.skills.set([plc])
    teacher, engineer = as_user(world.teacher_a), as_user(world.engineer_x)
    sent = teacher.post(
        "/api/v1/match-requests/",
        {"project": project.pk, "module": module.pk, "message": "Fits our PLC module."},
        format="json",
    )
    assert sent.status_code == 201
    body = sent.json()
    assert body["direction"] == "from_module" and body["status"] == "pending"
    assert body["compatibility"]["score"] == "0.50" and body["compatibility"]["label"] == "good"
    assert body["compatibility"]["shared"] == ["plc"]
    again = teacher.post(
        "/api/v1/match-requests/", {"project": project.pk, "module": module.pk}, format="json"
    )
    assert again.status_code == 409
    # The sender does not answer their own request; the enterprise does.
    assert teacher.post(f"/api/v1/match-requests/{body['id']}/accept/", {}, format="json").status_code == 403
    assert (
        as_user(world.engineer_y)
        .post(f"/api/v1/match-requests/{body['id']}/accept/", {}, format="json")
        .status_code
        == 404
    )
    bad = engineer.post(
        f"/api/v1/match-requests/{body['id']}/accept/",
        {"starts_on": "2026-10-01", "ends_on": "2026-09-01"},
        format="json",
    )
    assert bad.status_code == 400 and "ends_on" in bad.json()
    accepted = engineer.post(
        f"/api/v1/match-requests/{body['id']}/accept/",
        {"scope_note": "Only the calibration part.", "starts_on": "2026-09-01", "ends_on": "2026-12-20"},
        format="json",
    )
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    # Each side heard of it in its inbox, in words of its own.
    asked = Notification.objects.get(recipient=world.engineer_x, kind="match_requested")
    assert (
        text(asked)
        == f"College A proposes the module {module.title} for the project {project.title}: please answer."
    )
    answered = Notification.objects.get(recipient=world.teacher_a, kind="match_answered")
    assert text(answered) == f"Your match of {module.title} with {project.title} was accepted."
    project.refresh_from_db()
    assert (project.college, project.module) == (world.college_a, module)
    assert (project.starts_on, project.ends_on) == (datetime.date(2026, 9, 1), datetime.date(2026, 12, 20))
    assert (
        engineer.post(
            f"/api/v1/match-requests/{body['id']}/decline/", {"reply": "no"}, format="json"
        ).status_code
        == 409
    )
    # Taken on, the project takes no more proposals.
    other = ModuleFactory(course=CourseFactory(college=world.college_a))
    assert (
        teacher.post(
            "/api/v1/match-requests/", {"project": project.pk, "module": other.pk}, format="json"
        ).status_code
        == 409
    )


def test_an_engineer_invites_a_module_and_the_college_declines_with_a_reason(world, as_user):
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    module = ModuleFactory(course=CourseFactory(college=world.college_b))
    rival = ModuleFactory(course=CourseFactory(college=world.college_a))
    engineer = as_user(world.engineer_x)
    invited = engineer.post(
        "/api/v1/match-requests/", {"project": project.pk, "module": module.pk}, format="json"
    )
    assert invited.status_code == 201 and invited.json()["direction"] == "from_project"
    proposal = as_user(world.teacher_a).post(
        "/api/v1/match-requests/", {"project": project.pk, "module": rival.pk}, format="json"
    )
    assert proposal.status_code == 201
    assert (
        engineer.post(
            f"/api/v1/match-requests/{invited.json()['id']}/decline/", {"reply": "x"}, format="json"
        ).status_code
        == 403
    )
    admin_b = as_user(world.admin_b)
    assert (
        admin_b.post(
            f"/api/v1/match-requests/{invited.json()['id']}/decline/", {"reply": " "}, format="json"
        ).status_code
        == 400
    )
    declined = admin_b.post(
        f"/api/v1/match-requests/{invited.json()['id']}/decline/",
        {"reply": "Our term is full."},
        format="json",
    )
    assert declined.status_code == 200 and declined.json()["reply"] == "Our term is full."
    # The enterprise accepts the other college's proposal; nothing else is left waiting.
    assert (
        engineer.post(
            f"/api/v1/match-requests/{proposal.json()['id']}/accept/", {}, format="json"
        ).status_code
        == 200
    )
    assert not MatchRequest.objects.filter(project=project, status="pending").exists()
    # Someone else's module cannot be proposed by a teacher, nor a module to someone else's draft.
    draft = ProjectFactory(enterprise=world.enterprise_y, status="draft")
    refused = as_user(world.teacher_a).post(
        "/api/v1/match-requests/", {"project": draft.pk, "module": rival.pk}, format="json"
    )
    assert refused.status_code == 400 and "project" in refused.json()


def test_quality_through_the_api_and_the_mentor_is_the_enterprises_engineer(world, as_user):
    engineer = as_user(world.engineer_x)
    created = engineer.post(
        "/api/v1/projects/",
        {
            "enterprise": world.enterprise_x.pk,
            "title": "T",
            "description": "D",
            "seats": 2,
            "mentor": world.engineer_y.pk,
        },
        format="json",
    )
    assert created.status_code == 400 and "mentor" in created.json()
    created = engineer.post(
        "/api/v1/projects/",
        {
            "enterprise": world.enterprise_x.pk,
            "title": "T",
            "description": "D",
            "seats": 2,
            "mentor": world.engineer_x.pk,
        },
        format="json",
    )
    assert created.status_code == 201
    checked = engineer.get(f"/api/v1/projects/{created.json()['id']}/quality/").json()
    assert checked["score"] == 30 and checked["threshold"] == 60 and not checked["ready"]  # seats, mentor
    project = Project.objects.get(pk=created.json()["id"])
    assert project.mentor == world.engineer_x
    engineer.post(f"/api/v1/projects/{project.pk}/open/")
    # The public never sees who the mentor is.
    assert as_user(None).get(f"/api/v1/projects/{project.pk}/").json()["mentor"] is None


def test_the_pages_propose_a_module_explain_the_fit_and_show_the_quality_check(client, world):
    plc = SkillFactory(code="plc", name="PLC programming")
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="public", title="Sorting cell"
    )
    project.skills.set([plc, SkillFactory(code="vision")])
    module = ModuleFactory(course=CourseFactory(college=world.college_a), title="PLC basics")
    module.skills.set([plc])
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    page = client.get(f"/projects/{project.pk}/").content.decode()
    assert (
        "Quality check" in page
        and "/ 100" in page
        and "Name the engineer who will guide the students." in page
    )
    assert client.login(username=world.teacher_a.username, password=PASSWORD)
    sent = client.post(
        f"/projects/{project.pk}/match/", {"match-module": module.pk, "match-message": "Ours fits."}
    )
    assert sent.status_code == 302
    match = MatchRequest.objects.get(project=project)
    detail = client.get(sent.url).content.decode()
    assert "1 shared skills of 2 named by either side: 1 / 2 = 0.50" in detail
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    assert "PLC basics" in client.get("/dashboard/").content.decode()  # waiting for the enterprise
    answered = client.post(
        f"/match-requests/{match.pk}/accept/",
        {"accept-scope_note": "", "accept-starts_on": "2026-09-01", "accept-ends_on": "2026-12-20"},
    )
    assert answered.status_code == 302
    project.refresh_from_db()
    assert project.college == world.college_a and project.starts_on == datetime.date(2026, 9, 1)


@pytest.mark.parametrize(
    ("new_dates", "field"),
    [
        ({"starts_on": "2027-01-10"}, "starts_on"),  # alone, after the project's own end
        ({"ends_on": "2026-08-01"}, "ends_on"),  # alone, before the project's own start
        ({"starts_on": "2026-10-01", "ends_on": "2026-09-01"}, "ends_on"),
    ],
)
def test_accepting_with_new_dates_never_leaves_a_project_ending_before_it_starts(
    world, as_user, new_dates, field
):
    project = ProjectFactory(
        enterprise=world.enterprise_x,
        status="open",
        visibility="public",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 20),
    )
    module = ModuleFactory(course=CourseFactory(college=world.college_a))
    sent = as_user(world.teacher_a).post(
        "/api/v1/match-requests/", {"project": project.pk, "module": module.pk}, format="json"
    )
    refused = as_user(world.engineer_x).post(
        f"/api/v1/match-requests/{sent.json()['id']}/accept/", new_dates, format="json"
    )
    assert refused.status_code == 400 and list(refused.json()) == [field]
    # Nothing is half-written: the project is neither taken on nor re-dated, the request waits.
    project.refresh_from_db()
    assert project.college is None and project.status == "open"
    assert (project.starts_on, project.ends_on) == (datetime.date(2026, 9, 1), datetime.date(2026, 12, 20))
    assert MatchRequest.objects.get(pk=sent.json()["id"]).status == "pending"


def test_the_page_refuses_a_new_start_after_the_projects_end(client, world):
    project = ProjectFactory(
        enterprise=world.enterprise_x, status="open", visibility="public", ends_on=datetime.date(2026, 12, 20)
    )
    module = ModuleFactory(course=CourseFactory(college=world.college_a))
    match = MatchRequest.objects.create(
        project=project, module=module, direction="from_module", sent_by=world.teacher_a
    )
    assert client.login(username=world.engineer_x.username, password=PASSWORD)
    refused = client.post(f"/match-requests/{match.pk}/accept/", {"accept-starts_on": "2027-01-10"})
    assert refused.status_code == 400 and "The start comes after the end." in refused.content.decode()
    project.refresh_from_db()
    assert project.college is None and project.starts_on is None


@pytest.mark.parametrize(
    ("change", "field"),
    [({"starts_on": "2027-01-10"}, "starts_on"), ({"ends_on": "2026-08-01"}, "ends_on")],
)
def test_editing_one_date_of_a_project_past_the_other_is_refused_naming_it(
    world, as_user, client, change, field
):
    project = ProjectFactory(
        enterprise=world.enterprise_x,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 20),
    )
    refused = as_user(world.engineer_x).patch(f"/api/v1/projects/{project.pk}/", change, format="json")
    assert refused.status_code == 400 and list(refused.json()) == [field]
    project.refresh_from_db()
    assert (project.starts_on, project.ends_on) == (datetime.date(2026, 9, 1), datetime.date(2026, 12, 20))


def test_the_admin_cannot_date_a_project_to_end_before_it_starts(world, client):
    project = ProjectFactory(
        enterprise=world.enterprise_x,
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 12, 20),
    )
    client.force_login(world.platform_admin)
    url = f"/admin/enterprises/project/{project.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "skills"}
    data.update({"starts_on": "2027-01-10", "skills": [s.pk for s in project.skills.all()]})
    response = client.post(url, data)
    assert response.status_code == 200 and "ends_on" in response.context["adminform"].form.errors
    project.refresh_from_db()
    assert project.starts_on == datetime.date(2026, 9, 1)
