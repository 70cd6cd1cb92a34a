"""The pages, in English and Chinese: an engineer posts a call, a teacher responds on the
call's page, the engineer shortlists and opens a project; a college administrator publishes
a summary (the contributions must add up to 100), records a transfer, and the inventor reads
their share on their page; the public sees public summaries only."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from enterprises.models import Project
from tests.factories import SkillFactory
from transfer.models import Call, CallResponse, InventorShare, TechSummary

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_call_from_posting_to_a_project_on_the_pages(world):
    SkillFactory(code="machine-vision")
    engineer = logged_in(world.engineer_x)
    form = engineer.get("/calls/new/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert form.status_code == 200 and "发布产业需求" in form.content.decode()
    posted = engineer.post(
        "/calls/new/",
        {
            "title": "A vision inspection for our gripper line",
            "need": "Find askew parts.",
            "budget_band": "lt50k",
            "deadline": (TODAY + datetime.timedelta(days=5)).isoformat(),
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:3000]
    call = Call.objects.get()
    # A pending enterprise's engineers are not offered "Post a call".
    world.enterprise_y.vetting = "pending"
    world.enterprise_y.save()
    assert "/calls/new/" not in logged_in(world.engineer_y).get("/calls/").content.decode()
    assert "/calls/new/" in engineer.get("/calls/").content.decode()

    teacher = logged_in(world.teacher_a)
    page = teacher.get(f"/calls/{call.pk}/")
    assert "Respond" in page.content.decode()
    answer = {
        "respond-problem": "Askew parts.",
        "respond-approach": "A camera.",
        "respond-prior_results": "Two cells.",
        "respond-team": "Two teachers.",
    }
    sent = teacher.post(f"/calls/{call.pk}/respond/", answer)
    response = CallResponse.objects.get()
    assert sent.status_code == 302 and sent["Location"] == f"/call-responses/{response.pk}/"

    assert (
        engineer.post(f"/call-responses/{response.pk}/shortlist/", {"shortlist-reason": ""}).status_code
        == 400
    )
    engineer.post(f"/call-responses/{response.pk}/shortlist/", {"shortlist-reason": "Closest to our cell."})
    chinese = teacher.get(f"/call-responses/{response.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "已入围" in chinese and "Closest to our cell." in chinese
    opened = engineer.post(f"/call-responses/{response.pk}/open-project/", {"open-project-seats": "2"})
    project = Project.objects.get()
    assert opened["Location"] == f"/projects/{project.pk}/" and project.title == call.title

    Call.objects.filter(pk=call.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    closed = logged_in(world.admin_b).get(f"/calls/{call.pk}/").content.decode()
    assert "takes no new responses" in closed and "respond-problem" not in closed


def test_a_summary_its_transfer_and_the_inventor_s_share_on_the_pages(world):
    admin = logged_in(world.admin_a)
    fields = {
        "title": "Askew-part detection",
        "kind": "patent",
        "abstract": "Detects askew parts.",
        "patent_number": "ZL202410001234.5",
        "patent_status": "granted",
        "industries": "robotics",
        "contact": world.teacher_a.pk,
        "visibility": "public",
    }
    short = admin.post("/tech-summaries/new/", {**fields, "inventors": "teacher-a 60\nadmin-a 30"})
    assert short.status_code == 400 and "add up to 90%" in short.content.decode()
    chinese = admin.post(
        "/tech-summaries/new/",
        {**fields, "inventors": "teacher-a 60\nadmin-a 30"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert "合计为 90%" in chinese.content.decode()
    done = admin.post("/tech-summaries/new/", {**fields, "inventors": "teacher-a 60\nadmin-a 40"})
    assert done.status_code == 302
    summary = TechSummary.objects.get()
    admin.post(
        "/tech-summaries/new/",
        {
            **fields,
            "title": "Partners' firmware",
            "kind": "software",
            "visibility": "partners",
            "inventors": "teacher-a 100",
        },
    )

    recorded = admin.post(
        f"/tech-summaries/{summary.pk}/record-transfer/",
        {
            "record-transfer-kind": "licence",
            "record-transfer-licensee": world.enterprise_x.pk,
            "record-transfer-income": "1000.01",
            "record-transfer-date": TODAY.isoformat(),
        },
    )
    assert recorded.status_code == 302
    assert InventorShare.objects.count() == 2
    shares = (
        logged_in(world.teacher_a).get("/inventor-shares/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    )
    assert "600.01" in shares and "发明人分成" in shares and "400.00" not in shares
    page = admin.get(f"/tech-summaries/{summary.pk}/").content.decode()
    assert "Enterprise X" in page and "1000.01" in page

    public = Client().get("/tech-summaries/").content.decode()
    assert "Askew-part detection" in public and "Partners&#x27; firmware" not in public
    anonymous = Client().get(f"/tech-summaries/{summary.pk}/").content.decode()
    assert "teacher-a" not in anonymous and "Sign in to see whom to write to." in anonymous
    partner = logged_in(world.engineer_x).get("/tech-summaries/").content.decode()
    assert (
        "firmware" in partner
        and "Start a call"
        in logged_in(world.engineer_x).get(f"/tech-summaries/{summary.pk}/").content.decode()
    )


def test_the_calls_list_is_narrowed_to_enterprises_with_calls_the_reader_sees(world):
    """The enterprise filter offers the enterprises whose calls the reader may read, not every
    enterprise of the platform: its cost does not grow with the enterprises."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import EnterpriseFactory
    from transfer.services import call_post

    deadline = TODAY + datetime.timedelta(days=9)
    for engineer, enterprise in (
        (world.engineer_x, world.enterprise_x),
        (world.engineer_y, world.enterprise_y),
    ):
        call_post(
            actor=engineer,
            enterprise=enterprise,
            title=f"A call of {enterprise.name}",
            need="A need.",
            budget_band="lt50k",
            deadline=deadline,
        )
    admin = logged_in(world.admin_a)

    def fetch() -> tuple[str, int]:
        with CaptureQueriesContext(connection) as queries:
            page = admin.get("/calls/")
        assert page.status_code == 200
        return page.content.decode(), len(queries)

    page, cost = fetch()
    offered = page[page.index('name="enterprise"') :]
    offered = offered[: offered.index("</select>")]
    assert "Enterprise X" in offered and "Enterprise Y" in offered
    silent = EnterpriseFactory(name="An enterprise with no call")
    EnterpriseFactory.create_batch(5)
    page, again = fetch()
    assert again == cost and silent.name not in page
    # An engineer narrows their own enterprise's calls only.
    mine = logged_in(world.engineer_x).get("/calls/").content.decode()
    mine = mine[mine.index('name="enterprise"') :]
    assert "Enterprise X" in mine[: mine.index("</select>")]
    assert "Enterprise Y" not in mine[: mine.index("</select>")]
    narrowed = admin.get(f"/calls/?enterprise={world.enterprise_y.pk}").content.decode()
    assert "A call of Enterprise Y" in narrowed and "A call of Enterprise X" not in narrowed
    # The responses list narrows to calls the reader may read: not another enterprise's.
    responses = logged_in(world.engineer_y).get("/call-responses/").content.decode()
    choices = responses[responses.index('name="call"') :]
    choices = choices[: choices.index("</select>")]
    assert "A call of Enterprise Y" in choices and "A call of Enterprise X" not in choices
