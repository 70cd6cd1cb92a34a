"""Enterprises, their real projects and the project workflow, and talent demand."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from colleges.models import YEAR_VALIDATORS


class Enterprise(models.Model):
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    region = models.CharField(_("region"), max_length=100, db_index=True)
    industry = models.CharField(_("industry"), max_length=100, db_index=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")

    def __str__(self) -> str:
        return self.name


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
        indexes = [models.Index(fields=["enterprise", "status"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.enterprise.code}, {self.status})"

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
        ACCEPTED = "accepted", _("Accepted")
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
        return f"{self.student.username} → {self.project_id} ({self.status})"


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
