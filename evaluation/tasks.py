"""Celery tasks that keep the scorecards current. Thin: they take ids and call the engine.

Every task is idempotent (the recompute writes only changed numbers), so ``acks_late`` and a
redelivery after a worker dies are safe.
"""

import logging
from typing import Any

from celery import shared_task
from django.db import OperationalError

from . import pending
from .radar import flag_materials_for_shortages, recompute_radar
from .recompute import recompute_period

logger = logging.getLogger(__name__)

# Every task retries when the database blinks (OperationalError), and only then.


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def drain_dirty_marks(self: Any) -> dict[str, object]:
    """Recompute everything the ledger marked dirty (queued after changes; also on the beat)."""
    return {"done": pending.drain(), "progress": 1.0}


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def recompute_college_period(self: Any, college_id: int, period: int) -> None:
    scheme_id = pending.active_scheme_id()
    if scheme_id is None:
        logger.warning("No active scheme: nothing to recompute.")
        return
    recompute_period(scheme_id=scheme_id, period=period, college_id=college_id)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def recompute_all_scorecards(
    self: Any, period: int | None = None, scheme_id: int | None = None
) -> dict[str, object]:
    """Recompute every scorecard of a scheme (the active one by default), period by period,
    reporting which periods are done (a redelivered run starts over: each period is exact)."""
    scheme_id = scheme_id or pending.active_scheme_id()
    if scheme_id is None:
        logger.warning("No active scheme: nothing to recompute.")
        return {"periods": []}
    if period is not None:
        recompute_period(scheme_id=scheme_id, period=period)
        return {"periods": [period], "periods_done": [period], "progress": 1.0}

    def progress(meta: dict[str, Any]) -> None:
        self.update_state(state="STARTED", meta=meta)

    done = pending.recompute_scheme(scheme_id, progress)
    return {"periods": done, "periods_done": done, "progress": 1.0}


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def recompute_radar_task(self: Any) -> dict[str, object]:
    """Rebuild the whole radar (every year: a major's status depends on the two before)."""
    years = recompute_radar()
    return {"years": years, "materials_flagged": flag_materials_for_shortages(), "progress": 1.0}


def request_drain() -> None:
    """Listens to the ledger: after a commit that marked work, queue a drain."""
    pending.request_drain(drain_dirty_marks)
