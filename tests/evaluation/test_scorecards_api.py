"""The evaluation API end to end: evidence in, recompute, scorecards out, review, publish."""

import datetime
from decimal import Decimal

import pytest
from celery.signals import after_task_publish

from evaluation.models import Scorecard
from evaluation.recompute import recompute_period
from evaluation.tasks import drain_dirty_marks, recompute_all_scorecards
from ledger.models import DirtyMark, Evidence, Indicator
from tests.factories import CollegeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_tasks():
    """Names of the evaluation's tasks published to the broker (Celery's own signal: the broker
    is real); the e-mails a change also sends are another app's."""
    names: list[str] = []

    def record(sender=None, **kwargs):
        if sender.startswith("evaluation."):
            names.append(sender)

    after_task_publish.connect(record, weak=False)
    yield names
    after_task_publish.disconnect(record)


def _submit(client, college, indicator, value, base="1", on="2026-04-01"):
    response = client.post(
        "/api/v1/evidence/",
        {"indicator": indicator, "college": college.pk, "value": str(value), "base": base, "occurred_on": on},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_the_worked_example_through_the_api(world, as_user, django_capture_on_commit_callbacks):
    admin, evaluator = as_user(world.admin_a), as_user(world.evaluator)
    ids = [_submit(admin, world.college_a, "project_delivery_rate", v) for v in (1, 1, 0, 1)]
    ids += [_submit(admin, world.college_a, "projects_accepted", 1) for _ in range(3)]
    ids += [_submit(admin, world.college_a, "enterprise_rating", v) for v in (4, 5)]
    ids.append(_submit(admin, world.college_a, "patents_transferred", 1))  # will be rejected
    with django_capture_on_commit_callbacks() as callbacks:
        for evidence_id in ids[:-1]:
            assert evaluator.post(f"/api/v1/evidence/{evidence_id}/verify/").status_code == 200
        assert (
            evaluator.post(
                f"/api/v1/evidence/{ids[-1]}/reject/", {"note": "No proof"}, format="json"
            ).status_code
            == 200
        )
    assert callbacks  # each change asks for a recompute after commit
    assert list(DirtyMark.objects.values_list("key", flat=True)) == [f"scorecards:{world.college_a.pk}:2026"]
    drain_dirty_marks.apply().get()
    assert not DirtyMark.objects.exists()

    listed = admin.get(
        f"/api/v1/scorecards/?subject_type=college&subject_id={world.college_a.pk}&period=2026"
    ).json()
    assert listed["count"] == 1
    card = admin.get(f"/api/v1/scorecards/{listed['results'][0]['id']}/").json()
    assert (card["subject_type"], card["subject_name"], card["period"], card["status"]) == (
        "college",
        "College A",
        2026,
        "draft",
    )
    assert (card["overall"], card["technology"], card["competence"], card["service"]) == (
        "16.43",
        "46.94",
        "0.00",
        "0.00",
    )
    assert card["rank"] == 1
    indicators = {i["code"]: i for i in card["indicators"]}
    assert indicators["project_delivery_rate"] == {
        "code": "project_delivery_rate",
        "dimension": "technology",
        "value": "0.75",
        "score": "83.33",
        "evidence_count": 4,
        "value_sum": "3.0000",
        "base_sum": "4.0000",
    }
    assert card["recomputing"] is False
    assert (
        indicators["patents_transferred"]["value"] is None
        and indicators["patents_transferred"]["score"] == "0.00"
    )
    assert len(indicators) == 14


def test_a_rolled_back_change_enqueues_nothing(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    from ledger.services import evidence_submit

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                evidence_submit(
                    actor=world.admin_a,
                    indicator="smes_served",
                    college=world.college_a,
                    value=Decimal(1),
                    occurred_on=datetime.date(2026, 1, 1),
                )
                raise RuntimeError("boom")
        except RuntimeError:
            pass
    assert callbacks == []
    assert not Evidence.objects.exists()


def test_a_burst_of_changes_coalesces_into_one_run(
    world, as_user, published_tasks, django_capture_on_commit_callbacks
):
    admin = as_user(world.admin_a)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            _submit(admin, world.college_a, "smes_served", 1)
    assert published_tasks == ["evaluation.tasks.drain_dirty_marks"]
    # While that drain is queued, another college's change adds its mark, not a task.
    with django_capture_on_commit_callbacks(execute=True):
        _submit(as_user(world.admin_b), world.college_b, "smes_served", 1)
    assert published_tasks == ["evaluation.tasks.drain_dirty_marks"]
    assert DirtyMark.objects.count() == 2
    drain_dirty_marks.apply().get()
    assert not DirtyMark.objects.exists()
    # Once a drain has started, the next change queues a drain of its own.
    with django_capture_on_commit_callbacks(execute=True):
        _submit(admin, world.college_a, "smes_served", 1)
    assert published_tasks == ["evaluation.tasks.drain_dirty_marks"] * 2


def test_changing_a_target_recomputes_the_scheme(
    world, as_user, published_tasks, django_capture_on_commit_callbacks
):
    indicator = Indicator.objects.get(scheme__is_active=True, code="smes_served")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(world.evaluator).patch(
            f"/api/v1/indicators/{indicator.pk}/", {"target": "10"}, format="json"
        )
    assert response.status_code == 200
    assert published_tasks == ["evaluation.tasks.drain_dirty_marks"]
    assert list(DirtyMark.objects.values_list("key", flat=True)) == [f"scheme:{indicator.scheme_id}"]


def _card_for(college, period=2026):
    recompute_period(scheme_id=Indicator.objects.first().scheme_id, period=period)
    return Scorecard.objects.get(subject_type="college", subject_id=college.pk, period=period)


def _verified(college, indicator, value, on=datetime.date(2026, 3, 1)):
    Evidence.objects.create(
        college=college,
        indicator=indicator,
        value=Decimal(value),
        occurred_on=on,
        period=on.year,
        source="manual",
        status="verified",
    )


def test_review_workflow_and_public_access(world, as_user):
    _verified(world.college_a, "smes_served", 1)
    card = _card_for(world.college_a)
    anonymous, evaluator = as_user(None), as_user(world.evaluator)
    assert anonymous.get(f"/api/v1/scorecards/{card.pk}/").status_code == 404
    assert as_user(world.student_a).get(f"/api/v1/scorecards/{card.pk}/").status_code == 404
    assert as_user(world.teacher_a).get(f"/api/v1/scorecards/{card.pk}/").status_code == 200
    assert evaluator.post(f"/api/v1/scorecards/{card.pk}/publish/").status_code == 409
    assert as_user(world.admin_a).post(f"/api/v1/scorecards/{card.pk}/submit-for-review/").status_code == 403
    for step in ["submit-for-review", "approve"]:
        response = evaluator.post(
            f"/api/v1/scorecards/{card.pk}/{step}/", {"comment": f"{step} ok"}, format="json"
        )
        assert response.status_code == 200, response.json()
    # Four eyes: whoever approved does not publish alone.
    alone = evaluator.post(f"/api/v1/scorecards/{card.pk}/publish/")
    assert alone.status_code == 409 and "Four eyes" in alone.json()["detail"]
    response = as_user(world.evaluator_2).post(
        f"/api/v1/scorecards/{card.pk}/publish/", {"comment": "ok"}, format="json"
    )
    assert response.status_code == 200, response.json()
    body = anonymous.get(f"/api/v1/scorecards/{card.pk}/").json()
    assert body["status"] == "published"
    assert [r["to_status"] for r in body["reviews"]] == ["in_review", "approved", "published"]
    assert anonymous.get("/api/v1/scorecards/?period=2026").json()["count"] == 1
    # The numbers change after publication: flagged until re-approved.
    _verified(world.college_a, "smes_served", 1)
    card = _card_for(world.college_a)
    body = anonymous.get(f"/api/v1/scorecards/{card.pk}/").json()
    assert body["changed_since_publication"] is True
    assert len(body["history"]) == 1 and body["history"][0]["overall"] != body["overall"]
    assert evaluator.post(f"/api/v1/scorecards/{card.pk}/approve/").status_code == 200
    assert anonymous.get(f"/api/v1/scorecards/{card.pk}/").json()["changed_since_publication"] is False


def test_scorecard_list_filters_and_ranks(world, as_user):
    other = CollegeFactory(region="Sichuan")
    _verified(world.college_a, "smes_served", 1)
    _verified(other, "smes_served", 1)
    _verified(other, "smes_served", 1)
    _card_for(world.college_a)
    client = as_user(world.evaluator)
    rows = client.get("/api/v1/scorecards/?subject_type=college&period=2026&ordering=rank").json()["results"]
    assert [(r["subject_name"], r["rank"]) for r in rows][:2] == [(other.name, 1), ("College A", 2)]
    assert client.get("/api/v1/scorecards/?region=Sichuan").json()["count"] == 1
    assert client.get("/api/v1/scorecards/?subject_type=planet").status_code == 400


def test_improvement_actions_and_their_effect_next_period(world, as_user):
    for _ in range(3):  # count: 3 of 30 SMEs → 10
        _verified(world.college_a, "smes_served", 1, on=datetime.date(2025, 3, 1))
    card_2025 = _card_for(world.college_a, 2025)
    Scorecard.objects.filter(pk=card_2025.pk).update(status="published")
    admin = as_user(world.admin_a)
    body = {
        "scorecard": card_2025.pk,
        "indicator": "smes_served",
        "action": "Visit SMEs monthly",
        "owner": "Dean Lin",
        "due_date": "2026-06-30",
    }
    assert admin.post("/api/v1/improvement-actions/", body, format="json").status_code == 201
    strong = {**body, "indicator": "transfer_income"}
    assert admin.post("/api/v1/improvement-actions/", strong, format="json").status_code == 201  # 0 < 60
    _verified(world.college_a, "transfer_income", 2_000_000, on=datetime.date(2025, 5, 1))
    card_2025 = _card_for(world.college_a, 2025)
    assert admin.post("/api/v1/improvement-actions/", strong, format="json").status_code == 400  # now 100
    assert as_user(world.admin_b).post("/api/v1/improvement-actions/", body, format="json").status_code == 403
    for _ in range(6):
        _verified(world.college_a, "smes_served", 1)
    card_2026 = _card_for(world.college_a, 2026)
    previous = as_user(world.evaluator).get(f"/api/v1/scorecards/{card_2026.pk}/").json()["previous_actions"]
    smes = next(a for a in previous if a["indicator"] == "smes_served")
    assert (smes["score_before"], smes["score_now"], smes["change"]) == ("10.00", "20.00", "10.00")


def test_recompute_endpoint_and_task_status(world, as_user):
    _verified(world.college_a, "smes_served", 1)
    evaluator = as_user(world.evaluator)
    assert as_user(world.admin_a).post("/api/v1/scorecards/recompute/", {}, format="json").status_code == 403
    assert evaluator.post("/api/v1/scorecards/recompute/", {"period": 1800}, format="json").status_code == 400
    response = evaluator.post("/api/v1/scorecards/recompute/", {"period": 2026}, format="json")
    assert response.status_code == 202
    task_id = response.json()["task_id"]
    status = evaluator.get(f"/api/v1/tasks/{task_id}/")
    assert status.status_code == 200 and status.json()["state"] in {"PENDING", "STARTED", "SUCCESS"}
    assert as_user(world.admin_a).get(f"/api/v1/tasks/{task_id}/").status_code == 404
    assert evaluator.get("/api/v1/tasks/not-a-task/").status_code == 404
    assert evaluator.get("/api/v1/tasks/8c1b6a4e-2f0d-4a57-9b1e-3f2d6c7a9e10/").status_code == 404
    # The task itself, run here: progress reaches 1 and the scorecard exists.
    result = recompute_all_scorecards.apply(kwargs={"period": 2026}).get()
    assert result == {"periods": [2026], "periods_done": [2026], "progress": 1.0}
    assert Scorecard.objects.filter(subject_id=world.college_a.pk, period=2026).exists()
