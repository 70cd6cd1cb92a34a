"""Endorsements: an engineer endorses a skill of an intern they mentor (or through project
feedback); the learner hides any of them from the profile and transcript, and issues one as
an Open Badges 3.0 EndorsementCredential signed by the enterprise, which the portal's verify
page, a verifier written from the specification and Digital Bazaar's verifier all accept,
until the learner withdraws it in the enterprise's revocation list."""

import json
import subprocess

import pytest

from accounts.models import LearnerProfile
from courses.lifelong import transcript
from feedback import services
from feedback.models import Endorsement, Feedback
from tests.courses.test_open_badges import NODE_TOOLS, fetch, independent_verify, revoked_bit
from tests.factories import SkillFactory

pytestmark = pytest.mark.django_db


def endorse(client, internship, skill, **extra):
    body = {"learner": internship.student_id, "skill": skill.pk, "internship": internship.pk, **extra}
    return client.post("/api/v1/endorsements/", body, format="json")


@pytest.fixture
def issued(world, internship, as_user):
    skill = SkillFactory(code="plc-programming", name="PLC programming", name_zh="PLC编程")
    created = endorse(as_user(world.engineer_x), internship, skill, rating=4, comment="Debugged our line.")
    assert created.status_code == 201, created.json()
    response = as_user(world.student_a).post(f"/api/v1/endorsements/{created.json()['id']}/issue/")
    assert response.status_code == 201, response.json()
    return response.json()


def test_an_engineer_endorses_only_interns_they_mentor(world, internship, as_user):
    skill = SkillFactory(code="wiring")
    assert endorse(as_user(world.engineer_y), internship, skill).status_code == 400
    assert endorse(as_user(world.student_a), internship, skill).status_code == 403
    wrong = endorse(as_user(world.engineer_x), internship, skill, learner=world.student_a2.pk)
    assert wrong.status_code == 400 and "internship" in wrong.json()
    assert "rating" in endorse(as_user(world.engineer_x), internship, skill, rating=9).json()
    created = endorse(as_user(world.engineer_x), internship, skill)
    assert created.status_code == 201 and created.json()["source"] == "internship"
    assert endorse(as_user(world.engineer_x), internship, skill).status_code == 409
    assert as_user(world.student_b).get(f"/api/v1/endorsements/{created.json()['id']}/").status_code == 404
    assert as_user(world.teacher_a).get(f"/api/v1/endorsements/{created.json()['id']}/").status_code == 200


def test_the_learner_hides_one_from_profile_and_transcript(world, internship, as_user, client):
    skill = SkillFactory(code="wiring", name="Wiring")
    pk = endorse(as_user(world.engineer_x), internship, skill).json()["id"]
    profile = LearnerProfile.objects.get(user=world.student_a)
    assert [e["skill"] for e in transcript(world.student_a)["endorsements"]] == ["Wiring"]
    assert "Wiring" in client.get(f"/learners/{profile.public_id}/").content.decode()
    assert as_user(world.engineer_x).post(f"/api/v1/endorsements/{pk}/hide/").status_code == 403
    assert as_user(world.student_a).post(f"/api/v1/endorsements/{pk}/hide/").json()["hidden"] is True
    assert transcript(world.student_a)["endorsements"] == []
    assert "Wiring" not in client.get(f"/learners/{profile.public_id}/").content.decode()
    # Still the learner's, on their own list.
    assert as_user(world.student_a).get("/api/v1/endorsements/?hidden=true").json()["count"] == 1
    assert as_user(world.student_a).post(f"/api/v1/endorsements/{pk}/show/").json()["hidden"] is False
    assert len(transcript(world.student_a)["endorsements"]) == 1


def test_one_from_feedback_is_issued_only_once_the_feedback_closes(world, accepted, as_user):
    feedback = Feedback.objects.get(project=accepted(), student=world.student_a)
    skill = feedback.project.skills.first()
    services.feedback_rate_student(feedback=feedback, actor=world.engineer_x, rating=5, skills={skill.pk: 5})
    services.feedback_rate_project(
        feedback=feedback, actor=world.student_a, project_rating=5, mentor_rating=5
    )
    (endorsement,) = feedback.endorsements.all()
    student = as_user(world.student_a)
    refused = student.post(f"/api/v1/endorsements/{endorsement.pk}/issue/")
    assert refused.status_code == 409 and "closes" in refused.json()["detail"]
    Feedback.objects.filter(pk=feedback.pk).update(closes_at=feedback.opened_at)
    assert student.post(f"/api/v1/endorsements/{endorsement.pk}/issue/").status_code == 201
    assert student.post(f"/api/v1/endorsements/{endorsement.pk}/issue/").status_code == 409


def test_the_credential_is_signed_by_the_enterprise_and_verifies(world, issued, client, as_user):
    assert issued["credential"].startswith("http://testserver/endorsements/credentials/")
    document = fetch(client, issued["credential"])
    assert document["type"] == ["VerifiableCredential", "EndorsementCredential"]
    assert document["issuer"]["id"] == "http://testserver/enterprises/ent-x/"
    subject = document["credentialSubject"]
    assert subject["type"] == ["EndorsementSubject"]
    assert subject["id"] == fetch(client, subject["id"])["id"]  # the learner's public profile
    assert "PLC programming" in subject["endorsementComment"] and "4 of 5" in subject["endorsementComment"]
    assert independent_verify(client, document) and revoked_bit(client, document) is False
    page = client.post("/credentials/verify/", {"document": json.dumps(document)}).content.decode()
    assert "This credential holds." in page and "Enterprise X" in page
    forged = {**document, "credentialSubject": {**subject, "endorsementComment": "Endorses everything."}}
    assert (
        "altered or forged"
        in client.post("/credentials/verify/", {"document": json.dumps(forged)}).content.decode()
    )
    # The learner withdraws it: the enterprise's revocation list says so.
    assert as_user(world.student_a).post(f"/api/v1/endorsements/{issued['id']}/revoke/").status_code == 200
    assert revoked_bit(client, document) is True
    page = client.post("/credentials/verify/", {"document": json.dumps(document)}).content.decode()
    assert "This credential does not hold." in page
    assert as_user(world.student_a).post(f"/api/v1/endorsements/{issued['id']}/revoke/").status_code == 409
    assert "Withdrawn" in client.get(issued["credential"].removeprefix("http://testserver")).content.decode()


@pytest.mark.node
def test_digital_bazaar_verifies_the_endorsement_credential(issued, client, tmp_path):
    from courses.openbadges import CONTEXT_FILES, shipped_context

    document = fetch(client, issued["credential"])
    signed = {
        "endorsement": document,
        "status list": fetch(client, document["credentialStatus"]["statusListCredential"]),
        "tampered": {**document, "name": "Endorsement: Everything"},
    }
    issuer = document["issuer"]["id"]
    (tmp_path / "documents.json").write_text(json.dumps({issuer: fetch(client, issuer)}))
    (tmp_path / "credentials.json").write_text(json.dumps(signed))
    (tmp_path / "contexts.json").write_text(json.dumps({url: shipped_context(url) for url in CONTEXT_FILES}))
    done = subprocess.run(
        ["node", str(NODE_TOOLS / "verify-credentials.mjs"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)["results"]
    assert results.pop("tampered")["verified"] is False
    assert {name: r for name, r in results.items() if not r["verified"]} == {}


def test_the_pages_list_and_act(world, internship, client):
    skill = SkillFactory(code="wiring", name="Wiring")
    client.force_login(world.engineer_x)
    form = client.get("/endorsements/new/").content.decode()
    assert "Intern" in form
    response = client.post(
        "/endorsements/new/", {"internship": internship.pk, "skill": skill.pk, "rating": "4"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.force_login(world.student_a)
    listing = client.get("/endorsements/").content.decode()
    assert "Wiring" in listing
    row = Endorsement.objects.get()
    page = client.get(f"/endorsements/{row.pk}/").content.decode()
    assert "Hide from public view" in page and "Issue as a credential" in page
    assert client.post(f"/endorsements/{row.pk}/issue/").status_code == 302
    row.refresh_from_db()
    assert row.issued_at is not None and row.status_index is not None
