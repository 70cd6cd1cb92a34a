"""Two-factor authentication (allauth's TOTP and recovery codes) where the portal needs it
beyond allauth's own login stage: the token endpoint, and the roles that must use it."""

from typing import Any

from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings


def required(user: Any) -> bool:
    """Must this person use a second factor (platform admins and evaluators, by default)?"""
    role = "platform_admin" if getattr(user, "is_platform_admin", False) else getattr(user, "role", "")
    return role in settings.MFA_REQUIRED_ROLES


def enabled(user: Any) -> bool:
    return bool(user.is_authenticated and is_mfa_enabled(user, [Authenticator.Type.TOTP]))


def check_code(user: Any, code: str) -> bool:
    """Whether ``code`` is the person's current TOTP code or one of their unused recovery
    codes (a recovery code works once)."""
    code = (code or "").strip()
    if not code:
        return False
    for authenticator in Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES]
    ):
        if authenticator.wrap().validate_code(code):
            authenticator.record_usage()
            return True
    return False
