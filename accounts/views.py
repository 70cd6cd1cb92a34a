"""The login page: allauth's, answering 429 once failed attempts are rate limited."""

import logging
from smtplib import SMTPException
from typing import Any, cast

from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from . import imports, mfa, notifications, throttles
from .models import ImportJob, Notification, User
from .pagekit import partial_requested, varies_with_htmx
from .services import token_issue, token_revoke, tokens_of

logger = logging.getLogger(__name__)


class LoginView(allauth_views.LoginView):
    """allauth's login (its second-factor stage included), with attempts counted before the
    password is checked (``accounts.throttles``): past the limit, 429 and a clear message."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["signup_open"] = get_adapter(self.request).is_open_for_signup(self.request)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        login = str(request.POST.get("login", ""))[:254]
        verdict = throttles.attempt(request, login)
        if not verdict.allowed:
            form = self.get_form()
            minutes = max(1, round(verdict.retry_after / 60))
            form.errors.clear()
            form.add_error(
                None,
                ngettext(
                    "Too many failed login attempts for this account or from this address. Try again in %(n)s minute.",
                    "Too many failed login attempts for this account or from this address. Try again in %(n)s minutes.",
                    minutes,
                )
                % {"n": minutes},
            )
            response = self.render_to_response(self.get_context_data(form=form), status=429)
            response["Retry-After"] = str(verdict.retry_after)
            return response
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        # The password was right (allauth's form authenticates in its clean()).
        throttles.succeeded(self.request, form.user)
        return super().form_valid(form)


class PasswordResetView(allauth_views.PasswordResetView):
    """allauth's password reset, saying so plainly when the e-mail cannot leave (no mail
    server, or it refuses) instead of failing."""

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            return super().form_valid(form)
        except (SMTPException, OSError):
            logger.exception("The password reset e-mail could not be sent")
            form.add_error(
                None,
                _(
                    "The e-mail with the reset link could not be sent just now. Try again later, "
                    "or ask your college's administrator to send you a new link."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=503)


# --- The inbox ----------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """Everything the person was told, newest first; unread ones stand out."""
    rows = Notification.objects.filter(recipient=cast(User, request.user)).order_by("-created_at", "-id")
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    items = [{"row": n, "text": notifications.text(n)} for n in page.object_list]
    return render(request, "accounts/inbox.html", {"page": page, "items": items})


@login_required
@require_POST
def inbox_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a notification read and go where it points (a page of this site)."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    if notification.read_at is None:
        Notification.objects.filter(pk=pk).update(read_at=timezone.now())
    if notification.link.startswith("/") and not notification.link.startswith("//"):
        return redirect(notification.link)
    return redirect("inbox")


@login_required
@require_POST
def inbox_read_all(request: HttpRequest) -> HttpResponse:
    Notification.objects.filter(recipient=cast(User, request.user), read_at=None).update(
        read_at=timezone.now()
    )
    messages.success(request, _("Everything in your inbox is marked read."))
    return redirect("inbox")


# --- The profile --------------------------------------------------------------------------


class ProfileForm(forms.ModelForm[User]):
    email_events = forms.MultipleChoiceField(
        label=gettext_lazy("Also send me an e-mail for"),
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "language"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.instance
        self.fields["email_events"].initial = user.email_events or list(notifications.ACT_ON)
        cast(forms.ChoiceField, self.fields["language"]).choices = [("", _("As my browser asks"))] + [
            (code, "中文" if code == "zh-hans" else "English") for code, _name in settings.LANGUAGES
        ]


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Name, e-mail, language (also of e-mails), which notifications e-mail, password,
    two-factor authentication, and the download of everything the portal holds on you."""
    user = cast(User, request.user)
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        user = form.save(commit=False)
        user.email_events = form.cleaned_data["email_events"]
        user.save(update_fields=["first_name", "last_name", "email", "language", "email_events"])
        messages.success(request, _("Your profile is saved."))
        response = redirect("profile")
        if user.language:
            translation.activate(user.language)
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
        return response
    return render(request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch, which also remembers the choice for a logged-in person (their
    e-mails are written in it)."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        User.objects.filter(pk=request.user.pk).update(language=language)
    return response


# --- API tokens -----------------------------------------------------------------------------


@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's API tokens: make one (its secret shown once), see when each expires,
    revoke any."""
    user = cast(User, request.user)
    secret = None
    if request.method == "POST":
        if request.POST.get("revoke"):
            if token_revoke(user, str(request.POST["revoke"])):
                messages.success(request, _("The token is revoked: it no longer works."))
            return redirect("api-tokens")
        if mfa.required(user) and not mfa.enabled(user):
            raise PermissionDenied(_("Set up two-factor authentication first."))
        _instance, secret = token_issue(user, request=request)
    return render(request, "accounts/api_tokens.html", {"tokens": tokens_of(user), "secret": secret})


@login_required
@require_GET
def import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """An import's progress while it runs (the page asks again every second), then its answer:
    the rows created, or every problem by line."""
    job = get_object_or_404(ImportJob, pk=pk, user=request.user)
    importer = imports.IMPORTERS.get(job.kind)
    if importer is None:
        raise Http404
    progress = imports.progress(job)
    running = job.state in (ImportJob.State.WAITING, ImportJob.State.RUNNING)
    context = {
        "job": job,
        "importer": importer,
        "running": running,
        "progress": progress,
        "percent": round(100 * progress["done"] / progress["total"]) if progress["total"] else 0,
        "upload_url": reverse(importer.upload, args=[job.kind] if importer.upload == "import" else []),
    }
    template = "accounts/import_status.html" if partial_requested(request) else "accounts/import_job.html"
    response = render(request, template, context)
    varies_with_htmx(response)
    return response
