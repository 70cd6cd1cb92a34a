"""The web application's building blocks: a section is a list page (search, filters,
sorting, paging), a detail page per row with the actions the viewer may take, and forms
to create or edit rows where the viewer may.

Pages own no rules. The list and the detail show what the app's policy lets the viewer see
(``visible``: rows outside it are 404); an action runs only when the policy grants it
(``can``: else 403) and calls the same service the API calls; a refused action (the
service's domain error) comes back as a message on the page it was taken from.
"""

import datetime
import json
import operator
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import Promise, cached_property
from django.utils.html import format_html, strip_tags
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from . import csvfiles
from .errors import DomainError, Invalid
from .models import User
from .policies import Policy

Text = str | Promise
PAGE_SIZE = 25


class LongPaginator(Paginator):
    """A paginator that does not count a long list to show a page of it: it counts at most
    ``EXACT`` rows, and past that takes the planner's estimate (PostgreSQL), shown as "about";
    a ledger of millions of rows pages in milliseconds instead of a count of every row."""

    EXACT = 1_000
    estimated = False

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return super().count
        counted = rows.select_related(None).order_by()[: self.EXACT + 1].count()
        if counted <= self.EXACT or connection.vendor != "postgresql":
            return counted if counted <= self.EXACT else super().count
        plan = json.loads(rows.select_related(None).order_by().explain(format="json"))
        self.estimated = True
        return max(self.EXACT + 1, int(plan[0]["Plan"]["Plan Rows"]))


# Django's own words its Chinese catalogue does not have yet; ours translates them.
DJANGO_WORDS = [gettext_noop("- Select an option -")]


def partial_requested(request: HttpRequest) -> bool:
    """An htmx request for a part of a page (a boosted request wants the whole page)."""
    htmx: Any = getattr(request, "htmx", None)
    if not htmx:
        return False
    return not htmx.boosted and not htmx.history_restore_request


def varies_with_htmx(response: HttpResponseBase) -> HttpResponseBase:
    """A page that answers htmx with a part of itself must say so to caches."""
    patch_vary_headers(response, ["HX-Request"])
    return response


@dataclass
class Column:
    """A column of a list: its label, how a row shows in it, and how it sorts."""

    label: Text
    value: str | Callable[[Any], Any]  # a dotted attribute path, or a function of the row
    sort: str = ""  # the field to order by, if the column sorts
    template: str = ""  # a template that renders the cell (gets ``row``)
    link: bool = False  # the cell links to the row's page

    def render(self, row: Any) -> Any:
        if self.template:
            return render_to_string(self.template, {"row": row})
        if callable(self.value):
            return local_day(self.value(row))
        value: Any = row
        for part in self.value.split("."):
            value = getattr(value, part, None)
            if value is None:
                return "—"
            if callable(value) and not isinstance(value, Model):
                value = value()
        return local_day(value)


def local_day(value: Any) -> Any:
    """A moment shown in a list is the day it was in the portal's time zone (``TIME_ZONE``):
    the UTC day is a day early in Shanghai from 00:00 to 08:00. Anything else is itself."""
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


@dataclass
class Action:
    """A button on a row's page: the API's verb, run by the app's service.

    ``permission`` is the policy's action; ``available`` says whether the row's state allows
    it (so only useful buttons show); ``form`` collects what the service needs (a reason, a
    rating); ``confirm`` asks before destructive or irreversible steps.
    """

    slug: str
    label: Text
    permission: str
    call: Callable[[Any, User, dict[str, Any]], Any]
    success: Text
    available: Callable[[Any, Any], bool] = lambda row, user: True  # (row, viewer)
    form: type[forms.BaseForm] | None = None
    form_kwargs: Callable[[Any, User], dict[str, Any]] = lambda row, user: {}
    confirm: Text = ""
    style: str = ""  # "", "secondary" or "danger"
    redirect_to: Callable[[Any, Any], str] | None = None  # (row, result) → the page to go to

    def bound_form(self, row: Any, user: User, data: Any = None) -> forms.BaseForm | None:
        if self.form is None:
            return None
        return self.form(data, prefix=self.slug, **self.form_kwargs(row, user))


@dataclass
class Tool:
    """A button at the top of a list, beside "New …": an import, a recompute."""

    label: Text
    url_name: str
    args: tuple[Any, ...] = ()
    allowed: Callable[[Any], bool] = lambda user: True
    post: bool = False  # a POST form (an action) rather than a link to a page
    style: str = "secondary"

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "url": reverse(self.url_name, args=self.args),
            "post": self.post,
            "style": self.style,
        }


_SECTION_OF: dict[type[Model], "Section"] = {}


def links(request: HttpRequest, objects: Iterable[Any]) -> dict[tuple[type[Model], Any], str]:
    """The pages of ``objects`` that the reader may open, by (model, pk): a link to anything
    else would answer 404. One query per kind of object, whatever their number."""
    wanted: dict[type[Model], set[Any]] = {}
    for obj in objects:
        if obj is not None:
            wanted.setdefault(type(obj)._meta.concrete_model or type(obj), set()).add(obj.pk)
    found = {}
    for model, pks in wanted.items():
        section = _SECTION_OF.get(model)
        if section is None or not (section.public or request.user.is_authenticated):
            continue
        for pk in section.rows(request).filter(pk__in=pks).values_list("pk", flat=True):
            found[model, pk] = section.url("detail", pk)
    return found


def with_links(request: HttpRequest, objects: Iterable[Any]) -> list[tuple[Any, str]]:
    """Each of ``objects`` with its page for this reader ("" where they may not open it), for a
    template that lists rows: one query per kind of row, not one a row."""
    rows = list(objects)
    found = links(request, rows)
    return [(row, found.get((type(row)._meta.concrete_model or type(row), row.pk), "")) for row in rows]


def link(request: HttpRequest, obj: Any) -> str:
    """The page of ``obj`` if its reader may open it, else ""."""
    if obj is None:
        return ""
    return links(request, [obj]).get((type(obj)._meta.concrete_model or type(obj), obj.pk), "")


@dataclass
class Section:
    """A kind of row as the web application shows it (e.g. projects): its list, its detail
    pages, its actions, and its create and edit forms."""

    name: str  # the URL prefix and the URL names' stem ("projects")
    title: Text  # the list's heading ("Projects")
    policy: Policy
    queryset: Callable[[], QuerySet[Any]]
    columns: Sequence[Column]
    detail_template: str = ""
    search_fields: Sequence[str] = ()
    filterset: type | None = None  # a django-filter FilterSet: the list's filters
    default_ordering: Sequence[str] = ("-id",)
    actions: Sequence[Action] = ()
    row_actions: Sequence[str] = ()  # actions also offered on list rows (by slug)
    create_form: type[forms.BaseForm] | None = None
    create: Callable[[User, dict[str, Any]], Any] | None = None
    create_label: Text = ""
    create_permission: Callable[[User], bool] | None = None  # may this user see "New …"?
    edit_form: type[forms.BaseForm] | None = None
    edit: Callable[[Any, User, dict[str, Any]], Any] | None = None
    editable: Callable[[Any], bool] = lambda row: True  # does the row's state allow an edit?
    edit_initial: Callable[[Any], dict[str, Any]] = lambda row: {}
    form_kwargs: Callable[[User, Any], dict[str, Any]] = lambda user, row: {}
    context: Callable[[HttpRequest, Any], dict[str, Any]] = lambda request, row: {}
    list_context: Callable[[HttpRequest], dict[str, Any]] = lambda request: {}
    intro_template: str = ""  # shown above the list's search (figures about the rows)
    # What an empty list says when nothing narrows it: what will appear here and from where.
    empty: Text = ""
    public: bool = False  # the list and detail are open to anonymous visitors (policy's public scope)
    narrow: Callable[[HttpRequest, QuerySet[Any]], QuerySet[Any]] | None = (
        None  # a tighter list than the scope
    )
    row_url: Callable[[Any], str] | None = None  # where a row's first cell leads (default: its page)
    tools: Sequence[Tool] = ()
    row_title: Callable[[Any], str] = str  # a row as its page's heading names it
    extra_urls: Sequence[URLPattern] = field(default_factory=list)
    # Called with a list page's rows before they are shown: what their cells need about the
    # reader (links they may follow), fetched for the page at once rather than row by row.
    prepare_page: Callable[[HttpRequest, list[Any]], None] | None = None

    # --- what a viewer may see and do -----------------------------------------------------

    def __post_init__(self) -> None:
        # The section that shows a kind of row is where a link to such a row leads (the
        # first one declared, when two list the same rows); ``links`` asks it who may open it.
        if self.row_url is None and self.detail_template:
            _SECTION_OF.setdefault(self.queryset().model, self)

    def rows(self, request: HttpRequest) -> QuerySet[Any]:
        rows = self.policy.visible(request.user, self.queryset())
        return self.narrow(request, rows) if self.narrow else rows

    def row(self, request: HttpRequest, pk: Any) -> Any:
        return get_object_or_404(self.rows(request), pk=pk)

    def actions_for(self, user: Any, row: Any, only: Sequence[str] | None = None) -> list[Action]:
        """The actions the row's state offers and the policy grants (``only``: of these slugs;
        a list asks only for its row actions, so rows cost no check of the others)."""
        return [
            a
            for a in self.actions
            if (only is None or a.slug in only)
            and a.available(row, user)
            and self.policy.can(user, a.permission, row)
        ]

    def may_edit(self, user: Any, row: Any) -> bool:
        """Edit is offered, like every action, only when the policy and the row's state allow it."""
        return self.edit is not None and self.editable(row) and self.policy.can(user, "update", row)

    def may_create(self, user: Any) -> bool:
        if self.create is None or not user.is_authenticated:
            return False
        check = self.create_permission
        return check(cast(User, user)) if check else self.policy.can(user, "create", None)

    # --- URLs ------------------------------------------------------------------------

    def url(self, view: str, *args: Any) -> str:
        return reverse(f"{self.name}-{view}", args=args)

    def urls(self) -> list[URLPattern]:
        patterns = [
            path(f"{self.name}/", self.list_view, name=f"{self.name}-list"),
            path(f"{self.name}/<int:pk>/", self.detail_view, name=f"{self.name}-detail"),
            path(f"{self.name}/<int:pk>/<slug:action>/", self.action_view, name=f"{self.name}-action"),
        ]
        if self.create is not None:
            patterns.insert(1, path(f"{self.name}/new/", self.create_view, name=f"{self.name}-new"))
        if self.edit is not None:
            patterns.insert(2, path(f"{self.name}/<int:pk>/edit/", self.edit_view, name=f"{self.name}-edit"))
        return [*self.extra_urls, *patterns]

    # --- the list ----------------------------------------------------------------------

    def _login(self, request: HttpRequest) -> HttpResponse | None:
        if self.public or request.user.is_authenticated:
            return None
        return redirect(f"{reverse('account_login')}?next={request.get_full_path()}")

    def orderings(self) -> list[tuple[str, str]]:
        choices = []
        for column in self.columns:
            if column.sort:
                choices += [(column.sort, f"{column.label} ↑"), (f"-{column.sort}", f"{column.label} ↓")]
        return choices

    def list_view(self, request: HttpRequest) -> HttpResponseBase:
        if (login := self._login(request)) is not None:
            return login
        rows = self.rows(request)
        filters = (
            self.filterset(request.GET or None, queryset=rows, request=request) if self.filterset else None
        )
        if filters is not None:
            # Unbound (no parameter given) means no filter; a bad value shows nothing and the
            # form says why.
            rows = filters.qs if not filters.is_bound or filters.is_valid() else rows.none()
        search = request.GET.get("q", "").strip()[:100]
        if search and self.search_fields:
            # A field across a many-valued relation (a project's skills) joins one row per
            # match: ask which rows match in a subquery, so each shows once, in the CSV too.
            matches = reduce(operator.or_, (Q(**{f"{f}__icontains": search}) for f in self.search_fields))
            rows = rows.filter(pk__in=rows.model._base_manager.filter(matches).values("pk"))
        orderings = self.orderings()
        sort = request.GET.get("sort", "")
        rows = (
            rows.order_by(sort, "-pk") if sort in dict(orderings) else rows.order_by(*self.default_ordering)
        )
        if request.GET.get("format") == "csv":
            return self.csv_response(rows)
        page = LongPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        if self.prepare_page is not None:
            page.object_list = list(page.object_list)
            self.prepare_page(request, page.object_list)
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            "section": self,
            "page": page,
            "rows": [
                {
                    "row": row,
                    "cells": [(column.label, column.render(row)) for column in self.columns],
                    "url": self.row_url(row) if self.row_url else self.url("detail", row.pk),
                    "actions": self.actions_for(request.user, row, only=self.row_actions)
                    if self.row_actions
                    else [],
                }
                for row in page.object_list
            ],
            "filters": filters,
            "search": search,
            # Is the list narrowed (a search or a filter given)? An empty list then says so and
            # offers the whole list, rather than that there is nothing at all.
            "narrowed": bool(search)
            or (filters is not None and any(v for k, v in request.GET.items() if k in filters.filters)),
            "sort": sort,
            "orderings": orderings,
            "query": query.urlencode(),
            "may_create": self.may_create(request.user),
            "tools": [
                t.as_dict() for t in self.tools if request.user.is_authenticated and t.allowed(request.user)
            ],
        }
        if partial_requested(request):  # the results alone: nothing above the list to compute
            return cast(HttpResponse, varies_with_htmx(render(request, "pages/list.html#results", context)))
        context.update(self.list_context(request))
        return cast(HttpResponse, varies_with_htmx(render(request, "pages/list.html", context)))

    def csv_response(self, rows: QuerySet[Any]) -> StreamingHttpResponse:
        """The list as filtered and sorted, every row, as CSV (cells that a spreadsheet would
        run as formulas are written as text)."""

        def lines() -> Any:
            yield [str(column.label) for column in self.columns]
            for row in rows.iterator(chunk_size=500):
                yield [strip_tags(str(column.render(row))) for column in self.columns]

        response = StreamingHttpResponse(csvfiles.writer(lines()), content_type="text/csv; charset=utf-8")
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = f'attachment; filename="{self.name}-{stamp}.csv"'
        return response

    # --- a row -------------------------------------------------------------------------

    def detail_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if (login := self._login(request)) is not None:
            return login
        row = self.row(request, pk)
        if self.row_url is not None:  # the row's page lives elsewhere (a public address)
            return redirect(self.row_url(row))
        return self.render_detail(request, row)

    def render_detail(
        self, request: HttpRequest, row: Any, failed: tuple[str, forms.BaseForm] | None = None
    ) -> HttpResponse:
        user = request.user
        actions = []
        for action in self.actions_for(user, row):
            form = (
                failed[1] if failed and failed[0] == action.slug else action.bound_form(row, cast(User, user))
            )
            actions.append({"action": action, "form": form, "url": self.url("action", row.pk, action.slug)})
        context = {
            "section": self,
            "row": row,
            "actions": actions,
            "may_edit": self.may_edit(user, row),
            **self.context(request, row),
        }
        return render(request, self.detail_template, context, status=400 if failed else 200)

    def action_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if request.method != "POST":
            raise Http404
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={self.url('detail', pk)}")
        row = self.row(request, pk)
        chosen = next((a for a in self.actions if a.slug == action), None)
        if chosen is None:
            raise Http404
        user = cast(User, request.user)
        if not self.policy.can(user, chosen.permission, row):
            raise PermissionDenied(_("You may not do this."))
        form = chosen.bound_form(row, user, request.POST)
        if form is not None and not form.is_valid():
            messages.error(request, _("Please correct the fields below."))
            return self.render_detail(request, row, failed=(chosen.slug, form))
        try:
            result = chosen.call(row, user, form.cleaned_data if form is not None else {})
        except DomainError as exc:
            messages.error(request, domain_message(exc, form))
            if form is not None and isinstance(exc, Invalid) and exc.field in form.fields:
                form.add_error(exc.field, exc.message)
                return self.render_detail(request, row, failed=(chosen.slug, form))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, str(chosen.success))
            if chosen.redirect_to is not None:
                return redirect(chosen.redirect_to(row, result))
        return redirect(_next(request) or self.url("detail", row.pk))

    # --- create and edit -------------------------------------------------------------------

    def create_view(self, request: HttpRequest) -> HttpResponse:
        if (login := self._login(request)) is not None:
            return login
        user = cast(User, request.user)
        if not self.may_create(user) or self.create_form is None or self.create is None:
            raise PermissionDenied(_("You may not do this."))
        # A link may fill the form in (``?census_date=…`` from a reminder); fields not named stay.
        initial = request.GET.dict() if request.method == "GET" else None
        form = self.create_form(request.POST or None, initial=initial, **self.form_kwargs(user, None))
        if request.method == "POST" and form.is_valid():
            try:
                row = self.create(user, form.cleaned_data)
            except DomainError as exc:
                _attach(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.url("detail", row.pk))
        return render(
            request,
            "pages/form.html",
            {"section": self, "form": form, "heading": self.create_label, "back": self.url("list")},
            status=400 if form.errors else 200,
        )

    def edit_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if (login := self._login(request)) is not None:
            return login
        row = self.row(request, pk)
        user = cast(User, request.user)
        if not self.policy.can(user, "update", row) or self.edit_form is None or self.edit is None:
            raise PermissionDenied(_("You may not do this."))
        if not self.editable(row):
            messages.error(request, _("It cannot be edited in its present state."))
            return redirect(self.url("detail", row.pk))
        form = self.edit_form(
            request.POST or None, initial=self.edit_initial(row), **self.form_kwargs(user, row)
        )
        if request.method == "POST" and form.is_valid():
            try:
                self.edit(row, user, form.cleaned_data)
            except DomainError as exc:
                _attach(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(self.url("detail", row.pk))
        return render(
            request,
            "pages/form.html",
            {
                "section": self,
                "form": form,
                "heading": _("Edit"),
                "back": self.url("detail", row.pk),
                "row": row,
                "row_title": self.row_title(row),
            },
            status=400 if form.errors else 200,
        )


def _next(request: HttpRequest) -> str:
    """Where a button on a list or a dashboard asks to go back to (a page of this site)."""
    target = request.POST.get("next", "")
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return target
    return ""


def domain_message(exc: DomainError, form: forms.BaseForm | None = None) -> str:
    """A refused action in words: the field it is about, by its label, then why."""
    if isinstance(exc, Invalid) and form is not None and exc.field in form.fields:
        return _("%(field)s: %(message)s") % {"field": form.fields[exc.field].label, "message": exc.message}
    return exc.message


def _attach(form: forms.BaseForm, exc: DomainError) -> None:
    if isinstance(exc, Invalid) and exc.field in form.fields:
        form.add_error(exc.field, exc.message)
    else:
        form.add_error(None, exc.message)


def badge(value: str, label: Text) -> str:
    """A state as a coloured badge with its translated name."""
    return format_html('<span class="badge {}">{}</span>', value, label)


class ReasonForm(forms.Form):
    """What an action that takes a reason asks for."""

    reason = forms.CharField(
        label=gettext_lazy("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


def all_urls(sections: Iterable[Section]) -> list[URLPattern]:
    return [pattern for section in sections for pattern in section.urls()]
