"""Two-factor authentication (allauth's TOTP and recovery codes) where the portal needs it
beyond allauth's own login stage: the token endpoint, the roles that must use it, and a TOTP
code that works once whatever the cache."""

import time
from typing import Any

from allauth.core.internal.cryptokit import compare_user_code
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt, is_mfa_enabled
from django.conf import settings
from django.db import IntegrityError, transaction

from .models import TotpStepUsed


def required(user: Any) -> bool:
    """Must this person use a second factor (platform admins and evaluators, by default)?"""
    role = "platform_admin" if getattr(user, "is_platform_admin", False) else getattr(user, "role", "")
    return role in settings.MFA_REQUIRED_ROLES


def enabled(user: Any) -> bool:
    return bool(user.is_authenticated and is_mfa_enabled(user, [Authenticator.Type.TOTP]))


def _step_of(authenticator: Authenticator, code: str, since: float) -> int | None:
    """The time step whose code ``code`` is, among those allauth may have accepted between
    ``since`` and now (its tolerance either side)."""
    secret = decrypt(authenticator.data["secret"])
    period, tolerance = mfa_settings.TOTP_PERIOD, mfa_settings.TOTP_TOLERANCE
    first, last = int(since) // period - tolerance, int(time.time()) // period + tolerance
    for step in range(first, last + 1):
        if compare_user_code(actual=code, expected=format_hotp_value(hotp_value(secret, step))):
            return step
    return None


def totp_use(authenticator: Authenticator, code: str, *, since: float) -> bool:
    """Record, in the database, that the accepted TOTP ``code`` was used; False when a code of
    its time step (or a later one) was used already, so the login must be refused.

    ``since`` is when the code's check began: allauth accepted it for a step current then or
    after. Two logins racing with one code both pass allauth's check when the cache is per
    process; the conditional UPDATE (and the primary key, for the first use) lets one win."""
    step = _step_of(authenticator, code, since)
    if step is None:
        # Only allauth's bypass code for end-to-end tests is accepted without a step; it
        # cannot be set without DEBUG.
        return bool(mfa_settings.TOTP_INSECURE_BYPASS_CODE)
    if TotpStepUsed.objects.filter(authenticator=authenticator, step__lt=step).update(step=step):
        return True
    try:
        with transaction.atomic():
            TotpStepUsed.objects.create(authenticator=authenticator, step=step)
    except IntegrityError:  # this step, or a later one, was used
        return False
    return True


def _accept(authenticator: Authenticator, code: str) -> bool:
    since = time.time()
    if not authenticator.wrap().validate_code(code):
        return False
    return authenticator.type != Authenticator.Type.TOTP or totp_use(authenticator, code, since=since)


def check_code(user: Any, code: str) -> bool:
    """Whether ``code`` is the person's current TOTP code, not used yet, or one of their
    unused recovery codes (each works once)."""
    code = (code or "").strip()
    if not code:
        return False
    for authenticator in Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ):
        if _accept(authenticator, code):
            authenticator.record_usage()
            return True
    return False


class _CodeOnce:
    """allauth's code forms (the login's second step, reauthentication), refusing a TOTP code
    that was used before, whatever allauth's cache remembers (``MFA_FORMS``)."""

    authenticator: Authenticator

    def clean_code(self) -> str:
        since = time.time()
        code: str = super().clean_code()  # type: ignore[misc]
        if self.authenticator.type == Authenticator.Type.TOTP and not totp_use(
            self.authenticator, code, since=since
        ):
            raise get_mfa_adapter().validation_error("incorrect_code")
        return code


class AuthenticateForm(_CodeOnce, AllauthAuthenticateForm):
    pass


class ReauthenticateForm(_CodeOnce, AllauthReauthenticateForm):
    pass
