"""Competency frameworks (a tree of competencies per major, with a proficiency scale, each
competency tied to the skills and modules of the portal) and the learning plans made from
them for a cohort of the major.

A framework holds what Moodle's competency framework CSV holds (``imports``): the scale as
Moodle writes it (its values, comma-separated, and its configuration, a JSON list naming the
default value and the proficient ones), the taxonomy of each level, and each competency's
rule and cross-references, kept as written so that a file travels both ways unchanged.
"""

import json
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DescriptionFormat(models.IntegerChoices):
    """Moodle's text formats, as its CSV numbers them."""

    MOODLE = 0, _("Moodle auto-format")
    HTML = 1, _("HTML")
    PLAIN = 2, _("Plain text")
    MARKDOWN = 4, _("Markdown")


def scale_levels(values: str, configuration: str) -> list[dict[str, Any]]:
    """A scale as a list of its values in order, each with whether it is the default and
    whether it counts as proficient (Moodle's configuration: ``[{"scaleid": …}, {"id": 1,
    "scaledefault": 1, "proficient": 0}, …]``, ``id`` counting values from 1)."""
    names = [value.strip() for value in values.split(",") if value.strip()]
    flags: dict[int, dict[str, Any]] = {}
    try:
        config = json.loads(configuration) if configuration else []
    except ValueError:
        config = []
    for item in config[1:] if isinstance(config, list) else []:
        if isinstance(item, dict) and str(item.get("id", "")).isdigit():
            flags[int(item["id"])] = item
    return [
        {
            "value": name,
            "default": bool(int(flags.get(number, {}).get("scaledefault", 0) or 0)),
            "proficient": bool(int(flags.get(number, {}).get("proficient", 0) or 0)),
        }
        for number, name in enumerate(names, start=1)
    ]


def scale_problem(values: str, configuration: str) -> tuple[str, str] | None:
    """What is wrong with a scale as Moodle writes it, as (``scalevalues`` or
    ``scaleconfiguration``, the message), or None."""
    names = [value.strip() for value in values.split(",") if value.strip()]
    if not names:
        return "scalevalues", str(_("Name the scale's values, lowest first, separated by commas."))
    try:
        parsed = json.loads(configuration)
    except ValueError:
        parsed = None
    if not isinstance(parsed, list) or not parsed or not isinstance(parsed[0], dict):
        return "scaleconfiguration", str(
            _(
                'Moodle\'s scale configuration: a JSON list like [{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":1}].'
            )
        )
    defaults = proficient = 0
    for item in parsed[1:]:
        number = str(item.get("id")) if isinstance(item, dict) else ""
        if not number.isdigit() or not 1 <= int(number) <= len(names):
            return "scaleconfiguration", str(
                _("Each value's \"id\" counts the scale's values from 1 to %(n)s.") % {"n": len(names)}
            )
        defaults += str(item.get("scaledefault", 0)).lower() in ("1", "true")
        proficient += str(item.get("proficient", 0)).lower() in ("1", "true")
    if defaults != 1 or proficient < 1:
        return "scaleconfiguration", str(
            _("The scale needs exactly one default value and at least one proficient value.")
        )
    return None


class Framework(models.Model):
    """A competency framework of a major: its proficiency scale and its tree."""

    college = models.ForeignKey(
        "colleges.College", verbose_name=_("college"), on_delete=models.PROTECT, related_name="frameworks"
    )
    major = models.ForeignKey(
        "colleges.Major", verbose_name=_("major"), on_delete=models.PROTECT, related_name="frameworks"
    )
    idnumber = models.CharField(_("ID number"), max_length=100)
    shortname = models.CharField(_("short name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    description_format = models.PositiveSmallIntegerField(
        _("description format"), choices=DescriptionFormat.choices, default=DescriptionFormat.HTML
    )
    scale_values = models.TextField(
        _("scale values"), help_text=_("The proficiency scale's values, lowest first, separated by commas.")
    )
    scale_configuration = models.TextField(
        _("scale configuration"),
        help_text=_("Moodle's JSON: which value is the default and which count as proficient."),
    )
    taxonomies = models.CharField(
        _("taxonomy"),
        max_length=300,
        blank=True,
        help_text=_("The name of each level of the tree, by commas."),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["major_id", "idnumber"]
        verbose_name = _("competency framework")
        verbose_name_plural = _("competency frameworks")
        constraints = [
            models.UniqueConstraint(fields=["college", "idnumber"], name="framework_idnumber_per_college"),
        ]

    def __str__(self) -> str:
        return f"{self.shortname} ({self.idnumber})"

    @property
    def scale(self) -> list[dict[str, Any]]:
        return scale_levels(self.scale_values, self.scale_configuration)


class Competency(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.CASCADE, related_name="competencies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    idnumber = models.CharField(_("ID number"), max_length=100)
    shortname = models.CharField(_("short name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    description_format = models.PositiveSmallIntegerField(
        _("description format"), choices=DescriptionFormat.choices, default=DescriptionFormat.HTML
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # A competency may have a scale of its own (Moodle allows it); empty: the framework's.
    scale_values = models.TextField(_("scale values"), blank=True)
    scale_configuration = models.TextField(_("scale configuration"), blank=True)
    # Moodle's completion rule, kept as written so that an exported file imports back whole.
    rule_type = models.CharField(_("rule type"), max_length=200, blank=True)
    rule_outcome = models.PositiveSmallIntegerField(_("rule outcome"), default=0)
    rule_config = models.TextField(_("rule config"), blank=True)
    export_id = models.CharField(_("exported ID"), max_length=100, blank=True)
    related = models.ManyToManyField("self", verbose_name=_("cross-referenced competencies"), blank=True)
    skills = models.ManyToManyField(
        "courses.Skill", verbose_name=_("skills"), related_name="competencies", blank=True
    )
    modules = models.ManyToManyField(
        "courses.Module", verbose_name=_("modules that teach it"), related_name="competencies", blank=True
    )

    class Meta:
        ordering = ["framework_id", "sort_order", "id"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        constraints = [
            models.UniqueConstraint(
                fields=["framework", "idnumber"], name="competency_idnumber_per_framework"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.shortname} ({self.idnumber})"


class PlanTemplate(models.Model):
    """A learning plan template: a framework given to a cohort of its major (the students of
    the major who entered in ``entry_year``); each of them gets a learning plan from it."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("framework"), on_delete=models.PROTECT, related_name="templates"
    )
    entry_year = models.PositiveSmallIntegerField(_("cohort (year of entry)"))
    name = models.CharField(_("name"), max_length=200)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-entry_year", "name"]
        verbose_name = _("learning plan template")
        verbose_name_plural = _("learning plan templates")
        constraints = [
            models.UniqueConstraint(fields=["framework", "entry_year"], name="plan_template_one_per_cohort"),
        ]

    def __str__(self) -> str:
        return self.name


class LearningPlan(models.Model):
    """A student's plan from a template: its statuses are computed (``progress``), never
    stored, except for what a teacher marked achieved (``CompetencyMark``)."""

    template = models.ForeignKey(
        PlanTemplate, verbose_name=_("template"), on_delete=models.CASCADE, related_name="plans"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("student"),
        on_delete=models.PROTECT,
        related_name="learning_plans",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["template_id", "student__last_name", "student_id"]
        verbose_name = _("learning plan")
        verbose_name_plural = _("learning plans")
        constraints = [
            models.UniqueConstraint(fields=["template", "student"], name="learning_plan_one_per_student"),
        ]

    def __str__(self) -> str:
        return f"{self.template} · {self.student_id}"


class CompetencyMark(models.Model):
    """A teacher's judgement that the student has achieved a competency, with their note."""

    plan = models.ForeignKey(
        LearningPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="marks"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="marks"
    )
    note = models.TextField(_("note"), max_length=2000)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked by"), on_delete=models.PROTECT, related_name="+"
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now_add=True)

    class Meta:
        ordering = ["-marked_at", "-id"]
        verbose_name = _("competency marked achieved")
        verbose_name_plural = _("competencies marked achieved")
        constraints = [
            models.UniqueConstraint(fields=["plan", "competency"], name="competency_mark_once_per_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.competency_id}"
