from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The pages that span apps: the landing page and each role's dashboard, and the demo world."""

    name = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        from . import audit, imports

        audit.connect()
        imports.register()
