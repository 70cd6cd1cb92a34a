"""Marking what must be recomputed, durably, in the transaction of the change itself.

The ledger is a low layer: domain apps write into it, and the scoring layer above reads it.
A change writes a ``DirtyMark`` row beside itself (so a rolled-back change marks nothing and a
committed one can never be forgotten), then, after commit, tells whoever listens that there
is work. The scoring layer subscribes when it starts (``evaluation.apps``), so the ledger
never imports the layer above it. If telling fails (the broker is down), the mark waits in
the database for the next run: the beat schedule drains marks every minute.
"""

import logging
import uuid
from collections.abc import Callable

from django.utils import timezone

from accounts import batching

from .models import DirtyMark

logger = logging.getLogger(__name__)

_listeners: list[Callable[[], None]] = []


def on_marked(listener: Callable[[], None]) -> None:
    """Call ``listener()`` after each commit that marked something."""
    _listeners.append(listener)


def _announce() -> None:
    for listener in _listeners:
        try:
            listener()
        except Exception:
            # The change is committed and its mark is durable; the periodic drain will find
            # it. The request that made the change must not fail for this.
            logger.exception("Could not ask for a recompute; the mark waits for the next drain.")


def _mark(
    key: str,
    kind: str,
    *,
    college_id: int | None = None,
    period: int | None = None,
    scheme_id: int | None = None,
) -> None:
    # One upsert: a concurrent change of the same key updates the same row (the database
    # settles the race), and every change leaves a token of its own.
    DirtyMark.objects.bulk_create(
        [
            DirtyMark(
                key=key,
                kind=kind,
                college_id=college_id,
                period=period,
                scheme_id=scheme_id,
                token=uuid.uuid4(),
                marked_at=timezone.now(),
            )
        ],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token", "marked_at"],
    )
    # Once per batch (an import), else once per change; after the commit either way.
    batching.on_commit_once(_announce)


def evidence_changed(*, college_id: int, period: int) -> None:
    """Evidence of a college and period changed: its scorecards must be recomputed."""
    _mark(
        f"scorecards:{college_id}:{period}", DirtyMark.Kind.SCORECARDS, college_id=college_id, period=period
    )


def scheme_changed(*, scheme_id: int) -> None:
    """A scheme's targets or weights changed: every scorecard of it must be recomputed."""
    _mark(f"scheme:{scheme_id}", DirtyMark.Kind.SCHEME, scheme_id=scheme_id)


def radar_input_changed() -> None:
    """Talent demand, cohorts or curricula changed: the radar must be rebuilt."""
    _mark("radar", DirtyMark.Kind.RADAR)
