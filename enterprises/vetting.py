"""Employer vetting and flagged postings.

An enterprise joins as pending; a college administrator or a platform admin approves it
with a checklist: its unified social credit code (18 characters whose last is the check
character of GB 32100-2015), its contact verified, the date of a site visit. Until then its
projects are shown neither to students nor to the public (``permissions.ProjectPolicy``).

Anyone logged in may flag a posting as suspicious, with a reason, except the enterprise's own
engineers. One account cannot hide a posting: the posting is hidden from students and the
public while flags of ``FLAGS_TO_HIDE`` different accounts are open
(``permissions.hidden_by_flags``), or for good once a platform admin upholds a flag, which
withdraws it and tells its enterprise why (never who flagged it). A platform admin who finds
nothing wrong clears the flag, saying what was checked; its author may not flag that posting
again for ``REFLAG_AFTER``, and nobody raises more than ``FLAGS_PER_DAY`` flags a day. The
people working on a project (its accepted students, its college) see it whatever its flags.

Vetting holds for what was vetted: when an approved enterprise's own engineers change its
name, credit code or industry, it goes back to pending and the admins who vet it are told.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications, public_cache
from accounts.errors import Conflict, Invalid, TooMany
from accounts.models import Notification, Role, User
from colleges.models import IndustryCollege

from . import services
from .models import Enterprise, Flag, Project

# GB 32100-2015: 31 characters (no I, O, Z, S, V) and the weights of the first 17 positions.
CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_problem(code: str) -> str | None:
    """What is wrong with a unified social credit code, or None."""
    if len(code) != 18:
        return _("A unified social credit code has 18 characters.")
    if any(ch not in CHARACTERS for ch in code):
        return _("Only digits and the capital letters of GB 32100 (no I, O, Z, S or V).")
    total = sum(CHARACTERS.index(ch) * weight for ch, weight in zip(code[:17], WEIGHTS, strict=True))
    if CHARACTERS[(31 - total % 31) % 31] != code[17]:
        return _("The last character is not the code's check character: check for a typing mistake.")
    return None


@transaction.atomic
def enterprise_approve(
    *,
    enterprise: Enterprise,
    actor: User,
    credit_code: str,
    contact_verified: bool,
    site_visit_on: datetime.date,
) -> Enterprise:
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    if enterprise.vetting == Enterprise.Vetting.APPROVED:
        raise Conflict(_("The enterprise is approved already."))
    credit_code = credit_code.strip().upper()
    problem = credit_code_problem(credit_code)
    if problem:
        raise Invalid("credit_code", problem)
    if (
        Enterprise.objects.filter(vetting=Enterprise.Vetting.APPROVED, credit_code=credit_code)
        .exclude(pk=enterprise.pk)
        .exists()
    ):
        raise Invalid("credit_code", _("Another approved enterprise has this unified social credit code."))
    if not contact_verified:
        raise Invalid("contact_verified", _("Verify the enterprise's contact before approving it."))
    if site_visit_on > timezone.localdate():
        raise Invalid("site_visit_on", _("The site visit cannot be in the future."))
    enterprise.vetting = Enterprise.Vetting.APPROVED
    enterprise.credit_code = credit_code
    enterprise.contact_verified = True
    enterprise.site_visit_on = site_visit_on
    enterprise.approved_by = actor
    enterprise.approved_at = timezone.now()
    try:
        # A concurrent approval with the same code committed after the check above: the
        # partial unique constraint refuses the second one.
        with transaction.atomic():
            enterprise.save(
                update_fields=[
                    "vetting",
                    "credit_code",
                    "contact_verified",
                    "site_visit_on",
                    "approved_by",
                    "approved_at",
                ]
            )
    except IntegrityError:
        raise Invalid(
            "credit_code", _("Another approved enterprise has this unified social credit code.")
        ) from None
    return enterprise


# What an approval vouched for: a change of these by the enterprise sends it back to pending.
VETTED_FIELDS = ("name", "credit_code", "industry")


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, actor: User, **changes: object) -> Enterprise:
    """Change an enterprise's details. When its own engineer changes what was vetted after
    approval, the approval lapses: the enterprise is pending again (its postings leave the
    students' and the public's lists) and the admins who vet it are told. A platform admin's
    correction does not undo the vetting: they are among those who vet."""
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    fields = [name for name, value in changes.items() if getattr(enterprise, name) != value]
    for name in fields:
        setattr(enterprise, name, changes[name])
    revetted = (
        enterprise.vetting == Enterprise.Vetting.APPROVED
        and actor.role == Role.ENGINEER
        and not actor.is_platform_admin
        and any(name in VETTED_FIELDS for name in fields)
    )
    if revetted:
        enterprise.vetting = Enterprise.Vetting.PENDING
        enterprise.approved_at = None
        fields += ["vetting", "approved_at"]
    if fields:
        enterprise.save(update_fields=fields)
    if revetted:
        _tell_vetters(enterprise, actor)
    return enterprise


def _tell_vetters(enterprise: Enterprise, actor: User) -> None:
    """The platform admins, the college admin who approved it and the admins of the colleges
    whose industry colleges it belongs to: they vet it again."""
    partner_colleges = IndustryCollege.objects.filter(enterprises=enterprise).values("college_id")
    vetters = User.objects.filter(
        Q(role=Role.PLATFORM_ADMIN)
        | Q(pk=enterprise.approved_by_id)
        | Q(role=Role.COLLEGE_ADMIN, college_id__in=partner_colleges),
        is_active=True,
    )
    notifications.notify(
        vetters,
        Notification.Kind.ENTERPRISE_TO_VET,
        link=reverse("employers-detail", args=[enterprise.pk]),
        actor=actor,
        enterprise=enterprise.name,
    )


# After a platform admin clears someone's flag, that person may not flag the posting again
# for this long: a cleared flag is an answer, not an invitation to ask again at once.
REFLAG_AFTER = datetime.timedelta(days=30)


@transaction.atomic
def flag_raise(*, project: Project, actor: User, reason: str) -> Flag:
    if not reason.strip():
        raise Invalid("reason", _("Say what looks suspicious."))
    # Two flags of one person racing past the daily limit: their user row is the lock.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    now = timezone.now()
    if Flag.objects.filter(project=project, upheld_at__isnull=False).exists():
        raise Conflict(_("This posting is withdrawn already."))
    if Flag.objects.filter(project=project, flagged_by=actor, cleared_at__gte=now - REFLAG_AFTER).exists():
        raise Conflict(
            _(
                "A platform admin checked your flag on this posting and cleared it less than "
                "%(days)d days ago: you cannot flag it again yet."
            )
            % {"days": REFLAG_AFTER.days}
        )
    raised_today = Flag.objects.filter(
        flagged_by=actor, created_at__gte=now - datetime.timedelta(days=1)
    ).count()
    if raised_today >= settings.FLAGS_PER_DAY:
        raise TooMany(
            _(
                "You have flagged %(count)d postings in the last 24 hours, the most allowed: "
                "try again tomorrow, or write to a platform admin."
            )
            % {"count": raised_today}
        )
    try:
        with transaction.atomic():
            return Flag.objects.create(project=project, flagged_by=actor, reason=reason.strip())
    except IntegrityError:
        raise Conflict(
            _("You have flagged this posting already; a platform admin is looking at it.")
        ) from None


def _lock_open(flag: Flag) -> Flag:
    flag = Flag.objects.select_for_update(of=("self",)).select_related("project").get(pk=flag.pk)
    if flag.cleared_at is not None:
        raise Conflict(_("The flag is cleared already."))
    if flag.upheld_at is not None:
        raise Conflict(_("The flag is upheld already."))
    return flag


@transaction.atomic
def flag_clear(*, flag: Flag, actor: User, note: str) -> Flag:
    flag = _lock_open(flag)
    if not note.strip():
        raise Invalid("note", _("Say what was checked."))
    flag.cleared_by = actor
    flag.cleared_at = timezone.now()
    flag.clear_note = note.strip()
    flag.save(update_fields=["cleared_by", "cleared_at", "clear_note"])
    return flag


@transaction.atomic
def flag_uphold(*, flag: Flag, actor: User, note: str) -> Flag:
    """The posting is what the flag said: it is withdrawn from students and the public for
    good, every open flag on it is answered with it, and its enterprise's engineers are told
    why, in the platform admin's words (never who flagged it). A posting nobody works on yet
    closes through its own workflow (abandoned); one under way or delivered stays with the
    people working on it and is only hidden from everyone else."""
    flag = _lock_open(flag)
    note = note.strip()
    if not note:
        raise Invalid("note", _("Say why the posting is withdrawn: its enterprise reads it."))
    now = timezone.now()
    flag.upheld_by = actor
    flag.upheld_at = now
    flag.uphold_note = note
    flag.save(update_fields=["upheld_by", "upheld_at", "uphold_note"])
    # The other open flags on the posting asked the same question: one UPDATE answers them
    # (it sends no signal, so the public catalogue is told below).
    Flag.objects.open().filter(project_id=flag.project_id).update(
        upheld_by=actor, upheld_at=now, uphold_note=note
    )
    public_cache.bump("projects")
    project = services.project_withdraw(project=flag.project, actor=actor)
    notifications.notify(
        notifications.engineers_of(project.enterprise_id),
        Notification.Kind.POSTING_WITHDRAWN,
        link=reverse("projects-detail", args=[project.pk]),
        actor=actor,
        project=project.title,
        reason=note,
    )
    return flag
