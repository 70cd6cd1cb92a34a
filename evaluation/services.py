"""The review workflow of scorecards, improvement actions and the committee's decisions on
the radar's recommendations."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, User
from colleges.models import Major
from ledger import changes

from .models import ImprovementAction, MajorDecision, RadarMajor, Scorecard, ScorecardReview
from .pending import active_scheme_id

# --- The review workflow: draft → in_review → approved → published ------------------------

_REVIEW_VERBS = {
    "submit_for_review": gettext_lazy("submitted for review"),
    "approve": gettext_lazy("approved"),
    "publish": gettext_lazy("published"),
}
_REVIEW_STEPS = {
    # action: (states it may start from, state it leads to)
    "submit_for_review": ((Scorecard.Status.DRAFT,), Scorecard.Status.IN_REVIEW),
    "approve": ((Scorecard.Status.IN_REVIEW,), Scorecard.Status.APPROVED),
    "publish": ((Scorecard.Status.APPROVED,), Scorecard.Status.PUBLISHED),
}


@transaction.atomic
def scorecard_review(*, scorecard: Scorecard, actor: User, action: str, comment: str = "") -> Scorecard:
    """Move a scorecard one step along its review; re-approving a published scorecard whose
    numbers changed clears the "changed since publication" flag."""
    scorecard = Scorecard.objects.select_for_update().get(pk=scorecard.pk)
    from_status = scorecard.status
    if (
        action == "approve"
        and scorecard.status == Scorecard.Status.PUBLISHED
        and scorecard.changed_since_publication
    ):
        scorecard.changed_since_publication = False
        scorecard.published_at = timezone.now()
        scorecard.save(update_fields=["changed_since_publication", "published_at"])
    else:
        allowed, to_status = _REVIEW_STEPS[action]
        if scorecard.status not in allowed:
            raise Conflict(
                _("The scorecard is %(state)s; it cannot be %(action)s from that state.")
                % {"state": scorecard.get_status_display(), "action": _REVIEW_VERBS[action]}
            )
        if action == "publish" and scorecard.scheme.four_eyes:
            approver = (
                scorecard.reviews.filter(action="approve")
                .order_by("-at", "-id")
                .values_list("actor_id", flat=True)
                .first()
            )
            if approver == actor.pk:
                raise Conflict(
                    _("Four eyes: another evaluator than the one who approved it must publish it.")
                )
        scorecard.status = to_status
        fields = ["status"]
        if to_status == Scorecard.Status.PUBLISHED:
            scorecard.published_at = timezone.now()
            scorecard.changed_since_publication = False
            fields += ["published_at", "changed_since_publication"]
        scorecard.save(update_fields=fields)
    ScorecardReview.objects.create(
        scorecard=scorecard,
        action=action,
        from_status=from_status,
        to_status=scorecard.status,
        comment=comment,
        actor=actor,
    )
    if scorecard.status == Scorecard.Status.PUBLISHED and scorecard.college_id:
        notifications.notify(
            notifications.staff_of_college(scorecard.college_id),
            Notification.Kind.SCORECARD_PUBLISHED,
            link=reverse("scorecards-detail", args=[scorecard.pk]),
            actor=actor,
            subject=scorecard.subject_name,
            period=scorecard.period,
        )
    return scorecard


IMPROVEMENT_THRESHOLD = Decimal(60)


@transaction.atomic
def improvement_action_create(
    *, scorecard: Scorecard, actor: User, indicator: str, action: str, owner: str, due_date: datetime.date
) -> ImprovementAction:
    """evaluation → feedback → improvement: an action for a weak indicator of a published card."""
    if scorecard.status != Scorecard.Status.PUBLISHED:
        raise Conflict(_("Improvement actions are recorded against published scorecards."))
    row = scorecard.indicators.filter(code=indicator).first()
    if row is None:
        raise Invalid("indicator", f"The scorecard has no indicator {indicator!r}.")
    if row.score >= IMPROVEMENT_THRESHOLD:
        raise Invalid("indicator", f"{indicator} scored {row.score:.2f}; actions are for scores under 60.")
    return ImprovementAction.objects.create(
        scorecard=scorecard,
        indicator=indicator,
        action=action,
        owner=owner,
        due_date=due_date,
        created_by=actor,
    )


@transaction.atomic
def major_decide(*, major: Major, actor: User, year: int, decision: str, reason: str) -> MajorDecision:
    """Record the professional committee's decision; the radar's advice is kept beside it."""
    recommendation = (
        RadarMajor.objects.filter(major=major, year=year).values_list("status", flat=True).first() or ""
    )
    return MajorDecision.objects.create(
        major=major,
        year=year,
        decision=decision,
        reason=reason,
        recommendation=recommendation,
        decided_by=actor,
    )


def recompute_request(*, scorecards: bool = False, radar: bool = False) -> None:
    """Ask for every scorecard of the active scheme, or the radar, to be recomputed: a durable
    mark the worker drains within a minute (and that survives a broker outage)."""
    with transaction.atomic():
        scheme_id = active_scheme_id()
        if scorecards and scheme_id is not None:
            changes.scheme_changed(scheme_id=scheme_id)
        if radar:
            changes.radar_input_changed()
