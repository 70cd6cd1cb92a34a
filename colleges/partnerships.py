"""Industry-college partnerships: a college invites, the enterprise accepts.

Before this, a college administrator could name any enterprise a partner, and the college's
people then saw and took on that enterprise's partners-only projects. Now naming is an
invitation; only an engineer of the enterprise turns it into a partnership. The accepted
partners are the industry college's ``enterprises`` (what every scope reads).
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict
from accounts.models import Notification, User

from .models import IndustryCollege, Partnership

S = Partnership.Status


@transaction.atomic
def partnership_propose(*, industry_college: IndustryCollege, enterprise_id: int, actor: User) -> Partnership:
    if industry_college.enterprises.filter(pk=enterprise_id).exists():
        raise Conflict(_("The enterprise is already a partner of this industry college."))
    if Partnership.objects.filter(
        industry_college=industry_college, enterprise_id=enterprise_id, status=S.PROPOSED
    ).exists():
        raise Conflict(_("The enterprise is already invited: its answer is awaited."))
    partnership = Partnership.objects.create(
        industry_college=industry_college, enterprise_id=enterprise_id, proposed_by=actor
    )
    notifications.notify(
        notifications.engineers_of(enterprise_id),
        Notification.Kind.PARTNERSHIP_PROPOSED,
        link=reverse("partnerships-detail", args=[partnership.pk]),
        actor=actor,
        college=industry_college.college.name,
        industry_college=industry_college.name,
    )
    return partnership


def _decide(partnership: Partnership, actor: User, to: str, allowed: tuple[str, ...]) -> Partnership:
    partnership = (
        Partnership.objects.select_for_update().select_related("industry_college").get(pk=partnership.pk)
    )
    if partnership.status not in allowed:
        raise Conflict(
            _("The partnership is %(state)s; this step is not possible from that state.")
            % {"state": partnership.get_status_display()}
        )
    partnership.status = to
    partnership.decided_by = actor
    partnership.decided_at = timezone.now()
    partnership.save(update_fields=["status", "decided_by", "decided_at"])
    return partnership


@transaction.atomic
def partnership_accept(*, partnership: Partnership, actor: User) -> Partnership:
    """The enterprise joins: its partners-only projects open to the college's people."""
    partnership = _decide(partnership, actor, S.ACCEPTED, (S.PROPOSED,))
    partnership.industry_college.enterprises.add(partnership.enterprise_id)
    notifications.notify(
        notifications.staff_of_college(partnership.industry_college.college_id, admins_only=True),
        Notification.Kind.PARTNERSHIP_DECIDED,
        link=reverse("industry-colleges-detail", args=[partnership.industry_college_id]),
        actor=actor,
        enterprise=partnership.enterprise.name,
        industry_college=partnership.industry_college.name,
        decision=notifications.term(Partnership.Status.ACCEPTED.label, context="partnership"),
    )
    return partnership


@transaction.atomic
def partnership_decline(*, partnership: Partnership, actor: User) -> Partnership:
    partnership = _decide(partnership, actor, S.DECLINED, (S.PROPOSED,))
    notifications.notify(
        notifications.staff_of_college(partnership.industry_college.college_id, admins_only=True),
        Notification.Kind.PARTNERSHIP_DECIDED,
        link=reverse("industry-colleges-detail", args=[partnership.industry_college_id]),
        actor=actor,
        enterprise=partnership.enterprise.name,
        industry_college=partnership.industry_college.name,
        decision=notifications.term(Partnership.Status.DECLINED.label),
    )
    return partnership


@transaction.atomic
def partnership_end(*, partnership: Partnership, actor: User) -> Partnership:
    """Either side ends it: the enterprise stops being a partner (projects already taken on
    keep their college)."""
    partnership = _decide(partnership, actor, S.ENDED, (S.ACCEPTED,))
    partnership.industry_college.enterprises.remove(partnership.enterprise_id)
    return partnership


def invite_all(
    *, industry_college: IndustryCollege, enterprise_ids: list[int], actor: User
) -> list[Partnership]:
    """Invitations for every named enterprise not yet a partner or invited."""
    current = set(industry_college.enterprises.values_list("pk", flat=True))
    pending = set(
        Partnership.objects.filter(industry_college=industry_college, status=S.PROPOSED).values_list(
            "enterprise_id", flat=True
        )
    )
    return [
        partnership_propose(industry_college=industry_college, enterprise_id=pk, actor=actor)
        for pk in dict.fromkeys(enterprise_ids)
        if pk not in current and pk not in pending
    ]
