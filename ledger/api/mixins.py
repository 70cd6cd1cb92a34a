"""API mixins for the inputs the scoring layer reads beside the ledger."""

from typing import Any

from django.db import transaction

from ledger import changes


class RadarInputMixin:
    """For the radar's inputs (talent demand, cohorts, curricula): every change marks the radar
    for a rebuild in its own transaction, so the row and the mark commit together."""

    def perform_create(self, serializer: Any) -> None:
        with transaction.atomic():
            super().perform_create(serializer)  # type: ignore[misc]
            changes.radar_input_changed()

    def perform_update(self, serializer: Any) -> None:
        with transaction.atomic():
            super().perform_update(serializer)  # type: ignore[misc]
            changes.radar_input_changed()

    def perform_destroy(self, instance: Any) -> None:
        self.check_write("destroy", instance)  # type: ignore[attr-defined]
        with transaction.atomic():
            instance.delete()
            changes.radar_input_changed()
