"""Industry calls and technology summaries.

An approved enterprise posts a call (a need, the skills it takes, a budget band, a deadline);
the staff of colleges respond with a short technology summary until the deadline; the
enterprise shortlists or declines each response and opens a project or a dual position from a
shortlisted one. A college publishes technology summaries of its results with their
inventors' contributions; a transfer recorded on one (a licence, an assignment) writes the
college's technology-transfer evidence and each inventor's share of the income.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BudgetBand(models.TextChoices):
    UNDER_50K = "lt50k", _("Under ¥50,000")
    FROM_50K = "50k-200k", _("¥50,000–200,000")
    FROM_200K = "200k-1m", _("¥200,000–1,000,000")
    OVER_1M = "ge1m", _("¥1,000,000 or more")
    OPEN = "open", _("To be agreed")


class Call(models.Model):
    """An enterprise's need, put to the colleges' staff until its deadline."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200)
    need = models.TextField(_("need"))
    skills = models.ManyToManyField("courses.Skill", verbose_name=_("skills"), blank=True, related_name="+")
    budget_band = models.CharField(_("budget band"), max_length=20, choices=BudgetBand.choices)
    deadline = models.DateField(_("deadline for responses"))
    confidential = models.BooleanField(
        _("confidential responses"),
        default=False,
        help_text=_(
            "Only your enterprise reads the responses; otherwise each responder's college sees its own."
        ),
    )
    summary = models.ForeignKey(
        "TechSummary",
        verbose_name=_("technology summary"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-deadline", "-id"]
        verbose_name = _("industry call")
        verbose_name_plural = _("industry calls")

    def __str__(self) -> str:
        return self.title


class CallResponse(models.Model):
    """A college person's answer to a call: a short technology summary."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        DECLINED = "declined", pgettext_lazy("response", "Declined")

    call = models.ForeignKey(Call, verbose_name=_("call"), on_delete=models.PROTECT, related_name="responses")
    responder = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responder"), on_delete=models.PROTECT, related_name="+"
    )
    college = models.ForeignKey(
        "colleges.College", verbose_name=_("college"), on_delete=models.PROTECT, related_name="+"
    )
    problem = models.TextField(_("problem"))
    approach = models.TextField(_("approach"))
    prior_results = models.TextField(_("prior results"))
    team = models.TextField(_("team"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    project = models.OneToOneField(
        "enterprises.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_response",
    )
    dual_position = models.OneToOneField(
        "colleges.DualPosition",
        verbose_name=_("dual position"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_response",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("call response")
        verbose_name_plural = _("call responses")
        constraints = [
            models.UniqueConstraint(fields=["call", "responder"], name="call_response_one_per_responder")
        ]

    def __str__(self) -> str:
        return f"{self.call} ← {self.responder_id} ({self.status})"


class TechSummary(models.Model):
    """A result of a college offered to industry: a patent, a standard, software, know-how."""

    class Kind(models.TextChoices):
        PATENT = "patent", _("Patent")
        STANDARD = "standard", _("Standard")
        SOFTWARE = "software", _("Software")
        KNOW_HOW = "know_how", _("Know-how")

    class PatentStatus(models.TextChoices):
        FILED = "filed", _("Filed")
        GRANTED = "granted", _("Granted")
        LAPSED = "lapsed", _("Lapsed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        PARTNERS = "partners", _("Partners only")

    college = models.ForeignKey(
        "colleges.College", verbose_name=_("college"), on_delete=models.PROTECT, related_name="tech_summaries"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    abstract = models.TextField(_("abstract"))
    patent_number = models.CharField(_("patent number"), max_length=40, blank=True)
    patent_status = models.CharField(
        _("patent status"), max_length=20, choices=PatentStatus.choices, blank=True
    )
    skills = models.ManyToManyField("courses.Skill", verbose_name=_("skills"), blank=True, related_name="+")
    industries = models.CharField(
        _("industries served"),
        max_length=300,
        help_text=_("Separated by commas, as enterprises name theirs."),
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("A person of the college whom enterprises write to about it."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=20, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("technology summary")
        verbose_name_plural = _("technology summaries")

    def __str__(self) -> str:
        return self.title

    @property
    def industry_list(self) -> list[str]:
        return [part.strip() for part in self.industries.split(",") if part.strip()]


class Inventor(models.Model):
    """A person of the college named on a summary, with their contribution (all add up to 100)."""

    summary = models.ForeignKey(TechSummary, on_delete=models.CASCADE, related_name="inventors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inventor"), on_delete=models.PROTECT, related_name="+"
    )
    contribution = models.DecimalField(
        _("contribution (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        ordering = ["summary_id", "-contribution", "user_id"]
        verbose_name = _("inventor")
        verbose_name_plural = _("inventors")
        constraints = [models.UniqueConstraint(fields=["summary", "user"], name="inventor_once_per_summary")]

    def __str__(self) -> str:
        return f"{self.summary_id}: {self.user_id} {self.contribution}%"


class Transfer(models.Model):
    """A licence or an assignment of a summary's result, with the income it brought."""

    class Kind(models.TextChoices):
        LICENCE = "licence", _("Licence")
        ASSIGNMENT = "assignment", _("Assignment")

    summary = models.ForeignKey(
        TechSummary, verbose_name=_("technology summary"), on_delete=models.PROTECT, related_name="transfers"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    licensee = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    licensee_name = models.CharField(_("licensee or assignee"), max_length=200)
    income = models.DecimalField(_("income (yuan)"), max_digits=14, decimal_places=2)
    date = models.DateField(_("date"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("technology transfer")
        verbose_name_plural = _("technology transfers")
        constraints = [
            models.CheckConstraint(condition=models.Q(income__gte=0), name="transfer_income_not_negative")
        ]

    def __str__(self) -> str:
        return f"{self.summary} → {self.licensee_name} ({self.kind}, {self.income})"


class InventorShare(models.Model):
    """An inventor's share of a transfer's income, by their contribution (to the fen; the
    shares of a transfer add up to its income exactly)."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="shares")
    inventor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("inventor"), on_delete=models.PROTECT, related_name="+"
    )
    contribution = models.DecimalField(_("contribution (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("share (yuan)"), max_digits=14, decimal_places=2)

    class Meta:
        ordering = ["-transfer__date", "transfer_id", "-amount", "inventor_id"]
        verbose_name = _("inventor's share")
        verbose_name_plural = _("inventors' shares")
        constraints = [
            models.UniqueConstraint(fields=["transfer", "inventor"], name="inventor_share_once_per_transfer")
        ]

    def __str__(self) -> str:
        return f"{self.transfer_id}: {self.inventor_id} {self.amount}"
