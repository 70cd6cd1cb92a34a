"""Writes of apprenticeships, progress reviews and portfolio items."""

import datetime
import re
from typing import IO, Any

from django.conf import settings
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, Role, User
from colleges.models import College
from enterprises.models import Ladder, LadderLevel

from .files import EXTENSIONS, sniff
from .models import (
    Apprenticeship,
    Party,
    PortfolioItem,
    ProgressReview,
    Requirement,
    ReviewAction,
    ReviewForm,
    ReviewSignature,
)

DUE_WINDOW = datetime.timedelta(days=14)  # a review is "due" in the two weeks before its date
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def _name(user: User) -> str:
    return user.get_full_name() or user.username


# --- apprenticeships ----------------------------------------------------------------------


@transaction.atomic
def apprenticeship_create(
    *,
    learner: User,
    level: LadderLevel,
    mentor: User,
    teacher: User,
    started_on: datetime.date,
    college: College | None = None,
) -> Apprenticeship:
    if learner.role != Role.STUDENT or learner.college_id is None:
        raise Invalid("learner", _("An apprentice is a learner of a college."))
    ladder: Ladder = level.ladder
    if mentor.role != Role.ENGINEER or mentor.enterprise_id != ladder.enterprise_id:
        raise Invalid("mentor", _("The mentor is an engineer of the ladder's enterprise."))
    if teacher.role != Role.TEACHER or teacher.college_id != learner.college_id:
        raise Invalid("teacher", _("The teacher teaches at the apprentice's college."))
    if Apprenticeship.objects.filter(learner=learner, ladder=ladder, active=True).exists():
        raise Conflict(_("The learner is already an apprentice on this ladder."))
    return Apprenticeship.objects.create(
        learner=learner,
        ladder=ladder,
        level=level,
        college_id=learner.college_id,
        mentor=mentor,
        teacher=teacher,
        started_on=started_on,
    )


# --- review forms ---------------------------------------------------------------------------


def clean_questions(questions: Any) -> list[dict[str, Any]]:
    """The questions of a form, checked: each a unique key, a label, a kind, and for a scale
    its top (2 to 10)."""
    if not isinstance(questions, list) or not questions:
        raise Invalid("questions", _("Give the form at least one question."))
    cleaned, keys = [], set()
    for number, question in enumerate(questions, start=1):
        where = _("Question %(n)s: ") % {"n": number}
        if not isinstance(question, dict):
            raise Invalid("questions", where + _("a question has a key, a label and a kind."))
        key = str(question.get("key", "")).strip()
        label = str(question.get("label", "")).strip()
        kind = question.get("kind")
        if not KEY.match(key) or key in keys:
            raise Invalid("questions", where + _("a unique key of lower-case letters, digits and _."))
        if not label or len(label) > 300:
            raise Invalid("questions", where + _("a label of up to 300 characters."))
        if kind not in ("scale", "text"):
            raise Invalid("questions", where + _("the kind is “scale” or “text”."))
        row: dict[str, Any] = {"key": key, "label": label, "kind": kind}
        if kind == "scale":
            top = question.get("scale_max", 5)
            if not isinstance(top, int) or isinstance(top, bool) or not 2 <= top <= 10:
                raise Invalid("questions", where + _("a scale goes from 1 to a top of 2 to 10."))
            row["scale_max"] = top
        keys.add(key)
        cleaned.append(row)
    return cleaned


@transaction.atomic
def review_form_save(
    *, college: College, name: str, questions: Any, form: ReviewForm | None = None
) -> ReviewForm:
    cleaned = clean_questions(questions)
    if form is None:
        return ReviewForm.objects.create(college=college, name=name, questions=cleaned)
    form.name = name
    form.questions = cleaned
    form.save(update_fields=["name", "questions"])
    return form


# --- progress reviews -------------------------------------------------------------------------


def with_last_review(queryset: QuerySet[Apprenticeship]) -> QuerySet[Apprenticeship]:
    """Each apprenticeship with the day of its last review signed by all three (held, or due
    when no day was recorded), in one query for the lot."""
    signed = Q(reviews__status=ProgressReview.Status.SIGNED)
    return queryset.annotate(last_review=Max(Coalesce("reviews__held_on", "reviews__due_on"), filter=signed))


def next_due(apprenticeship: Apprenticeship) -> datetime.date:
    """The ladder's interval after the last signed review, or after the start."""
    last = getattr(apprenticeship, "last_review", None)
    if last is None and not hasattr(apprenticeship, "last_review"):
        found = with_last_review(Apprenticeship.objects.filter(pk=apprenticeship.pk)).first()
        last = getattr(found, "last_review", None)
    since = last or apprenticeship.started_on
    return since + datetime.timedelta(weeks=apprenticeship.ladder.review_interval_weeks)


@transaction.atomic
def review_schedule(
    *,
    apprenticeship: Apprenticeship,
    form: ReviewForm,
    due_on: datetime.date | None = None,
) -> ProgressReview:
    if form.college_id != apprenticeship.college_id:
        raise Invalid("form", _("Choose a form of the apprentice's college."))
    if not apprenticeship.active:
        raise Conflict(_("The apprenticeship has ended."))
    # Two schedulers at once: the partial unique constraint keeps one open review; the lock
    # makes the second answer 409 instead of an integrity error.
    Apprenticeship.objects.select_for_update().filter(pk=apprenticeship.pk).first()
    if apprenticeship.reviews.filter(status=ProgressReview.Status.OPEN).exists():
        raise Conflict(_("A review of this apprentice is open already."))
    return ProgressReview.objects.create(
        apprenticeship=apprenticeship,
        due_on=due_on or next_due(apprenticeship),
        questions=form.questions,
    )


def _lock_open(review: ProgressReview) -> ProgressReview:
    review = ProgressReview.objects.select_for_update().select_related("apprenticeship").get(pk=review.pk)
    if review.status != ProgressReview.Status.OPEN:
        raise Conflict(_("The review is signed by all three; it cannot change."))
    return review


def _clear_signatures(review: ProgressReview, actor: User) -> None:
    """A change after a signature: every signature is cleared and each party asked again."""
    cleared = ReviewSignature.objects.filter(review=review, cleared_at=None).update(cleared_at=timezone.now())
    if cleared:
        a = review.apprenticeship
        notifications.notify(
            [a.learner, a.mentor, a.teacher],
            Notification.Kind.REVIEW_TO_SIGN,
            link=reverse("progress-reviews-detail", args=[review.pk]),
            actor=actor,
            apprentice=_name(a.learner),
            date=review.due_on.isoformat(),
        )


def clean_answers(questions: list[dict[str, Any]], answers: Any) -> dict[str, Any]:
    if not isinstance(answers, dict):
        raise Invalid("answers", _("Answers are given by question key."))
    known = {q["key"]: q for q in questions}
    cleaned: dict[str, Any] = {}
    for key, value in answers.items():
        question = known.get(key)
        if question is None:
            raise Invalid("answers", _("%(key)s: not a question of this review.") % {"key": key})
        if value in (None, ""):
            cleaned[key] = None  # an emptied answer is taken out
            continue
        if question["kind"] == "scale":
            if (
                not isinstance(value, int)
                or isinstance(value, bool)
                or not 1 <= value <= question["scale_max"]
            ):
                raise Invalid(
                    "answers",
                    _("%(key)s: a whole number from 1 to %(top)s.")
                    % {"key": key, "top": question["scale_max"]},
                )
        elif not isinstance(value, str) or len(value) > 4000:
            raise Invalid("answers", _("%(key)s: text of up to 4,000 characters.") % {"key": key})
        cleaned[key] = value
    return cleaned


@transaction.atomic
def review_update(
    *,
    review: ProgressReview,
    actor: User,
    answers: Any = None,
    summary: str | None = None,
    held_on: datetime.date | None = None,
) -> ProgressReview:
    review = _lock_open(review)
    fields = []
    if answers is not None:
        merged = {**review.answers, **clean_answers(review.questions, answers)}
        review.answers = {key: value for key, value in merged.items() if value is not None}
        fields.append("answers")
    if summary is not None:
        review.summary = summary.strip()
        fields.append("summary")
    if held_on is not None:
        if held_on > timezone.localdate():
            raise Invalid("held_on", _("The day of the review is not in the future."))
        review.held_on = held_on
        fields.append("held_on")
    if fields:
        review.save(update_fields=[*fields, "updated_at"])
        _clear_signatures(review, actor)
    return review


@transaction.atomic
def review_add_action(
    *, review: ProgressReview, actor: User, description: str, owner: User, due_on: datetime.date
) -> ReviewAction:
    review = _lock_open(review)
    if not review.apprenticeship.party_of(owner.pk):
        raise Invalid("owner", _("The owner is the apprentice, the mentor or the teacher."))
    if not description.strip():
        raise Invalid("description", _("Say what is to be done."))
    action = ReviewAction.objects.create(
        review=review, description=description.strip(), owner=owner, due_on=due_on
    )
    ProgressReview.objects.filter(pk=review.pk).update(updated_at=timezone.now())
    _clear_signatures(review, actor)
    return action


@transaction.atomic
def review_sign(*, review: ProgressReview, actor: User, typed_name: str) -> ProgressReview:
    review = _lock_open(review)
    party = review.apprenticeship.party_of(actor.pk)
    if not party:
        raise Conflict(_("Only the apprentice, the mentor and the teacher sign the review."))
    typed_name = typed_name.strip()
    if not typed_name:
        raise Invalid("typed_name", _("Type your name to sign."))
    if review.held_on is None:
        raise Conflict(_("Record the day the review was held before signing it."))
    if ReviewSignature.objects.filter(review=review, party=party, cleared_at=None).exists():
        raise Conflict(_("You have signed this review already."))
    ReviewSignature.objects.create(review=review, party=party, signer=actor, typed_name=typed_name)
    signed = set(
        ReviewSignature.objects.filter(review=review, cleared_at=None).values_list("party", flat=True)
    )
    if signed == set(Party.values):
        review.status = ProgressReview.Status.SIGNED
        review.completed_at = timezone.now()
        review.save(update_fields=["status", "completed_at", "updated_at"])
    else:
        a = review.apprenticeship
        waiting = [
            u
            for p, u in ((Party.APPRENTICE, a.learner), (Party.MENTOR, a.mentor), (Party.TEACHER, a.teacher))
            if p not in signed
        ]
        notifications.notify(
            waiting,
            Notification.Kind.REVIEW_TO_SIGN,
            link=reverse("progress-reviews-detail", args=[review.pk]),
            actor=actor,
            apprentice=_name(a.learner),
            date=review.due_on.isoformat(),
        )
    return review


def check_due_reviews(today: datetime.date | None = None) -> int:
    """Tell the three parties of each open review that it falls due within two weeks, and
    again once it is overdue (once each); schedule the next review of every apprenticeship
    whose last one is signed, on the college's first form. Run daily by Celery beat."""
    today = today or timezone.localdate()
    told = 0
    waiting = list(
        with_last_review(
            Apprenticeship.objects.filter(active=True)
            .exclude(
                pk__in=ProgressReview.objects.filter(status=ProgressReview.Status.OPEN).values(
                    "apprenticeship"
                )
            )
            .select_related("ladder")
        )
    )
    forms: dict[int, ReviewForm] = {}
    for found in ReviewForm.objects.filter(college_id__in={a.college_id for a in waiting}).order_by("-pk"):
        forms[found.college_id] = found  # the lowest id last: each college's first form
    for apprenticeship in waiting:
        form = forms.get(apprenticeship.college_id)
        due = next_due(apprenticeship)
        if form is not None and due - DUE_WINDOW <= today:
            try:
                review_schedule(apprenticeship=apprenticeship, form=form, due_on=due)
            except Conflict:  # scheduled meanwhile by a person
                continue
    reviews = ProgressReview.objects.filter(
        status=ProgressReview.Status.OPEN, due_on__lte=today + DUE_WINDOW
    ).select_related(
        "apprenticeship__learner",
        "apprenticeship__mentor",
        "apprenticeship__teacher",
        "apprenticeship__ladder__enterprise",
    )
    for review in reviews:
        overdue = review.due_on < today
        column = "overdue_notified_at" if overdue else "due_notified_at"
        with transaction.atomic():
            # Two runs at once tell each party once: the conditional update claims the review.
            if not ProgressReview.objects.filter(pk=review.pk, **{column: None}).update(
                **{column: timezone.now()}
            ):
                continue
            a = review.apprenticeship
            notifications.notify(
                [a.learner, a.mentor, a.teacher],
                Notification.Kind.REVIEW_DUE,
                link=reverse("progress-reviews-detail", args=[review.pk]),
                apprentice=_name(a.learner),
                enterprise=a.ladder.enterprise.name,
                state=gettext_noop("overdue") if overdue else gettext_noop("due soon"),
                date=review.due_on.isoformat(),
            )
            told += 1
    return told


# --- portfolio --------------------------------------------------------------------------------


def clean_requirements(requirements: Any) -> list[str]:
    if not isinstance(requirements, list) or not requirements:
        raise Invalid("requirements", _("Map the item to at least one requirement."))
    unknown = [r for r in requirements if r not in Requirement.values]
    if unknown:
        raise Invalid("requirements", _("Not a requirement of a ladder level: %(r)s.") % {"r": unknown[0]})
    return sorted(set(requirements), key=Requirement.values.index)


@transaction.atomic
def portfolio_add(
    *,
    apprenticeship: Apprenticeship,
    actor: User,
    title: str,
    requirements: Any,
    description: str = "",
    upload: IO[bytes] | None = None,
    file_name: str = "",
    link: str = "",
) -> PortfolioItem:
    if actor.pk != apprenticeship.learner_id:
        raise Conflict(_("The apprentice keeps their own portfolio."))
    if not apprenticeship.active:
        raise Conflict(_("The apprenticeship has ended."))
    if not title.strip():
        raise Invalid("title", _("Give the item a title."))
    kinds = clean_requirements(requirements)
    if (upload is None) == (not link):
        raise Invalid("file", _("Upload a file or give a link, not both."))
    item = PortfolioItem(
        apprenticeship=apprenticeship,
        title=title.strip(),
        description=description.strip(),
        requirements=kinds,
        link=link,
    )
    if upload is not None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
        if size > settings.PORTFOLIO_MAX_BYTES:
            raise Invalid(
                "file",
                _("The file is larger than %(mb)s MB.")
                % {"mb": settings.PORTFOLIO_MAX_BYTES // (1024 * 1024)},
            )
        if size == 0:
            raise Invalid("file", _("The file is empty."))
        kind = sniff(upload)
        if not kind:
            raise Invalid("file", _("Upload an image, a PDF or an office document."))
        item.content_type = kind
        item.size = size
        stem = re.sub(r"[^\w.-]+", "_", file_name.rsplit("/", 1)[-1].rsplit(".", 1)[0])[:80] or "evidence"
        item.file_name = f"{stem}.{EXTENSIONS[kind]}"
        item.file.save(item.file_name, File(upload), save=False)
    item.save()
    a = apprenticeship
    notifications.notify(
        [a.mentor, a.teacher],
        Notification.Kind.PORTFOLIO_WAITING,
        link=reverse("portfolio-items-detail", args=[item.pk]),
        actor=actor,
        apprentice=_name(a.learner),
        title=item.title,
    )
    return item


def _decide(item: PortfolioItem, actor: User, status: str, reason: str) -> PortfolioItem:
    item = PortfolioItem.objects.select_for_update().select_related("apprenticeship__learner").get(pk=item.pk)
    if item.status != PortfolioItem.Status.SUBMITTED:
        raise Conflict(_("The item is decided already."))
    item.status = status
    item.reason = reason
    item.decided_by = actor
    item.decided_at = timezone.now()
    item.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    notifications.notify(
        [item.apprenticeship.learner],
        Notification.Kind.PORTFOLIO_DECIDED,
        link=reverse("portfolio-items-detail", args=[item.pk]),
        actor=actor,
        title=item.title,
        decision=notifications.term(item.get_status_display()),
        reason=reason,
    )
    return item


@transaction.atomic
def portfolio_accept(*, item: PortfolioItem, actor: User) -> PortfolioItem:
    return _decide(item, actor, PortfolioItem.Status.ACCEPTED, "")


@transaction.atomic
def portfolio_ask_more(*, item: PortfolioItem, actor: User, reason: str) -> PortfolioItem:
    reason = reason.strip()
    if not reason:
        raise Invalid("reason", _("Say what more is needed."))
    return _decide(item, actor, PortfolioItem.Status.MORE_REQUESTED, reason)
