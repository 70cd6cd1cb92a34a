"""The demo world holds a credit request in every state, played through the services."""

import pytest
from django.core.management import call_command

from courses.models import CreditTransaction
from credits.models import CreditRequest

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_credit_request_in_every_state():
    call_command("seed_demo", verbosity=0)
    rows = {
        (r.student.username, r.module.title): r
        for r in CreditRequest.objects.select_related("student", "module")
    }
    assert {r.status for r in rows.values()} == {"mentor", "sponsor", "college", "approved", "declined"}
    approved = rows[("demo-student-2", "Network security practice")]
    assert approved.status == "approved" and approved.decisions.count() == 3
    assert CreditTransaction.objects.get(pk=approved.credit_id).credits == approved.module.credits
    declined = rows[("demo-student-2", "Routing and Switching")]
    assert declined.status == "declined" and declined.reason.startswith("The project's switch work")
    assert rows[("demo-student-4", "Routing and Switching")].internship_id is not None
    call_command("seed_demo", verbosity=0)  # seeding again adds nothing
    assert CreditRequest.objects.count() == len(rows)
