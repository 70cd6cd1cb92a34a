from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self) -> None:
        # The ledger sits below this layer and cannot import it: it announces its changes,
        # and the recompute listens here.
        from ledger import changes

        from . import tasks

        changes.on_marked(tasks.request_drain)

        # The public scorecard list is cached by version: review steps bump it here, the
        # recompute (raw SQL) in recompute.py.
        from accounts.public_cache import bump_on_writes

        from .models import Scorecard

        bump_on_writes("scorecards", Scorecard)
