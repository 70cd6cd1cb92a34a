"""The login page: allauth's, answering 429 once failed attempts are rate limited."""

from typing import Any, cast

from allauth.account import views as allauth_views
from allauth.account.adapter import get_adapter
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language

from . import notifications
from .models import Notification, User


class LoginView(allauth_views.LoginView):
    """allauth's login, answering 429 (not the form again) once failures are rate limited."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["signup_open"] = get_adapter(self.request).is_open_for_signup(self.request)
        return context

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if any(error.code == "too_many_login_attempts" for error in form.non_field_errors().as_data()):
            response.status_code = 429
        return response


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
