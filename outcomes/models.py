"""Where graduates go: each graduate's first destination as of a census date."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """The national categories of a graduate's destination (毕业去向)."""

    CONTRACT = "contract", _("Contract employment")
    FLEXIBLE = "flexible", _("Flexible employment")
    SELF_EMPLOYED = "self_employed", _("Self-employment")
    FURTHER_STUDY = "further_study", _("Further study")
    CONSCRIPTION = "conscription", _("Conscription")
    GRASSROOTS = "grassroots", _("Grassroots programme")
    ABROAD = "abroad", _("Abroad")
    SEEKING = "seeking", _("Seeking work")
    NOT_SEEKING = "not_seeking", _("Not seeking work")


# A destination is settled (落实) in every category but these two.
UNSETTLED = frozenset({Category.SEEKING, Category.NOT_SEEKING})
# Employed, for the in-field rate and the regional retention: working in a job of one's own
# (contract, flexible, self-employment, a grassroots programme). Conscription, further study
# and going abroad are settled destinations but not employment in a field.
EMPLOYED = frozenset({Category.CONTRACT, Category.FLEXIBLE, Category.SELF_EMPLOYED, Category.GRASSROOTS})


class SalaryBand(models.TextChoices):
    UNDER_3000 = "lt3000", _("Under 3,000 a month")
    FROM_3000 = "3000-4999", _("3,000–4,999 a month")
    FROM_5000 = "5000-7999", _("5,000–7,999 a month")
    FROM_8000 = "ge8000", _("8,000 or more a month")


class Source(models.TextChoices):
    GRADUATE = "graduate", _("The graduate")
    COLLEGE = "college", _("The college")
    EMPLOYER = "employer", _("The employer (confirmed employment)")


class Destination(models.Model):
    """A graduate's destination as of one census date of their graduation year."""

    graduate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("graduate"),
        on_delete=models.PROTECT,
        related_name="destinations",
    )
    # The graduate's college and major when they graduated, kept on the row: the rates of a
    # cohort must not move when a profile is later edited.
    college = models.ForeignKey(
        "colleges.College", verbose_name=_("college"), on_delete=models.PROTECT, related_name="destinations"
    )
    major = models.ForeignKey(
        "colleges.Major",
        verbose_name=_("major"),
        on_delete=models.PROTECT,
        related_name="destinations",
        null=True,
        blank=True,
    )
    cohort = models.PositiveSmallIntegerField(_("graduation year"))
    census_date = models.DateField(_("census date"))
    category = models.CharField(_("destination"), max_length=20, choices=Category.choices)
    employer = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="graduate_destinations",
        null=True,
        blank=True,
    )
    employer_name = models.CharField(_("employer (name)"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    region = models.CharField(_("region (province)"), max_length=100, blank=True)
    industry = models.CharField(_("industry"), max_length=100, blank=True)
    salary_band = models.CharField(_("salary band"), max_length=12, choices=SalaryBand.choices, blank=True)
    # The skills the position asks for. When stated, and the graduate's major teaches any of
    # them (a module of a course of the major lists the skill), the destination is in field;
    # when none is stated, ``in_field`` is what the answer (or the confirmed employment) said.
    skills = models.ManyToManyField(
        "courses.Skill", verbose_name=_("skills of the position"), related_name="+", blank=True
    )
    in_field = models.BooleanField(_("in the field of study"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    employment = models.ForeignKey(
        "enterprises.Employment",
        verbose_name=_("confirmed employment"),
        on_delete=models.PROTECT,
        related_name="destinations",
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-cohort", "-census_date", "graduate_id"]
        verbose_name = _("graduate destination")
        verbose_name_plural = _("graduate destinations")
        constraints = [
            models.UniqueConstraint(fields=["graduate", "census_date"], name="destination_one_per_census"),
        ]
        indexes = [models.Index(fields=["college", "cohort", "census_date"], name="destination_rates")]

    def __str__(self) -> str:
        return f"{self.graduate_id} {self.census_date}: {self.category}"

    @property
    def settled(self) -> bool:
        return self.category not in UNSETTLED

    @property
    def employed(self) -> bool:
        return self.category in EMPLOYED

    @property
    def employer_label(self) -> str:
        return self.employer.name if self.employer_id and self.employer else self.employer_name
