"""Technology summaries through the API: contributions that must add up to 100 (400 naming
``inventors``), who sees public and partners-only summaries, search, calls and projects
started from one, and a transfer writing the college's evidence (once per event) and the
inventors' shares, to the fen, adding up to the income exactly."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import Notification, Role
from enterprises.models import Project
from ledger.models import Evidence
from tests.factories import UserFactory
from transfer.models import Call, InventorShare, TechSummary
from transfer.services import split

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def summary_body(world, inventors, **extra):
    return {
        "title": "Askew-part detection on grippers",
        "kind": "patent",
        "abstract": "A method to detect parts that sit askew before a gripper picks them.",
        "patent_number": "ZL202410001234.5",
        "patent_status": "granted",
        "industries": "robotics, automotive parts",
        "contact": world.admin_a.pk,
        "visibility": "public",
        "inventors": [{"user": user.pk, "contribution": share} for user, share in inventors],
        **extra,
    }


@pytest.fixture
def third(world):
    return UserFactory(username="teacher-a3", role=Role.TEACHER, college=world.college_a)


def test_contributions_must_add_up_to_100(world, as_user, third):
    client = as_user(world.admin_a)
    short = client.post(
        "/api/v1/tech-summaries/",
        summary_body(world, [(world.teacher_a, "60"), (third, "30")]),
        format="json",
    )
    assert short.status_code == 400 and "inventors" in short.json()
    outsider = client.post(
        "/api/v1/tech-summaries/",
        summary_body(world, [(world.teacher_a, "60"), (world.teacher_b, "40")]),
        format="json",
    )
    assert outsider.status_code == 400 and "inventors" in outsider.json()
    no_number = client.post(
        "/api/v1/tech-summaries/",
        summary_body(world, [(world.teacher_a, "100")], patent_number=""),
        format="json",
    )
    assert no_number.status_code == 400 and "patent_number" in no_number.json()
    assert not TechSummary.objects.exists()

    made = client.post(
        "/api/v1/tech-summaries/",
        summary_body(world, [(world.teacher_a, "33.34"), (third, "33.33"), (world.admin_a, "33.33")]),
        format="json",
    )
    assert made.status_code == 201, made.json()
    body = made.json()
    assert body["college"] == world.college_a.pk
    assert sorted(i["contribution"] for i in body["inventors"]) == ["33.33", "33.33", "33.34"]
    # A change that breaks the sum is refused and leaves the inventors as they were.
    broken = client.patch(
        f"/api/v1/tech-summaries/{body['id']}/",
        {"inventors": [{"user": world.teacher_a.pk, "contribution": "50"}]},
        format="json",
    )
    assert broken.status_code == 400 and "inventors" in broken.json()
    assert TechSummary.objects.get().inventors.count() == 3
    # Teachers and other colleges do not publish for college A.
    assert (
        as_user(world.teacher_a)
        .post("/api/v1/tech-summaries/", summary_body(world, []), format="json")
        .status_code
        == 403
    )


def test_public_and_partners_only_and_search(world, as_user):
    client = as_user(world.admin_a)
    public = client.post(
        "/api/v1/tech-summaries/", summary_body(world, [(world.teacher_a, "100")]), format="json"
    ).json()["id"]
    partners = client.post(
        "/api/v1/tech-summaries/",
        summary_body(
            world,
            [(world.teacher_a, "100")],
            title="Torque logging firmware",
            kind="software",
            visibility="partners",
        ),
        format="json",
    ).json()["id"]

    def seen(user, query=""):
        return {row["id"] for row in as_user(user).get(f"/api/v1/tech-summaries/{query}").json()["results"]}

    # Enterprise X is in College A's industry college; Enterprise Y is not.
    assert seen(world.engineer_x) == {public, partners}
    assert seen(world.engineer_y) == {public}
    assert seen(None) == {public}
    assert seen(world.admin_b) == {public}
    assert seen(world.teacher_a) == {public, partners}
    assert seen(world.engineer_x, "?search=firmware") == {partners}
    assert seen(world.engineer_x, "?kind=patent") == {public}
    # The public reads the summary, not who invented it nor whom to write to.
    anonymous = as_user(None).get(f"/api/v1/tech-summaries/{public}/").json()
    assert anonymous["inventors"] is None and anonymous["contact"] is None
    assert as_user(world.engineer_y).get(f"/api/v1/tech-summaries/{partners}/").status_code == 404


def test_an_engineer_starts_a_call_or_a_project_from_a_summary(world, as_user):
    summary = (
        as_user(world.admin_a)
        .post("/api/v1/tech-summaries/", summary_body(world, [(world.teacher_a, "100")]), format="json")
        .json()["id"]
    )
    engineer = as_user(world.engineer_x)
    deadline = (TODAY + datetime.timedelta(days=10)).isoformat()
    call = engineer.post(
        f"/api/v1/tech-summaries/{summary}/start-call/",
        {"budget_band": "lt50k", "deadline": deadline},
        format="json",
    )
    assert call.status_code == 201, call.json()
    made = Call.objects.get(pk=call.json()["id"])
    assert made.summary_id == summary and made.enterprise == world.enterprise_x
    assert made.title == "Askew-part detection on grippers"
    project = engineer.post(f"/api/v1/tech-summaries/{summary}/start-project/", {"seats": 2}, format="json")
    assert project.status_code == 201
    row = Project.objects.get(pk=project.json()["project"])
    assert row.status == "draft" and row.enterprise == world.enterprise_x and row.seats == 2
    assert (
        as_user(world.teacher_a).post(f"/api/v1/tech-summaries/{summary}/start-project/", {}).status_code
        == 403
    )


def test_shares_are_to_the_fen_and_add_up_exactly():
    # 100.00 yuan over thirds: 33.34 + 33.33 + 33.33; the extra fen to the largest remainder.
    shares = split(Decimal("100.00"), [(1, Decimal("33.33")), (2, Decimal("33.33")), (3, Decimal("33.34"))])
    assert shares == {1: Decimal("33.33"), 2: Decimal("33.33"), 3: Decimal("33.34")}
    shares = split(Decimal("0.05"), [(1, Decimal("50")), (2, Decimal("50"))])
    assert sum(shares.values()) == Decimal("0.05") and shares == {1: Decimal("0.03"), 2: Decimal("0.02")}
    shares = split(Decimal("12345.67"), [(7, Decimal("12.5")), (8, Decimal("37.5")), (9, Decimal("50"))])
    assert sum(shares.values()) == Decimal("12345.67")
    assert shares[9] == Decimal("6172.84") or shares[9] == Decimal("6172.83")


def test_a_transfer_writes_the_evidence_once_and_the_inventors_shares(world, as_user, third):
    admin = as_user(world.admin_a)
    summary = admin.post(
        "/api/v1/tech-summaries/",
        summary_body(world, [(world.teacher_a, "60"), (third, "40")]),
        format="json",
    ).json()["id"]
    day = (TODAY - datetime.timedelta(days=3)).isoformat()
    bad = admin.post(
        f"/api/v1/tech-summaries/{summary}/transfers/",
        {"kind": "licence", "licensee": world.enterprise_x.pk, "income": "-1", "date": day},
        format="json",
    )
    assert bad.status_code == 400 and "income" in bad.json()
    assert (
        as_user(world.teacher_a)
        .post(f"/api/v1/tech-summaries/{summary}/transfers/", {"kind": "licence", "income": "1", "date": day})
        .status_code
        == 403
    )

    first = admin.post(
        f"/api/v1/tech-summaries/{summary}/transfers/",
        {"kind": "licence", "licensee": world.enterprise_x.pk, "income": "80000.01", "date": day},
        format="json",
    )
    assert first.status_code == 201, first.json()
    assert first.json()["licensee_name"] == "Enterprise X"
    shares = {s.inventor_id: s.amount for s in InventorShare.objects.filter(transfer_id=first.json()["id"])}
    assert shares == {world.teacher_a.pk: Decimal("48000.01"), third.pk: Decimal("32000.00")}
    second = admin.post(
        f"/api/v1/tech-summaries/{summary}/transfers/",
        {"kind": "assignment", "licensee_name": "Foshan Grippers Ltd", "income": "20000", "date": day},
        format="json",
    )
    assert second.status_code == 201
    assert (
        admin.post(
            f"/api/v1/tech-summaries/{summary}/transfers/",
            {"kind": "assignment", "licensee_name": "Another", "income": "1", "date": day},
            format="json",
        ).status_code
        == 409
    )

    evidence = Evidence.objects.filter(college=world.college_a, source="platform")
    income = evidence.filter(indicator="transfer_income").order_by("value")
    assert [e.value for e in income] == [Decimal("20000"), Decimal("80000.01")]
    assert all(e.status == "verified" and e.origin_type.model == "transfer" for e in income)
    # Two transfers of one patent: one patent transferred.
    patents = evidence.filter(indicator="patents_transferred")
    assert patents.count() == 1 and patents.get().origin_id == first.json()["id"]

    # Each inventor reads their own shares; the college's administrators all of them.
    mine = as_user(third).get("/api/v1/inventor-shares/").json()["results"]
    assert sorted(row["amount"] for row in mine) == ["32000.00", "8000.00"]
    assert len(as_user(world.admin_a).get("/api/v1/inventor-shares/").json()["results"]) == 4
    assert as_user(world.engineer_x).get("/api/v1/inventor-shares/").json()["results"] == []
    told = Notification.objects.filter(recipient=third, kind=Notification.Kind.TRANSFER_SHARE)
    assert told.count() == 2
    # Once a transfer is recorded, the inventors stay as the shares were computed.
    changed = admin.patch(
        f"/api/v1/tech-summaries/{summary}/",
        {"inventors": [{"user": world.teacher_a.pk, "contribution": "100"}]},
        format="json",
    )
    assert changed.status_code == 409
