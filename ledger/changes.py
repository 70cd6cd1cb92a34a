"""Announcing, after commit, that the ledger changed.

The ledger is a low layer: domain apps write into it, and the scoring layer above reads it.
The scoring layer subscribes here when it starts (``evaluation.apps``), so a write to the
ledger reaches the recompute without the ledger importing the layer above it.
"""

from collections.abc import Callable

EvidenceListener = Callable[[int, int], None]  # college id, period
SchemeListener = Callable[[int], None]  # scheme id
RadarListener = Callable[[], None]

_evidence: list[EvidenceListener] = []
_schemes: list[SchemeListener] = []
_radar: list[RadarListener] = []


def on_evidence_change(listener: EvidenceListener) -> None:
    _evidence.append(listener)


def on_scheme_change(listener: SchemeListener) -> None:
    _schemes.append(listener)


def on_radar_input_change(listener: RadarListener) -> None:
    _radar.append(listener)


def evidence_changed(*, college_id: int, period: int) -> None:
    """Evidence of a college and period changed: its scorecards must be recomputed."""
    for listener in _evidence:
        listener(college_id, period)


def scheme_changed(*, scheme_id: int) -> None:
    """A scheme's targets or weights changed: every scorecard of it must be recomputed."""
    for listener in _schemes:
        listener(scheme_id)


def radar_input_changed() -> None:
    """Talent demand, cohorts or curricula changed: the radar must be rebuilt."""
    for listener in _radar:
        listener()
