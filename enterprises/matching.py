"""Projects matched into courses: match requests, compatibility and the quality check.

A teacher (or their college's administrator) proposes one of the college's modules to an
open project, or an engineer invites a module into the enterprise's project; the other side
accepts (optionally with a change of scope and dates; the module's college then takes the
project on with that module) or declines with a reason.

Compatibility is the Jaccard index of the two sets of skill codes, |shared| / |either|,
shown as great (≥ 0.60), good (≥ 0.40), fair (≥ 0.20) or poor, with the shared skills.

The quality check scores a project out of 100 before it opens, each point explained: a
description long enough to act on (25; measured in words, see ``description_words``) and
structured in paragraphs, lines or a list (10), skills
named (20: two or more; 10 for one), seats set (10), start and end dates (15), a mentor
named (20). Below ``QUALITY_THRESHOLD`` the engineer sees what to improve.
"""

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import Notification, Role, User
from accounts.policies import college_staff_of, engineer_of
from courses.models import Module

from . import services
from .models import MatchRequest, Project

QUALITY_THRESHOLD = 60
DECISIONS = {"accepted": pgettext_lazy("match", "accepted"), "declined": pgettext_lazy("match", "declined")}
LABELS = ((Decimal("0.60"), "great"), (Decimal("0.40"), "good"), (Decimal("0.20"), "fair"))
S = Project.Status


def label_text(label: str) -> str:
    return {"great": _("great"), "good": _("good"), "fair": _("fair"), "poor": _("poor")}[label]


def compatibility(project_skills: set[str], module_skills: set[str]) -> dict[str, Any]:
    """The Jaccard index of two sets of skill codes, its label and the shared skills."""
    shared, either = project_skills & module_skills, project_skills | module_skills
    score = (
        (Decimal(len(shared)) / Decimal(len(either))).quantize(Decimal("0.01"), ROUND_HALF_UP)
        if either
        else Decimal("0.00")
    )
    label = next((name for floor, name in LABELS if score >= floor), "poor")
    return {
        "score": score,
        "label": label,
        "shared": sorted(shared),
        "project_skills": sorted(project_skills),
        "module_skills": sorted(module_skills),
        "either": len(either),
    }


def compatibility_of(project: Project, module: Module) -> dict[str, Any]:
    return compatibility(
        {skill.code for skill in project.skills.all()}, {skill.code for skill in module.skills.all()}
    )


# How long a description is, fairly in either language. Counting characters made a Chinese
# description score far lower than the same text in English (one Chinese character carries
# about what four or five English letters do), and counting a CJK character as a whole word
# would swing the other way. Parallel Chinese–English texts run at roughly 1.5 to 1.8 Chinese
# characters per English word, so the measure is English-like words plus CJK characters
# divided by 1.6: a Chinese translation of an English description lands on about the same
# number. Latin words inside Chinese text (PLC, Python, 6-axis) count as words.
CJK_CHARACTERS_PER_WORD = Decimal("1.6")
FULL_LENGTH_WORDS = 50  # about what "300 characters" of English used to mean
SHORT_LENGTH_WORDS = 20
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
WORD = re.compile(r"[^\W_\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+(?:['’.-][^\W_\u3400-\u9fff]+)*")
# A list the way people write one in either language: bullets, 1. 1) 1、, (1) （1） （一）,
# 一、 二、 and circled numbers. Markers at the start of a line, or, for the enclosed and
# circled kinds that cannot be mistaken for a number in the text, inline ("任务：（1）…（2）…").
LINE_MARK = re.compile(
    r"^\s*(?:[-*•·]\s|\d{1,2}(?:[.．](?!\d)|[)）、])|[一二三四五六七八九十]{1,3}[、．]"
    r"|[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]|[\u2460-\u2473])",
    re.MULTILINE,
)
INLINE_MARK = re.compile(r"[(（]\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[)）]|[\u2460-\u2473]")


def description_words(text: str) -> Decimal:
    """The length of a description in English-like words (CJK characters at the ratio above)."""
    words = len(WORD.findall(text))
    characters = len(CJK.findall(text))
    return words + Decimal(characters) / CJK_CHARACTERS_PER_WORD


def description_structured(text: str) -> bool:
    """Paragraphs, separate lines (a single line break is a choice to structure) or a list."""
    lines = [line for line in text.splitlines() if line.strip()]
    return len(lines) >= 2 or len(LINE_MARK.findall(text)) >= 2 or len(INLINE_MARK.findall(text)) >= 2


def quality(project: Project) -> dict[str, Any]:
    """The project's quality check: each item with its points, and what to do about it."""
    description = project.description.strip()
    skills = project.skills.count()
    structured = description_structured(description)
    length = description_words(description)
    items: list[tuple[str, str, int, int, str]] = [
        (
            "clarity",
            _("Description long enough to act on"),
            25 if length >= FULL_LENGTH_WORDS else 12 if length >= SHORT_LENGTH_WORDS else 0,
            25,
            _(
                "Say what the students will do, with what, and what you expect at the end "
                "(50 words or more; in Chinese, 80 characters or more)."
            ),
        ),
        (
            "structure",
            _("Description in paragraphs or a list"),
            10 if structured else 0,
            10,
            _("Break the description into paragraphs, lines or a list of tasks."),
        ),
        (
            "skills",
            _("Skills named"),
            20 if skills >= 2 else 10 if skills == 1 else 0,
            20,
            _("Name the skills the work needs (two or more), so colleges can match a module."),
        ),
        (
            "seats",
            _("Seats set"),
            10 if project.seats >= 1 else 0,
            10,
            _("Say how many students you can take."),
        ),
        (
            "dates",
            _("Start and end dates set"),
            15 if project.starts_on and project.ends_on and project.ends_on >= project.starts_on else 0,
            15,
            _("Give a start and an end date, so a college can fit it into a term."),
        ),
        (
            "mentor",
            _("A mentor named"),
            20 if project.mentor_id else 0,
            20,
            _("Name the engineer who will guide the students."),
        ),
    ]
    checks = [
        {
            "code": code,
            "label": label,
            "points": points,
            "max": most,
            "ok": points == most,
            "advice": "" if points == most else advice,
        }
        for code, label, points, most, advice in items
    ]
    score = sum(points for _code, _label, points, _most, _advice in items)
    return {
        "score": score,
        "threshold": QUALITY_THRESHOLD,
        "ready": score >= QUALITY_THRESHOLD,
        "checks": checks,
    }


def _college_side(user: User, module: Module) -> bool:
    return user.is_platform_admin or (
        user.role in (Role.TEACHER, Role.COLLEGE_ADMIN) and college_staff_of(user, module.course.college_id)
    )


def match_request(*, project: Project, module: Module, actor: User, message: str = "") -> MatchRequest:
    """Propose ``module`` for ``project``: from the module's college, or from the project's
    enterprise (an invitation)."""
    if engineer_of(actor, project.enterprise_id):
        direction = MatchRequest.Direction.FROM_PROJECT
    elif _college_side(actor, module):
        direction = MatchRequest.Direction.FROM_MODULE
    else:
        raise Invalid(
            "module", _("Propose one of your college's modules, or invite a module into your own project.")
        )
    project = Project.objects.get(pk=project.pk)  # its state now, not as the caller last read it
    if project.status != S.OPEN:
        raise Conflict(_("Only an open project can be matched with a module."))
    if project.college_id is not None:
        raise Conflict(_("A college has already taken this project on."))
    try:
        with transaction.atomic():
            request = MatchRequest.objects.create(
                project=project, module=module, direction=direction, message=message.strip(), sent_by=actor
            )
    except IntegrityError:
        raise Conflict(_("This module and this project are already waiting for an answer.")) from None
    answering = (
        notifications.engineers_of(project.enterprise_id)
        if direction == MatchRequest.Direction.FROM_MODULE
        else notifications.staff_of_college(module.course.college_id, admins_only=True)
    )
    sender = (
        module.course.college.name
        if direction == MatchRequest.Direction.FROM_MODULE
        else project.enterprise.name
    )
    notifications.notify(
        answering,
        Notification.Kind.MATCH_REQUESTED,
        link=reverse("match-requests-detail", args=[request.pk]),
        actor=actor,
        sender=sender,
        module=module.title,
        project=project.title,
    )
    return request


def _tell_sender(request: MatchRequest, actor: User) -> None:
    if request.sent_by is not None:
        notifications.notify(
            [request.sent_by],
            Notification.Kind.MATCH_ANSWERED,
            link=reverse("match-requests-detail", args=[request.pk]),
            actor=actor,
            module=request.module.title,
            project=request.project.title,
            decision=notifications.term(DECISIONS[request.status], context="match"),
        )


def may_answer(user: Any, request: MatchRequest) -> bool:
    """The side that did not send it answers."""
    if not getattr(user, "is_authenticated", False):
        return False
    if request.direction == MatchRequest.Direction.FROM_MODULE:
        return user.is_platform_admin or engineer_of(user, request.project.enterprise_id)
    return _college_side(user, request.module)


def _decided(request: MatchRequest) -> MatchRequest:
    request = (
        MatchRequest.objects.select_for_update()
        .select_related("project", "module__course")
        .get(pk=request.pk)
    )
    if request.status != MatchRequest.Status.PENDING:
        raise Conflict(_("The request is answered already."))
    return request


@transaction.atomic
def match_accept(
    *,
    request: MatchRequest,
    actor: User,
    scope_note: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> MatchRequest:
    request = _decided(request)
    # A date left out keeps the project's own; the pair is checked on the project as take_on
    # locked it, so an edit of its dates that committed meanwhile is taken into account.
    changes = {name: value for name, value in (("starts_on", starts_on), ("ends_on", ends_on)) if value}
    project = services.take_on(
        project=request.project,
        actor=actor,
        college=request.module.course.college,
        module=request.module,
        request_id=request.pk,
    )
    services.check_dates(project, changes)
    if changes:
        for name, value in changes.items():
            setattr(project, name, value)
        project.save(update_fields=["starts_on", "ends_on", "updated_at"])
    request.status = MatchRequest.Status.ACCEPTED
    request.scope_note, request.starts_on, request.ends_on = scope_note.strip(), starts_on, ends_on
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save()
    _tell_sender(request, actor)
    return request


@transaction.atomic
def match_decline(*, request: MatchRequest, actor: User, reply: str) -> MatchRequest:
    request = _decided(request)
    if not reply.strip():
        raise Invalid("reply", _("Say why, so the other side can propose something that fits."))
    request.status = MatchRequest.Status.DECLINED
    request.reply = reply.strip()
    request.decided_by, request.decided_at = actor, timezone.now()
    request.save(update_fields=["status", "reply", "decided_by", "decided_at"])
    _tell_sender(request, actor)
    return request
