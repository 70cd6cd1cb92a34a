"""The demo world's cohort of last year, counted by hand."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from colleges.models import College
from outcomes.rates import rates

pytestmark = pytest.mark.django_db


def test_the_demo_cohort_matches_a_hand_count():
    call_command("seed_demo", verbosity=0)
    prvc = College.objects.get(code="prvc")

    def count(census):
        found, graduates, _ = rates(college=prvc, year=2025, census_date=census)
        return len(graduates), {r.code: r.value for r in found}

    # August: contract, seeking, further study, flexible, conscription, not seeking.
    assert count(datetime.date(2025, 8, 31)) == (
        6,
        {
            "destination_rate": Decimal("0.6667"),  # 4 / 6
            "knowledge_rate": Decimal("1.0000"),  # 6 / 6
            "in_field_rate": Decimal("0.5000"),  # graduate 1 of the employed 1 and 4
            "further_study_rate": Decimal("0.1667"),  # 1 / 6
            "regional_retention": Decimal("1.0000"),  # both employed in Guangdong
        },
    )
    # December: graduate 2 found a contract in Jiangsu, in field.
    assert count(datetime.date(2025, 12, 31)) == (
        6,
        {
            "destination_rate": Decimal("0.8333"),  # 5 / 6
            "knowledge_rate": Decimal("1.0000"),
            "in_field_rate": Decimal("0.6667"),  # 2 / 3
            "further_study_rate": Decimal("0.1667"),
            "regional_retention": Decimal("0.6667"),  # 2 / 3
        },
    )
    # Those with no December answer were reminded once; in field is computed from the skills.
    from accounts.models import Notification
    from outcomes.models import Destination
    from outcomes.services import in_field_reasons

    reminded = Notification.objects.filter(kind=Notification.Kind.DESTINATION_REMINDER)
    answered = set(
        Destination.objects.filter(census_date=datetime.date(2025, 12, 31)).values_list("graduate", flat=True)
    )
    assert reminded.count() == 6 - len(answered) and not reminded.filter(recipient__in=answered).exists()
    four = Destination.objects.get(graduate__username="demo-graduate-4")
    assert (four.in_field, in_field_reasons([four])[four.pk]["basis"]) == (False, "skills")
