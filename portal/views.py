"""The pages that span apps: the landing page, the health check, each role's dashboard, the
public catalogue, a person's data, and CSV imports.

This is the top layer: it reads every app below it and owns no rules of its own; the
actions its pages offer post to the apps' own sections, which call their services.
"""

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.contrib.auth import authenticate, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import F
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import imports
from accounts.models import Role, User
from accounts.pagekit import Action
from accounts.people import PEOPLE
from colleges.models import College
from courses.models import Offering
from enterprises.models import Enterprise, Project
from enterprises.permissions import ProjectPolicy

from .api import export_response
from .dashboards import DASHBOARDS, admin_dashboard
from .imports import IMPORTS, MAX_IMPORT_BYTES
from .privacy import erase_person


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    stats = {
        "colleges": College.objects.count(),
        "enterprises": Enterprise.objects.count(),
        "open_projects": Project.objects.filter(
            status=Project.Status.OPEN, visibility=Project.Visibility.PUBLIC
        ).count(),
        "offerings": Offering.objects.count(),
    }
    return render(request, "portal/home.html", {"stats": stats})


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: under the hashed static storage the name exists only once
    # collectstatic has run, which is after the URLs are first imported.
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


@require_GET
def livez(request: HttpRequest) -> HttpResponse:
    """The process answers (touches nothing: no database, no cache). A load balancer's
    liveness probe, and the ceiling ``make bench`` measures every endpoint against."""
    return HttpResponse(b'{"status":"ok"}', content_type="application/json")


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Each role's dashboard at one address."""
    user = cast(User, request.user)
    if user.is_platform_admin:
        return admin_dashboard(request)
    return DASHBOARDS[Role(user.role)](request)


@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    """For anyone: open public projects and course offerings with free seats."""
    projects = (
        ProjectPolicy()
        .visible(
            request.user,
            Project.objects.filter(status=Project.Status.OPEN, visibility=Project.Visibility.PUBLIC),
        )
        .select_related("enterprise")
        .prefetch_related("skills")
        .order_by("-created_at")[:12]
    )
    offerings = (
        Offering.objects.filter(enrolled__lt=F("capacity"))
        .select_related("module__course__college")
        .order_by("-term", "module__title")[:12]
    )
    return render(request, "portal/catalogue.html", {"projects": projects, "offerings": offerings})


@login_required
@require_GET
def my_data(request: HttpRequest) -> HttpResponse:
    """Everything the portal holds about the person, as JSON files in a zip."""
    return export_response(cast(User, request.user))


# --- CSV imports from the pages --------------------------------------------------------------


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 or GB18030, as Excel saves it. The first line names the columns."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("At most 20 MB at a time."))
        return upload


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload a CSV: it is imported in the background while the next page shows how far it
    has got; every row is checked, and all rows are written or none, every problem listed
    by line."""
    spec = IMPORTS.get(kind)
    if spec is None:
        raise Http404
    if not spec.policy.can(request.user, "import"):
        raise PermissionDenied(_("You may not import these rows."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = imports.start(
            kind, user=cast(User, request.user), raw=form.cleaned_data["file"].read(), language=get_language()
        )
        return redirect("import-job", pk=job.pk)
    return render(
        request,
        "portal/import.html",
        {"form": form, "spec": spec, "kind": kind},
        status=400 if form.errors else 200,
    )


# --- Erasure from the pages -------------------------------------------------------------------


class EraseForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput, strip=False)


@login_required
@require_http_methods(["GET", "POST"])
def erase_me(request: HttpRequest) -> HttpResponse:
    """Erase oneself, the password confirming it."""
    user = cast(User, request.user)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if authenticate(request, username=user.username, password=form.cleaned_data["password"]) is None:
            form.add_error("password", _("The password is not right."))
        else:
            erase_person(user, actor=user)
            logout(request)
            messages.success(request, _("Your account and everything that named you are erased."))
            return redirect("home")
    return render(request, "portal/erase.html", {"form": form}, status=400 if form.errors else 200)


PEOPLE.actions = [
    *PEOPLE.actions,
    Action(
        "erase",
        gettext_lazy("Erase"),
        "erase",
        lambda person, actor, data: erase_person(person, actor=actor),
        gettext_lazy("The person is erased: their name, e-mail and free text are gone; the figures stay."),
        confirm=gettext_lazy(
            "Erase this person on their request? Their name, e-mail and what they wrote are deleted for good; "
            "the anonymous records that feed the figures stay."
        ),
        style="danger",
    ),
]
