"""Users, their role, and the college or enterprise their role is scoped to; a learner's
place in a college."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform admin")
    COLLEGE_ADMIN = "college_admin", _("College administrator")
    TEACHER = "teacher", _("Teacher")
    ENGINEER = "engineer", _("Enterprise engineer")
    STUDENT = "student", _("Student / learner")
    EVALUATOR = "evaluator", _("Evaluator")


COLLEGE_ROLES = (Role.COLLEGE_ADMIN, Role.TEACHER)
ENTERPRISE_ROLES = (Role.ENGINEER,)


class User(AbstractUser):
    """A person using the portal.

    A role is scoped: college administrators and teachers to one college, engineers to one
    enterprise. A student may belong to a college (an enrolled student) or to none (an
    external learner). A Django superuser is a platform admin whatever its role field says.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.STUDENT)
    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~Q(role__in=COLLEGE_ROLES) | Q(college__isnull=False),
                name="user_college_role_has_college",
                violation_error_message=_("College administrators and teachers need a college."),
            ),
            models.CheckConstraint(
                condition=~Q(role__in=ENTERPRISE_ROLES) | Q(enterprise__isnull=False),
                name="user_engineer_has_enterprise",
                violation_error_message=_("Engineers need an enterprise."),
            ),
        ]
        indexes = [models.Index(fields=["role"])]

    def __str__(self) -> str:
        return f"{self.username} ({self.get_role_display()})"

    @property
    def is_platform_admin(self) -> bool:
        return self.is_superuser or self.role == Role.PLATFORM_ADMIN

    @property
    def is_college_admin(self) -> bool:
        return self.role == Role.COLLEGE_ADMIN


class LearnerProfile(models.Model):
    """A student's place in a college: which major, since when, and whether graduated."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="learner_profile",
    )
    college = models.ForeignKey(
        "colleges.College",
        verbose_name=_("college"),
        on_delete=models.PROTECT,
        related_name="learners",
        null=True,
        blank=True,
    )
    major = models.ForeignKey(
        "colleges.Major",
        verbose_name=_("major"),
        on_delete=models.PROTECT,
        related_name="learners",
        null=True,
        blank=True,
    )
    entry_year = models.PositiveSmallIntegerField(
        _("entry year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)], null=True, blank=True
    )
    graduated_on = models.DateField(_("graduated on"), null=True, blank=True)
    # The learner's public address (the subject of their credentials): not their row's id,
    # so nobody can enumerate learners.
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")

    def __str__(self) -> str:
        return f"{self.user.username} @ {self.college_id or _('external')}"
