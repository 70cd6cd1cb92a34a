"""Graduate destinations in the web application: the college's list and record of them, the
graduate's own answer, and the rates with their definitions and rows."""

from typing import Any, cast

import django_filters
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import Invalid
from accounts.models import Role, User
from accounts.pagekit import Column, Section

from . import services
from .forms import DestinationForm, RatesForm
from .models import Category, Destination, Source
from .permissions import DestinationPolicy, may_read_rates, may_see_rate_rows
from .rates import rates


def person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else "—"


class DestinationFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(field_name="cohort", label=_("Graduation year"))
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
    list_context=lambda request: {},
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
        context.update(
            rates=found,
            college=college,
            census=data["census"],
            rows=[
                {
                    "graduate": g.user,
                    "destination": destinations.get(g.user_id),
                    "numerators": [r.label for r in found if g.user_id in r.numerator],
                    "denominators": [r.label for r in found if g.user_id in r.denominator],
                }
                for g in graduates
            ]
            if may_see_rate_rows(user, college.pk)
            else None,
        )
    return render(request, "outcomes/rates.html", context, status=400 if request.GET and form.errors else 200)


DESTINATIONS.extra_urls = [path("destinations/rates/", rates_page, name="destination-rates")]
SECTIONS = [DESTINATIONS]
