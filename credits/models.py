"""Credit for work-based learning: a student asks for a module of their programme to be
credited for an accepted project they took part in or an ended internship. The enterprise
mentor, then the faculty sponsor (a teacher of the student's college), then a college
administrator approve in turn; the last approval banks the module's credit once
(``courses.services.credit_post_module``). A decline at any step ends the request."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    """Who acts on a request, in this order."""

    MENTOR = "mentor", _("Enterprise mentor")
    SPONSOR = "sponsor", _("Faculty sponsor")
    COLLEGE = "college", _("College administrator")


ORDER = (Step.MENTOR, Step.SPONSOR, Step.COLLEGE)


class CreditRequest(models.Model):
    class Status(models.TextChoices):
        MENTOR = "mentor", _("Waiting for the enterprise mentor")
        SPONSOR = "sponsor", _("Waiting for the faculty sponsor")
        COLLEGE = "college", _("Waiting for the college")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    OPEN_STATES = (Status.MENTOR, Status.SPONSOR, Status.COLLEGE)

    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="credit_requests",
    )
    # The student's college and major when they asked, kept on the row: who approves and
    # which modules count must not move when the profile is later edited.
    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="credit_requests",
    )
    module = models.ForeignKey(
        "courses.Module", verbose_name=_("module"), on_delete=models.PROTECT, related_name="credit_requests"
    )
    project = models.ForeignKey(
        "enterprises.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="credit_requests",
        null=True,
        blank=True,
    )
    internship = models.ForeignKey(
        "internships.Internship",
        verbose_name=_("internship"),
        on_delete=models.PROTECT,
        related_name="credit_requests",
        null=True,
        blank=True,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="credit_requests",
    )
    # The project's mentor or the internship's; a project without a named mentor: any
    # engineer of its enterprise acts for it.
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("enterprise mentor"),
        on_delete=models.PROTECT,
        related_name="credit_requests_to_mentor",
        null=True,
        blank=True,
    )
    sponsor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("faculty sponsor"),
        on_delete=models.PROTECT,
        related_name="credit_requests_sponsored",
    )
    statement = models.TextField(_("what you learned"), blank=True)
    status = models.CharField(
        _("state"), max_length=10, choices=Status.choices, default=Status.MENTOR, db_index=True
    )
    reason = models.TextField(_("reason for declining"), blank=True)
    credit = models.OneToOneField(
        "courses.CreditTransaction",
        verbose_name=_("credit banked"),
        on_delete=models.PROTECT,
        related_name="credit_request",
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("credit request")
        verbose_name_plural = _("credit requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False, internship__isnull=True)
                | Q(project__isnull=True, internship__isnull=False),
                name="credit_request_one_source",
            ),
            # One open request per module: a second waits for the first to be decided.
            models.UniqueConstraint(
                fields=["student", "module"],
                condition=Q(status__in=["mentor", "sponsor", "college"]),
                name="credit_request_one_open_per_module",
            ),
        ]
        indexes = [models.Index(fields=["college", "status"])]

    def __str__(self) -> str:
        return f"{self.student_id} {self.module_id} ({self.status})"

    @property
    def source_title(self) -> str:
        if self.project_id and self.project is not None:
            return self.project.title
        internship = self.internship
        return f"{internship.position.name} · {internship.enterprise.name}" if internship else ""

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES


class Decision(models.Model):
    """One step's decision on a request: the request's history (append-only)."""

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    request = models.ForeignKey(CreditRequest, on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["decided_at", "id"]
        verbose_name = _("credit request decision")
        verbose_name_plural = _("credit request decisions")
        constraints = [
            models.UniqueConstraint(fields=["request", "step"], name="credit_decision_once_per_step"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.step}: {self.outcome}"
