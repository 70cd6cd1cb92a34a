from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        # The public project catalogue is cached by version: any project, its skills or a
        # skill's code changing bumps it, in the writing transaction.
        from accounts.public_cache import bump_on_writes
        from courses.models import Skill

        from .models import Project

        bump_on_writes("projects", Project, Skill, m2m=(Project.skills.through,))
