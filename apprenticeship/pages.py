"""Apprenticeships in the web application: each apprentice's progress against their level,
their three-party progress reviews (answers, agreed actions, signatures), their portfolio,
the college's review forms, and the college's overdue reviews by enterprise."""

import json
from collections import defaultdict
from typing import Any, cast

import django_filters
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.errors import DomainError, Invalid
from accounts.models import Role, User
from accounts.pagekit import Action, Column, ReasonForm, Section, Tool

from . import progress, services
from .forms import (
    ActionForm,
    AnswersForm,
    ApprenticeshipForm,
    PortfolioItemForm,
    ReviewFormForm,
    ScheduleForm,
    SignForm,
)
from .models import Apprenticeship, PortfolioItem, ProgressReview, ReviewForm, ReviewSignature
from .permissions import ApprenticeshipPolicy, PortfolioItemPolicy, ProgressReviewPolicy, ReviewFormPolicy
from .views import attachment


def person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def _create_apprenticeship(user: User, data: dict[str, Any]) -> Apprenticeship:
    if not ApprenticeshipPolicy().can(user, "create", data):
        raise Invalid("learner", str(_("You may not record this learner's apprenticeship.")))
    return services.apprenticeship_create(**data)


def _apprenticeship_context(request: HttpRequest, row: Apprenticeship) -> dict[str, Any]:
    return {
        "figures": progress.figures(row),
        "reviews": row.reviews.order_by("-due_on"),
        "portfolio": row.portfolio.order_by("-created_at"),
        "next_due": services.next_due(row),
    }


APPRENTICESHIPS = Section(
    name="apprenticeships",
    title=_("Apprenticeships"),
    policy=ApprenticeshipPolicy(),
    queryset=lambda: Apprenticeship.objects.select_related(
        "learner", "mentor", "teacher", "ladder__enterprise", "level"
    ),
    columns=[
        Column(_("Apprentice"), lambda a: person(a.learner), sort="learner__last_name", link=True),
        Column(_("Enterprise"), "ladder.enterprise.name", sort="ladder__enterprise__name"),
        Column(_("Ladder"), "ladder.name"),
        Column(_("Level worked toward"), "level.name"),
        Column(_("Enterprise mentor"), lambda a: person(a.mentor)),
        Column(_("Teacher"), lambda a: person(a.teacher)),
        Column(_("Started on"), "started_on", sort="started_on"),
    ],
    detail_template="apprenticeship/apprenticeship_detail.html",
    search_fields=("learner__first_name", "learner__last_name", "learner__username", "ladder__name"),
    default_ordering=("-started_on", "-id"),
    actions=[
        Action(
            "schedule",
            _("Schedule a progress review"),
            "schedule_review",
            lambda a, u, d: services.review_schedule(
                apprenticeship=a, form=d["form"], due_on=d.get("due_on")
            ),
            _("The review is scheduled."),
            available=lambda a, u: (
                a.active and not a.reviews.filter(status=ProgressReview.Status.OPEN).exists()
            ),
            form=ScheduleForm,
            form_kwargs=lambda a, u: {"apprenticeship": a},
            redirect_to=lambda a, review: reverse("progress-reviews-detail", args=[review.pk]),
        ),
    ],
    create_form=ApprenticeshipForm,
    create=_create_apprenticeship,
    create_label=_("Record an apprenticeship"),
    form_kwargs=lambda u, row: {"user": u},
    context=_apprenticeship_context,
    row_title=lambda a: f"{person(a.learner)} · {a.ladder.name}",
)


def _save_form(user: User, data: dict[str, Any], form: ReviewForm | None = None) -> ReviewForm:
    college = form.college if form else user.college
    if college is None:
        raise Invalid("name", str(_("Only a college's administrators write its forms.")))
    return services.review_form_save(
        college=college, name=data["name"], questions=data["questions"], form=form
    )


REVIEW_FORMS = Section(
    name="review-forms",
    title=_("Progress review forms"),
    policy=ReviewFormPolicy(),
    queryset=lambda: ReviewForm.objects.all(),
    columns=[
        Column(_("Name"), "name", sort="name", link=True),
        Column(_("Questions"), lambda f: len(f.questions)),
    ],
    detail_template="apprenticeship/review_form_detail.html",
    default_ordering=("name",),
    create_form=ReviewFormForm,
    create=lambda u, d: _save_form(u, d),
    create_label=_("New review form"),
    edit_form=ReviewFormForm,
    edit=lambda f, u, d: _save_form(u, d, f),
    edit_initial=lambda f: {
        "name": f.name,
        "questions": json.dumps(f.questions, ensure_ascii=False, indent=1),
    },
)


class ReviewFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=ProgressReview.Status.choices, empty_label=_("Any state")
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta:
        model = ProgressReview
        fields = ["status", "overdue"]

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool) -> QuerySet[Any]:
        late = {"status": ProgressReview.Status.OPEN, "due_on__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


def _answer(review: ProgressReview, user: User, data: dict[str, Any]) -> ProgressReview:
    answers = {q["key"]: data.get(q["key"]) for q in review.questions}
    return services.review_update(
        review=review,
        actor=user,
        answers=answers,
        summary=data.get("summary", ""),
        held_on=data.get("held_on"),
    )


def _review_context(request: HttpRequest, row: ProgressReview) -> dict[str, Any]:
    signed = {s.party: s for s in row.signatures.all() if s.cleared_at is None}
    return {
        "answers": [
            {"label": q["label"], "value": row.answers.get(q["key"], "—"), "scale_max": q.get("scale_max")}
            for q in row.questions
        ],
        "figures": progress.figures(row.apprenticeship),
        "review_actions": row.actions.select_related("owner"),
        "parties": [
            (label, person(user), signed.get(party))
            for party, label, user in (
                ("apprentice", _("Apprentice"), row.apprenticeship.learner),
                ("mentor", _("Enterprise mentor"), row.apprenticeship.mentor),
                ("teacher", _("Teacher"), row.apprenticeship.teacher),
            )
        ],
        "cleared": [s for s in row.signatures.all() if s.cleared_at is not None],
        "overdue": row.status == ProgressReview.Status.OPEN and row.due_on < timezone.localdate(),
    }


def _is_open(review: ProgressReview, user: Any) -> bool:
    return review.status == ProgressReview.Status.OPEN


REVIEWS = Section(
    name="progress-reviews",
    title=_("Progress reviews"),
    policy=ProgressReviewPolicy(),
    queryset=lambda: ProgressReview.objects.select_related(
        "apprenticeship__learner",
        "apprenticeship__mentor",
        "apprenticeship__teacher",
        "apprenticeship__ladder__enterprise",
        "apprenticeship__level",
    ).prefetch_related("signatures"),
    columns=[
        Column(_("Apprentice"), lambda r: person(r.apprenticeship.learner), link=True),
        Column(_("Enterprise"), "apprenticeship.ladder.enterprise.name"),
        Column(_("Due on"), "due_on", sort="due_on"),
        Column(_("Held on"), "held_on", sort="held_on"),
        Column(_("Signatures"), lambda r: sum(1 for s in r.signatures.all() if s.cleared_at is None)),
        Column(_("State"), "get_status_display", sort="status"),
    ],
    detail_template="apprenticeship/review_detail.html",
    search_fields=("apprenticeship__learner__first_name", "apprenticeship__learner__last_name"),
    filterset=ReviewFilter,
    default_ordering=("due_on", "id"),
    actions=[
        Action(
            "answer",
            _("Fill in the review"),
            "update",
            _answer,
            _("Saved. Any signature given before is cleared: everyone signs again."),
            available=_is_open,
            form=AnswersForm,
            form_kwargs=lambda r, u: {"review": r},
            style="secondary",
        ),
        Action(
            "add-action",
            _("Agree an action"),
            "add_action",
            lambda r, u, d: services.review_add_action(review=r, actor=u, **d),
            _("The action is agreed. Any signature given before is cleared."),
            available=_is_open,
            form=ActionForm,
            form_kwargs=lambda r, u: {"review": r},
            style="secondary",
        ),
        Action(
            "sign",
            _("Sign"),
            "sign",
            lambda r, u, d: services.review_sign(review=r, actor=u, typed_name=d["typed_name"]),
            _("Signed."),
            available=lambda r, u: (
                _is_open(r, u)
                and bool(party := r.apprenticeship.party_of(u.pk))
                and not ReviewSignature.objects.filter(review=r, party=party, cleared_at=None).exists()
            ),
            form=SignForm,
        ),
    ],
    context=_review_context,
    row_title=lambda r: f"{person(r.apprenticeship.learner)} · {r.due_on.isoformat()}",
)


@login_required
def overdue_by_enterprise(request: HttpRequest) -> HttpResponse:
    """The college's open reviews past their date, grouped by enterprise."""
    user = cast(User, request.user)
    if user.role not in (Role.COLLEGE_ADMIN, Role.PLATFORM_ADMIN, Role.TEACHER):
        raise PermissionDenied
    rows = REVIEWS.rows(request).filter(status=ProgressReview.Status.OPEN, due_on__lt=timezone.localdate())
    groups: dict[str, list[ProgressReview]] = defaultdict(list)
    for review in rows.order_by("apprenticeship__ladder__enterprise__name", "due_on"):
        groups[review.apprenticeship.ladder.enterprise.name].append(review)
    return render(
        request, "apprenticeship/overdue.html", {"groups": sorted(groups.items()), "section": REVIEWS}
    )


REVIEWS.extra_urls = [
    path("progress-reviews/overdue/", overdue_by_enterprise, name="progress-reviews-overdue")
]


class PortfolioFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=PortfolioItem.Status.choices, empty_label=_("Any state")
    )

    class Meta:
        model = PortfolioItem
        fields = ["status"]


PORTFOLIO = Section(
    name="portfolio-items",
    title=_("Portfolios"),
    policy=PortfolioItemPolicy(),
    queryset=lambda: PortfolioItem.objects.select_related(
        "apprenticeship__learner", "apprenticeship__level", "decided_by"
    ),
    columns=[
        Column(_("Title"), "title", sort="title", link=True),
        Column(_("Apprentice"), lambda i: person(i.apprenticeship.learner)),
        Column(
            _("Requirements shown"),
            lambda i: ", ".join(str(progress.Requirement(k).label) for k in i.requirements),
        ),
        Column(_("State"), "get_status_display", sort="status"),
        Column(_("Added"), "created_at", sort="created_at"),
    ],
    detail_template="apprenticeship/portfolio_detail.html",
    search_fields=("title", "apprenticeship__learner__last_name"),
    filterset=PortfolioFilter,
    default_ordering=("-created_at", "-id"),
    actions=[
        Action(
            "accept",
            _("Accept as evidence"),
            "accept",
            lambda i, u, d: services.portfolio_accept(item=i, actor=u),
            _("Accepted: the item counts toward the requirements it shows."),
            available=lambda i, u: i.status == PortfolioItem.Status.SUBMITTED,
        ),
        Action(
            "ask-more",
            _("Ask for more"),
            "ask_more",
            lambda i, u, d: services.portfolio_ask_more(item=i, actor=u, reason=d["reason"]),
            _("The apprentice is told what more is needed."),
            available=lambda i, u: i.status == PortfolioItem.Status.SUBMITTED,
            form=ReasonForm,
            style="secondary",
        ),
    ],
    tools=[
        Tool(_("Add evidence"), "portfolio-items-add", allowed=lambda u: u.role == Role.STUDENT, style="")
    ],
    context=lambda request, i: {
        "may_download": bool(i.file) and PortfolioItemPolicy().can(request.user, "download", i),
        "requirement_labels": [str(progress.Requirement(k).label) for k in i.requirements],
    },
    row_title=lambda i: i.title,
)


@login_required
def portfolio_add(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if user.role != Role.STUDENT:
        raise PermissionDenied
    form = PortfolioItemForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data.get("file")
        try:
            item = services.portfolio_add(
                apprenticeship=data["apprenticeship"],
                actor=user,
                title=data["title"],
                requirements=data["requirements"],
                description=data["description"],
                upload=upload,
                file_name=upload.name if upload else "",
                link=data["link"],
            )
        except DomainError as exc:
            field = exc.field if isinstance(exc, Invalid) and exc.field in form.fields else None
            form.add_error(field, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect(PORTFOLIO.url("detail", item.pk))
    return render(
        request,
        "pages/form.html",
        {"section": PORTFOLIO, "form": form, "heading": _("Add evidence"), "back": PORTFOLIO.url("list")},
        status=400 if form.errors else 200,
    )


@login_required
def portfolio_file(request: HttpRequest, pk: int) -> FileResponse:
    return attachment(request, get_object_or_404(PORTFOLIO.rows(request), pk=pk))


PORTFOLIO.extra_urls = [
    path("portfolio-items/add/", portfolio_add, name="portfolio-items-add"),
    path("portfolio-items/<int:pk>/file/", portfolio_file, name="portfolio-items-file"),
]
SECTIONS = [APPRENTICESHIPS, REVIEWS, PORTFOLIO, REVIEW_FORMS]
