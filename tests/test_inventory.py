"""The inventory of personal data drives the export and the erasure (PIPL arts. 45 and 47):
no field about a person escapes it, the export holds everything about the person and
nothing about anybody else, and after an erasure nothing anybody can read names them."""

import contextlib
import datetime
import io
import json
import shutil
import subprocess
import zipfile
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from django.urls.exceptions import NoReverseMatch

from accounts.models import User
from portal.inventory import INVENTORY, NOT_PERSONAL, Erasure, classified
from portal.privacy import rows_of
from tests.factories import (
    CourseFactory,
    ModuleFactory,
    OfferingFactory,
    ProjectFactory,
    job_review_and_certificate,
)
from tests.test_internships import START, place, ready, start  # noqa: F401 (place: a fixture)

# A text, an e-mail, a date, a JSON document or a file may hold something about a person.
MAY_BE_PERSONAL = (
    models.CharField,
    models.TextField,
    models.DateField,  # and DateTimeField
    models.JSONField,
    models.BinaryField,
    models.GenericIPAddressField,
)


def _about_people(model: type[models.Model]) -> bool:
    """A model is about people when a row points at a user or the inventory says how to find
    a person's rows of it."""
    label = model._meta.label
    return label in {h.model for h in INVENTORY} or any(
        f.is_relation and f.related_model is User for f in model._meta.concrete_fields
    )


def test_every_field_that_may_hold_something_about_a_person_is_classified():
    forgotten = []
    for model in apps.get_models():
        refers_to_people = [
            f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is User
        ]
        label = model._meta.label
        known = classified(label)
        forgotten += [f"{label}.{name}" for name in refers_to_people if name not in known]
        if not _about_people(model):
            continue
        forgotten += [
            f"{label}.{f.name}"
            for f in model._meta.concrete_fields
            if isinstance(f, MAY_BE_PERSONAL) and not f.is_relation and f.name not in known
        ]
    assert forgotten == [], "classify these in portal/inventory.py (INVENTORY or NOT_PERSONAL)"


def test_the_inventory_names_real_fields_and_paths_and_gives_its_reasons():
    for holding in INVENTORY:
        model = apps.get_model(holding.model)
        for personal in holding.fields:
            model._meta.get_field(personal.name)  # raises when it does not exist
            assert personal.erasure != Erasure.KEEP or personal.why, (
                f"{holding.model}.{personal.name}: why kept?"
            )
            assert (personal.erasure == Erasure.DELETE) == holding.delete, f"{holding.model}.{personal.name}"
        if holding.person:
            # The path resolves to a user.
            str(model._default_manager.filter(**{holding.person: 1}).query)
        for name in holding.context:
            str(model._default_manager.values(name).query)
    for label, groups in NOT_PERSONAL.items():
        model = apps.get_model(label)
        for names, why in groups:
            assert why
            for name in names:
                model._meta.get_field(name)
    personal = {(h.model, p.name) for h in INVENTORY for p in h.fields}
    plain = {(label, name) for label, groups in NOT_PERSONAL.items() for names, _ in groups for name in names}
    assert personal & plain == set(), "a field is either personal or not"


# --- a whole life, exported and erased ----------------------------------------------------

BIRTH = "2009-05-17"  # a minor when the internship starts: a guardian signs
NAMES = ("qiuyue-ouyang", "Qiuyue", "Ouyang", "qiuyue.ouyang@mail.example", BIRTH, "Li Hua")


@pytest.fixture
def a_whole_life(world, as_user, place):  # noqa: F811
    """Student A, with rows of every kind: an enrolment, its credits and credential, a
    certificate, an application decided, a job and its review, an internship (birth date,
    guardian, pay, insurance) with a day logged and its pay, a flag raised, logins and
    notifications; names written into other people's text about them."""
    from accounts.models import LoginRecord, Notification
    from courses import services as course_services
    from courses.models import Credential
    from enterprises import services, vetting

    person = world.student_a
    person.username, person.first_name, person.last_name = NAMES[0], NAMES[1], NAMES[2]
    person.email = NAMES[3]
    person.phone, person.phone_verified = "+8613800138000", True
    person.save()
    offering = OfferingFactory(
        module=ModuleFactory(course=CourseFactory(college=world.college_a), credits=Decimal(3)),
        teacher=world.teacher_a,
    )
    enrolment = course_services.offering_enroll(offering=offering, learner=person)
    course_services.enrollment_complete(
        enrollment=enrolment, actor=world.teacher_a, grade=Decimal(88), passed=True
    )
    project = ProjectFactory(enterprise=world.enterprise_x, status="open", visibility="public")
    application = services.project_apply(project=project, student=person, motivation="I am Qiuyue Ouyang.")
    services.application_accept(application=application, actor=world.engineer_x)
    job_review_and_certificate(world, person)
    pk, _plan = ready(as_user, world, place, student_birth_date=BIRTH)
    assert start(as_user, world, pk).status_code == 200
    day = as_user(person).post(
        "/api/v1/internship-logs/",
        {
            "internship": pk,
            "date": (START + datetime.timedelta(days=1)).isoformat(),
            "hours": "7.5",
            "shift": "day",
            "tasks": "Qiuyue wired a cabinet",
        },
        format="json",
    )
    assert day.status_code == 201, day.json()
    suspicious = ProjectFactory(enterprise=world.enterprise_y, status="open", visibility="public")
    vetting.flag_raise(project=suspicious, actor=person, reason="Qiuyue Ouyang was asked for a deposit.")
    LoginRecord.objects.create(user=person, method="page", address="10.0.0.9", user_agent="Firefox")
    world.internship = pk
    # Rows of every kind, so that the export and the erasure have each to find.
    assert Credential.objects.filter(learner=person).exists()
    assert Notification.objects.filter(recipient=person).exists()
    assert Notification.objects.exclude(recipient=person).filter(params__icontains="Qiuyue").exists()
    return world


def test_the_export_holds_the_internship_and_the_flags_raised_and_nobody_else(a_whole_life, as_user):
    response = as_user(a_whole_life.student_a).get("/api/v1/users/me/export/")
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = {name: json.loads(archive.read(name)) for name in archive.namelist() if name.endswith(".json")}
    # One file for each holding of the inventory (the export walks it), empty or not.
    assert {f"{h.label}.json" for h in INVENTORY if h.export != "-"} <= set(data)
    [internship] = data["internships.json"]
    assert internship["student_birth_date"] == BIRTH
    assert internship["guardian_name"] == "Li Hua"
    assert internship["pay_per_month"] == "3500.00"
    assert (internship["insurer"], internship["policy_number"]) == ("PICC", "P-1")
    assert data["internship_days.json"][0]["tasks"] == "Qiuyue wired a cabinet"
    assert data["flags_raised.json"][0]["reason"] == "Qiuyue Ouyang was asked for a deposit."
    # Nothing about anybody else: not the mentor's nor the supervisor's names, nor a
    # classmate's, nor the engineer's e-mail.
    text = b"".join(archive.read(name) for name in archive.namelist()).decode()
    for other in (a_whole_life.engineer_x, a_whole_life.teacher_a, a_whole_life.student_a2):
        assert other.username not in text and other.email not in text
    # The mentor's export says they mentor an internship, not whose birth date it holds.
    mentor = as_user(a_whole_life.engineer_x).get("/api/v1/users/me/export/")
    mentor_text = b"".join(
        zipfile.ZipFile(io.BytesIO(mentor.content)).read(n)
        for n in zipfile.ZipFile(io.BytesIO(mentor.content)).namelist()
    ).decode()
    assert BIRTH not in mentor_text and "Li Hua" not in mentor_text and "Qiuyue" not in mentor_text


def _published(world):
    from evaluation.models import Scorecard
    from internships.figures import figures as internship_figures
    from internships.models import Internship

    cards = {
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
    internships = internship_figures(Internship.objects.all())
    for row in internships["rows"]:
        row.pop("student")  # the name shown, read at read time: the pseudonym afterwards
    return cards, internships


def _pages(user):
    """Every page in the reader's navigation."""
    from portal.navigation import SECTIONS

    key = "anonymous" if user is None else ("platform_admin" if user.is_platform_admin else user.role)
    urls = []

    def walk(entries):
        for _label, target in entries:
            if isinstance(target, list):
                walk(target)
            elif target != "admin:index":
                with contextlib.suppress(NoReverseMatch):
                    urls.append(reverse(target))

    walk(SECTIONS.get(key, []))
    return urls


def _api_lists():
    from config.api_urls import router

    return sorted({f"/api/v1/{prefix}/" for prefix, _viewset, _basename in router.registry})


PEOPLE = (
    "platform_admin",
    "evaluator",
    "evaluator_2",
    "admin_a",
    "admin_b",
    "teacher_a",
    "teacher_b",
    "engineer_x",
    "engineer_y",
    "student_a2",
    "student_b",
)


def test_after_erasure_nothing_anybody_reads_names_the_person(a_whole_life, as_user, client, tasks):
    from django.contrib.admin.models import LogEntry

    from accounts.models import AuditEntry
    from courses.models import Credential
    from evaluation.models import Scorecard
    from evaluation.pending import drain
    from evaluation.services import scorecard_review
    from internships.models import Internship
    from ledger.models import EvidenceChange

    world = a_whole_life
    drain()
    for card in Scorecard.objects.filter(subject_type="college"):
        for step, actor in (
            ("submit_for_review", world.evaluator),
            ("approve", world.evaluator),
            ("publish", world.evaluator_2),
        ):
            scorecard_review(scorecard=card, actor=actor, action=step)
    before = _published(world)
    assert AuditEntry.objects.filter(summary__contains=NAMES[0]).exists()  # the log named them
    assert as_user(world.admin_a).post(f"/api/v1/users/{world.student_a.pk}/erase/").status_code == 204
    drain()
    assert _published(world) == before

    # Every field the inventory erases is erased, in every holding of the person.
    for holding in INVENTORY:
        if holding.export == "-":
            continue
        rows = rows_of(holding, world.student_a)
        if holding.delete:
            assert not rows.exists(), holding.label
            continue
        for personal in holding.fields:
            values = list(rows.values_list(personal.name, flat=True))
            if personal.erasure == Erasure.BLANK:
                assert all(
                    v is False or v in ("", None, {}, [], b"") or personal.name == "password" for v in values
                ), (
                    holding.label,
                    personal.name,
                )
            elif personal.erasure == Erasure.PSEUDONYM and personal.name != "public_id":
                assert all(str(v).startswith("erased-") for v in values), (holding.label, personal.name)
    internship = Internship.objects.get(pk=world.internship)
    assert internship.student_birth_date == datetime.date(2009, 1, 1)  # its year only
    assert internship.guardian_name == "" and internship.policy_number == f"erased-{internship.pk}"

    def clean(where, text):
        found = [name for name in NAMES if name.lower() in text.lower()]
        assert not found, f"{where} still shows {found}"

    # Every log, read whole.
    for entry in AuditEntry.objects.all():
        clean(
            f"audit entry {entry.pk}",
            json.dumps([entry.summary, entry.before, entry.after], ensure_ascii=False),
        )
    for change in EvidenceChange.objects.all():
        clean(f"evidence change {change.pk}", json.dumps([change.before, change.after], ensure_ascii=False))
    for log in LogEntry.objects.all():
        clean(f"admin log {log.pk}", log.object_repr + log.change_message)
    # Every API list as every role, and the internship itself.
    people = [getattr(world, name) for name in PEOPLE]
    for user in [None, *people]:
        api = as_user(user)
        for url in [*_api_lists(), f"/api/v1/internships/{world.internship}/"]:
            response = api.get(url, {"page_size": 100})
            assert response.status_code < 500, url
            clean(f"{url} as {user}", response.content.decode())
    # Every page in each reader's navigation, the internship's page, the transcript (as a page
    # and as a PDF), the credentials' public pages.
    for user in [None, *people]:
        client.logout()
        if user is not None:
            client.force_login(user)
        urls = [
            *_pages(user),
            f"/internships/{world.internship}/",
            f"/learners/{world.student_a.pk}/transcript/",
        ]
        urls += [f"/credentials/{c.public_id}/" for c in Credential.objects.filter(learner=world.student_a)]
        for url in urls:
            response = client.get(url)
            assert response.status_code < 500, url
            body = b"".join(response.streaming_content) if response.streaming else response.content
            clean(f"{url} as {user}", body.decode(errors="replace"))
    # The walk read what it should: the college's own pages show the internship, pseudonymous.
    client.force_login(world.admin_a)
    page = client.get(f"/internships/{world.internship}/")
    assert page.status_code == 200 and f"erased-{world.student_a.pk}" in page.content.decode()
    pdf = client.get(f"/learners/{world.student_a.pk}/transcript/", {"format": "pdf"})
    if pdf.status_code == 200 and shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-", "-"],
            input=pdf.content,
            capture_output=True,
            check=True,
        ).stdout.decode()
        clean("the transcript PDF", text + pdf["Content-Disposition"])
