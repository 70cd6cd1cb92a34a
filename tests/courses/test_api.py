from decimal import Decimal

import pytest

from courses.models import CreditTransaction, Enrollment, Offering
from tests.factories import CourseFactory, MajorFactory, ModuleFactory, OfferingFactory, SkillFactory

pytestmark = pytest.mark.django_db


def test_catalogue_is_public(world, as_user):
    offering = OfferingFactory(module=ModuleFactory(course=CourseFactory(college=world.college_a)))
    anonymous = as_user(None)
    for path in ("/api/v1/skills/", "/api/v1/courses/", "/api/v1/modules/", "/api/v1/offerings/"):
        assert anonymous.get(path).status_code == 200, path
    assert anonymous.get(f"/api/v1/offerings/{offering.pk}/").json()["free_seats"] == 10
    assert anonymous.post(f"/api/v1/offerings/{offering.pk}/enroll/").status_code == 401


def test_college_staff_build_courses_modules_and_offerings(world, as_user):
    SkillFactory(code="routing-switching")
    major = MajorFactory(college=world.college_a)
    teacher = as_user(world.teacher_a)
    course = teacher.post(
        "/api/v1/courses/",
        {"college": world.college_a.pk, "major": major.pk, "code": "NET201", "title": "Networks"},
        format="json",
    )
    assert course.status_code == 201, course.json()
    module = teacher.post(
        "/api/v1/modules/",
        {
            "course": course.json()["id"],
            "title": "Routing and Switching",
            "credits": "4",
            "skills": ["routing-switching"],
        },
        format="json",
    )
    assert module.status_code == 201, module.json()
    assert module.json()["skills"] == ["routing-switching"] and module.json()["credits"] == "4.0"
    offering = as_user(world.admin_a).post(
        "/api/v1/offerings/",
        {"module": module.json()["id"], "term": "2026-autumn", "capacity": 25},
        format="json",
    )
    assert offering.status_code == 201, offering.json()
    assert offering.json()["enrolled"] == 0
    # Staff of another college cannot add to this course.
    assert (
        as_user(world.teacher_b)
        .post(
            "/api/v1/modules/", {"course": course.json()["id"], "title": "X", "credits": "1"}, format="json"
        )
        .status_code
        == 403
    )
    # Listing filters.
    assert as_user(world.student_b).get(f"/api/v1/courses/?college={world.college_a.pk}").json()["count"] == 1
    assert (
        as_user(world.student_b).get("/api/v1/modules/?skills__code=routing-switching").json()["count"] == 1
    )
    assert as_user(world.student_b).get("/api/v1/offerings/?term=2026-autumn").json()["count"] == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"credits": "0"}, "credits"),
        ({"credits": "abc"}, "credits"),
        ({"skills": ["nope"]}, "skills"),
        ({"title": ""}, "title"),
    ],
)
def test_module_bad_input_names_the_field(world, as_user, body, field):
    course = CourseFactory(college=world.college_a)
    response = as_user(world.teacher_a).post(
        "/api/v1/modules/", {"course": course.pk, "title": "T", "credits": "3", **body}, format="json"
    )
    assert response.status_code == 400 and field in response.json()


def test_course_major_must_belong_to_the_college(world, as_user):
    major_b = MajorFactory(college=world.college_b)
    response = as_user(world.admin_a).post(
        "/api/v1/courses/",
        {"college": world.college_a.pk, "major": major_b.pk, "code": "X1", "title": "X"},
        format="json",
    )
    assert response.status_code == 400 and "major" in response.json()


def test_offering_capacity_and_duplicate_term(world, as_user):
    module = ModuleFactory(course=CourseFactory(college=world.college_a))
    client = as_user(world.admin_a)
    assert (
        client.post(
            "/api/v1/offerings/", {"module": module.pk, "term": "t1", "capacity": 0}, format="json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/offerings/", {"module": module.pk, "term": "t1", "capacity": 5}, format="json"
        ).status_code
        == 201
    )
    duplicate = client.post(
        "/api/v1/offerings/", {"module": module.pk, "term": "t1", "capacity": 5}, format="json"
    )
    assert duplicate.status_code == 400 and "term" in duplicate.json()


def test_enroll_until_full_then_409_and_withdraw_frees_the_seat(world, as_user):
    offering = OfferingFactory(
        capacity=1, module=ModuleFactory(course=CourseFactory(college=world.college_a))
    )
    first = as_user(world.student_a).post(f"/api/v1/offerings/{offering.pk}/enroll/")
    assert first.status_code == 201 and first.json()["status"] == "active"
    again = as_user(world.student_a).post(f"/api/v1/offerings/{offering.pk}/enroll/")
    assert again.status_code == 409 and "already" in again.json()["detail"]
    full = as_user(world.student_b).post(f"/api/v1/offerings/{offering.pk}/enroll/")
    assert full.status_code == 409 and "full" in full.json()["detail"]
    assert (
        as_user(world.student_b).post(f"/api/v1/enrollments/{first.json()['id']}/withdraw/").status_code
        == 404
    )
    assert (
        as_user(world.student_a).post(f"/api/v1/enrollments/{first.json()['id']}/withdraw/").status_code
        == 200
    )
    assert (
        as_user(world.student_a).post(f"/api/v1/enrollments/{first.json()['id']}/withdraw/").status_code
        == 409
    )
    assert as_user(world.student_b).post(f"/api/v1/offerings/{offering.pk}/enroll/").status_code == 201
    offering.refresh_from_db()
    assert offering.enrolled == 1


def test_only_students_enroll(world, as_user):
    offering = OfferingFactory()
    assert as_user(world.teacher_a).post(f"/api/v1/offerings/{offering.pk}/enroll/").status_code == 403


def test_completion_posts_credits_once_per_learner_and_module(world, as_user):
    module = ModuleFactory(course=CourseFactory(college=world.college_a), credits=Decimal("3.5"))
    spring, autumn = OfferingFactory(module=module, term="s"), OfferingFactory(module=module, term="a")
    teacher = as_user(world.teacher_a)
    first = as_user(world.student_a).post(f"/api/v1/offerings/{spring.pk}/enroll/").json()
    assert (
        as_user(world.teacher_b)
        .post(f"/api/v1/enrollments/{first['id']}/complete/", {"grade": 90, "passed": True}, format="json")
        .status_code
        == 404
    )
    assert (
        teacher.post(
            f"/api/v1/enrollments/{first['id']}/complete/", {"grade": 101, "passed": True}, format="json"
        ).status_code
        == 400
    )
    done = teacher.post(
        f"/api/v1/enrollments/{first['id']}/complete/", {"grade": "88.5", "passed": True}, format="json"
    )
    assert done.status_code == 200 and done.json()["grade"] == "88.50"
    assert (
        teacher.post(
            f"/api/v1/enrollments/{first['id']}/complete/", {"grade": 90, "passed": True}, format="json"
        ).status_code
        == 409
    )
    second = as_user(world.student_a).post(f"/api/v1/offerings/{autumn.pk}/enroll/").json()
    teacher.post(
        f"/api/v1/enrollments/{second['id']}/complete/", {"grade": 95, "passed": True}, format="json"
    )
    rows = CreditTransaction.objects.filter(learner=world.student_a)
    assert [(r.kind, r.credits) for r in rows] == [("module", Decimal("3.5"))]
    credits = as_user(world.student_a).get("/api/v1/credits/").json()["results"]
    assert [c["credits"] for c in credits] == ["3.5"]
    assert as_user(world.student_b).get("/api/v1/credits/").json()["count"] == 0


def test_a_failed_completion_posts_no_credit(world, as_user):
    offering = OfferingFactory(module=ModuleFactory(course=CourseFactory(college=world.college_a)))
    enrollment = as_user(world.student_a).post(f"/api/v1/offerings/{offering.pk}/enroll/").json()
    as_user(world.admin_a).post(
        f"/api/v1/enrollments/{enrollment['id']}/complete/", {"grade": 41, "passed": False}, format="json"
    )
    assert Enrollment.objects.get(pk=enrollment["id"]).status == "completed"
    assert not CreditTransaction.objects.exists()


def test_students_see_only_their_own_enrollments(world, as_user):
    offering = OfferingFactory(module=ModuleFactory(course=CourseFactory(college=world.college_a)))
    for student in (world.student_a, world.student_b):
        as_user(student).post(f"/api/v1/offerings/{offering.pk}/enroll/")
    assert as_user(world.student_a).get("/api/v1/enrollments/").json()["count"] == 1
    assert as_user(world.teacher_a).get("/api/v1/enrollments/").json()["count"] == 2
    assert as_user(world.teacher_b).get("/api/v1/enrollments/").json()["count"] == 0
    assert Offering.objects.get(pk=offering.pk).enrolled == 2
