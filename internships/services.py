"""What happens to an internship, from its terms to its evaluations. Pages and the API both
call these; every rule is checked here (see ``rules``)."""

import datetime
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from accounts import notifications
from accounts.errors import Conflict, Forbidden, Invalid
from accounts.models import Notification, Role, User
from courses.models import CreditTransaction
from courses.services import credit_post_module
from enterprises import careers
from ledger.services import evidence_record_platform

from . import rules
from .models import (
    HoursException,
    Internship,
    InternshipAlert,
    InternshipEvaluation,
    InternshipLog,
    InternshipVisit,
    MentorChange,
    PayRecord,
    PlanTask,
    Position,
    PreJobTraining,
    Shift,
    TrainingPlan,
)

S = Internship.Status
A = InternshipAlert.Kind
TERMS = [
    "student",
    "student_birth_date",
    "college",
    "major",
    "enterprise",
    "position",
    "kind",
    "start_date",
    "end_date",
    "length_reason",
    "mentor",
    "supervisor",
    "pay_per_month",
    "works_independently",
    "hours_per_day",
    "shift",
    "student_fee",
    "intermediary",
]
INSURANCE = ["insurer", "policy_number", "insured_from", "insured_to"]


def _check_people(data: dict[str, Any]) -> None:
    college, enterprise = data["college"], data["enterprise"]
    student: User = data["student"]
    if student.role != Role.STUDENT or student.college_id != college.pk:
        raise Invalid("student", _("The intern must be a student of the college."))
    if data["major"].college_id != college.pk:
        raise Invalid("major", _("The major must be one of the college's."))
    if data["position"].enterprise_id != enterprise.pk:
        raise Invalid("position", _("The position must be one of the enterprise's."))
    mentor: User = data["mentor"]
    if mentor.role != Role.ENGINEER or mentor.enterprise_id != enterprise.pk:
        raise Invalid("mentor", _("The mentor must be an engineer of the enterprise."))
    supervisor: User = data["supervisor"]
    if supervisor.role not in (Role.TEACHER, Role.COLLEGE_ADMIN) or supervisor.college_id != college.pk:
        raise Invalid("supervisor", _("The supervisor must be a teacher of the college."))


@transaction.atomic
def internship_create(*, actor: User, **data: Any) -> Internship:
    data = {name: data[name] for name in TERMS + INSURANCE if name in data}
    _check_people(data)
    rules.check_terms(data)
    internship = Internship(**data, created_by=actor)
    # Locking the enterprise serialises placements there, so two at once cannot both pass the cap.
    type(data["enterprise"]).objects.select_for_update().filter(pk=data["enterprise"].pk).first()
    rules.check_caps(internship)
    internship.save()
    _ask_to_accept(internship, actor)
    return internship


@transaction.atomic
def internship_update(*, internship: Internship, actor: User, **data: Any) -> Internship:
    """Change the terms or the insurance while preparing; any change to the terms asks every
    party to accept again."""
    internship = Internship.objects.select_for_update().get(pk=internship.pk)
    if internship.status != S.PREPARING:
        raise Conflict(
            _("Only a preparing internship can change; this one is %(state)s.")
            % {"state": internship.get_status_display()}
        )
    terms_changed = False
    previous_mentor = internship.mentor
    for name, value in data.items():
        if name not in TERMS + INSURANCE:
            continue
        if name in TERMS and getattr(internship, name) != value:
            terms_changed = True
        setattr(internship, name, value)
    current = {name: getattr(internship, name) for name in TERMS}
    _check_people(current)
    rules.check_terms(current)
    rules.check_caps(internship)
    if terms_changed:
        internship.student_accepted_at = internship.guardian_accepted_at = None
        internship.college_accepted_at = internship.enterprise_accepted_at = None
        internship.college_accepted_by = internship.enterprise_accepted_by = None
        internship.guardian_name = ""
    internship.save()
    if internship.mentor_id != previous_mentor.pk:
        MentorChange.objects.create(
            internship=internship, from_mentor=previous_mentor, to_mentor=internship.mentor, changed_by=actor
        )
    return internship


def _mentor_of(internship: Internship, user: User) -> bool:
    """Is ``user`` the internship's mentor now? Only they confirm its days and evaluate it for
    the enterprise; another of its engineers must be named mentor first (``mentor_change``)."""
    return user.pk == internship.mentor_id


@transaction.atomic
def mentor_change(*, internship: Internship, actor: User, mentor: User, reason: str = "") -> Internship:
    """Name another engineer of the enterprise the intern's mentor, kept in the internship's
    history with both names. The terms stay accepted: the mentor is the enterprise's to staff."""
    internship = Internship.objects.select_for_update().get(pk=internship.pk)
    if internship.status == S.CANCELLED:
        raise Conflict(_("The internship was cancelled."))
    if InternshipEvaluation.objects.filter(
        internship=internship, side=InternshipEvaluation.Side.MENTOR
    ).exists():
        raise Conflict(_("The mentor has already evaluated the internship."))
    if not (mentor.role == Role.ENGINEER and mentor.enterprise_id == internship.enterprise_id):
        raise Invalid("mentor", _("The mentor must be an engineer of the enterprise."))
    if not mentor.is_active:
        raise Invalid("mentor", _("This person's account is deactivated."))
    if mentor.pk == internship.mentor_id:
        raise Invalid("mentor", _("This engineer is already the mentor."))
    MentorChange.objects.create(
        internship=internship,
        from_mentor_id=internship.mentor_id,
        to_mentor=mentor,
        changed_by=actor,
        reason=reason.strip(),
    )
    internship.mentor = mentor
    internship.save(update_fields=["mentor"])
    return internship


def party_of(internship: Internship, user: User) -> str:
    """Which side of the agreement the user accepts for ("" for none)."""
    if user.pk == internship.student_id:
        return "student"
    if user.role == Role.COLLEGE_ADMIN and user.college_id == internship.college_id:
        return "college"
    if user.role == Role.ENGINEER and user.enterprise_id == internship.enterprise_id:
        return "enterprise"
    return ""


@transaction.atomic
def internship_accept_agreement(
    *, internship: Internship, actor: User, guardian_name: str = ""
) -> Internship:
    internship = Internship.objects.select_for_update().get(pk=internship.pk)
    if internship.status != S.PREPARING:
        raise Conflict(_("The agreement is accepted before the internship starts."))
    party = party_of(internship, actor)
    now = timezone.now()
    if party == "student":
        if internship.student_accepted_at and (
            internship.guardian_accepted_at or not rules.needs_guardian(internship)
        ):
            raise Conflict(_("You have already accepted the agreement."))
        if rules.needs_guardian(internship):
            if not guardian_name.strip():
                raise Invalid(
                    "guardian_name",
                    _("The student is under %(age)s: the guardian accepts too; give the guardian's name.")
                    % {"age": rules.rule("guardian_below_age")},
                )
            internship.guardian_name = guardian_name.strip()[:200]
            internship.guardian_accepted_at = now
        internship.student_accepted_at = now
    elif party == "college":
        if internship.college_accepted_at:
            raise Conflict(_("The college has already accepted the agreement."))
        internship.college_accepted_by, internship.college_accepted_at = actor, now
    elif party == "enterprise":
        if internship.enterprise_accepted_at:
            raise Conflict(_("The enterprise has already accepted the agreement."))
        internship.enterprise_accepted_by, internship.enterprise_accepted_at = actor, now
    else:
        raise Forbidden(_("Only the student, the college and the enterprise accept the agreement."))
    internship.save()
    return internship


@transaction.atomic
def training_record(
    *,
    internship: Internship,
    actor: User,
    kind: str,
    topic: str,
    module: Any = None,
    completed_on: datetime.date | None = None,
) -> PreJobTraining:
    _check_training(internship, module, completed_on)
    return PreJobTraining.objects.create(
        internship=internship,
        kind=kind,
        topic=topic,
        module=module,
        completed_on=completed_on,
        recorded_by=actor,
        completion_recorded_by=actor if completed_on else None,
    )


def _check_training(internship: Internship, module: Any, completed_on: datetime.date | None) -> None:
    if module is not None and module.course.college_id != internship.college_id:
        raise Invalid("module", _("The module must be one of the college's."))
    if completed_on is not None and completed_on > timezone.localdate():
        raise Invalid("completed_on", _("The training cannot be completed in the future."))
    if internship.status != S.PREPARING:
        raise Conflict(_("Pre-job training is recorded before the internship starts."))


TRAINING_FIELDS = ("kind", "topic", "module", "completed_on")


@transaction.atomic
def training_update(*, training: PreJobTraining, actor: User, **data: Any) -> PreJobTraining:
    """Change a row of pre-job training while the internship prepares: above all, record its
    completion (a row recorded without a date would otherwise keep the internship from
    starting for ever). Whoever records the completion is kept with it."""
    # The join locks the internship as its start does, so a start cannot read the training
    # while its completion is being changed.
    training = PreJobTraining.objects.select_for_update().select_related("internship").get(pk=training.pk)
    changes = {name: data[name] for name in TRAINING_FIELDS if name in data}
    _check_training(
        training.internship,
        changes.get("module"),
        changes.get("completed_on"),
    )
    if "completed_on" in changes and changes["completed_on"] != training.completed_on:
        training.completion_recorded_by = actor if changes["completed_on"] else None
    for name, value in changes.items():
        setattr(training, name, value)
    training.save()
    return training


def readiness(internship: Internship) -> list[str]:
    """What still stands between the internship and its start, in words."""
    missing = []
    if not internship.agreement_complete(rules.needs_guardian(internship)):
        missing.append(_("the three-party agreement accepted by every party"))
    if not internship.insured():
        missing.append(_("liability insurance covering the whole internship"))
    training = list(internship.pre_job_training.all())
    done = {t.kind for t in training if t.completed_on}
    if not training or any(t.completed_on is None for t in training) or done != {"safety", "process"}:
        missing.append(_("pre-job training (safety and process guidance) completed"))
    if internship.kind == Internship.Kind.PLACEMENT:
        plan = TrainingPlan.objects.filter(internship=internship).first()
        if plan is None or not plan.tasks.exists() or plan.college_agreed_at is None:
            missing.append(_("a training plan agreed with the college"))
    return missing


@transaction.atomic
def internship_start(*, internship: Internship, actor: User) -> Internship:
    internship = (
        Internship.objects.select_for_update().select_related("enterprise", "position").get(pk=internship.pk)
    )
    if internship.status != S.PREPARING:
        raise Conflict(
            _("The internship is %(state)s; only a preparing one starts.")
            % {"state": internship.get_status_display()}
        )
    missing = readiness(internship)
    if missing:
        raise Conflict(
            _("The internship cannot start before: %(missing)s.")
            % {"missing": pgettext("list separator", "; ").join(missing)}
        )
    type(internship.enterprise).objects.select_for_update().filter(pk=internship.enterprise_id).first()
    rules.check_caps(internship, error=Conflict)
    internship.status = S.ACTIVE
    internship.started_at = timezone.now()
    internship.save(update_fields=["status", "started_at"])
    return internship


@transaction.atomic
def internship_cancel(*, internship: Internship, actor: User) -> Internship:
    internship = Internship.objects.select_for_update().get(pk=internship.pk)
    if internship.status != S.PREPARING:
        raise Conflict(_("Only a preparing internship can be cancelled."))
    internship.status = S.CANCELLED
    internship.save(update_fields=["status"])
    return internship


@transaction.atomic
def internship_end(
    *,
    internship: Internship,
    actor: User,
    on: datetime.date | None = None,
    hired: bool = False,
    job_position: str = "",
    in_field: bool = True,
) -> Internship:
    """End it: completed plan tasks tied to a module become module credit (once per module, the
    credit bank's rule); a job offer is recorded as an employment, which the student or the
    college confirms."""
    internship = (
        Internship.objects.select_for_update().select_related("enterprise", "student").get(pk=internship.pk)
    )
    if internship.status != S.ACTIVE:
        raise Conflict(_("Only an internship under way can end."))
    on = on or timezone.localdate()
    if on < internship.start_date:
        raise Invalid("on", _("The internship cannot end before it starts."))
    internship.status = S.ENDED
    internship.ended_on = on
    if hired:
        internship.hired = True
        internship.employment = careers.employment_create(
            actor=actor,
            learner=internship.student,
            enterprise=internship.enterprise,
            position=job_position.strip() or internship.position.name,
            start_date=on + datetime.timedelta(days=1),
            in_field=in_field,
        )
    internship.save()
    plan = TrainingPlan.objects.filter(internship=internship).first()
    if plan is not None:
        for task in plan.tasks.filter(progress=100, module__isnull=False).select_related("module"):
            credit_post_module(
                learner=internship.student,
                module=task.module,  # type: ignore[arg-type]
                credits=task.module.credits,  # type: ignore[union-attr]
                kind=CreditTransaction.Kind.MODULE,
                source=f"internship:{internship.pk}",
                actor=actor,
            )
    return internship


# --- the training plan ---------------------------------------------------------------------


@transaction.atomic
def plan_create(*, internship: Internship, actor: User, tasks: list[dict[str, Any]]) -> TrainingPlan:
    if internship.status not in rules.LIVE:
        raise Conflict(_("A plan is written for a preparing or running internship."))
    if TrainingPlan.objects.filter(internship=internship).exists():
        raise Conflict(_("The internship already has a training plan."))
    if not tasks:
        raise Invalid("tasks", _("A plan names at least one task."))
    plan = TrainingPlan.objects.create(internship=internship, written_by=actor)
    for item in tasks:
        module = item.get("module")
        if module is not None and module.course.college_id != internship.college_id:
            raise Invalid("tasks", _("A task's module must be one of the college's."))
        task = PlanTask.objects.create(
            plan=plan, title=item["title"], module=module, repetitive=bool(item.get("repetitive"))
        )
        task.skills.set(item.get("skills") or [])
    if all(item.get("repetitive") for item in tasks):
        raise_alert(
            internship,
            A.REPETITIVE_PLAN,
            gettext_noop("The training plan is made only of simple repetitive tasks: it teaches nothing."),
            key=f"plan:{plan.pk}:repetitive",
        )
    return plan


@transaction.atomic
def plan_agree(*, plan: TrainingPlan, actor: User) -> TrainingPlan:
    plan = TrainingPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.college_agreed_at is not None:
        raise Conflict(_("The college has already agreed to the plan."))
    plan.college_agreed_by, plan.college_agreed_at = actor, timezone.now()
    plan.save(update_fields=["college_agreed_by", "college_agreed_at"])
    return plan


@transaction.atomic
def plan_progress(*, plan: TrainingPlan, actor: User, task: int, progress: int) -> PlanTask:
    if plan.internship.status != S.ACTIVE:
        raise Conflict(_("Progress is recorded while the internship is under way."))
    row = plan.tasks.select_for_update().filter(pk=task).first()
    if row is None:
        raise Invalid("task", _("The task is not in this plan."))
    if not 0 <= progress <= 100:
        raise Invalid("progress", _("Progress is a share from 0 to 100."))
    row.progress = progress
    row.save(update_fields=["progress"])
    return row


# --- during the internship: logs, pay, visits, concerns --------------------------------------


def raise_alert(
    internship: Internship,
    kind: str,
    message: str,
    *,
    params: dict[str, Any] | None = None,
    key: str | None = None,
    log: InternshipLog | None = None,
    actor: User | None = None,
) -> InternshipAlert | None:
    """An open alert for the supervisor and the college's administrators, in their inbox and
    by e-mail. A breach is raised once (``key``)."""
    if key and InternshipAlert.objects.filter(key=key).exists():
        return None
    alert = InternshipAlert.objects.create(
        internship=internship,
        kind=kind,
        message=message,
        params=params or {},
        key=key,
        log=log,
        raised_by=actor,
    )
    recipients = [
        internship.supervisor,
        *notifications.staff_of_college(internship.college_id, admins_only=True),
    ]
    notifications.notify(
        recipients,
        Notification.Kind.INTERNSHIP_ALERT,
        link=reverse("internship-alerts-detail", args=[alert.pk]),
        actor=actor,
        student=internship.student.get_full_name() or internship.student.username,
        enterprise=internship.enterprise.name,
        alert=notifications.term(InternshipAlert.Kind(kind).label),
    )
    return alert


@transaction.atomic
def log_create(
    *, internship: Internship, actor: User, date: datetime.date, hours: Decimal, shift: str, tasks: str
) -> InternshipLog:
    if actor.pk != internship.student_id:
        raise Forbidden(_("The intern keeps the log."))
    if internship.status != S.ACTIVE:
        raise Conflict(_("The log is kept while the internship is under way."))
    if not internship.start_date <= date <= internship.end_date or date > timezone.localdate():
        raise Invalid("date", _("The day must fall within the internship and not in the future."))
    try:
        with transaction.atomic():
            log = InternshipLog.objects.create(
                internship=internship, date=date, hours=hours, shift=shift, tasks=tasks
            )
    except IntegrityError:
        raise Conflict(_("This day is already in the log.")) from None
    check_log(log)
    return log


def _num(value: Decimal) -> str:
    return f"{value.normalize():f}"


def check_log(log: InternshipLog) -> None:
    """Every breach in a day of the log raises an alert."""
    internship = log.internship
    allowed, nights = rules.working_time(internship)
    day = log.date.isoformat()
    if log.hours > allowed:
        raise_alert(
            internship,
            A.LONG_DAY,
            gettext_noop("%(hours)s hours worked on %(date)s: at most %(allowed)s are allowed."),
            params={"hours": _num(log.hours), "date": day, "allowed": _num(allowed)},
            key=f"log:{log.pk}:long",
            log=log,
        )
    elif log.hours > internship.hours_per_day:
        raise_alert(
            internship,
            A.OVERTIME,
            gettext_noop(
                "%(hours)s hours worked on %(date)s, beyond the agreed %(agreed)s: interns do no overtime."
            ),
            params={"hours": _num(log.hours), "date": day, "agreed": _num(internship.hours_per_day)},
            key=f"log:{log.pk}:overtime",
            log=log,
        )
    if log.shift == Shift.NIGHT and not nights:
        raise_alert(
            internship,
            A.NIGHT_SHIFT,
            gettext_noop("A night shift on %(date)s: interns work no night shifts."),
            params={"date": day},
            key=f"log:{log.pk}:night",
            log=log,
        )


@transaction.atomic
def log_confirm(*, log: InternshipLog, actor: User) -> InternshipLog:
    # The join locks the internship too, so a change of mentor committing meanwhile is seen:
    # a mentor just replaced cannot confirm a day in the same instant.
    log = InternshipLog.objects.select_for_update().select_related("internship").get(pk=log.pk)
    if not _mentor_of(log.internship, actor):
        raise Forbidden(_("Only the intern's mentor confirms the days."))
    if log.confirmed_at is not None:
        raise Conflict(_("The day is already confirmed."))
    log.confirmed_by, log.confirmed_at = actor, timezone.now()
    log.save(update_fields=["confirmed_by", "confirmed_at"])
    return log


def _month(value: datetime.date) -> datetime.date:
    return value.replace(day=1)


@transaction.atomic
def pay_record(*, internship: Internship, actor: User, month: datetime.date, amount: Decimal) -> PayRecord:
    if internship.status not in (S.ACTIVE, S.ENDED):
        raise Conflict(_("Pay is recorded for an internship under way or ended."))
    month = _month(month)
    if not _month(internship.start_date) <= month <= _month(internship.ended_on or internship.end_date):
        raise Invalid("month", _("The month must fall within the internship."))
    record, created = PayRecord.objects.get_or_create(
        internship=internship, month=month, defaults={"amount": amount, "recorded_by": actor}
    )
    if not created:
        raise Conflict(_("Pay for this month is already recorded."))
    if amount < internship.pay_per_month:
        raise_alert(
            internship,
            A.UNPAID,
            gettext_noop("%(month)s: paid %(amount)s of the agreed %(pay)s."),
            params={"month": f"{month:%Y-%m}", "amount": str(amount), "pay": str(internship.pay_per_month)},
            key=f"pay:{internship.pk}:{month:%Y-%m}",
        )
    return record


def check_unpaid_months(today: datetime.date | None = None) -> int:
    """Alerts for months of paid internships with no pay recorded ``pay_due_days_after_month``
    days after they ended. Run daily by the housekeeping task."""
    today = today or timezone.localdate()
    due = datetime.timedelta(days=rules.rule("pay_due_days_after_month"))
    raised = 0
    paid_internships = (
        Internship.objects.filter(status__in=(S.ACTIVE, S.ENDED), pay_per_month__gt=0)
        .select_related("enterprise", "student", "supervisor")
        .prefetch_related("pay")  # every internship's months in one query, not one each
    )
    for internship in paid_internships:
        paid = {record.month for record in internship.pay.all()}
        month = _month(internship.start_date)
        last = _month(internship.ended_on or internship.end_date)
        while month <= last:
            following = (month + datetime.timedelta(days=32)).replace(day=1)
            if following + due <= today and month not in paid:
                with transaction.atomic():
                    if raise_alert(
                        internship,
                        A.UNPAID,
                        gettext_noop("%(month)s: no pay recorded."),
                        params={"month": f"{month:%Y-%m}"},
                        key=f"pay:{internship.pk}:{month:%Y-%m}",
                    ):
                        raised += 1
            month = following
    return raised


@transaction.atomic
def visit_create(
    *, internship: Internship, actor: User, kind: str, date: datetime.date, notes: str
) -> InternshipVisit:
    if internship.status not in (S.ACTIVE, S.ENDED):
        raise Conflict(_("Visits are recorded once the internship is under way."))
    if date > timezone.localdate() or date < internship.start_date:
        raise Invalid("date", _("The day must fall within the internship and not in the future."))
    return InternshipVisit.objects.create(
        internship=internship, kind=kind, date=date, notes=notes, recorded_by=actor
    )


@transaction.atomic
def concern_raise(*, internship: Internship, actor: User, message: str) -> InternshipAlert:
    if internship.status not in (*rules.LIVE, S.ENDED):
        raise Conflict(_("The internship was cancelled."))
    alert = raise_alert(internship, A.CONCERN, message, actor=actor)
    if alert is None:  # a concern has no key, so it is always raised
        raise Conflict(_("The concern could not be raised."))
    return alert


@transaction.atomic
def alert_resolve(*, alert: InternshipAlert, actor: User, note: str) -> InternshipAlert:
    alert = InternshipAlert.objects.select_for_update().get(pk=alert.pk)
    if alert.resolved_at is not None:
        raise Conflict(_("The alert is already resolved."))
    if not note.strip():
        raise Invalid("note", _("Say how the alert was resolved."))
    alert.resolved_by, alert.resolved_at, alert.resolution = actor, timezone.now(), note.strip()
    alert.save(update_fields=["resolved_by", "resolved_at", "resolution"])
    return alert


# --- at the end: evaluations -----------------------------------------------------------------


@transaction.atomic
def evaluation_create(
    *, internship: Internship, actor: User, rating: int, comment: str = ""
) -> InternshipEvaluation:
    """The mentor's and the supervisor's evaluations. The mentor's is an employer's rating of
    the student's competence: job-competence evidence (``employer_rating``) for the college."""
    # Locked as a change of mentor locks it: the mentor who evaluates is the mentor now.
    internship = Internship.objects.select_for_update().get(pk=internship.pk)
    if internship.status != S.ENDED:
        raise Conflict(_("An internship is evaluated when it has ended."))
    if _mentor_of(internship, actor):
        side = InternshipEvaluation.Side.MENTOR
    elif actor.role == Role.ENGINEER and actor.enterprise_id == internship.enterprise_id:
        raise Forbidden(
            _("Only the intern's mentor evaluates for the enterprise; name another mentor first if need be.")
        )
    elif actor.pk == internship.supervisor_id or (
        actor.role == Role.COLLEGE_ADMIN and actor.college_id == internship.college_id
    ):
        side = InternshipEvaluation.Side.SUPERVISOR
    else:
        raise Forbidden(_("The mentor and the supervisor evaluate the internship."))
    if InternshipEvaluation.objects.filter(internship=internship, side=side).exists():
        raise Conflict(_("This side has already evaluated the internship."))
    evaluation = InternshipEvaluation.objects.create(
        internship=internship, side=side, rating=rating, comment=comment, evaluator=actor
    )
    if side == InternshipEvaluation.Side.MENTOR:
        evidence_record_platform(
            indicator="employer_rating",
            college=internship.college,
            major=internship.major,
            value=rating,
            occurred_on=internship.ended_on or timezone.localdate(),
            event_key=f"internship-evaluation:{evaluation.pk}",
            origin=internship,
            actor=actor,
            note=gettext_noop("Mentor's evaluation of an internship"),
        )
    return evaluation


# --- positions and exceptions ---------------------------------------------------------------


def position_save(*, actor: User, position: Position | None = None, **data: Any) -> Position:
    skills = data.pop("skills", None)
    position = position or Position()
    for name, value in data.items():
        setattr(position, name, value)
    position.save()
    if skills is not None:
        position.skills.set(skills)
    return position


def exception_create(*, actor: User, **data: Any) -> HoursException:
    if data["major"].college_id != data["college"].pk:
        raise Invalid("major", _("The major must be one of the college's."))
    return HoursException.objects.create(approved_by=actor, **data)


def _ask_to_accept(internship: Internship, actor: User) -> None:
    notifications.notify(
        [internship.student, *notifications.engineers_of(internship.enterprise_id)],
        Notification.Kind.INTERNSHIP_AGREEMENT,
        link=reverse("internships-detail", args=[internship.pk]),
        actor=actor,
        enterprise=internship.enterprise.name,
        student=internship.student.get_full_name() or internship.student.username,
    )


def open_alerts(queryset: QuerySet[InternshipAlert]) -> QuerySet[InternshipAlert]:
    return queryset.filter(resolved_at=None)
