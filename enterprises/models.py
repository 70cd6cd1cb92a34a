"""Enterprises, their real projects and the project workflow, and talent demand."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from colleges.models import YEAR_VALIDATORS

# The industries the portal names in the reader's language. The field is free text (an
# enterprise may write its own, often already in Chinese); a value that is one of these codes
# (in any case) is shown by its label, anything else as written.
INDUSTRIES = {
    "agriculture": _("Agriculture"),
    "automotive": _("Automotive"),
    "chemicals": _("Chemicals"),
    "construction": _("Construction"),
    "education": _("Education"),
    "electronics": _("Electronics"),
    "energy": _("Energy"),
    "finance": _("Finance"),
    "healthcare": _("Healthcare"),
    "ict": _("Information and communications technology"),
    "logistics": _("Logistics"),
    "manufacturing": _("Manufacturing"),
    "retail": _("Retail"),
    "robotics": _("Robotics"),
    "software": _("Software"),
    "tourism": _("Tourism and hospitality"),
}


class Enterprise(models.Model):
    """An enterprise joins as pending; a college administrator or a platform admin approves
    it after checking its unified social credit code, its contact and its site
    (``enterprises.vetting``). Until then its projects are not shown to students or the public."""

    class Vetting(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        APPROVED = "approved", _("Approved")

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    region = models.CharField(_("region"), max_length=100, db_index=True)
    industry = models.CharField(_("industry"), max_length=100, db_index=True)
    website = models.URLField(_("website"), blank=True)
    staff = models.PositiveIntegerField(_("staff (head count)"), null=True, blank=True)
    vetting = models.CharField(
        _("vetting"), max_length=10, choices=Vetting.choices, default=Vetting.PENDING, db_index=True
    )
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    contact_verified = models.BooleanField(_("contact verified"), default=False)
    site_visit_on = models.DateField(_("site visited on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        constraints = [
            # Two approvals racing with one code: the second fails here (enterprises.vetting).
            # Enterprises approved before the checklist existed have no code.
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(vetting="approved") & ~Q(credit_code=""),
                name="enterprise_one_approved_per_credit_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def industry_label(self) -> str:
        """The industry in the reader's language when it is one the portal names."""
        return str(INDUSTRIES.get(self.industry.strip().lower(), self.industry))


class Project(models.Model):
    """A real R&D or production project an enterprise offers to colleges."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DELIVERED = "delivered", _("Delivered")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        ABANDONED = "abandoned", _("Abandoned")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PARTNERS = "partners", _("Partners")
        CONFIDENTIAL = "confidential", _("Confidential")

    CLOSED_STATES = (Status.ACCEPTED, Status.REJECTED, Status.ABANDONED)

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    skills = models.ManyToManyField(
        "courses.Skill", verbose_name=_("skills"), related_name="projects", blank=True
    )
    seats = models.PositiveSmallIntegerField(
        _("seats"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college that took it on"),
        on_delete=models.PROTECT,
        related_name="projects",
        null=True,
        blank=True,
    )
    module = models.ForeignKey(
        "courses.Module",
        verbose_name=_("module (teaching case)"),
        on_delete=models.PROTECT,
        related_name="teaching_cases",
        null=True,
        blank=True,
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feedback = models.TextField(_("feedback"), blank=True)
    # What a college needs to plan it into a course: who guides the students, and when.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    # The most hours each student may log on the project (``enterprises.hours``); none: only
    # the daily and weekly limits apply.
    hours_cap = models.PositiveIntegerField(
        _("hours cap per student"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5000)],
        help_text=_("The most hours each student may log on the project."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="project_rating_1_to_5",
            ),
            models.CheckConstraint(condition=Q(seats__gte=1), name="project_seats_positive"),
        ]
        indexes = [
            # The catalogue's default order, newest first: a page of it read in index order,
            # each row checked against the viewer's scope, instead of sorting every row.
            models.Index(fields=["-created_at", "-id"], name="project_newest_first"),
            models.Index(fields=["enterprise", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.enterprise.code}, {self.status})"

    def clean(self) -> None:
        # The services check the dates the API and the pages change; this holds the admin's
        # forms (and any other model form) to the same rule.
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end comes before the start.")})

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED_STATES


class ProjectTransition(models.Model):
    """One step of a project's workflow: who moved it, from where, to where, when."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("project")
    )
    from_status = models.CharField(max_length=20, choices=Project.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Project.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    note = models.CharField(max_length=300, blank=True)

    class Cause(models.TextChoices):
        FLAG_UPHELD = "flag_upheld", _("withdrawn after a check by the platform")

    # Why the platform, not a party, moved the project: shown in the reader's language.
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices, blank=True, default="")
    # The college that took the project on at this step: the history names it as its readers
    # know it, in their language, rather than in a note written once in one language.
    college = models.ForeignKey(
        "colleges.College", verbose_name=_("college"), on_delete=models.SET_NULL, related_name="+", null=True
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("project transition")
        verbose_name_plural = _("project transitions")

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_status or '∅'} → {self.to_status}"


class Application(models.Model):
    """A student's application to work on a project."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        # "Accepted" alone is a project's delivery accepted (已验收); an application is
        # accepted as a person is taken on (已接受).
        ACCEPTED = "accepted", pgettext_lazy("application", "Accepted")
        DECLINED = "declined", _("Declined")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="applications"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    motivation = models.TextField(_("motivation"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "student"], name="application_one_per_student_and_project"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student_id} → {self.project_id} ({self.status})"


class Deliverable(models.Model):
    """What was handed over when a project was delivered."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="deliverables"
    )
    summary = models.TextField(_("summary"))
    link = models.URLField(_("link"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")

    def __str__(self) -> str:
        return f"Deliverable of {self.project_id} at {self.submitted_at:%Y-%m-%d}"


class TalentDemand(models.Model):
    """How many people with a skill an enterprise needs in a region and year."""

    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="talent_demands",
    )
    skill = models.ForeignKey(
        "courses.Skill",
        verbose_name=_("skill"),
        on_delete=models.PROTECT,
        related_name="talent_demands",
    )
    headcount = models.PositiveIntegerField(_("headcount"))
    region = models.CharField(_("region"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "enterprise_id", "skill_id"]
        verbose_name = _("talent demand")
        verbose_name_plural = _("talent demands")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "skill", "region", "year"],
                name="talent_demand_unique_per_enterprise_skill_region_year",
            )
        ]
        indexes = [models.Index(fields=["region", "year", "skill"])]

    def __str__(self) -> str:
        return f"{self.enterprise.code} needs {self.headcount} × {self.skill_id} ({self.region} {self.year})"


# --- Careers after graduation, apprenticeship ladders, IP agreements ---------------------


class Employment(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="employments"
    )
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="employments")
    position = models.CharField(_("position"), max_length=200)
    start_date = models.DateField(_("start date"))
    in_field = models.BooleanField(_("in the field of study"))
    confirmed = models.BooleanField(default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("employment")
        verbose_name_plural = _("employments")

    def __str__(self) -> str:
        return f"{self.learner_id} @ {self.enterprise_id}: {self.position}"


class PerformanceReview(models.Model):
    employment = models.ForeignKey(Employment, on_delete=models.PROTECT, related_name="reviews")
    period = models.PositiveSmallIntegerField(_("period"), validators=YEAR_VALIDATORS)
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    adaptation_days = models.PositiveIntegerField(_("days to independent work"), null=True, blank=True)
    promoted = models.BooleanField(_("promoted"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-period", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["employment", "period"], name="review_once_per_period"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"),
        ]

    def __str__(self) -> str:
        return f"{self.employment_id} {self.period}: {self.rating}"


class Ladder(models.Model):
    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="ladders")
    name = models.CharField(_("name"), max_length=200)
    # How often the apprentice, their mentor and their teacher review progress together.
    review_interval_weeks = models.PositiveSmallIntegerField(
        _("weeks between progress reviews"),
        default=12,
        validators=[MinValueValidator(10), MaxValueValidator(12)],
    )

    class Meta:
        ordering = ["enterprise_id", "name"]

    def __str__(self) -> str:
        return self.name


class LadderLevel(models.Model):
    ladder = models.ForeignKey(Ladder, on_delete=models.CASCADE, related_name="levels")
    name = models.CharField(_("name"), max_length=200)
    rank = models.PositiveSmallIntegerField(_("rank"))
    min_credits = models.DecimalField(max_digits=6, decimal_places=1, default=Decimal(0))
    skills = models.ManyToManyField("courses.Skill", blank=True, related_name="+")
    min_practice_hours = models.DecimalField(max_digits=8, decimal_places=2, default=Decimal(0))
    min_months_at_previous = models.PositiveSmallIntegerField(default=0)
    # Endorsements of the level's skills (any skill when it names none) by the learner's
    # mentors: counted by the app that holds endorsements, through PROMOTION_CHECKS.
    min_endorsements = models.PositiveSmallIntegerField(_("endorsements of the level's skills"), default=0)
    # Which requirements need evidence: an accepted portfolio item mapped to the requirement
    # (``apprenticeship``), on top of the figure itself.
    credits_need_evidence = models.BooleanField(_("credits need evidence"), default=False)
    hours_need_evidence = models.BooleanField(_("practice hours need evidence"), default=False)
    months_need_evidence = models.BooleanField(_("time at the previous level needs evidence"), default=False)

    class Meta:
        ordering = ["ladder_id", "rank"]
        constraints = [models.UniqueConstraint(fields=["ladder", "rank"], name="ladder_level_rank_unique")]

    def __str__(self) -> str:
        return f"{self.ladder_id}#{self.rank} {self.name}"


class Promotion(models.Model):
    level = models.ForeignKey(LadderLevel, on_delete=models.PROTECT, related_name="promotions")
    learner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="promotions")
    promoted_on = models.DateField()
    promoted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["promoted_on", "id"]
        constraints = [models.UniqueConstraint(fields=["level", "learner"], name="promotion_once_per_level")]

    def __str__(self) -> str:
        return f"{self.learner_id} → {self.level_id}"


class IpAgreement(models.Model):
    """IP terms on a joint project, agreed by both sides before the work starts."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="ip_agreement")
    enterprise_pct = models.DecimalField(max_digits=5, decimal_places=2)
    college_pct = models.DecimalField(max_digits=5, decimal_places=2)
    students_pct = models.DecimalField(max_digits=5, decimal_places=2)
    revenue_share_pct = models.DecimalField(max_digits=5, decimal_places=2)
    embargo_days = models.PositiveIntegerField()
    enterprise_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    college_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("IP agreement")
        verbose_name_plural = _("IP agreements")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    enterprise_pct__gte=0,
                    college_pct__gte=0,
                    students_pct__gte=0,
                    revenue_share_pct__gte=0,
                    revenue_share_pct__lte=100,
                ),
                name="ip_agreement_percentages_sane",
            ),
        ]

    def __str__(self) -> str:
        return f"IP terms of {self.project_id}"

    @property
    def status(self) -> str:
        return "agreed" if self.enterprise_accepted_by_id and self.college_accepted_by_id else "proposed"


class FlagQuerySet(models.QuerySet["Flag"]):
    def open(self) -> "FlagQuerySet":
        """Flags still waiting for a platform admin: neither cleared nor upheld."""
        return self.filter(cleared_at__isnull=True, upheld_at__isnull=True)


class Flag(models.Model):
    """Someone logged in thinks a posting is suspicious. A platform admin checks it and
    either clears the flag or upholds it, which withdraws the posting (``enterprises.vetting``);
    while open, flags of enough different accounts hide the posting from students and the public."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="flags"
    )
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("flagged by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=2000)
    created_at = models.DateTimeField(_("flagged at"), auto_now_add=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    clear_note = models.TextField(_("what was checked"), blank=True)
    upheld_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    upheld_at = models.DateTimeField(_("upheld at"), null=True, blank=True)
    uphold_note = models.TextField(_("why the posting was withdrawn"), blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "flagged_by"],
                condition=Q(cleared_at__isnull=True, upheld_at__isnull=True),
                name="flag_one_open_per_person",
            ),
            models.CheckConstraint(
                condition=Q(cleared_at__isnull=True) | Q(upheld_at__isnull=True),
                name="flag_cleared_or_upheld_not_both",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.reason[:40]}"

    @property
    def state(self) -> str:
        if self.upheld_at is not None:
            return "upheld"
        return "cleared" if self.cleared_at is not None else "open"


class MatchRequest(models.Model):
    """A module and a project proposed to each other: a teacher sends a module to an open
    project, or an engineer invites a module; the other side accepts (the module's college
    takes the project on, scope and dates as agreed) or declines with a reason."""

    class Direction(models.TextChoices):
        FROM_MODULE = "from_module", _("a module asks to take the project on")
        FROM_PROJECT = "from_project", _("the enterprise invites a module")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="match_requests"
    )
    module = models.ForeignKey(
        "courses.Module", verbose_name=_("module"), on_delete=models.CASCADE, related_name="match_requests"
    )
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("state"), max_length=10, choices=Status.choices, default=Status.PENDING)
    scope_note = models.TextField(_("change of scope"), max_length=2000, blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    reply = models.TextField(_("reply"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("match request")
        verbose_name_plural = _("match requests")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "module"], condition=Q(status="pending"), name="match_one_pending_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.module_id} ↔ {self.project_id} ({self.status})"


class HourLog(models.Model):
    """Hours a student worked on a project, logged by the student and confirmed or rejected
    (with a reason the student reads) by the enterprise's engineers (``enterprises.hours``).
    Pending hours count against the daily, weekly and project limits as confirmed ones do."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="hour_logs"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="hour_logs",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    description = models.TextField(_("what was done"), max_length=2000)
    status = models.CharField(
        _("state"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason for rejecting"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("hour log")
        verbose_name_plural = _("hour logs")
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0) & Q(hours__lte=10), name="hour_log_hours_in_day"),
        ]
        indexes = [models.Index(fields=["student", "date"]), models.Index(fields=["project", "status"])]

    def __str__(self) -> str:
        return f"{self.student_id} on {self.project_id} {self.date}: {self.hours} h"
