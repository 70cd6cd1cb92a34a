"""The reports colleges and enterprises publish each year, from the portal's own rows: the
college's annual quality report (质量年报), its graduates' employment quality report and the
enterprise's annual report of its part in vocational education."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    """One version of a report of a college or an enterprise for a year.

    A draft is written, reviewed by a second person and published; once published it never
    changes (its figures are frozen in ``snapshot``). A correction is a new version whose
    ``previous`` is the one it corrects; both stay public.
    """

    class Kind(models.TextChoices):
        QUALITY = "quality", _("Annual quality report")
        EMPLOYMENT = "employment", _("Employment quality report")
        ENTERPRISE = "enterprise", _("Enterprise annual report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="reports",
        null=True,
        blank=True,
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="reports",
        null=True,
        blank=True,
    )
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        on_delete=models.PROTECT,
        related_name="correction",
        null=True,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The narrative sections, by key (see reports.indicators.SECTIONS).
    narrative = models.JSONField(_("narrative"), default=dict, blank=True)
    # The tables as published: every figure, its origin and the ids of the rows it counts
    # (never names: those are read from the rows when shown).
    snapshot = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "kind", "-version"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # One row per kind, subject, year and version: a report has either a college or an
            # enterprise (the check below), so one partial constraint for each (SQLite too).
            models.UniqueConstraint(
                fields=["kind", "college", "year", "version"],
                condition=models.Q(college__isnull=False),
                name="report_one_version_college",
            ),
            models.UniqueConstraint(
                fields=["kind", "enterprise", "year", "version"],
                condition=models.Q(enterprise__isnull=False),
                name="report_one_version_enterprise",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="enterprise", enterprise__isnull=False, college__isnull=True)
                    | (
                        ~models.Q(kind="enterprise")
                        & models.Q(college__isnull=False, enterprise__isnull=True)
                    )
                ),
                name="report_subject_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} · {self.get_kind_display()} {self.year} v{self.version}"

    @property
    def subject(self) -> models.Model:
        return self.enterprise if self.kind == self.Kind.ENTERPRISE else self.college  # type: ignore[return-value]

    @property
    def subject_name(self) -> str:
        subject = self.subject
        return getattr(subject, "name", "")

    @property
    def published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ReportStep(models.Model):
    """One step of a report's review: who moved it, from where, to where, when."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(max_length=20)
    from_status = models.CharField(max_length=12, choices=Report.Status.choices)
    to_status = models.CharField(max_length=12, choices=Report.Status.choices)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.report_id}: {self.action}"


class Entry(models.Model):
    """A figure the portal does not hold, entered by the college or the enterprise: who entered
    it and when is kept, and it is always shown as entered, never as computed."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="entries")
    indicator = models.CharField(_("indicator"), max_length=40)
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=2)
    note = models.CharField(_("source of the figure"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)

    class Meta:
        ordering = ["report_id", "indicator"]
        verbose_name = _("entered figure")
        verbose_name_plural = _("entered figures")
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="entry_one_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.indicator}={self.value}"
