"""The rules of two-way feedback and of endorsements; pages and the API both call these.

Feedback opens when a project is accepted: one row per accepted student, closing ``WINDOW``
later. Each side writes and may change their own while it is open (409 after); neither
reads the other's until both have written or it has closed. The student's rating of the
project is ``enterprise_rating`` evidence of the college that took it on (one row per
feedback, superseded when the student changes it). The engineer's ratings of the project's
skills of ``ENDORSE_FROM`` or more are endorsements of the student's skills.
"""

import datetime
from typing import Any, cast

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, Role, User
from apprenticeship.models import Apprenticeship
from courses import openbadges
from courses.models import Skill
from enterprises.models import Application, Project
from internships.models import Internship
from ledger.models import Evidence
from ledger.services import evidence_platform_supersede, evidence_record_platform

from .models import Endorsement, Feedback, SkillRating

WINDOW = datetime.timedelta(days=10)
# A skill rated this or more in feedback is an endorsement of it ("competent" and above).
ENDORSE_FROM = 3


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def _link(feedback: Feedback) -> str:
    return reverse("feedback-detail", args=[feedback.pk])


def _engineers(feedback: Feedback) -> Any:
    project = feedback.project
    if project.mentor_id:
        return User.objects.filter(pk=project.mentor_id, is_active=True)
    return notifications.engineers_of(project.enterprise_id)


# --- opening ---------------------------------------------------------------------------------


def feedback_open(*, project: Project, actor: User | None = None) -> list[Feedback]:
    """One feedback per accepted student of an accepted project (again: none new), each side
    told in the inbox that it waits. Called when the project is accepted."""
    if project.status != Project.Status.ACCEPTED:
        return []
    now = timezone.now()
    students = User.objects.filter(
        applications__project=project, applications__status=Application.Status.ACCEPTED
    ).order_by("pk")
    opened = []
    for student in students:
        feedback, created = Feedback.objects.get_or_create(
            project=project,
            student=student,
            defaults={"opened_at": now, "closes_at": now + WINDOW, "engineer": project.mentor},
        )
        if not created:
            continue
        opened.append(feedback)
        params: dict[str, Any] = {
            "project": project.title,
            "date": timezone.localdate(feedback.closes_at).isoformat(),
        }
        notifications.notify(
            [student],
            Notification.Kind.FEEDBACK_WAITING,
            link=_link(feedback),
            actor=actor,
            other=project.enterprise.name,
            **params,
        )
        # The engineer who accepted the project is told too: it is a new thing for them to do.
        notifications.notify(
            _engineers(feedback),
            Notification.Kind.FEEDBACK_WAITING,
            link=_link(feedback),
            other=_name(student),
            **params,
        )
    return opened


def _lock_open(feedback: Feedback) -> Feedback:
    feedback = Feedback.objects.select_for_update(of=("self",)).select_related("project").get(pk=feedback.pk)
    if not feedback.is_open():
        raise Conflict(
            _("The feedback closed on %(date)s: it can no longer be written or changed.")
            % {"date": timezone.localdate(feedback.closes_at).isoformat()}
        )
    return feedback


def _rating(field: str, value: Any, *, required: bool = True) -> int | None:
    if value in (None, ""):
        if required:
            raise Invalid(field, _("Give a rating from 1 to 5."))
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Invalid(field, _("Give a rating from 1 to 5.")) from None
    if not 1 <= number <= 5 or str(number) != str(value).strip():
        raise Invalid(field, _("Give a rating from 1 to 5."))
    return number


def _tell_visible(feedback: Feedback, actor: User | None) -> None:
    """Both sides hear, once, that they can read each other's."""
    if feedback.visible_told_at is not None:
        return
    feedback.visible_told_at = timezone.now()
    feedback.save(update_fields=["visible_told_at"])
    notifications.notify(
        [feedback.student, *_engineers(feedback)],
        Notification.Kind.FEEDBACK_VISIBLE,
        link=_link(feedback),
        actor=actor,
        project=feedback.project.title,
        student=_name(feedback.student),
    )


# --- the engineer's side ---------------------------------------------------------------------


@transaction.atomic
def feedback_rate_student(
    *,
    feedback: Feedback,
    actor: User,
    rating: Any,
    skills: dict[Any, Any] | None = None,
    comment: str = "",
    private_note: str = "",
) -> Feedback:
    """The engineer's rating of the student (``skills``: skill id → 1–5, only the project's
    skills; a skill left out has no rating). Again while open: it replaces the last."""
    feedback = _lock_open(feedback)
    overall = _rating("rating", rating)
    wanted: dict[int, int] = {}
    allowed = set(feedback.project.skills.values_list("pk", flat=True))
    for key, value in (skills or {}).items():
        try:
            skill_id = int(key)
        except (TypeError, ValueError):
            raise Invalid("skills", _("Rate only the project's skills.")) from None
        if skill_id not in allowed:
            raise Invalid("skills", _("Rate only the project's skills."))
        number = _rating("skills", value, required=False)
        if number is not None:
            wanted[skill_id] = number
    feedback.engineer = actor
    feedback.student_rating = overall
    feedback.engineer_comment = comment.strip()
    feedback.private_note = private_note.strip()
    first = feedback.engineer_submitted_at is None
    feedback.engineer_submitted_at = timezone.now()
    feedback.save(
        update_fields=[
            "engineer",
            "student_rating",
            "engineer_comment",
            "private_note",
            "engineer_submitted_at",
        ]
    )
    feedback.skill_ratings.exclude(skill_id__in=wanted).delete()
    for skill_id, number in wanted.items():
        SkillRating.objects.update_or_create(
            feedback=feedback, skill_id=skill_id, defaults={"rating": number}
        )
    _endorse_from(feedback, actor, wanted)
    if first and feedback.both_submitted:
        _tell_visible(feedback, actor)
    return feedback


def _endorse_from(feedback: Feedback, actor: User, ratings: dict[int, int]) -> None:
    """The skills rated ``ENDORSE_FROM`` or more are endorsed; the others no longer are."""
    kept = {skill: rating for skill, rating in ratings.items() if rating >= ENDORSE_FROM}
    feedback.endorsements.exclude(skill_id__in=kept).delete()
    for skill_id, rating in kept.items():
        Endorsement.objects.update_or_create(
            feedback=feedback,
            skill_id=skill_id,
            defaults={
                "learner": feedback.student,
                "enterprise_id": feedback.project.enterprise_id,
                "endorsed_by": actor,
                "source": Endorsement.Source.FEEDBACK,
                "rating": rating,
            },
        )


# --- the student's side ----------------------------------------------------------------------


def _evidence_of(feedback: Feedback) -> Evidence | None:
    return (
        Evidence.objects.filter(
            indicator="enterprise_rating",
            origin_type=ContentType.objects.get_for_model(Feedback),
            origin_id=feedback.pk,
            status=Evidence.Status.VERIFIED,
        )
        .order_by("-id")
        .first()
    )


def _record_rating(feedback: Feedback, actor: User) -> None:
    """The project's rating as ``enterprise_rating`` evidence of the college that took the
    project on (none for a project no college took on); a changed rating supersedes it."""
    project = feedback.project
    college = project.college
    if college is None or feedback.project_rating is None:
        return
    major = project.module.course.major if project.module_id else None  # type: ignore[union-attr]
    key = (
        f"feedback:{feedback.pk}:project_rating:{feedback.project_rating}:{feedback.student_submitted_at:%s}"
    )
    common: dict[str, Any] = {
        "value": feedback.project_rating,
        "occurred_on": timezone.localdate(),
        "event_key": key,
        "major": major,
        "actor": actor,
        "origin": feedback,
    }
    old = _evidence_of(feedback)
    if old is None:
        evidence_record_platform(indicator="enterprise_rating", college=college, **common)
    elif old.value != feedback.project_rating:
        evidence_platform_supersede(evidence=old, note=_("The student changed the rating."), **common)


@transaction.atomic
def feedback_rate_project(
    *, feedback: Feedback, actor: User, project_rating: Any, mentor_rating: Any, comment: str = ""
) -> Feedback:
    """The student's rating of the project and the mentor. Again while open: it replaces the last."""
    feedback = _lock_open(feedback)
    feedback.project_rating = _rating("project_rating", project_rating)
    feedback.mentor_rating = _rating("mentor_rating", mentor_rating)
    feedback.student_comment = comment.strip()
    first = feedback.student_submitted_at is None
    feedback.student_submitted_at = timezone.now()
    feedback.save(
        update_fields=["project_rating", "mentor_rating", "student_comment", "student_submitted_at"]
    )
    _record_rating(feedback, actor)
    if first and feedback.both_submitted:
        _tell_visible(feedback, actor)
    return feedback


def tell_closed() -> int:
    """Feedback whose window has closed with a side missing: both sides hear they can read
    what was written (the nightly task; once each)."""
    told = 0
    for feedback in Feedback.objects.filter(
        closes_at__lte=timezone.now(), visible_told_at=None
    ).select_related("project", "student"):
        with transaction.atomic():
            _tell_visible(feedback, None)
        told += 1
    return told


# --- what each reader sees ---------------------------------------------------------------------


def engineer_side_for(feedback: Feedback, user: User) -> bool:
    """May ``user`` read the engineer's side? The engineers, once visible the student; the
    college's staff once visible."""
    if user.role == Role.ENGINEER and user.enterprise_id == feedback.project.enterprise_id:
        return True
    return feedback.visible


def student_side_for(feedback: Feedback, user: User) -> bool:
    if feedback.student_id == user.pk:
        return True
    return feedback.visible


def private_note_for(feedback: Feedback, user: User) -> bool:
    """The note for the college: the engineers who wrote it and the student's college staff."""
    if user.role == Role.ENGINEER and user.enterprise_id == feedback.project.enterprise_id:
        return True
    return user.role in (Role.COLLEGE_ADMIN, Role.TEACHER) and user.college_id == feedback.student.college_id


# --- endorsements ------------------------------------------------------------------------------


def _mentored(engineer: User, learner: User, internship: Internship) -> None:
    if internship.student_id != learner.pk:
        raise Invalid("internship", _("This internship is not the learner's."))
    if internship.mentor_id != engineer.pk:
        raise Invalid("internship", _("You endorse only interns you mentor."))


def _mentored_apprentice(engineer: User, learner: User, apprenticeship: Apprenticeship) -> None:
    if apprenticeship.learner_id != learner.pk:
        raise Invalid("apprenticeship", _("This apprenticeship is not the learner's."))
    if apprenticeship.mentor_id != engineer.pk:
        raise Invalid("apprenticeship", _("You endorse only apprentices you mentor."))


@transaction.atomic
def endorsement_create(
    *,
    actor: User,
    learner: User,
    skill: Skill,
    internship: Internship | None = None,
    apprenticeship: Apprenticeship | None = None,
    comment: str = "",
    rating: Any = None,
) -> Endorsement:
    """An engineer endorses a skill of an intern or an apprentice they mentor (once per
    internship or apprenticeship and skill)."""
    if (internship is None) == (apprenticeship is None):
        raise Invalid("internship", _("Name the internship or the apprenticeship you mentor, one of them."))
    if internship is not None:
        _mentored(actor, learner, internship)
        if Endorsement.objects.filter(internship=internship, skill=skill).exists():
            raise Conflict(_("You already endorsed this skill for this internship."))
        enterprise_id, source = internship.enterprise_id, Endorsement.Source.INTERNSHIP
    else:
        apprenticeship = cast(Apprenticeship, apprenticeship)
        _mentored_apprentice(actor, learner, apprenticeship)
        if Endorsement.objects.filter(apprenticeship=apprenticeship, skill=skill).exists():
            raise Conflict(_("You already endorsed this skill for this apprenticeship."))
        enterprise_id, source = apprenticeship.ladder.enterprise_id, Endorsement.Source.APPRENTICESHIP
    return Endorsement.objects.create(
        learner=learner,
        skill=skill,
        enterprise_id=enterprise_id,
        endorsed_by=actor,
        source=source,
        internship=internship,
        apprenticeship=apprenticeship,
        comment=comment.strip(),
        rating=_rating("rating", rating, required=False),
    )


def endorsement_shown(endorsement: Endorsement) -> bool:
    """Is it an endorsement yet? From feedback, only once the feedback is visible."""
    return endorsement.feedback_id is None or endorsement.feedback.visible  # type: ignore[union-attr]


@transaction.atomic
def endorsement_set_hidden(*, endorsement: Endorsement, actor: User, hidden: bool) -> Endorsement:
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    endorsement.hidden = hidden
    endorsement.save(update_fields=["hidden"])
    return endorsement


@transaction.atomic
def endorsement_issue(*, endorsement: Endorsement, actor: User) -> Endorsement:
    """The learner agrees: the endorsement is issued as a credential (once). One from
    feedback waits until the feedback has closed, since until then it may change."""
    endorsement = (
        Endorsement.objects.select_for_update(of=("self",)).select_related("feedback").get(pk=endorsement.pk)
    )
    if endorsement.issued_at is not None:
        raise Conflict(_("This endorsement is already issued as a credential: it is issued once."))
    if endorsement.feedback is not None and endorsement.feedback.is_open():
        raise Conflict(
            _("The feedback it comes from can change until %(date)s: it is issued once the feedback closes.")
            % {"date": timezone.localdate(endorsement.feedback.closes_at).isoformat()}
        )
    endorsement.issued_at = timezone.now()
    endorsement.status_index = openbadges.new_status_index(endorsement.enterprise, "enterprises")
    endorsement.save(update_fields=["issued_at", "status_index"])
    return endorsement


@transaction.atomic
def endorsement_revoke(*, endorsement: Endorsement, actor: User) -> Endorsement:
    """The learner withdraws their agreement: the credential is revoked in the enterprise's
    revocation list (the endorsement itself stays, and may be hidden)."""
    endorsement = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
    if endorsement.issued_at is None or endorsement.revoked_at is not None:
        raise Conflict(_("There is no credential of this endorsement in force to withdraw."))
    endorsement.revoked_at = timezone.now()
    endorsement.save(update_fields=["revoked_at"])
    return endorsement


def status_entries(organisation: Any, kind: str) -> list[tuple[int, Any]]:
    """The enterprise's endorsement credentials in its revocation list."""
    if kind != "enterprises":
        return []
    rows = (
        Endorsement.objects.filter(enterprise_id=organisation.pk)
        .exclude(status_index=None)
        .values_list("status_index", "revoked_at")
    )
    return [(index, revoked_at) for index, revoked_at in rows if index is not None]


def learner_endorsements(learner: User, *, public: bool = False) -> list[dict[str, Any]]:
    """A learner's endorsements for the transcript and the profile (``public``: not hidden)."""
    rows = (
        Endorsement.objects.filter(learner=learner)
        .select_related("skill", "enterprise", "feedback", "endorsed_by")
        .order_by("skill__name", "-created_at")
    )
    if public:
        rows = rows.filter(hidden=False)
    return [
        {
            "skill": str(e.skill),
            "enterprise": e.enterprise.name,
            "rating": e.rating,
            "endorsed_on": timezone.localdate(e.created_at).isoformat(),
            "credential": reverse("endorsement-credential", args=[e.public_id])
            if e.issued_at and not e.revoked_at
            else "",
        }
        for e in rows
        if endorsement_shown(e)
    ]


def transcript_endorsements(learner: User) -> list[dict[str, Any]]:
    return learner_endorsements(learner, public=True)
