"""Logging in with a mobile number and a code sent by SMS, changing and verifying one's
number, and choosing a new password with a code sent by SMS.

allauth's login by code and phone verification do most of it (``ACCOUNT_LOGIN_METHODS``
with "phone", ``ACCOUNT_FORMS``); the portal adds: only a verified number logs in, a number
is one account's (a clear error when another account holds it), and the SMS limits and
gateway failures (``accounts.adapters``) become a clear message (429, or 503) instead of an
error page. allauth has no password reset by SMS: ``PasswordResetBySms`` is one, built on
its code verification process and password reset flow.
"""

import logging
from typing import Any

from allauth.account import app_settings as account_settings
from allauth.account import forms as allauth_forms
from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from allauth.account.internal.flows import password_reset
from allauth.account.internal.flows.code_verification import AbstractCodeVerificationProcess
from allauth.account.internal.stagekit import clear_login, get_pending_stage
from allauth.account.stages import LoginByCodeStage
from allauth.core.internal.cryptokit import compare_user_code
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from . import sms
from .adapters import PhoneField, SmsRefused
from .models import User

logger = logging.getLogger(__name__)


def too_many_message(retry_after: int) -> str:
    minutes = max(1, round(retry_after / 60))
    return ngettext(
        "Too many codes were sent to this number or from this address. Try again in %(n)s minute.",
        "Too many codes were sent to this number or from this address. Try again in %(n)s minutes.",
        minutes,
    ) % {"n": minutes}


def gateway_message() -> str:
    return _(
        "The text message could not be sent just now. Try again in a few minutes, or log in another way."
    )


def refused_response(view: Any, form: Any, error: Exception) -> HttpResponse:
    """The form again, saying why no code was sent: over the limits (429) or the gateway
    failed (503, already logged by ``accounts.sms``)."""
    if isinstance(error, SmsRefused):
        form.add_error(None, too_many_message(error.retry_after))
        response = view.render_to_response(view.get_context_data(form=form), status=429)
        response["Retry-After"] = str(error.retry_after)
        return response
    form.add_error(None, gateway_message())
    return view.render_to_response(view.get_context_data(form=form), status=503)


class _SendsSms:
    """A view whose valid form sends a code: its refusals are the form's errors."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)  # type: ignore[misc]
        except (SmsRefused, sms.SmsFailed) as error:
            return refused_response(self, form, error)

    def form_invalid(self, form: Any) -> HttpResponse:
        response: HttpResponse = super().form_invalid(form)  # type: ignore[misc]
        response.status_code = 400
        return response


# --- Forms (``ACCOUNT_FORMS``) ---------------------------------------------------------------


class RequestLoginCodeForm(allauth_forms.RequestLoginCodeForm):
    """A code by SMS to a mobile number (codes by e-mail are not offered). A number that
    is not verified logs in nobody: it is answered like an unknown one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("email", None)
        self.fields["phone"].required = True
        self.fields["phone"].help_text = _("11 digits such as 13812345678, or with +86.")

    def clean_phone(self) -> str:
        phone: str = super().clean_phone()
        user: Any = getattr(self, "_user", None)
        if user is not None and not getattr(user, "phone_verified", False):
            self._user = None
        return phone


class _SmsCode:
    """The code field as a code by SMS: six digits, offered by the phone's keyboard."""

    fields: dict[str, Any]

    def _sms_code(self) -> None:
        field = self.fields["code"]
        field.label = _("Code from the SMS")
        field.widget.attrs.update(
            {"inputmode": "numeric", "autocomplete": "one-time-code", "placeholder": ""}
        )


class ConfirmLoginCodeForm(_SmsCode, allauth_forms.ConfirmLoginCodeForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sms_code()


class VerifyPhoneForm(_SmsCode, allauth_forms.VerifyPhoneForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._sms_code()


class ChangePhoneForm(allauth_forms.ChangePhoneForm):
    """A new number for oneself: refused plainly when another account holds it."""

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        others = User.objects.filter(phone=phone)
        if self.user is not None:
            others = others.exclude(pk=self.user.pk)
        if phone and others.exists():
            raise forms.ValidationError(
                _("This mobile number belongs to another account."), code="phone_taken"
            )
        result: str = super().clean_phone()
        return result


# --- Views --------------------------------------------------------------------------------


class RequestLoginCodeView(_SendsSms, allauth_views.RequestLoginCodeView):
    """Coming back to ask for a code (another number, a new code) starts afresh: allauth
    would send the person back to the code they were waiting for."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        stage = get_pending_stage(request)
        if not request.user.is_authenticated and stage is not None and stage.key == LoginByCodeStage.key:
            clear_login(request)
        return super().dispatch(request, *args, **kwargs)


class ChangePhoneView(_SendsSms, allauth_views.ChangePhoneView):
    pass


# --- Password reset by SMS ----------------------------------------------------------------

SESSION_KEY = "password_reset_by_sms"


class PasswordResetBySms(AbstractCodeVerificationProcess):
    """A code sent to a verified number; with it, a new password. Kept in the session,
    expiring after ``ACCOUNT_PASSWORD_RESET_BY_CODE_TIMEOUT`` and after its allowed
    wrong attempts (``ACCOUNT_PASSWORD_RESET_BY_CODE_MAX_ATTEMPTS``)."""

    def __init__(self, request: HttpRequest, state: dict[str, Any], user: Any = None) -> None:
        self.request = request
        super().__init__(
            state=state,
            timeout=account_settings.PASSWORD_RESET_BY_CODE_TIMEOUT,
            max_attempts=account_settings.PASSWORD_RESET_BY_CODE_MAX_ATTEMPTS,
            user=user,
        )

    def persist(self) -> None:
        self.request.session[SESSION_KEY] = self.state

    def abort(self) -> None:
        self.request.session.pop(SESSION_KEY, None)

    def send(self) -> None:
        adapter = get_adapter(self.request)
        phone = self.state["phone"]
        if self.user is None:
            adapter.send_unknown_account_sms(phone)
            return
        code = adapter._generate_phone_verification_code_compat(user=self.user, phone=phone)
        adapter.send_verification_code_sms(user=self.user, phone=phone, code=code)
        self.state["code"] = code

    @classmethod
    def initiate(cls, request: HttpRequest, phone: str) -> "PasswordResetBySms":
        user = User.objects.filter(phone=phone, phone_verified=True, is_active=True).first()
        process = cls(request, cls.initial_state(user, phone=phone), user=user)
        process.send()
        process.persist()
        return process

    @classmethod
    def resume(cls, request: HttpRequest) -> "PasswordResetBySms | None":
        state = request.session.get(SESSION_KEY)
        if not state:
            return None
        result: PasswordResetBySms | None = cls(request, state).abort_if_invalid()
        return result


class PhoneResetForm(forms.Form):
    phone = PhoneField(help_text=gettext_lazy("The verified mobile number of your account."))


class PhoneResetConfirmForm(allauth_forms.ResetPasswordKeyForm):
    code = forms.CharField(
        label=gettext_lazy("Code from the SMS"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    field_order = ["code", "password1", "password2"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.expected_code = kwargs.pop("code", "")
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        if not self.expected_code or not compare_user_code(actual=code, expected=self.expected_code):
            raise forms.ValidationError(_("The code is not right."), code="incorrect_code")
        return code


@require_http_methods(["GET", "POST"])
def password_reset_phone(request: HttpRequest) -> HttpResponse:
    """Ask for a code by SMS to choose a new password. Whether the number belongs to an
    account or not, the next page is the same (nothing is given away)."""
    form = PhoneResetForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                PasswordResetBySms.initiate(request, form.cleaned_data["phone"])
            except SmsRefused as error:
                form.add_error(None, too_many_message(error.retry_after))
                response = render(request, "account/password_reset_phone.html", {"form": form}, status=429)
                response["Retry-After"] = str(error.retry_after)
                return response
            except sms.SmsFailed:
                form.add_error(None, gateway_message())
                return render(request, "account/password_reset_phone.html", {"form": form}, status=503)
            return redirect("account_reset_password_phone_confirm")
        status = 400
    return render(request, "account/password_reset_phone.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def password_reset_phone_confirm(request: HttpRequest) -> HttpResponse:
    """The code from the SMS and the new password."""
    process = PasswordResetBySms.resume(request)
    if process is None:
        messages.error(request, _("The code has expired or was used up. Ask for a new one."))
        return redirect("account_reset_password_phone")
    form = PhoneResetConfirmForm(request.POST or None, user=process.user, code=process.code)
    if request.method == "POST":
        if form.is_valid() and process.user is not None:
            form.save()
            process.abort()
            response = password_reset.finalize_password_reset(request, process.user)
            return response or redirect("account_login")
        if "code" in form.errors and not process.record_invalid_attempt():
            messages.error(request, _("Too many wrong codes. Ask for a new one."))
            return redirect("account_reset_password_phone")
    context = {"form": form, "phone": process.state.get("phone", "")}
    return render(
        request, "account/password_reset_phone_confirm.html", context, status=400 if form.errors else 200
    )
