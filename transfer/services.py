"""The rules of industry calls, responses, technology summaries and transfers; called by the
pages and the API alike.

A call takes responses until its deadline (the day included, in the portal's time zone);
after it, a new response is a 409. A decision on a response is final; a shortlisted response
opens one project (through the enterprise's project workflow, as a draft the enterprise then
opens) or one dual position (proposed, as the college's proposals are).
"""

import datetime
from collections.abc import Iterable, Sequence
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import notifications
from accounts.errors import Conflict, Invalid
from accounts.models import COLLEGE_ROLES, Notification, Role, User
from colleges.models import College, DualPosition
from colleges.services import dual_position_propose
from courses.models import Skill
from enterprises.models import Enterprise, Project
from enterprises.services import project_create
from ledger.services import evidence_record_platform

from .models import Call, CallResponse, Inventor, InventorShare, TechSummary, Transfer

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
# The default scheme's indicators a transfer feeds (evaluation.md).
INCOME_INDICATOR = "transfer_income"
PATENT_INDICATOR = "patents_transferred"
EARLIEST = datetime.date(2000, 1, 1)  # the evaluation's periods: nothing older is counted
CALL_FIELDS = ("title", "need", "budget_band", "deadline", "confidential")


def _name(user: User) -> str:
    return user.get_full_name() or user.username


def is_open(call: Call) -> bool:
    return call.deadline >= timezone.localdate()


def _require_approved(enterprise: Enterprise) -> None:
    if enterprise.vetting != Enterprise.Vetting.APPROVED:
        raise Conflict(_("The enterprise waits for approval: it posts calls once it is approved."))


def _check_call(data: dict[str, Any]) -> None:
    for name in ("title", "need"):
        if name in data and not str(data[name]).strip():
            raise Invalid(name, _("This field is required."))
    if "deadline" in data and data["deadline"] < timezone.localdate():
        raise Invalid("deadline", _("The deadline cannot be in the past."))


# --- calls ---------------------------------------------------------------------------------


@transaction.atomic
def call_post(
    *,
    actor: User,
    enterprise: Enterprise,
    title: str,
    need: str,
    budget_band: str,
    deadline: datetime.date,
    confidential: bool = False,
    skills: Iterable[Skill] = (),
    summary: TechSummary | None = None,
) -> Call:
    _require_approved(enterprise)
    _check_call({"title": title, "need": need, "deadline": deadline})
    call = Call.objects.create(
        enterprise=enterprise,
        title=title.strip(),
        need=need.strip(),
        budget_band=budget_band,
        deadline=deadline,
        confidential=confidential,
        summary=summary,
        created_by=actor,
    )
    call.skills.set(list(skills))
    return call


@transaction.atomic
def call_update(*, call: Call, actor: User, data: dict[str, Any]) -> Call:
    """The enterprise corrects its call while it takes responses; confidentiality cannot be
    lifted once someone responded under it."""
    call = Call.objects.select_for_update().get(pk=call.pk)
    if not is_open(call):
        raise Conflict(_("The deadline has passed: the call can no longer change."))
    _check_call(data)
    if "confidential" in data and call.confidential and not data["confidential"] and call.responses.exists():
        raise Invalid("confidential", _("People responded in confidence: the call stays confidential."))
    skills = data.pop("skills", None)
    for name in CALL_FIELDS:
        if name in data:
            setattr(call, name, data[name].strip() if isinstance(data[name], str) else data[name])
    call.save()
    if skills is not None:
        call.skills.set(list(skills))
    return call


# --- responses -----------------------------------------------------------------------------


@transaction.atomic
def response_submit(
    *, call: Call, actor: User, problem: str, approach: str, prior_results: str, team: str
) -> CallResponse:
    if actor.role not in COLLEGE_ROLES or actor.college_id is None:
        raise Invalid("call", _("Teachers and research staff of a college respond to calls."))
    texts = {"problem": problem, "approach": approach, "prior_results": prior_results, "team": team}
    for name, value in texts.items():
        if not value.strip():
            raise Invalid(name, _("This field is required."))
    # The call's row is the lock: a response racing the deadline or the same person's second
    # response waits for the first.
    call = Call.objects.select_for_update().select_related("enterprise").get(pk=call.pk)
    if not is_open(call):
        raise Conflict(
            _("The call closed on %(deadline)s: it takes no new responses.")
            % {"deadline": call.deadline.isoformat()}
        )
    if CallResponse.objects.filter(call=call, responder=actor).exists():
        raise Conflict(_("You have responded to this call already."))
    try:
        with transaction.atomic():
            response = CallResponse.objects.create(
                call=call,
                responder=actor,
                college_id=actor.college_id,
                **{name: value.strip() for name, value in texts.items()},
            )
    except IntegrityError as exc:
        raise Conflict(_("You have responded to this call already.")) from exc
    notifications.notify(
        notifications.engineers_of(call.enterprise_id),
        Notification.Kind.CALL_RESPONSE_RECEIVED,
        link=reverse("call-responses-detail", args=[response.pk]),
        actor=actor,
        responder=_name(actor),
        college=actor.college.name if actor.college else "",
        call=call.title,
    )
    return response


def _lock_response(response: CallResponse) -> CallResponse:
    return (
        CallResponse.objects.select_for_update(of=("self",))
        .select_related("call__enterprise", "responder", "college")
        .get(pk=response.pk)
    )


def _decide(response: CallResponse, actor: User, status: str, reason: str) -> CallResponse:
    reason = reason.strip()
    if not reason:
        raise Invalid("reason", _("Say why: the responder reads it."))
    response = _lock_response(response)
    if response.status != CallResponse.Status.SUBMITTED:
        raise Conflict(
            _("The response is %(state)s: a decision on it is final.")
            % {"state": response.get_status_display()}
        )
    response.status = status
    response.reason = reason
    response.decided_by = actor
    response.decided_at = timezone.now()
    response.save(update_fields=["status", "reason", "decided_by", "decided_at", "updated_at"])
    notifications.notify(
        [response.responder],
        Notification.Kind.CALL_RESPONSE_DECIDED,
        link=reverse("call-responses-detail", args=[response.pk]),
        actor=actor,
        call=response.call.title,
        enterprise=response.call.enterprise.name,
        decision=notifications.term(
            CallResponse.Status(status).label, context="response" if status == "declined" else ""
        ),
        reason=reason,
    )
    return response


@transaction.atomic
def response_shortlist(*, response: CallResponse, actor: User, reason: str) -> CallResponse:
    return _decide(response, actor, CallResponse.Status.SHORTLISTED, reason)


@transaction.atomic
def response_decline(*, response: CallResponse, actor: User, reason: str) -> CallResponse:
    return _decide(response, actor, CallResponse.Status.DECLINED, reason)


def _lock_shortlisted(response: CallResponse) -> CallResponse:
    response = _lock_response(response)
    if response.status != CallResponse.Status.SHORTLISTED:
        raise Conflict(_("Only a shortlisted response opens a project or a dual position."))
    if response.project_id or response.dual_position_id:
        raise Conflict(_("A project or a dual position was opened from this response already."))
    return response


@transaction.atomic
def response_open_project(
    *,
    response: CallResponse,
    actor: User,
    seats: int = 1,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> Project:
    """A draft project of the call's enterprise, its title, description and skills the call's,
    with the response it grew from in the description; the enterprise then opens it."""
    response = _lock_shortlisted(response)
    call = response.call
    if seats < 1:
        raise Invalid("seats", _("At least one seat."))
    project = project_create(
        actor=actor,
        enterprise=call.enterprise,
        title=call.title,
        description=_("%(need)s\n\nFrom the response of %(responder)s (%(college)s): %(approach)s")
        % {
            "need": call.need,
            "responder": _name(response.responder),
            "college": response.college.name,
            "approach": response.approach,
        },
        seats=seats,
        visibility=Project.Visibility.CONFIDENTIAL if call.confidential else Project.Visibility.PARTNERS,
        skills=list(call.skills.all()),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    response.project = project
    response.save(update_fields=["project", "updated_at"])
    return project


@transaction.atomic
def response_open_dual_position(
    *, response: CallResponse, actor: User, start_date: datetime.date | None = None
) -> DualPosition:
    """The responding teacher proposed for a dual position at the enterprise, titled after the call."""
    response = _lock_shortlisted(response)
    if response.responder.role != Role.TEACHER:
        raise Invalid("responder", _("Dual positions are for teachers: open a project instead."))
    position = dual_position_propose(
        actor=actor,
        teacher=response.responder,
        enterprise_id=response.call.enterprise_id,
        role=DualPosition.Role.ENGINEER,
        title=response.call.title[:200],
        start_date=start_date or timezone.localdate(),
    )
    response.dual_position = position
    response.save(update_fields=["dual_position", "updated_at"])
    return position


# --- technology summaries ----------------------------------------------------------------------


def check_inventors(college_id: int, inventors: Sequence[tuple[User, Decimal]]) -> None:
    """People of the college, each once, their contributions adding up to 100 exactly."""
    if not inventors:
        raise Invalid("inventors", _("Name at least one inventor."))
    seen: set[int] = set()
    for user, share in inventors:
        if user.role not in COLLEGE_ROLES or user.college_id != college_id:
            raise Invalid("inventors", _("%(name)s is not a person of the college.") % {"name": _name(user)})
        if user.pk in seen:
            raise Invalid("inventors", _("%(name)s is named twice.") % {"name": _name(user)})
        seen.add(user.pk)
        if share <= 0 or share > HUNDRED or share != share.quantize(CENT):
            raise Invalid(
                "inventors",
                _("A contribution is a percentage above 0 and at most 100, to two decimals."),
            )
    total = sum((share for _user, share in inventors), Decimal(0))
    if total != HUNDRED:
        raise Invalid(
            "inventors",
            _("The contributions add up to %(total)s%%; they must add up to 100%%.")
            % {"total": f"{total.normalize():f}"},
        )


def _check_contact(college_id: int, contact: Any) -> None:
    if not isinstance(contact, User) or contact.role not in COLLEGE_ROLES or contact.college_id != college_id:
        raise Invalid("contact", _("The contact is a person of the college."))


def _check_summary(data: dict[str, Any]) -> None:
    for name in ("title", "abstract", "industries"):
        if name in data and not str(data[name]).strip():
            raise Invalid(name, _("This field is required."))
    if data.get("kind") == TechSummary.Kind.PATENT:
        if not str(data.get("patent_number", "")).strip():
            raise Invalid("patent_number", _("A patent has its number."))
        if not data.get("patent_status"):
            raise Invalid("patent_status", _("A patent has its status."))


SUMMARY_FIELDS = (
    "title",
    "kind",
    "abstract",
    "patent_number",
    "patent_status",
    "industries",
    "contact",
    "visibility",
)


def _set_inventors(summary: TechSummary, inventors: Sequence[tuple[User, Decimal]]) -> None:
    check_inventors(summary.college_id, inventors)
    summary.inventors.all().delete()
    Inventor.objects.bulk_create(
        [Inventor(summary=summary, user=user, contribution=share) for user, share in inventors]
    )


def _clean_summary(values: dict[str, Any]) -> None:
    values["industries"] = ", ".join(
        part.strip() for part in str(values.get("industries", "")).split(",") if part.strip()
    )
    if values.get("kind") != TechSummary.Kind.PATENT:
        values["patent_number"] = ""
        values["patent_status"] = ""


@transaction.atomic
def summary_publish(
    *,
    actor: User,
    college: College,
    inventors: Sequence[tuple[User, Decimal]],
    skills: Iterable[Skill] = (),
    **data: Any,
) -> TechSummary:
    values = {name: data.get(name, "") for name in SUMMARY_FIELDS}
    _check_contact(college.pk, values["contact"])
    values["visibility"] = values["visibility"] or TechSummary.Visibility.PUBLIC
    _clean_summary(values)
    _check_summary(values)
    summary = TechSummary.objects.create(college=college, created_by=actor, **values)
    summary.skills.set(list(skills))
    _set_inventors(summary, inventors)
    return summary


@transaction.atomic
def summary_update(*, summary: TechSummary, actor: User, data: dict[str, Any]) -> TechSummary:
    """A summary's fields and inventors change until a transfer is recorded on it; then the
    inventors stay as the shares were computed from them."""
    summary = TechSummary.objects.select_for_update().get(pk=summary.pk)
    inventors = data.pop("inventors", None)
    skills = data.pop("skills", None)
    values = {name: data.get(name, getattr(summary, name)) for name in SUMMARY_FIELDS}
    _check_contact(summary.college_id, values["contact"])
    _clean_summary(values)
    _check_summary(values)
    for name, value in values.items():
        setattr(summary, name, value)
    summary.save()
    if skills is not None:
        summary.skills.set(list(skills))
    if inventors is not None:
        current = sorted((i.user_id, i.contribution) for i in summary.inventors.all())
        wanted = sorted((user.pk, share) for user, share in inventors)
        if current != wanted:
            if summary.transfers.exists():
                raise Conflict(
                    _("A transfer is recorded on this summary: its inventors' shares were paid on them.")
                )
            _set_inventors(summary, inventors)
    return summary


def split(income: Decimal, contributions: Sequence[tuple[int, Decimal]]) -> dict[int, Decimal]:
    """Each inventor's share of ``income`` by contribution, to the fen, adding up exactly: every
    share rounded down, then the fen left over go one each to the largest remainders (ties: the
    larger contribution, then the earlier inventor)."""
    cents = int((income / CENT).to_integral_value(rounding=ROUND_DOWN))
    exact = {pk: Decimal(cents) * share / HUNDRED for pk, share in contributions}
    floors = {pk: int(value.to_integral_value(rounding=ROUND_DOWN)) for pk, value in exact.items()}
    left = cents - sum(floors.values())
    order = sorted(contributions, key=lambda c: (-(exact[c[0]] - floors[c[0]]), -c[1], c[0]))
    for pk, _share in order[:left]:
        floors[pk] += 1
    return {pk: Decimal(value) * CENT for pk, value in floors.items()}


@transaction.atomic
def transfer_record(
    *,
    summary: TechSummary,
    actor: User,
    kind: str,
    licensee_name: str,
    income: Decimal,
    date: datetime.date,
    licensee: Enterprise | None = None,
) -> Transfer:
    """The transfer, each inventor's share of its income, and the college's evidence: its
    income (``transfer_income``) and, for a patent, the patent transferred (once a patent)."""
    summary = TechSummary.objects.select_for_update().get(pk=summary.pk)
    if kind not in Transfer.Kind.values:
        raise Invalid("kind", _("A licence or an assignment."))
    licensee_name = (licensee_name or (licensee.name if licensee else "")).strip()
    if not licensee_name:
        raise Invalid("licensee_name", _("Name the licensee or assignee."))
    if income < 0 or income != income.quantize(CENT):
        raise Invalid("income", _("An amount in yuan, 0 or more, to the fen."))
    if date > timezone.localdate():
        raise Invalid("date", _("A transfer cannot be recorded for a future date."))
    if date < EARLIEST:
        raise Invalid("date", _("A transfer is recorded from the year 2000 on."))
    if kind == Transfer.Kind.ASSIGNMENT and summary.transfers.filter(kind=Transfer.Kind.ASSIGNMENT).exists():
        raise Conflict(_("The result was assigned already: an assignment happens once."))
    inventors = list(summary.inventors.select_related("user"))
    transfer = Transfer.objects.create(
        summary=summary,
        kind=kind,
        licensee=licensee,
        licensee_name=licensee_name,
        income=income,
        date=date,
        recorded_by=actor,
    )
    amounts = split(income, [(i.user_id, i.contribution) for i in inventors])
    InventorShare.objects.bulk_create(
        [
            InventorShare(
                transfer=transfer, inventor=i.user, contribution=i.contribution, amount=amounts[i.user_id]
            )
            for i in inventors
        ]
    )
    college = summary.college
    note = f"{summary.title} → {licensee_name}"
    if income > 0:
        evidence_record_platform(
            indicator=INCOME_INDICATOR,
            college=college,
            value=income,
            occurred_on=date,
            event_key=f"tech-transfer:{transfer.pk}",
            actor=actor,
            note=note,
            origin=transfer,
        )
    if summary.kind == TechSummary.Kind.PATENT:
        # A patent counts once however many licences it has: its first transfer.
        evidence_record_platform(
            indicator=PATENT_INDICATOR,
            college=college,
            value=1,
            occurred_on=date,
            event_key=f"tech-summary-patent:{summary.pk}",
            actor=actor,
            note=note,
            origin=transfer,
        )
    link = reverse("inventor-shares-list")
    for inventor in inventors:
        notifications.notify(
            [inventor.user],
            Notification.Kind.TRANSFER_SHARE,
            link=link,
            actor=actor,
            summary=summary.title,
            deal=notifications.term(Transfer.Kind(kind).label),
            amount=f"{amounts[inventor.user_id]:.2f}",
        )
    return transfer


@transaction.atomic
def summary_start_project(*, summary: TechSummary, actor: User, seats: int = 1) -> Project:
    """A draft project of the engineer's enterprise about the summary's result."""
    enterprise = actor.enterprise
    if enterprise is None:
        raise Invalid("enterprise", _("Only an enterprise's engineers start a project."))
    if seats < 1:
        raise Invalid("seats", _("At least one seat."))
    return project_create(
        actor=actor,
        enterprise=enterprise,
        title=summary.title,
        description=_("%(abstract)s\n\nAbout the technology summary of %(college)s.")
        % {"abstract": summary.abstract, "college": summary.college.name},
        seats=seats,
        visibility=Project.Visibility.PARTNERS,
        skills=list(summary.skills.all()),
    )


def summary_start_call(
    *,
    summary: TechSummary,
    actor: User,
    budget_band: str,
    deadline: datetime.date,
    confidential: bool = False,
) -> Call:
    enterprise = actor.enterprise
    if enterprise is None:
        raise Invalid("enterprise", _("Only an enterprise's engineers post calls."))
    return call_post(
        actor=actor,
        enterprise=enterprise,
        title=summary.title,
        need=_("We would apply %(title)s (%(college)s): %(abstract)s")
        % {"title": summary.title, "college": summary.college.name, "abstract": summary.abstract},
        budget_band=budget_band,
        deadline=deadline,
        confidential=confidential,
        skills=list(summary.skills.all()),
        summary=summary,
    )
