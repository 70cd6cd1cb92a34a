"""The evidence ledger: what is measured (schemes and their indicators) and the measurements
(evidence rows, never deleted, with the history of every change). See evaluation.md.

This is a low layer: every domain app writes into it; scoring (``evaluation``) reads it.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Dimension(models.TextChoices):
    TECHNOLOGY = "technology", _("Technology contribution")
    COMPETENCE = "competence", _("Job competence")
    SERVICE = "service", _("Social service")


class Scheme(models.Model):
    """A named, versioned set of indicators. Exactly one scheme is active."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    version = models.PositiveIntegerField(_("version"), default=1)
    is_active = models.BooleanField(_("active"), default=False)
    weight_technology = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.35"))
    weight_competence = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.40"))
    weight_service = models.DecimalField(max_digits=4, decimal_places=3, default=Decimal("0.25"))
    # Four eyes: a scorecard is published by another evaluator than the one who approved it.
    four_eyes = models.BooleanField(
        _("two evaluators: whoever approves a scorecard does not publish it"), default=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_active", "code"]
        verbose_name = _("scheme")
        verbose_name_plural = _("schemes")
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="scheme_one_active"
            ),
            models.CheckConstraint(
                condition=Q(weight_technology__gte=0, weight_competence__gte=0, weight_service__gte=0),
                name="scheme_weights_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}{' (active)' if self.is_active else ''}"


class Indicator(models.Model):
    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        COUNT = "count", _("Count")
        MEAN = "mean", _("Mean")
        RATIO = "ratio", _("Ratio")

    class Direction(models.TextChoices):
        HIGHER_BETTER = "higher_better", _("Higher is better")
        LOWER_BETTER = "lower_better", _("Lower is better")

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="indicators"
    )
    code = models.SlugField(_("code"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    dimension = models.CharField(_("dimension"), max_length=20, choices=Dimension.choices)
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices)
    direction = models.CharField(_("direction"), max_length=20, choices=Direction.choices)
    target = models.DecimalField(
        _("target"), max_digits=14, decimal_places=4, validators=[MinValueValidator(Decimal("0.0001"))]
    )
    weight = models.DecimalField(
        _("weight"), max_digits=8, decimal_places=4, validators=[MinValueValidator(Decimal("0.0001"))]
    )
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    # The values a row may state: counts and sums are never negative, a rating stays on its
    # scale; a ratio's value lies between 0 and its base. The ledger refuses anything else.
    min_value = models.DecimalField(
        _("smallest valid value"), max_digits=20, decimal_places=4, default=Decimal(0)
    )
    max_value = models.DecimalField(
        _("largest valid value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    description = models.TextField(_("description"), blank=True)
    source = models.CharField(
        _("usual source"),
        max_length=10,
        choices=[("platform", _("Platform")), ("manual", _("Manual"))],
        default="manual",
    )

    class Meta:
        ordering = ["scheme_id", "dimension", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="indicator_code_unique_in_scheme"),
            models.CheckConstraint(condition=Q(target__gt=0), name="indicator_target_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="indicator_weight_positive"),
            models.CheckConstraint(
                condition=Q(max_value__isnull=True) | Q(max_value__gte=F("min_value")),
                name="indicator_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.scheme.code})"


class Evidence(models.Model):
    """One row of the evidence ledger. Never deleted: mistakes are rejected or superseded.

    A note the platform writes is stored as a message of the catalogue, in English, and read
    in the reader's language (``note_shown``)."""

    class Source(models.TextChoices):
        PLATFORM = "platform", _("Platform")
        MANUAL = "manual", _("Manual")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    # The indicator's code, not a key to one scheme's row: evidence outlives schemes.
    indicator = models.SlugField(_("indicator"), max_length=60)
    college = models.ForeignKey(
        "colleges.College", verbose_name=_("college"), on_delete=models.PROTECT, related_name="evidence"
    )
    major = models.ForeignKey(
        "colleges.Major",
        verbose_name=_("major"),
        on_delete=models.PROTECT,
        related_name="evidence",
        null=True,
        blank=True,
    )
    industry_college = models.ForeignKey(
        "colleges.IndustryCollege",
        verbose_name=_("industry college"),
        on_delete=models.PROTECT,
        related_name="evidence",
        null=True,
        blank=True,
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    base = models.DecimalField(_("base"), max_digits=16, decimal_places=4, default=Decimal(1))
    occurred_on = models.DateField(_("occurred on"))
    # The year of occurred_on (evaluation.md: evidence belongs to the year it occurred in),
    # kept as a column so the recompute groups and filters on it with an index.
    period = models.PositiveSmallIntegerField(_("period"), editable=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    note = models.TextField(_("note"), blank=True)
    attachment = models.URLField(_("attachment link"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    # No database-level foreign keys point into the ledger: on PostgreSQL it is partitioned by
    # period (ledger.partitions), whose rows are unique by (id, period), not by id alone. The
    # deletion rules still hold (Django's collector applies PROTECT and CASCADE).
    supersedes = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="superseded_by",
        null=True,
        blank=True,
        db_constraint=False,
    )
    # What the platform wrote the row from (a project, an internship's evaluation, an
    # employment…), so its readers see where a figure came from and may open it. No database
    # constraint, as for ``supersedes``: the ledger is partitioned on PostgreSQL.
    origin_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("source (kind)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        db_constraint=False,
    )
    origin_id = models.PositiveBigIntegerField(_("source (id)"), null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    # What platform event wrote the row (e.g. "project:12:accepted"), so an event that is
    # replayed writes nothing twice.
    event_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(condition=Q(base__gt=0), name="evidence_base_positive"),
            models.CheckConstraint(
                condition=Q(period__gte=1900, period__lte=2200), name="evidence_period_sane"
            ),
            # Per period, as every unique key of the partitioned ledger must be; an event's
            # period follows from its date, and the service looks an event up by key alone.
            models.UniqueConstraint(
                fields=["event_key", "indicator", "period"],
                condition=~Q(event_key=""),
                name="evidence_one_row_per_platform_event",
            ),
        ]
        indexes = [
            models.Index(fields=["college", "status"], name="evidence_college_status"),
            models.Index(fields=["indicator", "status"], name="evidence_indicator_status"),
            # The recompute reads only verified rows of a period, grouped by subject and
            # indicator: this index answers it without touching the table (on PostgreSQL the
            # INCLUDE makes it covering; elsewhere it is a plain index).
            models.Index(
                fields=["period", "college", "major", "industry_college", "indicator"],
                include=["value", "base"],
                condition=Q(status="verified"),
                name="evidence_recompute_covering",
            ),
            # The evidence page's default order, newest first: a page of fifty without sorting
            # the ledger (on PostgreSQL, a merge of each period's index).
            models.Index(fields=["-created_at", "-id"], name="evidence_newest_first"),
            models.Index(fields=["college", "-created_at", "-id"], name="evidence_college_newest"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.value}/{self.base} @ {self.college_id} {self.occurred_on} ({self.status})"

    @property
    def note_shown(self) -> str:
        """The note in the reader's language when the platform wrote it (a message of the
        catalogue); a person's note as they wrote it."""
        if self.source == self.Source.PLATFORM and self.note:
            return gettext(self.note)
        return self.note


class EvidenceChange(models.Model):
    """The history of an evidence row: every creation, verification, rejection or edit."""

    evidence = models.ForeignKey(
        Evidence, on_delete=models.CASCADE, related_name="changes", db_constraint=False
    )
    action = models.CharField(max_length=20)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("evidence change")
        verbose_name_plural = _("evidence changes")

    def __str__(self) -> str:
        return f"{self.evidence_id} {self.action} at {self.at:%Y-%m-%d %H:%M}"


class DirtyMark(models.Model):
    """Something the scoring layer must recompute, written in the same transaction as the
    change that needs it, so it is as durable as the change itself.

    Each new change gives the mark a new ``token``. A recompute reads the marks, does the
    work, then deletes each mark only if its token is still the one it read: a change that
    lands while the recompute runs keeps its mark and gets a run of its own. Coalescing may
    skip work, never a change.
    """

    class Kind(models.TextChoices):
        SCORECARDS = "scorecards", _("A college's scorecards of one period")
        SCHEME = "scheme", _("Every scorecard of a scheme")
        RADAR = "radar", _("The industry radar")

    key = models.CharField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    college = models.ForeignKey(
        "colleges.College", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    period = models.PositiveSmallIntegerField(null=True, blank=True)
    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.UUIDField()
    marked_at = models.DateTimeField()

    class Meta:
        ordering = ["marked_at", "id"]
        verbose_name = _("pending recompute")
        verbose_name_plural = _("pending recomputes")

    def __str__(self) -> str:
        return f"{self.key} ({self.marked_at:%Y-%m-%d %H:%M:%S})"


class Rollup(models.Model):
    """Verified evidence counted and summed per (period, college, major, industry college,
    indicator), kept current by the database in the transaction of every change to the ledger
    (``ledger.rollups``), so a recompute reads these rows instead of the ledger. A major or
    an industry college of 0 means none (the key has no NULL, so each key is one row); a row
    whose count falls to 0 stands for nothing."""

    period = models.PositiveSmallIntegerField()
    college_id = models.IntegerField()
    major_id = models.IntegerField(default=0)
    industry_college_id = models.IntegerField(default=0)
    indicator = models.SlugField(max_length=60)
    n = models.BigIntegerField(default=0)
    sv = models.DecimalField(max_digits=30, decimal_places=4, default=Decimal(0))
    sb = models.DecimalField(max_digits=30, decimal_places=4, default=Decimal(0))

    class Meta:
        verbose_name = _("evidence rollup")
        verbose_name_plural = _("evidence rollups")
        constraints = [
            # A recompute of one college reads its rows of a period through this key alone
            # (on PostgreSQL the INCLUDE makes it covering): a few index pages, where the
            # table's rows of one college lie scattered over as many pages as there are rows
            # (10 ms from a cold cache at 20 M evidence rows, against under 1).
            models.UniqueConstraint(
                fields=["period", "college_id", "major_id", "industry_college_id", "indicator"],
                include=["n", "sv", "sb"],
                name="rollup_one_row_per_key",
            )
        ]

    def __str__(self) -> str:
        return f"{self.period} {self.college_id}/{self.major_id}/{self.industry_college_id} {self.indicator}: {self.n}"
