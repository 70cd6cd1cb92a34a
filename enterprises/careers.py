"""Careers after graduation, apprenticeship ladders and IP agreements (lifelong.md)."""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import Conflict, Invalid
from accounts.models import Role, User
from colleges.models import PracticeLog
from courses.models import Credential, CreditTransaction
from ledger.models import Evidence
from ledger.services import evidence_platform_withdraw, evidence_record_platform

from .models import (
    Employment,
    Enterprise,
    IpAgreement,
    Ladder,
    LadderLevel,
    PerformanceReview,
    Project,
    Promotion,
)

# What else follows a confirmed employment, registered by the apps above this one (the
# graduate's destination in ``outcomes``); each runs in the confirmation's transaction.
EMPLOYMENT_CONFIRMED: list[Callable[[Employment, User], Any]] = []


def _learner_subjects(learner: User) -> tuple[Any, Any]:
    """The college and major a learner's career evidence belongs to."""
    profile = getattr(learner, "learner_profile", None)
    college = (profile.college if profile else None) or learner.college
    return college, (profile.major if profile else None)


@transaction.atomic
def employment_create(
    *,
    actor: User,
    learner: User,
    enterprise: Enterprise,
    position: str,
    start_date: datetime.date,
    in_field: bool,
) -> Employment:
    if learner.role != Role.STUDENT:
        raise Invalid("learner", _("Employment records are for learners."))
    return Employment.objects.create(
        learner=learner,
        enterprise=enterprise,
        position=position,
        start_date=start_date,
        in_field=in_field,
        entered_by=actor,
    )


@transaction.atomic
def employment_confirm(*, employment: Employment, actor: User) -> Employment:
    employment = Employment.objects.select_for_update().get(pk=employment.pk)
    if employment.confirmed:
        raise Conflict(_("The employment is already confirmed."))
    if employment.entered_by_id == actor.pk:
        raise Conflict(
            _("Whoever recorded an employment does not confirm it: the learner or their college does.")
        )
    employment.confirmed = True
    employment.confirmed_by = actor
    employment.save(update_fields=["confirmed", "confirmed_by"])
    college, major = _learner_subjects(employment.learner)
    if college is not None:
        evidence_record_platform(
            indicator="employment_in_field_rate",
            college=college,
            major=major,
            value=1 if employment.in_field else 0,
            occurred_on=employment.start_date,
            event_key=f"employment:{employment.pk}",
            origin=employment,
            actor=actor,
        )
        # The graduate's destination (outcomes) may have counted them already, from what they
        # or their college said: the confirmed employment counts them now, once (the
        # destinations write their rows under "outcome:<learner>:<n>" and skip a learner with
        # a confirmed employment).
        for row in Evidence.objects.filter(
            indicator="employment_in_field_rate",
            event_key__startswith=f"outcome:{employment.learner_id}:",
            status=Evidence.Status.VERIFIED,
        ):
            evidence_platform_withdraw(evidence=row, actor=actor, note="counted by the confirmed employment")
    for follow in EMPLOYMENT_CONFIRMED:
        follow(employment, actor)
    return employment


@transaction.atomic
def performance_review_create(
    *,
    actor: User,
    employment: Employment,
    period: int,
    rating: int,
    adaptation_days: int | None = None,
    promoted: bool = False,
    comment: str = "",
) -> PerformanceReview:
    if not Employment.objects.filter(pk=employment.pk, confirmed=True).exists():
        raise Conflict(_("Confirm the employment before reviewing the graduate's performance."))
    if PerformanceReview.objects.filter(employment=employment, period=period).exists():
        raise Conflict(_("This graduate is already reviewed for that period."))
    review = PerformanceReview.objects.create(
        employment=employment,
        period=period,
        rating=rating,
        adaptation_days=adaptation_days,
        promoted=promoted,
        comment=comment,
        reviewer=actor,
    )
    college, major = _learner_subjects(employment.learner)
    if college is not None:
        day = min(timezone.localdate(), datetime.date(period, 12, 31))
        common = {
            "college": college,
            "major": major,
            "occurred_on": day,
            "actor": actor,
            "event_key": f"review:{review.pk}",
            "origin": review.employment,
        }
        evidence_record_platform(indicator="employer_rating", value=rating, **common)
        if adaptation_days is not None:
            evidence_record_platform(indicator="adaptation_days", value=adaptation_days, **common)
    return review


# --- Apprenticeship ladders --------------------------------------------------------------


@transaction.atomic
def ladder_create(
    *, enterprise: Enterprise, name: str, levels: list[dict[str, Any]], review_interval_weeks: int = 12
) -> Ladder:
    ranks = [level["rank"] for level in levels]
    if len(set(ranks)) != len(ranks):
        raise Invalid("levels", _("Each level needs its own rank."))
    if not 10 <= review_interval_weeks <= 12:
        raise Invalid("review_interval_weeks", _("Progress reviews are every 10 to 12 weeks."))
    ladder = Ladder.objects.create(
        enterprise=enterprise, name=name, review_interval_weeks=review_interval_weeks
    )
    for level in levels:
        skills = level.pop("skills", [])
        row = LadderLevel.objects.create(ladder=ladder, **level)
        row.skills.set(skills)
    return ladder


# Further checks of a promotion that apps above this one add (``apprenticeship``: accepted
# evidence for requirements that need it): each takes (learner, level) and returns what is
# missing, or "".
PROMOTION_CHECKS: list[Callable[[User, LadderLevel], str]] = []


def _months_between(start: datetime.date, end: datetime.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (1 if end.day < start.day else 0)


@transaction.atomic
def ladder_promote(
    *, ladder: Ladder, actor: User, learner: User, level: LadderLevel, on: datetime.date | None = None
) -> Promotion:
    """Promote a learner to a level when every requirement holds; 409 naming the first that fails."""
    on = on or timezone.localdate()
    if level.ladder_id != ladder.pk:
        raise Invalid("level", _("The level belongs to another ladder."))
    if Promotion.objects.filter(level=level, learner=learner).exists():
        raise Conflict(_("The learner already holds this level."))
    previous = (
        Promotion.objects.filter(learner=learner, level__ladder=ladder, level__rank__lt=level.rank)
        .select_related("level")
        .order_by("-level__rank")
        .first()
    )
    lower = ladder.levels.filter(rank__lt=level.rank).order_by("-rank").first()
    if lower is not None and (previous is None or previous.level_id != lower.pk):
        raise Conflict(
            _("Missing requirement: the learner must first hold %(level)s.") % {"level": lower.name}
        )
    if previous is not None and level.min_months_at_previous:
        months = _months_between(previous.promoted_on, on)
        if months < level.min_months_at_previous:
            raise Conflict(
                _("Missing requirement: %(months)s months at %(level)s (the learner has %(has)s).")
                % {"months": level.min_months_at_previous, "level": previous.level.name, "has": months}
            )
    skills = list(level.skills.all())
    credit_rows = CreditTransaction.objects.filter(learner=learner)
    if skills:
        # A reversal cancels the credit of the module it names.
        credit_rows = credit_rows.filter(module__skills__in=skills) | credit_rows.filter(
            reverses__module__skills__in=skills
        )
    credits = credit_rows.distinct().aggregate(total=Sum("credits"))["total"] or Decimal(0)
    if credits < level.min_credits:
        where = (_(" in %(skills)s") % {"skills": ", ".join(s.local_name for s in skills)}) if skills else ""
        raise Conflict(
            _("Missing requirement: %(credits)s credits%(where)s (the learner has %(has)s).")
            % {"credits": level.min_credits, "where": where, "has": credits}
        )
    hours = PracticeLog.objects.filter(
        dual_position__user=learner,
        dual_position__enterprise=ladder.enterprise,
        status=PracticeLog.Status.CONFIRMED,
    ).aggregate(total=Sum("hours"))["total"] or Decimal(0)
    if hours < level.min_practice_hours:
        raise Conflict(
            _("Missing requirement: %(hours)s confirmed practice hours (the learner has %(has)s).")
            % {"hours": level.min_practice_hours, "has": hours}
        )
    for check in PROMOTION_CHECKS:
        missing = check(learner, level)
        if missing:
            raise Conflict(missing)
    promotion = Promotion.objects.create(level=level, learner=learner, promoted_on=on, promoted_by=actor)
    from courses.lifelong import credential_issue

    credential_issue(
        learner=learner,
        kind=Credential.Kind.APPRENTICESHIP,
        name=f"{ladder.name}: {level.name}",
        description=f"Promoted to {level.name} on the {ladder.name} ladder of {ladder.enterprise.name}.",
        criteria=f"Meet every requirement of level {level.rank} ({level.name}) of the ladder.",
        source_key=f"promotion:{promotion.pk}",
        achievement_key=f"ladder-level-{level.pk}",
        skills=skills,
        issuer_enterprise=ladder.enterprise,
    )
    return promotion


# --- IP agreements -----------------------------------------------------------------------


@transaction.atomic
def ip_agreement_create(
    *,
    project: Project,
    enterprise_pct: Decimal,
    college_pct: Decimal,
    students_pct: Decimal,
    revenue_share_pct: Decimal,
    embargo_days: int,
) -> IpAgreement:
    if enterprise_pct + college_pct + students_pct != 100:
        raise Invalid("enterprise_pct", _("Ownership percentages must add up to 100."))
    if hasattr(project, "ip_agreement"):
        raise Conflict(_("The project already has IP terms."))
    if project.status not in (Project.Status.DRAFT, Project.Status.OPEN):
        raise Conflict(
            _("The project is %(state)s; IP terms are agreed before the work starts.")
            % {"state": project.get_status_display()}
        )
    return IpAgreement.objects.create(
        project=project,
        enterprise_pct=enterprise_pct,
        college_pct=college_pct,
        students_pct=students_pct,
        revenue_share_pct=revenue_share_pct,
        embargo_days=embargo_days,
    )


@transaction.atomic
def ip_agreement_accept(*, agreement: IpAgreement, actor: User) -> IpAgreement:
    agreement = IpAgreement.objects.select_for_update().select_related("project").get(pk=agreement.pk)
    project = agreement.project
    if actor.role == Role.ENGINEER and actor.enterprise_id == project.enterprise_id:
        if agreement.enterprise_accepted_by_id:
            raise Conflict(_("The enterprise has already accepted these terms."))
        agreement.enterprise_accepted_by = actor
    elif actor.role == Role.COLLEGE_ADMIN and project.college_id and actor.college_id == project.college_id:
        if agreement.college_accepted_by_id:
            raise Conflict(_("The college has already accepted these terms."))
        agreement.college_accepted_by = actor
    else:
        raise Conflict(
            _(
                "Only an engineer of the enterprise or an admin of the college that took the project on"
                " can accept its IP terms."
            )
        )
    agreement.save(update_fields=["enterprise_accepted_by", "college_accepted_by"])
    return agreement
