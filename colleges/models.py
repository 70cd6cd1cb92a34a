"""Colleges, their majors and cohorts, industry colleges, learners and dual positions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

YEAR_VALIDATORS = [MinValueValidator(1990), MaxValueValidator(2100)]


class College(models.Model):
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    region = models.CharField(_("region"), max_length=100, db_index=True)
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("college")
        verbose_name_plural = _("colleges")

    def __str__(self) -> str:
        return self.name


class Major(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WARNING = "warning", _("Warning")
        EXIT_REVIEW = "exit_review", _("Exit review")

    college = models.ForeignKey(
        College, verbose_name=_("college"), on_delete=models.PROTECT, related_name="majors"
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("code"), max_length=40)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        ordering = ["college_id", "code"]
        verbose_name = _("major")
        verbose_name_plural = _("majors")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "code"],
                name="major_code_unique_in_college",
                violation_error_message=_("A major with this code already exists in the college."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.college.code})"


class IndustryCollege(models.Model):
    """A school–enterprise consortium run by one college with partner enterprises."""

    college = models.ForeignKey(
        College,
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="industry_colleges",
    )
    name = models.CharField(_("name"), max_length=200)
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise",
        verbose_name=_("partner enterprises"),
        related_name="industry_colleges",
        blank=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["college_id", "name"]
        verbose_name = _("industry college")
        verbose_name_plural = _("industry colleges")
        constraints = [
            models.UniqueConstraint(
                fields=["college", "name"], name="industry_college_name_unique_in_college"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """An enterprise invited into an industry college. It becomes a partner (and sees and
    takes part in the college's partners-only projects) only once one of its engineers
    accepts; either side can end it."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", pgettext_lazy("partnership", "Accepted")
        DECLINED = "declined", _("Declined")
        ENDED = "ended", _("Ended")

    industry_college = models.ForeignKey(
        IndustryCollege,
        verbose_name=_("industry college"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        constraints = [
            # One open invitation or partnership per pair at a time.
            models.UniqueConstraint(
                fields=["industry_college", "enterprise"],
                condition=Q(status__in=["proposed", "accepted"]),
                name="partnership_one_open_per_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} — {self.industry_college}"


class Cohort(models.Model):
    """How many students of a major are expected to graduate in a year (radar supply)."""

    major = models.ForeignKey(
        Major, verbose_name=_("major"), on_delete=models.CASCADE, related_name="cohorts"
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    graduates = models.PositiveIntegerField(_("expected graduates"))

    class Meta:
        ordering = ["major_id", "year"]
        verbose_name = _("cohort")
        verbose_name_plural = _("cohorts")
        constraints = [models.UniqueConstraint(fields=["major", "year"], name="cohort_unique_per_major_year")]

    def __str__(self) -> str:
        return f"{self.major} {self.year}: {self.graduates}"


class DualPosition(models.Model):
    """A teacher's second position at an enterprise, recognised by both sides."""

    class Role(models.TextChoices):
        ENGINEER = "engineer", _("Engineer")
        BROKER = "broker", _("Technology broker")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("teacher"),
        on_delete=models.PROTECT,
        related_name="dual_positions",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="dual_positions",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recognized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    recognized_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("dual position")
        verbose_name_plural = _("dual positions")
        constraints = [
            # One live position per teacher, enterprise and role; an ended one may be renewed.
            models.UniqueConstraint(
                fields=["user", "enterprise", "role"],
                condition=~Q(status="ended"),
                name="dual_position_one_live_per_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.title} @ {self.enterprise_id} ({self.status})"


class PracticeLog(models.Model):
    """Hours of real practice a dual-position teacher spent at the enterprise."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")

    dual_position = models.ForeignKey(
        DualPosition,
        verbose_name=_("dual position"),
        on_delete=models.PROTECT,
        related_name="practice_logs",
    )
    date = models.DateField(_("date"))
    hours = models.DecimalField(
        _("hours"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.25")), MaxValueValidator(Decimal("24"))],
    )
    description = models.TextField(_("description"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("practice log")
        verbose_name_plural = _("practice logs")
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0) & Q(hours__lte=24), name="practice_log_hours_in_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dual_position_id} {self.date}: {self.hours} h"


# --- Shared interests: mixed-ownership industrial colleges -------------------------------


class Contribution(models.Model):
    """What a partner put into an industry college (the college itself when enterprise is null)."""

    class Kind(models.TextChoices):
        EQUIPMENT = "equipment", _("Equipment")
        TECHNOLOGY = "technology", _("Technology")
        FUNDS = "funds", _("Funds")
        TEACHERS = "teachers", _("Teachers")
        VENUE = "venue", _("Venue")
        BRAND = "brand", _("Brand")

    industry_college = models.ForeignKey(
        IndustryCollege, on_delete=models.CASCADE, related_name="contributions"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    valuation = models.DecimalField(_("valuation"), max_digits=16, decimal_places=2)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["industry_college_id", "date", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(valuation__gt=0), name="contribution_valuation_positive")
        ]

    def __str__(self) -> str:
        return f"{self.industry_college_id}: {self.kind} {self.valuation}"


class Distribution(models.Model):
    """A profit (positive) or loss (negative) split by share; stored, never recomputed."""

    industry_college = models.ForeignKey(
        IndustryCollege, on_delete=models.CASCADE, related_name="distributions"
    )
    period = models.CharField(_("period"), max_length=20)
    amount = models.DecimalField(_("amount"), max_digits=16, decimal_places=2)
    as_of = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["industry_college", "period"], name="distribution_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.industry_college_id} {self.period}: {self.amount}"


class Allocation(models.Model):
    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="allocations")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    share = models.DecimalField(max_digits=24, decimal_places=18)
    amount = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["distribution_id", "id"]

    def __str__(self) -> str:
        return f"{self.distribution_id}: {self.enterprise_id or 'college'} {self.amount}"
