"""Writes of graduate destinations, and the evidence they feed."""

import datetime
from typing import Any, cast

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import LearnerProfile, Notification, User
from colleges.models import College, Major
from courses.models import Skill
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
    "skills",
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
            college_id=cast(int, profile.college_id),
            major_id=profile.major_id,
            cohort=cast(datetime.date, profile.graduated_on).year,
            census_date=census_date,
        )
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise Invalid(sorted(unknown)[0], _("Not a field of a destination."))
    for name, value in fields.items():
        if name == "skills":
            continue
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
    # The position's skills: stated now, or as stated before; only employment has them.
    if "skills" in fields:
        skill_ids = {skill.pk for skill in fields["skills"] or []}
    else:
        skill_ids = set(destination.skills.values_list("pk", flat=True)) if destination.pk else set()
    if destination.category not in EMPLOYED:
        skill_ids = set()
    if skill_ids and destination.major_id:
        # In field when the position shares a skill with the major: computed, not stated.
        destination.in_field = bool(skill_ids & major_skill_ids(destination.major_id))
    destination.save()
    destination.skills.set(skill_ids)
    sync_evidence(graduate=graduate, actor=actor)
    return destination


def major_skill_ids(major_id: int | None) -> set[int]:
    """The skills a major teaches: those any module of any course of the major lists."""
    if major_id is None:
        return set()
    return set(Skill.objects.filter(modules__course__major_id=major_id).values_list("pk", flat=True))


def in_field_reasons(destinations: list[Destination]) -> dict[int, dict[str, Any]]:
    """Why each employed destination is in field or not (by destination id): ``basis`` is
    ``skills`` (the position's skills against the major's; ``shared`` names the skills in
    common), ``employment`` (the employer's confirmed employment said so), ``stated`` (the
    graduate or the college said so) or ``unknown``. A few queries for them all."""
    employed = [d for d in destinations if d.category in EMPLOYED]
    through = Destination.skills.through
    position: dict[int, set[int]] = {}
    for destination_id, skill_id in through.objects.filter(
        destination_id__in=[d.pk for d in employed]
    ).values_list("destination_id", "skill_id"):
        position.setdefault(destination_id, set()).add(skill_id)
    majors = {d.major_id for d in employed if d.pk in position and d.major_id}
    taught: dict[int, set[int]] = {}
    for major_id, skill_id in (
        Skill.objects.filter(modules__course__major_id__in=majors)
        .values_list("modules__course__major_id", "pk")
        .distinct()
    ):
        taught.setdefault(major_id, set()).add(skill_id)
    names = {s.pk: s for s in Skill.objects.filter(pk__in={i for ids in position.values() for i in ids})}
    reasons: dict[int, dict[str, Any]] = {}
    for d in employed:
        if d.pk in position and d.major_id:
            shared = position[d.pk] & taught.get(d.major_id, set())
            reasons[d.pk] = {
                "basis": "skills",
                "shared": sorted(names[i].code for i in shared),
                "shared_names": sorted(names[i].local_name for i in shared),
            }
        elif d.in_field is None:
            reasons[d.pk] = {"basis": "unknown", "shared": [], "shared_names": []}
        elif d.employment_id and d.source == Source.EMPLOYER:
            reasons[d.pk] = {"basis": "employment", "shared": [], "shared_names": []}
        else:
            reasons[d.pk] = {"basis": "stated", "shared": [], "shared_names": []}
    return reasons


def destination_from_employment(employment: Employment, *, actor: User) -> Destination | None:
    """A confirmed employment in the portal fills the graduate's destination at the first
    census of their graduation year on or after it began, when nobody has answered for that
    census yet (contract employment, the employer's region and industry, source employer), or
    links the answer that already names this employer. Another answer stands: the college
    corrects it if it is wrong."""
    profile = LearnerProfile.objects.filter(user_id=employment.learner_id).first()
    if profile is None or profile.graduated_on is None or profile.college_id is None:
        return None
    later = [d for d in census_dates(profile.graduated_on.year) if d >= employment.start_date]
    if not later:
        return None
    census = later[0]
    enterprise = employment.enterprise
    row = Destination.objects.filter(graduate_id=employment.learner_id, census_date=census).first()
    if row is None:
        return destination_record(
            actor=actor,
            graduate=employment.learner,
            census_date=census,
            source=Source.EMPLOYER,
            category=Category.CONTRACT,
            employer=enterprise,
            region=enterprise.region,
            industry=enterprise.industry,
        )
    if row.employment_id is None and row.employer_id == enterprise.pk and row.category in EMPLOYED:
        return destination_record(
            actor=actor, graduate=employment.learner, census_date=census, source=row.source, destination=row
        )
    return None


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


# A graduate is reminded at most once in this many days, whoever asks.
REMIND_EVERY = datetime.timedelta(days=7)


@transaction.atomic
def remind_unanswered(
    *, actor: User, college: College, year: int, census_date: datetime.date, major: Major | None = None
) -> dict[str, Any]:
    """Remind the graduates of a cohort (the college's, of the year, optionally of one major)
    who have not answered for the census date: an inbox row and an e-mail each, with a link
    to their own answer form. Whoever was reminded in the last seven days is skipped and
    counted; when every one of them was, nothing is sent (409).

    ``{"reminded", "skipped", "answered", "graduates"}`` and the ids reminded and skipped."""
    if census_date not in census_dates(year):
        allowed = ", ".join(d.isoformat() for d in census_dates(year))
        raise Invalid(
            "census_date", _("A census date of the graduation year: %(dates)s.") % {"dates": allowed}
        )
    if major is not None and major.college_id != college.pk:
        raise Invalid("major", _("The major belongs to another college."))
    profiles = LearnerProfile.objects.filter(college=college, graduated_on__year=year)
    if major is not None:
        profiles = profiles.filter(major=major)
    # Lock the cohort's profiles: two administrators reminding at once send one reminder each
    # graduate, not two.
    ids = list(profiles.select_for_update().order_by("user_id").values_list("user_id", flat=True))
    answered = set(
        Destination.objects.filter(graduate_id__in=ids, census_date=census_date).values_list(
            "graduate_id", flat=True
        )
    )
    waiting = [i for i in ids if i not in answered]
    recent = set(
        Notification.objects.filter(
            recipient_id__in=waiting,
            kind=Notification.Kind.DESTINATION_REMINDER,
            created_at__gte=timezone.now() - REMIND_EVERY,
        ).values_list("recipient_id", flat=True)
    )
    due = [i for i in waiting if i not in recent]
    skipped = [i for i in waiting if i in recent]
    if not due and skipped:
        raise Conflict(
            _(
                "Every graduate who has not answered was reminded in the last seven days "
                "(%(n)s of them): remind them again later."
            )
            % {"n": len(skipped)}
        )
    link = f"{reverse('destinations-new')}?{urlencode({'census_date': census_date.isoformat()})}"
    sent = notifications.notify(
        User.objects.filter(pk__in=due, is_active=True),
        Notification.Kind.DESTINATION_REMINDER,
        link=link,
        actor=actor,
        college=college.name,
        date=census_date.isoformat(),
    )
    reminded = sorted(n.recipient_id for n in sent)
    return {
        "graduates": len(ids),
        "answered": len(answered),
        "reminded": len(reminded),
        "skipped": len(skipped),
        "reminded_graduates": reminded,
        "skipped_graduates": skipped,
    }
