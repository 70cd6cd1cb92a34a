"""Users, their role, and the college or enterprise their role is scoped to."""

from django.contrib.auth.models import AbstractUser
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
