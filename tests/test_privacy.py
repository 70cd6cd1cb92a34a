"""A learner's data is theirs (PIPL arts. 45 and 47): they download all of it, and erasing
them removes what names them while every published figure stays exactly as it was."""

import io
import json
import zipfile
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from accounts.models import LoginRecord, User
from tests.factories import (
    PASSWORD,
    CourseFactory,
    ModuleFactory,
    OfferingFactory,
    ProjectFactory,
    job_review_and_certificate,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def a_life(world):
    """Student A's records across the portal: an enrolment and its credits, an application,
    a confirmed job with a review (both evidence for college A), a certificate, a login."""
    from courses import services as course_services
    from enterprises import services

    offering = OfferingFactory(
        module=ModuleFactory(course=CourseFactory(college=world.college_a), credits=Decimal(3))
    )
    enrollment = course_services.offering_enroll(offering=offering, learner=world.student_a)
    course_services.enrollment_complete(
        enrollment=enrollment, actor=world.teacher_a, grade=Decimal(88), passed=True
    )
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    services.project_apply(project=project, student=world.student_a, motivation="I rebuilt a lathe at home.")
    job_review_and_certificate(world, world.student_a)
    world.student_a.first_name, world.student_a.last_name = "Qiuyue", "Ouyang"
    world.student_a.save()
    LoginRecord.objects.create(user=world.student_a, method="page", address="10.0.0.9", user_agent="Firefox")
    from allauth.socialaccount.models import SocialAccount, SocialToken

    connected = SocialAccount.objects.create(
        user=world.student_a, provider="dingtalk", uid="ding-open-a", extra_data={"mobile": "13800000001"}
    )
    SocialToken.objects.create(account=connected, token="provider-token-a", token_secret="refresh-a")
    return world


def test_download_my_data_holds_every_kind_of_record(a_life):
    client = APIClient()
    client.force_authenticate(a_life.student_a)
    response = client.get("/api/v1/users/me/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = set(archive.namelist())
    for kind in (
        "profile",
        "enrolments",
        "credits",
        "applications",
        "deliverables",
        "practice_hours",
        "credentials",
        "certificates",
        "employments",
        "performance_reviews",
        "ladder_promotions",
        "consents",
        "logins",
        "connected_accounts",
    ):
        assert f"{kind}.json" in names, kind
    data = {name: json.loads(archive.read(name)) for name in names if name.endswith(".json")}
    assert data["profile.json"]["last_name"] == "Ouyang"
    assert data["enrolments.json"][0]["grade"] == "88.00"
    assert data["applications.json"][0]["motivation"] == "I rebuilt a lathe at home."
    assert data["employments.json"][0]["position"] == "Cell technician"
    assert data["performance_reviews.json"][0]["comment"] == "Ouyang learns fast."
    assert data["certificates.json"][0]["number"] == "X-77"
    assert data["logins.json"][0]["user_agent"] == "Firefox"
    assert data["connected_accounts.json"][0]["extra_data"] == {"mobile": "13800000001"}
    assert not any("provider-token-a" in archive.read(name).decode() for name in names)  # a secret
    assert APIClient().get("/api/v1/users/me/export/").status_code == 401


def figures():
    """Every figure a scorecard shows, by scorecard."""
    from evaluation.models import Scorecard

    return {
        card.pk: (
            card.overall,
            card.technology,
            card.competence,
            card.service,
            card.rank,
            sorted((i.code, i.value, i.score, i.evidence_count) for i in card.indicators.all()),
        )
        for card in Scorecard.objects.prefetch_related("indicators")
    }


def test_erasure_removes_what_names_the_person_and_no_figure_moves(a_life, tasks):
    from courses.models import Certificate
    from enterprises.models import Application, Employment, PerformanceReview
    from evaluation.models import Scorecard
    from evaluation.pending import drain
    from evaluation.services import scorecard_review

    drain()
    for card in Scorecard.objects.filter(subject_type="college"):
        for step, actor in (
            ("submit_for_review", a_life.evaluator),
            ("approve", a_life.evaluator),
            ("publish", a_life.evaluator_2),
        ):
            scorecard_review(scorecard=card, actor=actor, action=step)
    before = figures()
    assert any(v[0] for v in before.values())  # there is something to keep
    client = APIClient()
    client.force_authenticate(a_life.student_a)
    assert client.post("/api/v1/users/me/erase/", {"password": "wrong"}, format="json").status_code == 400
    assert client.post("/api/v1/users/me/erase/", {"password": PASSWORD}, format="json").status_code == 204
    person = User.objects.get(pk=a_life.student_a.pk)
    assert (person.first_name, person.last_name, person.email, person.is_active) == ("", "", "", False)
    assert person.username.startswith("erased-")
    assert Application.objects.get(student=person).motivation == ""
    assert Employment.objects.get(learner=person).position == ""
    assert PerformanceReview.objects.get(employment__learner=person).comment == ""
    assert Certificate.objects.get(learner=person).number.startswith("erased-")
    assert not LoginRecord.objects.filter(user=person).exists()
    from allauth.socialaccount.models import SocialAccount, SocialToken

    assert not SocialAccount.objects.filter(user=person).exists() and not SocialToken.objects.exists()
    drain()  # whatever the worker would do next
    assert figures() == before
    assert not APIClient().login(username="student-a", password=PASSWORD)


def test_a_college_administrator_erases_their_own_people_only(a_life):
    other = APIClient()
    other.force_authenticate(a_life.admin_b)
    assert other.post(f"/api/v1/users/{a_life.student_a.pk}/erase/").status_code == 404
    teacher = APIClient()
    teacher.force_authenticate(a_life.teacher_a)
    assert (
        teacher.post(f"/api/v1/users/{a_life.student_a.pk}/erase/").status_code == 404
    )  # not in their scope
    admin = APIClient()
    admin.force_authenticate(a_life.admin_a)
    assert admin.post(f"/api/v1/users/{a_life.student_a.pk}/erase/").status_code == 204
    assert User.objects.get(pk=a_life.student_a.pk).last_name == ""


def test_erasing_oneself_from_the_profile(client, a_life):
    client.login(username="student-a", password=PASSWORD)
    assert client.post("/profile/erase/", {"password": "nope"}).status_code == 400
    response = client.post("/profile/erase/", {"password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/dashboard/").status_code == 302  # logged out
    assert User.objects.get(pk=a_life.student_a.pk).last_name == ""


@pytest.mark.parametrize(
    ("chosen", "reading", "expected"),
    [
        ("zh-hans", "en", "产教平台保存的关于你的全部数据"),
        ("", "zh-hans", "产教平台保存的关于你的全部数据"),
        ("en", "zh-hans", "Everything Chanjiao holds about you"),
    ],
)
def test_the_exports_readme_is_in_the_persons_language(world, chosen, reading, expected):
    world.student_a.language = chosen
    world.student_a.save()
    client = APIClient()
    client.force_authenticate(world.student_a)
    response = client.get("/api/v1/users/me/export/", HTTP_ACCEPT_LANGUAGE=reading)
    readme = zipfile.ZipFile(io.BytesIO(response.content)).read("README.txt").decode()
    assert readme.startswith(expected)
