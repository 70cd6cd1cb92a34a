"""Public answers carry no personal identifier: what anyone can read without logging in
names no person (no user id, name, user name or e-mail), unless that person chose to share it."""

import json

import pytest
from rest_framework.test import APIClient

from tests.test_permissions_matrix import MATRIX, OBJECT_OF, make_ctx

pytestmark = pytest.mark.django_db

PERSONAL_KEYS = {
    "actor",
    "teacher",
    "user",
    "student",
    "learner",
    "submitted_by",
    "decided_by",
    "verified_by",
    "created_by",
    "reviewer",
    "entered_by",
    "confirmed_by",
    "promoted_by",
    "revoked_by",
    "username",
    "email",
    "first_name",
    "last_name",
}
PUBLIC = sorted(op for op, rule in MATRIX.items() if op.startswith("GET ") and rule.anon == "ok")


def personal_values(document, path=""):
    """Every personal key with a value, anywhere in the document."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in PERSONAL_KEYS and value not in (None, "", []):
                found.append(f"{path}.{key}={value!r}")
            found += personal_values(value, f"{path}.{key}")
    elif isinstance(document, list):
        for index, item in enumerate(document):
            found += personal_values(item, f"{path}[{index}]")
    return found


def test_there_are_public_operations_to_check():
    assert len(PUBLIC) >= 8, PUBLIC


def richer(world):
    """The matrix's objects, with people behind them: a public project that went through its
    workflow, an offering with its teacher, a published scorecard with its reviews, a
    credential its holder did not share."""
    from enterprises import services
    from evaluation.models import ScorecardReview

    ctx = make_ctx(world)
    ctx["offering"].teacher = world.teacher_a
    ctx["offering"].save()
    project = services.project_create(
        actor=world.engineer_x, enterprise=world.enterprise_x, title="Open arm", description="d", seats=1
    )
    services.project_open(project=project, actor=world.engineer_x)
    ctx.objects["project"] = project
    for action, status in (("approve", "approved"), ("publish", "published")):
        ScorecardReview.objects.create(
            scorecard=ctx["published_scorecard"],
            action=action,
            from_status="",
            to_status=status,
            actor=world.evaluator,
            comment="ok",
        )
    ctx.objects["scorecard"] = ctx["published_scorecard"]
    return ctx


@pytest.mark.parametrize("operation", [*PUBLIC, "GET /api/v1/projects/{id}/", "GET /api/v1/scorecards/{id}/"])
def test_no_public_answer_names_a_person(operation, world):
    ctx = richer(world)
    path = operation.split(" ", 1)[1]
    if "{id}" in path:
        path = path.replace("{id}", str(ctx[OBJECT_OF[path.split("/")[3]]].pk))
    if "{public_id}" in path:
        path = path.replace("{public_id}", str(ctx[OBJECT_OF[path.split("/")[3]]].public_id))
    response = APIClient().get(path)
    assert response.status_code == 200, response.content[:200]
    body = response.json()
    assert personal_values(body) == []
    text = json.dumps(body, ensure_ascii=False)
    for person in (world.teacher_a, world.student_a, world.engineer_x, world.evaluator, world.admin_a):
        assert person.username not in text and person.email not in text, (operation, person.username)


def test_a_credential_names_its_holder_only_when_shared(client, world):
    from courses.lifelong import credential_issue

    world.student_a.first_name, world.student_a.last_name = "Qiuyuexuan", "Ouyang"
    world.student_a.save()
    credential = credential_issue(
        learner=world.student_a,
        kind="Course",
        name="Robot basics",
        description="d",
        criteria="c",
        source_key="t:1",
        achievement_key="robot-basics",
        issuer_college=world.college_a,
        grade=91,
    )
    document = client.get(f"/credentials/{credential.public_id}/", HTTP_ACCEPT="application/ld+json").json()
    page = client.get(f"/credentials/{credential.public_id}/").content.decode()
    assert "Qiuyuexuan" not in json.dumps(document) and "Qiuyuexuan" not in page
    assert "identifier" not in document["credentialSubject"] and "result" not in document["credentialSubject"]
    credential.shared = True
    credential.save()
    document = client.get(f"/credentials/{credential.public_id}/", HTTP_ACCEPT="application/ld+json").json()
    assert "Qiuyuexuan" in json.dumps(document)
    assert "result" not in document["credentialSubject"]  # the grade only when they also chose to show it
