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

        changes.on_evidence_change(
            lambda college_id, period: tasks.schedule_recompute(college_id=college_id, period=period)
        )
        changes.on_scheme_change(lambda scheme_id: tasks.schedule_full_recompute(scheme_id=scheme_id))
        changes.on_radar_input_change(tasks.schedule_radar_recompute)
