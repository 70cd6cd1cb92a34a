from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReachConfig(AppConfig):
    name = "reach"
    verbose_name = _("Group robots")

    def ready(self) -> None:
        from accounts.notifications import CHANNELS

        from .services import record_deliveries

        # Notifications also reach the group robots of the recipients' college or enterprise.
        if record_deliveries not in CHANNELS:
            CHANNELS.append(record_deliveries)
