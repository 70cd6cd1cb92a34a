from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CollegesConfig(AppConfig):
    name = "colleges"
    verbose_name = _("Colleges")

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy

        from accounts import imports

        from .roster import run_import

        imports.register(
            "roster",
            imports.Importer(run_import, gettext_lazy("Import a roster"), "people-import", "people-list"),
        )
