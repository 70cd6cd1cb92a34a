from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .services import login_recorded

        def record(sender: object, request: object, user: object, **kwargs: object) -> None:
            login_recorded(user, request, "page")  # type: ignore[arg-type]

        user_logged_in.connect(record, weak=False, dispatch_uid="accounts.login_record")
