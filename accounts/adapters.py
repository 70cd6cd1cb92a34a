import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django.conf import settings
from django.http import HttpRequest

from . import mfa


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by platform admins; self sign-up only when turned on."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return bool(getattr(settings, "ACCOUNT_ALLOW_SIGNUP", False))

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """A person whose role must use two-factor authentication is led to set it up right
        after logging in; allauth would first ask for the password they typed seconds ago
        (it counts only an explicit re-authentication as recent). A login within the
        re-authentication timeout proves the same thing, so setting up a first second factor
        then goes straight on. Anything else (a second device, removing one) still asks."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        request = getattr(context, "request", None)
        if not required or app != "allauth.mfa" or request is None:
            return required
        user = request.user
        if not user.is_authenticated or mfa.enabled(user):
            return required
        records = get_authentication_records(request, user)
        logged_in_at = max((r.get("at", 0) for r in records), default=0)
        return time.time() - logged_in_at >= account_settings.REAUTHENTICATION_TIMEOUT
