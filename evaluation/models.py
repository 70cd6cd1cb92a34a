"""Scorecards and their history, reviews and improvement actions; the industry radar.

Scores are computed from the ledger (``ledger``) by ``evaluation.recompute``; see evaluation.md
and radar.md."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ledger.models import Dimension


class DrainQueue(models.Model):
    """Whether a drain of the ledger's dirty marks is queued and not yet started (one row).

    Kept in the database, which every web process and worker shares, so bursts of changes
    queue one run however many processes make them. See ``evaluation.pending``.
    """

    queued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("recompute queue")
        verbose_name_plural = _("recompute queue")

    def __str__(self) -> str:
        return f"queued since {self.queued_at}" if self.queued_at else "idle"


class ScorecardQuerySet(models.QuerySet["Scorecard"]):
    def published(self) -> "ScorecardQuerySet":
        return self.filter(status=Scorecard.Status.PUBLISHED)


class Scorecard(models.Model):
    """The stored figures of one subject in one period under one scheme.

    Written only by ``evaluation.recompute`` (set-based SQL); read by pages and the API
    without computing anything.
    """

    class SubjectType(models.TextChoices):
        COLLEGE = "college", _("College")
        MAJOR = "major", _("Major")
        INDUSTRY_COLLEGE = "industry_college", _("Industry college")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        APPROVED = "approved", _("Approved")
        PUBLISHED = "published", _("Published")

    subject_type = models.CharField(_("subject type"), max_length=20, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField(_("subject id"))
    subject_name = models.CharField(_("subject"), max_length=200)
    college = models.ForeignKey(
        "colleges.College", on_delete=models.CASCADE, related_name="scorecards", verbose_name=_("college")
    )
    period = models.PositiveSmallIntegerField(_("period"))
    scheme = models.ForeignKey("ledger.Scheme", on_delete=models.PROTECT, related_name="scorecards")
    technology = models.DecimalField(max_digits=24, decimal_places=10, null=True)
    competence = models.DecimalField(max_digits=24, decimal_places=10, null=True)
    service = models.DecimalField(max_digits=24, decimal_places=10, null=True)
    overall = models.DecimalField(max_digits=24, decimal_places=10)
    rank = models.PositiveIntegerField(null=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    changed_since_publication = models.BooleanField(default=False)
    computed_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    objects = ScorecardQuerySet.as_manager()

    class Meta:
        ordering = ["subject_type", "period", "rank", "subject_id"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "period", "scheme"],
                name="scorecard_one_per_subject_period",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "status"]),
            models.Index(fields=["college", "period"]),
            # The order ranks follow: a run that moves a few scores ranks only the cards at or
            # below the highest of them, and counts the distinct scores above it, from here.
            models.Index(fields=["scheme", "period", "subject_type", "overall"], name="scorecard_rank_order"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} {self.period}: {self.overall:.2f}"


class ScorecardIndicator(models.Model):
    """One indicator's value (null: no evidence) and score (0–100) on a scorecard."""

    # Found through ``scorecard_indicator_unique`` (a card's rows, or one of them), the only
    # index: one on the code alone led the recompute, while it wrote a new period's rows, to
    # meet each subject's indicators with every row of the same code it had just written
    # (minutes at 20 M evidence rows instead of seconds), and every index slows every write.
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="indicators", db_index=False
    )
    code = models.SlugField(max_length=60, db_index=False)
    dimension = models.CharField(max_length=20, choices=Dimension.choices)
    value = models.DecimalField(max_digits=24, decimal_places=10, null=True)
    score = models.DecimalField(max_digits=24, decimal_places=10)
    evidence_count = models.PositiveIntegerField(default=0)
    # Σ value and Σ base of the verified rows the figures came from (null: no evidence),
    # stored with them so a page explains the figures as of their computation.
    value_sum = models.DecimalField(max_digits=28, decimal_places=4, null=True, blank=True)
    base_sum = models.DecimalField(max_digits=28, decimal_places=4, null=True, blank=True)

    class Meta:
        ordering = ["scorecard_id", "dimension", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "code"], name="scorecard_indicator_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.score:.2f}"


class ScorecardHistory(models.Model):
    """The numbers a scorecard had before a recompute changed them."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="history")
    technology = models.DecimalField(max_digits=24, decimal_places=10, null=True)
    competence = models.DecimalField(max_digits=24, decimal_places=10, null=True)
    service = models.DecimalField(max_digits=24, decimal_places=10, null=True)
    overall = models.DecimalField(max_digits=24, decimal_places=10)
    computed_at = models.DateTimeField()
    replaced_at = models.DateTimeField()

    class Meta:
        ordering = ["scorecard_id", "-replaced_at", "-id"]
        verbose_name_plural = _("scorecard history")

    def __str__(self) -> str:
        return f"{self.scorecard_id} until {self.replaced_at:%Y-%m-%d %H:%M}: {self.overall:.2f}"


class ScorecardReview(models.Model):
    """A step of the review workflow, with the evaluator's comment."""

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="reviews")
    action = models.CharField(max_length=30)
    from_status = models.CharField(max_length=20, choices=Scorecard.Status.choices)
    to_status = models.CharField(max_length=20, choices=Scorecard.Status.choices)
    comment = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.scorecard_id} {self.action} by {self.actor_id}"


class ImprovementAction(models.Model):
    """What a college will do about an indicator that scored under 60 on a published scorecard."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")

    scorecard = models.ForeignKey(Scorecard, on_delete=models.CASCADE, related_name="improvement_actions")
    indicator = models.SlugField(max_length=60)
    action = models.TextField(_("what"))
    owner = models.CharField(_("who"), max_length=200)
    due_date = models.DateField(_("by when"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.action[:40]}"


# --- The industry radar (radar.md) -----------------------------------------------------


class RadarSkill(models.Model):
    """Demand against supply of one skill in one region and year ("" = all regions)."""

    class Status(models.TextChoices):
        SHORTAGE = "shortage", _("Shortage")
        BALANCED = "balanced", _("Balanced")
        SURPLUS = "surplus", _("Surplus")

    region = models.CharField(_("region"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("year"))
    skill = models.ForeignKey("courses.Skill", on_delete=models.CASCADE, related_name="radar_rows")
    demand = models.PositiveIntegerField(_("demand"))
    supply = models.PositiveIntegerField(_("supply"))
    gap_ratio = models.DecimalField(_("gap ratio"), max_digits=24, decimal_places=10, null=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    forecast_next_year = models.PositiveIntegerField(_("forecast for next year"))
    enterprises = models.PositiveIntegerField(_("enterprises stating demand"))
    demand_rows = models.PositiveIntegerField(_("demand rows"))
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["region", "year", "skill_id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year", "skill"], name="radar_skill_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.skill_id} {self.region or 'all'} {self.year}: {self.status}"

    @property
    def single_enterprise(self) -> bool:
        return self.enterprises == 1


class RadarMajor(models.Model):
    """How well a major's skills match its region's demand in a year, and the recommendation."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WARNING = "warning", _("Warning")
        EXIT_REVIEW = "exit_review", _("Exit review")

    major = models.ForeignKey("colleges.Major", on_delete=models.CASCADE, related_name="radar_rows")
    year = models.PositiveSmallIntegerField(_("year"))
    alignment = models.DecimalField(_("alignment"), max_digits=24, decimal_places=10, null=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["major_id", "year"]
        constraints = [models.UniqueConstraint(fields=["major", "year"], name="radar_major_unique")]

    def __str__(self) -> str:
        return f"{self.major_id} {self.year}: {self.status}"


class MajorDecision(models.Model):
    """The professional committee's decision on a major's radar recommendation."""

    class Decision(models.TextChoices):
        KEEP = "keep", _("Keep")
        ADJUST = "adjust", _("Adjust")
        CLOSE = "close", _("Close")

    major = models.ForeignKey("colleges.Major", on_delete=models.CASCADE, related_name="decisions")
    year = models.PositiveSmallIntegerField(_("year"))
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    recommendation = models.CharField(_("radar recommendation"), max_length=20, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["major_id", "-year", "-decided_at"]

    def __str__(self) -> str:
        return f"{self.major_id} {self.year}: {self.decision}"
