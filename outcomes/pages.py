"""Graduate destinations in the web application: the college's list and record of them, the
graduate's own answer, and the rates with their definitions and rows."""

from typing import Any, cast

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts import imports
from accounts.errors import Conflict, Invalid
from accounts.models import Role, User
from accounts.pagekit import Column, Section
from colleges.models import Major

from . import services
from .forms import DestinationForm, ImportForm, RatesForm, RemindForm
from .imports import COLUMNS, OPTIONAL, TEMPLATE
from .models import Category, Destination, Source
from .permissions import DestinationPolicy, may_read_rates, may_see_rate_rows
from .rates import rates

MAX_IMPORT_BYTES = 20 * 1024 * 1024


def person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def _majors(request: HttpRequest | None) -> Any:
    """The majors a list may be narrowed to: the reader's college's, when they have one."""
    majors = Major.objects.select_related("college").order_by("name")
    college_id = getattr(getattr(request, "user", None), "college_id", None)
    return majors.filter(college_id=college_id) if college_id else majors


class DestinationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="cohort", label=_("Graduation year"))
    major = django_filters.ModelChoiceFilter(label=_("Major"), queryset=_majors)
    category = django_filters.ChoiceFilter(
        label=_("Destination"), choices=Category.choices, empty_label=_("Any destination")
    )

    class Meta:
        model = Destination
        fields = ["year", "category", "major", "census_date"]


def _source(user: User, graduate: User) -> str:
    return Source.GRADUATE if graduate.pk == user.pk else Source.COLLEGE


def _create(user: User, data: dict[str, Any]) -> Destination:
    graduate = data.pop("graduate", None) or user
    if not DestinationPolicy().can(user, "create", {"graduate": graduate}):
        raise Invalid("graduate", str(_("You may not record this graduate's destination.")))
    return services.destination_record(
        actor=user,
        graduate=graduate,
        census_date=data.pop("census_date"),
        source=_source(user, graduate),
        must_be_new=True,
        **data,
    )


def _edit(row: Destination, user: User, data: dict[str, Any]) -> Destination:
    return services.destination_record(
        actor=user,
        graduate=row.graduate,
        census_date=row.census_date,
        source=_source(user, row.graduate),
        destination=row,
        **data,
    )


def _may_create(user: User) -> bool:
    if user.role == Role.COLLEGE_ADMIN:
        return user.college_id is not None
    profile = getattr(user, "learner_profile", None)
    return user.role == Role.STUDENT and profile is not None and profile.graduated_on is not None


def _in_field(row: Destination) -> Any:
    return {True: _("yes"), False: _("no"), None: "—"}[row.in_field]


def _reads_rates(user: User) -> bool:
    """Whether the rates page (which opens on the reader's own college) is theirs to read."""
    if user.college_id:
        return may_read_rates(user, user.college_id)
    return user.is_platform_admin or user.role == Role.EVALUATOR


DESTINATIONS = Section(
    name="destinations",
    title=_("Graduate destinations"),
    policy=DestinationPolicy(),
    queryset=lambda: Destination.objects.select_related("graduate", "employer", "major"),
    columns=[
        Column(_("Graduate"), lambda d: person(d.graduate), sort="graduate__last_name", link=True),
        Column(_("Graduation year"), "cohort", sort="cohort"),
        Column(_("Census date"), "census_date", sort="census_date"),
        Column(_("Destination"), "get_category_display", sort="category"),
        Column(_("Employer"), "employer_label"),
        Column(_("Region"), "region", sort="region"),
        Column(_("In field"), _in_field),
        Column(_("Source"), "get_source_display"),
    ],
    detail_template="outcomes/destination_detail.html",
    search_fields=("graduate__first_name", "graduate__last_name", "graduate__username", "employer_name"),
    filterset=DestinationFilter,
    default_ordering=("-cohort", "-census_date", "graduate_id"),
    create_form=DestinationForm,
    create=_create,
    create_label=_("Record a destination"),
    empty=_(
        "Graduates' destinations appear here as graduates answer the census, as the college "
        "imports its survey file or records them, and as employers confirm employment."
    ),
    create_permission=_may_create,
    edit_form=DestinationForm,
    edit=_edit,
    edit_initial=lambda d: {
        "category": d.category,
        "employer": d.employer_id,
        "employer_name": d.employer_name,
        "position": d.position,
        "region": d.region,
        "industry": d.industry,
        "salary_band": d.salary_band,
        "in_field": {True: "true", False: "false"}.get(d.in_field, ""),
    },
    form_kwargs=lambda u, row: {"user": u, "row": row},
    row_title=lambda d: f"{person(d.graduate)} · {d.census_date.isoformat()}",
    list_context=lambda request: {
        # The import and reminders are a college's: offered only to who may use them.
        "college_admin": DestinationPolicy().can(cast(User, request.user), "import")
        and cast(User, request.user).college_id is not None,
        "rates_reader": _reads_rates(cast(User, request.user)),
    },
    intro_template="outcomes/intro.html",
)


@login_required
def rates_page(request: HttpRequest) -> HttpResponse:
    """The five rates of a cohort at a census, each with its definition and its rows."""
    user = cast(User, request.user)
    # Without a query: the reader's college, last year's graduates, the first census.
    default = {"college": user.college_id, "year": timezone.localdate().year - 1} if user.college_id else None
    form = RatesForm(request.GET or default)
    context: dict[str, Any] = {"form": form}
    if form.is_valid():
        data = form.cleaned_data
        college = data["college"]
        if not may_read_rates(user, college.pk):
            raise Http404
        found, graduates, destinations = rates(
            college=college, year=data["year"], census_date=data["census"], major=data["major"]
        )
        shown = list(destinations.values())
        reasons = services.in_field_reasons(shown)
        context.update(
            rates=found,
            college=college,
            census=data["census"],
            rows=[
                {
                    "graduate": g.user,
                    "destination": destinations.get(g.user_id),
                    "reason": reasons.get(destinations[g.user_id].pk) if g.user_id in destinations else None,
                    "numerators": [r.label for r in found if g.user_id in r.numerator],
                    "denominators": [r.label for r in found if g.user_id in r.denominator],
                }
                for g in graduates
            ]
            if may_see_rate_rows(user, college.pk)
            else None,
        )
    return render(request, "outcomes/rates.html", context, status=400 if request.GET and form.errors else 200)


def _college_admin(request: HttpRequest) -> User:
    user = cast(User, request.user)
    if not DestinationPolicy().can(user, "import") or user.college is None:
        raise PermissionDenied(_("Only a college's administrators import and remind its graduates."))
    return user


@login_required
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload the college's destinations: imported in the background while the next page
    shows how far it has got; every row checked, all recorded or none."""
    user = _college_admin(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            form.add_error("file", _("At most 20 MB at a time."))
        else:
            job = imports.start("destinations", user=user, raw=upload.read(), language=get_language())
            return redirect("import-job", pk=job.pk)
    return render(
        request,
        "outcomes/import.html",
        {
            "form": form,
            "columns": COLUMNS,
            "optional": OPTIONAL,
            "categories": Category.choices,
            "census_dates": [d.isoformat() for d in services.census_dates(timezone.localdate().year - 1)],
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """An example file with every column, to fill in (UTF-8 with a byte-order mark, so that
    Excel opens the Chinese in it right)."""
    _college_admin(request)
    response = HttpResponse(("\ufeff" + TEMPLATE).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="destinations-template.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def remind_page(request: HttpRequest) -> HttpResponse:
    """Remind the graduates of a cohort who have not answered for a census date."""
    user = _college_admin(request)
    year = timezone.localdate().year - 1
    default = {"year": year, "census_date": services.census_dates(year)[0]}
    form = RemindForm(request.POST or None, initial=default, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.remind_unanswered(
                actor=user,
                college=user.college,  # type: ignore[arg-type]
                year=data["year"],
                census_date=data["census_date"],
                major=data["major"],
            )
        except Invalid as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        except Conflict as exc:
            form.add_error(None, exc.message)
        else:
            text = ngettext("%(n)s graduate reminded.", "%(n)s graduates reminded.", result["reminded"]) % {
                "n": result["reminded"]
            }
            if result["skipped"]:
                text += " " + ngettext(
                    "%(n)s skipped: reminded in the last seven days.",
                    "%(n)s skipped: reminded in the last seven days.",
                    result["skipped"],
                ) % {"n": result["skipped"]}
            if not result["reminded"] and not result["skipped"]:
                text = str(_("Every graduate of the cohort has answered for this census."))
            messages.success(request, text)
            return redirect("destinations-list")
    return render(request, "outcomes/remind.html", {"form": form}, status=400 if form.errors else 200)


DESTINATIONS.extra_urls = [
    path("destinations/rates/", rates_page, name="destination-rates"),
    path("destinations/import/", import_page, name="destinations-import"),
    path("destinations/import/template.csv", import_template, name="destinations-import-template"),
    path("destinations/remind/", remind_page, name="destinations-remind"),
]
SECTIONS = [DESTINATIONS]
