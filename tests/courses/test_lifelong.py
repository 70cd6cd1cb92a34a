"""lifelong.md through the API: credit bank, certificates, transcripts, credentials, training, materials."""

import datetime
import json
from decimal import Decimal

import pytest

from courses.models import CertificateType, Credential, CreditTransaction, Material
from courses.openbadges import CONTEXT_FILES, shipped_context
from courses.services import credit_reverse
from ledger.models import Evidence
from tests.factories import CourseFactory, ModuleFactory, OfferingFactory, SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ccna(world):
    return CertificateType.objects.create(
        code="net-associate", name="Networking Associate", issuer="Vendor X", enterprise=world.enterprise_x
    )


@pytest.fixture
def routing(world):
    module = ModuleFactory(
        title="Routing and Switching", credits=Decimal(4), course=CourseFactory(college=world.college_a)
    )
    module.skills.set([SkillFactory(code="routing-switching")])
    return module


def _certificate(client, learner, kind, number="N-1"):
    return client.post(
        "/api/v1/certificates/",
        {"learner": learner.pk, "certificate_type": kind.pk, "issued_on": "2026-03-01", "number": number},
        format="json",
    )


def test_certificate_verification_posts_credits_by_rule_once(world, as_user, ccna, routing):
    admin = as_user(world.admin_a)
    assert (
        as_user(world.admin_b)
        .post(
            "/api/v1/conversion-rules/",
            {"certificate_type": ccna.pk, "module": routing.pk, "credits": "4"},
            format="json",
        )
        .status_code
        == 403
    )
    rule = admin.post(
        "/api/v1/conversion-rules/",
        {"certificate_type": ccna.pk, "module": routing.pk, "credits": "4"},
        format="json",
    )
    assert rule.status_code == 201, rule.json()
    submitted = _certificate(as_user(world.student_a), world.student_a, ccna)
    assert submitted.status_code == 201 and submitted.json()["status"] == "submitted"
    assert (
        as_user(world.engineer_y).post(f"/api/v1/certificates/{submitted.json()['id']}/verify/").status_code
        == 404
    )
    verified = as_user(world.engineer_x).post(f"/api/v1/certificates/{submitted.json()['id']}/verify/")
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert (
        as_user(world.engineer_x).post(f"/api/v1/certificates/{submitted.json()['id']}/verify/").status_code
        == 409
    )
    # A second certificate mapped to the same module gives no second credit ("no secondary certification").
    second = _certificate(as_user(world.admin_a), world.student_a, ccna, number="N-2").json()
    admin.post(f"/api/v1/certificates/{second['id']}/verify/")
    rows = list(CreditTransaction.objects.filter(learner=world.student_a))
    assert [(r.kind, r.credits, r.module_id) for r in rows] == [("certificate", Decimal(4), routing.pk)]
    # Nor does passing the module afterwards.
    offering = OfferingFactory(module=routing)
    enrollment = as_user(world.student_a).post(f"/api/v1/offerings/{offering.pk}/enroll/").json()
    as_user(world.teacher_a).post(
        f"/api/v1/enrollments/{enrollment['id']}/complete/", {"grade": 95, "passed": True}, format="json"
    )
    assert CreditTransaction.objects.filter(learner=world.student_a).count() == 1


def test_certificate_input_is_checked(world, as_user, ccna):
    client = as_user(world.student_a)
    assert _certificate(client, world.student_b, ccna).status_code == 403  # not theirs
    future = client.post(
        "/api/v1/certificates/",
        {
            "learner": world.student_a.pk,
            "certificate_type": ccna.pk,
            "issued_on": "2999-01-01",
            "number": "F",
        },
        format="json",
    )
    assert future.status_code == 400 and "issued_on" in future.json()
    assert _certificate(client, world.student_a, ccna, "DUP").status_code == 201
    assert _certificate(client, world.student_a, ccna, "DUP").status_code == 409


def test_transcript_totals_reversals_and_access(world, as_user, routing):
    second = ModuleFactory(title="Network security", credits=Decimal("2.5"), course=routing.course)
    for module in (routing, second):
        offering = OfferingFactory(module=module)
        enrollment = as_user(world.student_a).post(f"/api/v1/offerings/{offering.pk}/enroll/").json()
        as_user(world.teacher_a).post(
            f"/api/v1/enrollments/{enrollment['id']}/complete/", {"grade": 80, "passed": True}, format="json"
        )
    row = CreditTransaction.objects.get(learner=world.student_a, module=second)
    credit_reverse(transaction_row=row, actor=world.admin_a, reason="Grade annulled")
    with pytest.raises(Exception, match="already been reversed"):
        credit_reverse(transaction_row=row, actor=world.admin_a, reason="again")
    transcript = as_user(world.student_a).get(f"/api/v1/learners/{world.student_a.pk}/transcript/").json()
    assert transcript["total_credits"] == "4.0"
    assert [(e["kind"], e["credits"], e["module"]) for e in transcript["entries"]] == [
        ("module", "4.0", routing.pk),
        ("module", "2.5", second.pk),
        ("reversal", "-2.5", second.pk),
    ]
    assert as_user(world.admin_a).get(f"/api/v1/learners/{world.student_a.pk}/transcript/").status_code == 200
    for outsider in (world.student_a2, world.admin_b, world.teacher_a, world.engineer_x):
        assert as_user(outsider).get(f"/api/v1/learners/{world.student_a.pk}/transcript/").status_code == 404
    # After a reversal the module may be earned again.
    offering = OfferingFactory(module=second)
    enrollment = as_user(world.student_a).post(f"/api/v1/offerings/{offering.pk}/enroll/").json()
    as_user(world.teacher_a).post(
        f"/api/v1/enrollments/{enrollment['id']}/complete/", {"grade": 90, "passed": True}, format="json"
    )
    assert (
        as_user(world.student_a)
        .get(f"/api/v1/learners/{world.student_a.pk}/transcript/")
        .json()["total_credits"]
        == "6.5"
    )


def test_a_passed_module_gives_an_open_badges_credential(world, as_user, routing, client):
    offering = OfferingFactory(module=routing, term="2026-autumn")
    enrollment = as_user(world.student_a).post(f"/api/v1/offerings/{offering.pk}/enroll/").json()
    as_user(world.teacher_a).post(
        f"/api/v1/enrollments/{enrollment['id']}/complete/", {"grade": 88, "passed": True}, format="json"
    )
    listed = (
        as_user(world.student_a).get(f"/api/v1/credentials/?learner={world.student_a.pk}").json()["results"]
    )
    assert [c["kind"] for c in listed] == ["Course"]
    assert (
        as_user(world.student_b).get(f"/api/v1/credentials/?learner={world.student_a.pk}").json()["count"]
        == 0
    )
    response = client.get(f"/api/v1/credentials/{listed[0]['id']}/")  # public: an employer checks it
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/ld+json")
    badge = response.json()
    assert badge["@context"] == [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]
    assert badge["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert badge["issuer"]["name"] == "College A" and badge["issuer"]["type"] == ["Profile"]
    achievement = badge["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Course" and achievement["name"] == "Routing and Switching"
    assert [a["targetCode"] for a in achievement["alignment"]] == ["routing-switching"]
    assert datetime.datetime.fromisoformat(badge["validFrom"])
    # Every term the document uses is defined by the shipped contexts (nothing is fetched).
    defined = set()
    for url in CONTEXT_FILES:
        defined |= set(shipped_context(url)["@context"])
        for term in shipped_context(url)["@context"].values():
            if isinstance(term, dict) and isinstance(term.get("@context"), dict):
                defined |= set(term["@context"])

    def keys(node):
        if isinstance(node, dict):
            for key, value in node.items():
                yield key
                yield from keys(value)
        elif isinstance(node, list):
            for value in node:
                yield from keys(value)

    assert {k for k in keys(badge) if not k.startswith("@")} - defined == set()
    page = client.get(f"/credentials/{listed[0]['id']}/")
    assert page.status_code == 200 and "Routing and Switching" in page.content.decode()


def test_training_sessions_count_hours_and_external_credentials(world, as_user):
    external = UserFactory(role="student", college=None)
    client = as_user(world.teacher_a)
    created = client.post(
        "/api/v1/training-sessions/",
        {
            "college": world.college_a.pk,
            "title": "PLC basics for SMEs",
            "date": "2026-05-10",
            "hours": "6",
            "attendees": [external.pk, world.student_a.pk],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (
        as_user(world.teacher_b).post(f"/api/v1/training-sessions/{created.json()['id']}/close/").status_code
        == 404
    )
    assert client.post(f"/api/v1/training-sessions/{created.json()['id']}/close/").status_code == 200
    assert client.post(f"/api/v1/training-sessions/{created.json()['id']}/close/").status_code == 409
    evidence = {(e.indicator, e.value) for e in Evidence.objects.filter(college=world.college_a)}
    assert evidence == {("training_hours", Decimal(6)), ("external_credentials", Decimal(1))}
    assert Credential.objects.filter(kind="MicroCredential").count() == 2


def test_materials_and_their_revision_cadence(world, as_user):
    course = CourseFactory(college=world.college_a)
    client = as_user(world.teacher_a)
    today = datetime.date.today()
    for title, minor, major in (
        ("Fresh", today, today),
        ("Minor due", today.replace(year=today.year - 1), today),
        ("Major due", today, today.replace(year=today.year - 3)),
    ):
        response = client.post(
            "/api/v1/materials/",
            {
                "course": course.pk,
                "title": title,
                "last_minor_revision": minor.isoformat(),
                "last_major_revision": major.isoformat(),
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
    overdue = client.get("/api/v1/materials/?overdue=true").json()["results"]
    assert sorted((m["title"], tuple(m["overdue"])) for m in overdue) == [
        ("Major due", ("major",)),
        ("Minor due", ("minor",)),
    ]
    assert client.get("/api/v1/materials/?overdue=maybe").status_code == 400
    assert as_user(world.teacher_b).get("/api/v1/materials/").json()["count"] == 0


def test_materials_are_flagged_when_the_radar_marks_a_skill_shortage(world):
    from evaluation.radar import flag_materials_for_shortages, recompute_radar
    from tests.factories import TalentDemandFactory

    plc = SkillFactory(code="plc")
    material = Material.objects.create(
        course=CourseFactory(college=world.college_a),
        title="PLC handbook",
        last_minor_revision=datetime.date(2026, 1, 1),
        last_major_revision=datetime.date(2025, 1, 1),
    )
    material.skills.set([plc])
    TalentDemandFactory(skill=plc, headcount=10, region="Guangdong", year=2026)  # no supply: shortage
    recompute_radar()
    assert flag_materials_for_shortages() == 1
    material.refresh_from_db()
    assert material.flagged_for_review and "shortage" in material.flag_reason


def test_contexts_are_shipped_as_files():
    for name in CONTEXT_FILES.values():
        path = __import__("pathlib").Path(__import__("courses").__file__).parent / "contexts" / name
        assert "@context" in json.loads(path.read_text())


def test_certificates_import_from_csv(world, as_user, ccna):
    import io

    rows = f"learner,certificate_type,issued_on,number\n{world.student_a.pk},{ccna.pk},2026-02-02,A-1\n{world.student_a2.pk},{ccna.pk},2026-02-03,A-2\n"
    response = as_user(world.admin_a).post(
        "/api/v1/certificates/import/", {"file": io.BytesIO(rows.encode())}, format="multipart"
    )
    assert response.status_code == 201 and response.json()["created"] == 2
    foreign = f"learner,certificate_type,issued_on,number\n{world.student_b.pk},{ccna.pk},2026-02-02,B-1\n"
    response = as_user(world.admin_a).post(
        "/api/v1/certificates/import/", {"file": io.BytesIO(foreign.encode())}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["line"] == 2
