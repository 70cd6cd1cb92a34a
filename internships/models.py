"""Internships: one student placed at an enterprise, under a three-party agreement, insured,
trained before the job, guided by a mentor and a supervisor along a training plan, and kept
to the 2021 provisions (see ``rules``)."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

MONEY = {"max_digits": 10, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Shift(models.TextChoices):
    DAY = "day", _("Day shift")
    EVENING = "evening", _("Evening shift")
    NIGHT = "night", _("Night shift")


class Position(models.Model):
    """A position an enterprise offers interns, with the head counts and the wage the rules
    are measured against."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="intern_positions",
    )
    name = models.CharField(_("name"), max_length=200)
    staff = models.PositiveIntegerField(_("staff in this position"))
    probation_wage = models.DecimalField(_("monthly probation wage"), **MONEY)  # type: ignore[arg-type]
    skills = models.ManyToManyField("courses.Skill", verbose_name=_("skills"), related_name="+", blank=True)

    class Meta:
        ordering = ["enterprise_id", "name"]
        verbose_name = pgettext_lazy("job", "position")
        verbose_name_plural = pgettext_lazy("job", "positions")

    def __str__(self) -> str:
        return f"{self.name} ({self.enterprise.name})"


class HoursException(models.Model):
    """A college's approved exception to the working-time rules, for a major and a position."""

    college = models.ForeignKey("colleges.College", on_delete=models.CASCADE, related_name="+")
    major = models.ForeignKey(
        "colleges.Major", verbose_name=_("major"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.ForeignKey(
        Position,
        verbose_name=pgettext_lazy("job", "position"),
        on_delete=models.CASCADE,
        related_name="exceptions",
    )
    max_hours_per_day = models.DecimalField(
        _("hours a day allowed"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(12))],
    )
    night_shifts = models.BooleanField(_("night shifts allowed"), default=False)
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-approved_at"]
        verbose_name = _("working-time exception")
        verbose_name_plural = _("working-time exceptions")

    def __str__(self) -> str:
        return f"{self.major} · {self.position}"


class Internship(models.Model):
    class Kind(models.TextChoices):
        OBSERVATION = "observation", _("Observation internship")
        PLACEMENT = "placement", _("Placement internship")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("Preparing")
        ACTIVE = "active", pgettext_lazy("internship", "Under way")
        ENDED = "ended", pgettext_lazy("internship", "Ended")
        CANCELLED = "cancelled", _("Cancelled")

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="internships",
    )
    student_birth_date = models.DateField(_("student's date of birth"))
    college = models.ForeignKey(
        "colleges.College", verbose_name=_("college"), on_delete=models.PROTECT, related_name="internships"
    )
    major = models.ForeignKey(
        "colleges.Major", verbose_name=_("major"), on_delete=models.PROTECT, related_name="internships"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="internships",
    )
    position = models.ForeignKey(
        Position,
        verbose_name=pgettext_lazy("job", "position"),
        on_delete=models.PROTECT,
        related_name="internships",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    length_reason = models.TextField(_("reason for a longer internship"), blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enterprise mentor"),
        on_delete=models.PROTECT,
        related_name="mentored_internships",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("college supervisor"),
        on_delete=models.PROTECT,
        related_name="supervised_internships",
    )
    pay_per_month = models.DecimalField(_("pay per month"), **MONEY)  # type: ignore[arg-type]
    works_independently = models.BooleanField(_("works relatively independently"), default=True)
    hours_per_day = models.DecimalField(
        _("working hours a day"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(1)), MaxValueValidator(Decimal(24))],
    )
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices, default=Shift.DAY)
    student_fee = models.DecimalField(
        _("fee, deposit or commission charged to the student"),
        default=Decimal(0),
        **MONEY,  # type: ignore[arg-type]
    )
    intermediary = models.CharField(_("placed through an intermediary"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PREPARING)

    # The three-party agreement: each party's acceptance, when and by whom.
    student_accepted_at = models.DateTimeField(null=True, blank=True)
    guardian_name = models.CharField(_("guardian's name"), max_length=200, blank=True)
    guardian_accepted_at = models.DateTimeField(null=True, blank=True)
    college_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    college_accepted_at = models.DateTimeField(null=True, blank=True)
    enterprise_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    enterprise_accepted_at = models.DateTimeField(null=True, blank=True)

    # Liability insurance.
    insurer = models.CharField(_("insurer"), max_length=200, blank=True)
    policy_number = models.CharField(_("policy number"), max_length=100, blank=True)
    insured_from = models.DateField(_("insured from"), null=True, blank=True)
    insured_to = models.DateField(_("insured until"), null=True, blank=True)

    started_at = models.DateTimeField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    hired = models.BooleanField(_("offered a job"), default=False)
    employment = models.ForeignKey(
        "enterprises.Employment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("internship")
        verbose_name_plural = _("internships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="internship_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(student_fee=0), name="internship_no_fee"),
        ]

    def __str__(self) -> str:
        return f"{self.student.get_full_name() or self.student.username} · {self.position.name}"

    # What evidence written from an internship names it by (``ledger.pages.origin_name``).
    evidence_name_related = ("student", "enterprise")

    def evidence_name(self, *, with_person: bool) -> str:
        """The intern and the enterprise, for a reader who may open the internship; the
        enterprise alone for anyone else."""
        if not with_person:
            return self.enterprise.name
        return f"{self.student.get_full_name() or self.student.username} · {self.enterprise.name}"

    def agreement_complete(self, needs_guardian: bool) -> bool:
        return bool(
            self.student_accepted_at
            and self.college_accepted_at
            and self.enterprise_accepted_at
            and (self.guardian_accepted_at or not needs_guardian)
        )

    def insured(self) -> bool:
        return bool(
            self.insurer
            and self.policy_number
            and self.insured_from
            and self.insured_to
            and self.insured_from <= self.start_date
            and self.insured_to >= self.end_date
        )


class MentorChange(models.Model):
    """The internship's history of mentors: the college or the enterprise named another
    engineer instead, who from then on confirms the intern's days and writes the mentor's
    evaluation. Both people, and who changed them, are kept by reference."""

    internship = models.ForeignKey(
        Internship, verbose_name=_("internship"), on_delete=models.CASCADE, related_name="mentor_changes"
    )
    from_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("previous mentor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("new mentor"), on_delete=models.PROTECT, related_name="+"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    changed_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["internship_id", "changed_at", "id"]
        verbose_name = _("change of mentor")
        verbose_name_plural = _("changes of mentor")

    def __str__(self) -> str:
        return f"{self.internship_id}: {self.from_mentor_id} → {self.to_mentor_id}"


class PreJobTraining(models.Model):
    """Safety and process guidance the college names for an internship, done before it starts."""

    class Kind(models.TextChoices):
        SAFETY = "safety", _("Safety")
        PROCESS = "process", _("Process guidance")

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="pre_job_training")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    topic = models.CharField(_("topic"), max_length=200)
    module = models.ForeignKey(
        "courses.Module",
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Who vouched for the completion, when it was recorded after the row (the college or the
    # enterprise): the completion lets the internship start, so it is someone's word.
    completion_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completion recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["internship_id", "kind", "id"]
        verbose_name = _("pre-job training")
        verbose_name_plural = _("pre-job training")

    def __str__(self) -> str:
        return self.topic


class TrainingPlan(models.Model):
    """The enterprise's plan for the intern, written with the college: the tasks of the
    position's typical work."""

    internship = models.OneToOneField(Internship, on_delete=models.CASCADE, related_name="plan")
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    college_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    college_agreed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")

    def __str__(self) -> str:
        return str(self.internship)


class PlanTask(models.Model):
    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    skills = models.ManyToManyField("courses.Skill", verbose_name=_("skills"), related_name="+", blank=True)
    module = models.ForeignKey(
        "courses.Module",
        verbose_name=_("module"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    repetitive = models.BooleanField(_("simple repetitive work"), default=False)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )

    class Meta:
        ordering = ["plan_id", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title


class InternshipLog(models.Model):
    """A day of the internship as the student records it; the mentor confirms it."""

    internship = models.ForeignKey(
        Internship, verbose_name=_("internship"), on_delete=models.CASCADE, related_name="logs"
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal(24))],
    )
    shift = models.CharField(_("shift"), max_length=10, choices=Shift.choices, default=Shift.DAY)
    tasks = models.TextField(_("tasks done"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("internship log")
        verbose_name_plural = _("internship logs")
        constraints = [
            models.UniqueConstraint(
                fields=["internship", "date"],
                name="internship_log_one_per_day",
                violation_error_message=_("This day is already in the log."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.internship} · {self.date}"


class PayRecord(models.Model):
    """What the intern was paid for a month."""

    internship = models.ForeignKey(Internship, on_delete=models.CASCADE, related_name="pay")
    month = models.DateField(_("month"))  # the first day of the month
    amount = models.DecimalField(_("amount paid"), **MONEY)  # type: ignore[arg-type]
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["internship_id", "month"]
        verbose_name = _("pay record")
        verbose_name_plural = _("pay records")
        constraints = [models.UniqueConstraint(fields=["internship", "month"], name="pay_once_per_month")]

    def __str__(self) -> str:
        return f"{self.internship} · {self.month:%Y-%m}"


class InternshipVisit(models.Model):
    class Kind(models.TextChoices):
        VISIT = "visit", _("Visit")
        CALL = "call", _("Call")

    internship = models.ForeignKey(
        Internship, verbose_name=_("internship"), on_delete=models.CASCADE, related_name="visits"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.VISIT)
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("supervisor's visit or call")
        verbose_name_plural = _("supervisors' visits and calls")

    def __str__(self) -> str:
        return f"{self.internship} · {self.date}"


class InternshipEvaluation(models.Model):
    class Side(models.TextChoices):
        MENTOR = "mentor", _("Enterprise mentor")
        SUPERVISOR = "supervisor", _("College supervisor")

    internship = models.ForeignKey(
        Internship, verbose_name=_("internship"), on_delete=models.CASCADE, related_name="evaluations"
    )
    side = models.CharField(_("side"), max_length=12, choices=Side.choices)
    rating = models.PositiveSmallIntegerField(
        _("rating (1–5)"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["internship_id", "side"]
        verbose_name = _("internship evaluation")
        verbose_name_plural = _("internship evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["internship", "side"],
                name="internship_evaluation_once_per_side",
                violation_error_message=_("This side has already evaluated the internship."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.internship} · {self.get_side_display()}"


class InternshipAlert(models.Model):
    """A breach of the rules found in a log, a pay record or a plan, or a concern someone
    raised; it stays open until the college resolves it with a note."""

    class Kind(models.TextChoices):
        LONG_DAY = "long_day", _("Too long a day")
        OVERTIME = "overtime", _("Overtime")
        NIGHT_SHIFT = "night_shift", _("Night shift")
        UNPAID = "unpaid", _("Unpaid or underpaid month")
        REPETITIVE_PLAN = "repetitive_plan", _("Plan of simple repetitive tasks only")
        CONCERN = "concern", _("Concern raised")

    internship = models.ForeignKey(
        Internship, verbose_name=_("internship"), on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # A breach the platform found: the words' English original, translated when read, with
    # ``params``; a concern: what the person wrote.
    message = models.TextField(_("message"))
    params = models.JSONField(default=dict, blank=True)
    key = models.CharField(max_length=120, unique=True, null=True, blank=True)  # one alert per breach
    log = models.ForeignKey(
        InternshipLog, on_delete=models.SET_NULL, null=True, blank=True, related_name="alerts"
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("internship alert")
        verbose_name_plural = _("internship alerts")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.internship}"

    @property
    def text(self) -> str:
        """The alert in the reader's language (a concern as its author wrote it)."""
        if self.raised_by_id is not None:
            return self.message
        try:
            return gettext(self.message) % self.params if self.params else gettext(self.message)
        except (KeyError, TypeError, ValueError):
            return self.message
