"""API mixins for the inputs the scoring layer reads beside the ledger."""

from typing import Any

from ledger import changes


class RadarInputMixin:
    """For the radar's inputs (talent demand, cohorts): every change asks for the radar to be
    rebuilt after commit, coalesced with the changes around it."""

    def perform_create(self, serializer: Any) -> None:
        super().perform_create(serializer)  # type: ignore[misc]
        changes.radar_input_changed()

    def perform_update(self, serializer: Any) -> None:
        super().perform_update(serializer)  # type: ignore[misc]
        changes.radar_input_changed()

    def perform_destroy(self, instance: Any) -> None:
        self.check_write("destroy", instance)  # type: ignore[attr-defined]
        instance.delete()
        changes.radar_input_changed()
