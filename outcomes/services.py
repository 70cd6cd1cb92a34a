"""Writes of graduate destinations, and the evidence they feed."""

import datetime
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.errors import Conflict, Invalid
from accounts.models import LearnerProfile, User
from enterprises.models import Employment, Enterprise
from ledger.models import Evidence
from ledger.services import evidence_platform_supersede, evidence_platform_withdraw, evidence_record_platform

from .models import EMPLOYED, Category, Destination, Source

INDICATOR = "employment_in_field_rate"
# Each write names the fields it may set; the rest keep their value.
FIELDS = (
    "category",
    "employer",
    "employer_name",
    "position",
    "region",
    "industry",
    "salary_band",
    "in_field",
)


def census_days() -> list[tuple[int, int]]:
    """The configured census days (month, day) of a graduation year, in order."""
    days = []
    for text in settings.OUTCOME_CENSUS_DAYS:
        month, day = (int(part) for part in text.split("-"))
        days.append((month, day))
    return sorted(days)


def census_dates(year: int) -> list[datetime.date]:
    return [datetime.date(year, month, day) for month, day in census_days()]


def graduate_profile(graduate: User) -> LearnerProfile:
    """The graduate's profile; only a learner who has graduated from a college has a destination."""
    profile = LearnerProfile.objects.select_related("college", "major").filter(user=graduate).first()
    if profile is None or profile.graduated_on is None or profile.college_id is None:
        raise Invalid("graduate", _("Only a learner who has graduated from a college has a destination."))
    return profile


def _confirmed_employment(
    graduate: User, employer: Enterprise | None, on: datetime.date
) -> Employment | None:
    if employer is None:
        return None
    return (
        Employment.objects.filter(learner=graduate, enterprise=employer, confirmed=True, start_date__lte=on)
        .order_by("-start_date", "-pk")
        .first()
    )


def _check(destination: Destination) -> None:
    if destination.census_date not in census_dates(destination.cohort):
        allowed = ", ".join(d.isoformat() for d in census_dates(destination.cohort))
        raise Invalid(
            "census_date", _("A census date of the graduation year: %(dates)s.") % {"dates": allowed}
        )
    if destination.category not in Category.values:
        raise Invalid("category", _("Choose a destination."))
    if destination.category in EMPLOYED:
        if not (destination.employer_id or destination.employer_name.strip()):
            raise Invalid("employer_name", _("Name the employer (or choose it, when it is in the portal)."))
    else:
        # Only employment has an employer, a position and a field; nothing stale stays behind.
        destination.employer = None
        destination.employer_name = ""
        destination.position = ""
        destination.salary_band = ""
        destination.in_field = None
        destination.employment = None


@transaction.atomic
def destination_record(
    *,
    actor: User,
    graduate: User,
    census_date: datetime.date,
    source: str,
    destination: Destination | None = None,
    must_be_new: bool = False,
    **fields: Any,
) -> Destination:
    """Record or correct a graduate's destination at a census date (one row per census).

    ``source`` is who answers: the graduate on their page, the college for them. When the
    graduate's employer is in the portal and has confirmed the employment, the employment
    fills the position and the field and the source is the employer.
    """
    profile = graduate_profile(graduate)
    # Lock the graduate's profile (it always exists, unlike their first destination): the
    # graduate and the college answering at once must write one row, not two (the unique
    # constraint would refuse the second with a 500), and the one evidence row must follow the
    # last answer, not a mix of both.
    list(LearnerProfile.objects.select_for_update().filter(user=graduate).values_list("pk", flat=True))
    if destination is None:
        destination = Destination.objects.filter(graduate=graduate, census_date=census_date).first()
        if destination is not None and must_be_new:
            raise Conflict(_("The destination at this census is recorded already: correct it instead."))
    if destination is None:
        destination = Destination(
            graduate=graduate,
            college_id=profile.college_id,
            major_id=profile.major_id,
            cohort=cast(datetime.date, profile.graduated_on).year,
            census_date=census_date,
        )
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise Invalid(sorted(unknown)[0], _("Not a field of a destination."))
    for name, value in fields.items():
        setattr(destination, name, "" if value is None and name not in ("employer", "in_field") else value)
    destination.source = source
    destination.recorded_by = actor
    _check(destination)
    if destination.category in EMPLOYED:
        employment = _confirmed_employment(graduate, destination.employer, destination.census_date)
        destination.employment = employment
        if employment is not None:
            destination.source = Source.EMPLOYER
            # What this answer does not say, the confirmed employment does.
            if not fields.get("position"):
                destination.position = employment.position
            if fields.get("in_field") is None:
                destination.in_field = employment.in_field
    destination.save()
    sync_evidence(graduate=graduate, actor=actor)
    return destination


def sync_evidence(*, graduate: User, actor: User | None = None) -> Evidence | None:
    """Keep the graduate's one ``employment_in_field_rate`` row in step with their latest
    destination: written when they are employed with a known field, superseded when that
    changes, withdrawn when they are no longer employed.

    No double count with ``enterprises.careers``: a confirmed employment in the portal already
    writes this indicator for the graduate (``employment:<id>``), so a graduate who has one is
    counted there and nowhere here (their row here, if any, is withdrawn). The destinations add
    the graduates the portal's employers never confirmed, which is most of them.
    """
    rows = list(
        Evidence.objects.filter(
            indicator=INDICATOR, event_key__startswith=f"outcome:{graduate.pk}:"
        ).order_by("-id")
    )
    live = next((row for row in rows if row.status == Evidence.Status.VERIFIED), None)
    latest = (
        Destination.objects.select_related("college", "major")
        .filter(graduate=graduate)
        .order_by("-census_date")
        .first()
    )
    counted_by_careers = Employment.objects.filter(learner=graduate, confirmed=True).exists()
    wanted = (
        latest is not None
        and latest.category in EMPLOYED
        and latest.in_field is not None
        and not counted_by_careers
    )
    if not wanted:
        if live is not None:
            evidence_platform_withdraw(evidence=live, actor=actor, note="destination changed")
        return None
    latest = cast(Destination, latest)
    value = 1 if latest.in_field else 0
    key = f"outcome:{graduate.pk}:{len(rows) + 1}"
    if live is None:
        return evidence_record_platform(
            indicator=INDICATOR,
            college=latest.college,
            major=latest.major,
            value=value,
            occurred_on=latest.census_date,
            event_key=key,
            actor=actor,
            origin=latest,
        )
    if live.value == value and live.occurred_on == latest.census_date and live.major_id == latest.major_id:
        return live
    return evidence_platform_supersede(
        evidence=live,
        value=value,
        occurred_on=latest.census_date,
        event_key=key,
        major=latest.major,
        actor=actor,
        note="destination changed",
        origin=latest,
    )
