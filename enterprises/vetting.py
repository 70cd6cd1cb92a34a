"""Employer vetting and flagged postings.

An enterprise joins as pending; a college administrator or a platform admin approves it
with a checklist: its unified social credit code (18 characters whose last is the check
character of GB 32100-2015), its contact verified, the date of a site visit. Until then its
projects are shown neither to students nor to the public (``permissions.ProjectPolicy``).

Anyone logged in may flag a posting as suspicious, with a reason; while a flag is open the
project is hidden from students and the public, and a platform admin clears it after
checking, saying what was checked.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.errors import Conflict, Invalid
from accounts.models import User

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
    return enterprise


def flag_raise(*, project: Project, actor: User, reason: str) -> Flag:
    if not reason.strip():
        raise Invalid("reason", _("Say what looks suspicious."))
    try:
        with transaction.atomic():
            return Flag.objects.create(project=project, flagged_by=actor, reason=reason.strip())
    except IntegrityError:
        raise Conflict(
            _("You have flagged this posting already; a platform admin is looking at it.")
        ) from None


@transaction.atomic
def flag_clear(*, flag: Flag, actor: User, note: str) -> Flag:
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.cleared_at is not None:
        raise Conflict(_("The flag is cleared already."))
    if not note.strip():
        raise Invalid("note", _("Say what was checked."))
    flag.cleared_by = actor
    flag.cleared_at = timezone.now()
    flag.clear_note = note.strip()
    flag.save(update_fields=["cleared_by", "cleared_at", "clear_note"])
    return flag
