from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        # The public project catalogue is cached by version: any project, its skills, a
        # skill's code, an enterprise's vetting or a flag changing bumps it, in the writing
        # transaction.
        from accounts.public_cache import bump_on_writes
        from courses.models import Skill

        from .models import Enterprise, Flag, Project

        bump_on_writes("projects", Project, Skill, Enterprise, Flag, m2m=(Project.skills.through,))

        # Confirmed hours on projects are on the learner's transcript (JSON, page and PDF).
        from courses.lifelong import TRANSCRIPT_SECTIONS

        from .hours import student_confirmed_hours

        TRANSCRIPT_SECTIONS["project_hours"] = student_confirmed_hours
