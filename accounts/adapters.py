import time
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django import forms
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from . import mfa, sms, throttles
from .models import User


class PhoneField(forms.CharField):
    """A mobile number as people type it (13812345678, +86 138 1234 5678), cleaned to the
    E.164 form the portal stores (``accounts.sms.normalise``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Mobile number"))
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return sms.normalise(value) if value else value


class SmsRefused(Exception):
    """Too many codes were sent to this number or from this address: nothing was sent."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(retry_after)
        self.retry_after = retry_after


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by platform admins; self sign-up only when turned on. A person's
    mobile number is ``User.phone`` (E.164, one account's) and ``User.phone_verified``; codes
    go out by SMS through ``accounts.sms``, counted first by ``accounts.throttles``."""

    # --- Mobile numbers -----------------------------------------------------------------

    def phone_form_field(self, **kwargs: Any) -> Any:
        return PhoneField(**kwargs)

    def clean_phone(self, phone: str) -> str:
        try:
            return sms.normalise(phone)
        except ValidationError as error:
            raise forms.ValidationError(error.messages[0], code="invalid_phone") from error

    def set_phone(self, user: AbstractBaseUser, phone: str, verified: bool) -> None:
        User.objects.filter(pk=user.pk).update(phone=phone, phone_verified=verified)
        user.phone, user.phone_verified = phone, verified  # type: ignore[attr-defined]

    def get_phone(self, user: AbstractBaseUser) -> tuple[str, bool] | None:
        phone = getattr(user, "phone", None)
        return (phone, bool(getattr(user, "phone_verified", False))) if phone else None

    def set_phone_verified(self, user: AbstractBaseUser, phone: str) -> None:
        # Changing a number records the new one only once its code is confirmed.
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str) -> AbstractBaseUser | None:
        """The active account holding ``phone``, verified or not (a number is one account's);
        logging in with it takes a verified one (``accounts.backends``, ``accounts.phone``).
        The password login hands over the number as typed."""
        try:
            phone = sms.normalise(phone)
        except ValidationError:
            return None
        return User.objects.filter(phone=phone, is_active=True).first()

    def _count_sms(self, phone: str) -> None:
        request = getattr(context, "request", None) or self.request
        verdict = throttles.sms_attempt(request, phone)
        if not verdict.allowed:
            raise SmsRefused(verdict.retry_after)

    def send_verification_code_sms(
        self, user: AbstractBaseUser, phone: str, code: str, **kwargs: Any
    ) -> None:
        """Counted per number and per address first (``SmsRefused`` past the limits), then
        sent (``sms.SmsFailed`` when the gateway refuses or does not answer)."""
        self._count_sms(phone)
        sms.send_code(phone, code)

    def send_unknown_account_sms(self, phone: str, **kwargs: Any) -> None:
        # Counted like a real code, so the limits say nothing about whether the number is
        # known; nothing is sent (a message to a stranger's phone would cost and annoy).
        self._count_sms(phone)

    def send_account_already_exists_sms(self, phone: str) -> None:
        self._count_sms(phone)

    def get_login_stages(self) -> list[str]:
        # allauth would stop every login of a person whose number is not verified yet (a
        # roster gives numbers) to verify it; they verify it from their profile instead.
        return [s for s in super().get_login_stages() if s != "allauth.account.stages.PhoneVerificationStage"]

    # --- Sign-up and re-authentication ------------------------------------------------------

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
