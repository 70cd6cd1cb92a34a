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
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.api.csv_import import import_rows
from accounts.models import Role, User
from accounts.pagekit import Action
from accounts.people import PEOPLE
from colleges.api.serializers import CohortSerializer
from colleges.models import College
from colleges.permissions import CohortPolicy
from courses.api.lifelong import CertificateSerializer
from courses.lifelong import certificate_submit
from courses.models import Offering
from courses.permissions import CertificatePolicy
from enterprises.api.serializers import TalentDemandSerializer
from enterprises.models import Enterprise, Project
from enterprises.permissions import ProjectPolicy, TalentDemandPolicy
from ledger import changes

from .api import export_response
from .dashboards import DASHBOARDS, admin_dashboard
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


def _save_demand(serializer: Any) -> None:
    serializer.save()
    changes.radar_input_changed()


def _save_cohort(serializer: Any) -> None:
    serializer.save()
    changes.radar_input_changed()


IMPORTS: dict[str, dict[str, Any]] = {
    "talent-demand": {
        "title": gettext_lazy("Import talent demand"),
        "serializer": TalentDemandSerializer,
        "policy": TalentDemandPolicy(),
        "save": _save_demand,
        "columns": "enterprise, skill, headcount, year, region",
        "back": "talent-demand-list",
    },
    "cohorts": {
        "title": gettext_lazy("Import cohorts (expected graduates)"),
        "serializer": CohortSerializer,
        "policy": CohortPolicy(),
        "save": _save_cohort,
        "columns": "major, year, graduates",
        "back": "majors-list",
    },
    "certificates": {
        "title": gettext_lazy("Import certificates"),
        "serializer": CertificateSerializer,
        "policy": CertificatePolicy(),
        "save": lambda serializer: certificate_submit(**serializer.validated_data),
        "columns": "learner, certificate_type, issued_on, number",
        "back": "certificates-list",
    },
}


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file"),
        help_text=gettext_lazy("UTF-8 or GB18030, as Excel saves it. The first line names the columns."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest, kind: str) -> HttpResponse:
    """Upload a CSV: every row is checked; all rows are written, or none and every problem is
    listed by line."""
    spec = IMPORTS.get(kind)
    if spec is None:
        raise Http404
    if not spec["policy"].can(request.user, "import"):
        raise PermissionDenied(_("You may not import these rows."))
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_rows(
            form.cleaned_data["file"].read(),
            user=request.user,
            serializer_class=spec["serializer"],
            policy=spec["policy"],
            save=spec["save"],
            context={"request": request},
        )
    return render(
        request,
        "portal/import.html",
        {"form": form, "result": result, "spec": spec},
        status=400 if result and result["errors"] else 200,
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
