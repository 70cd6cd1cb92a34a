"""The seat limit under real concurrency, on PostgreSQL."""

import threading

import pytest
from django.db import connection

from accounts.errors import Conflict
from accounts.models import Role
from courses.models import Enrollment, Offering
from courses.services import offering_enroll
from tests.factories import OfferingFactory, UserFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("run", range(3))
def test_many_students_racing_for_the_last_seats_never_overfill(run):
    capacity, racers = 5, 24
    offering = OfferingFactory(capacity=capacity)
    students = [UserFactory(role=Role.STUDENT) for _ in range(racers)]
    barrier = threading.Barrier(racers)
    outcomes: list[str] = []
    lock = threading.Lock()

    def race(student):
        try:
            barrier.wait(timeout=30)
            try:
                offering_enroll(offering=offering, learner=student)
                result = "enrolled"
            except Conflict:
                result = "conflict"
            with lock:
                outcomes.append(result)
        finally:
            connection.close()

    threads = [threading.Thread(target=race, args=(s,)) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert sorted(outcomes) == ["conflict"] * (racers - capacity) + ["enrolled"] * capacity
    assert Enrollment.objects.filter(offering=offering, status="active").count() == capacity
    assert Offering.objects.get(pk=offering.pk).enrolled == capacity


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_one_student_double_clicking_gets_one_seat():
    offering = OfferingFactory(capacity=10)
    student = UserFactory(role=Role.STUDENT)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def race():
        try:
            barrier.wait(timeout=30)
            try:
                offering_enroll(offering=offering, learner=student)
                outcomes.append("enrolled")
            except Conflict:
                outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=race) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes.count("enrolled") == 1
    assert Offering.objects.get(pk=offering.pk).enrolled == 1
