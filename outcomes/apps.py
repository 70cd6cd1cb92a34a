from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "outcomes"
    verbose_name = _("Graduate destinations")

    def ready(self) -> None:
        from accounts import imports
        from enterprises.careers import EMPLOYMENT_CONFIRMED

        from .imports import run_import
        from .services import destination_from_employment

        EMPLOYMENT_CONFIRMED.append(
            lambda employment, actor: destination_from_employment(employment, actor=actor)
        )
        imports.register(
            "destinations",
            imports.Importer(
                run_import, _("Import destinations"), "destinations-import", "destinations-list"
            ),
        )
