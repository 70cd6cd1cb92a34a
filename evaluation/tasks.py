"""Celery tasks that keep the scorecards current. Thin: they take ids and call the engine.

Every task is idempotent (the recompute writes only changed numbers), so ``acks_late`` and a
redelivery after a worker dies are safe.
"""

import logging
from typing import Any

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError, transaction

from ledger.models import Scheme

from .recompute import periods_to_recompute, recompute_period

logger = logging.getLogger(__name__)

# Bursts of evidence changes for one college and period coalesce into one run: the first
# change schedules a run COALESCE_SECONDS later and marks it pending for half that time;
# later changes while it is marked find the run still ahead of them and add nothing. A
# change after the mark expires schedules another run, so none is ever missed.
COALESCE_SECONDS = 2


def _active_scheme_id() -> int | None:
    return Scheme.objects.filter(is_active=True).values_list("pk", flat=True).first()


@shared_task(
    bind=True,
    autoretry_for=(OperationalError,),  # the database went away for a moment
    retry_backoff=True,
    max_retries=5,
)
def recompute_college_period(self: Any, college_id: int, period: int) -> None:
    scheme_id = _active_scheme_id()
    if scheme_id is None:
        logger.warning("No active scheme: nothing to recompute.")
        return
    recompute_period(scheme_id=scheme_id, period=period, college_id=college_id)


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def recompute_all_scorecards(
    self: Any, period: int | None = None, scheme_id: int | None = None
) -> dict[str, object]:
    """Recompute every scorecard of a scheme (the active one by default), period by period."""
    scheme_id = scheme_id or _active_scheme_id()
    if scheme_id is None:
        logger.warning("No active scheme: nothing to recompute.")
        return {"periods": []}
    periods = [period] if period is not None else periods_to_recompute(scheme_id)
    for done, each in enumerate(periods):
        self.update_state(state="STARTED", meta={"progress": done / len(periods), "period": each})
        recompute_period(scheme_id=scheme_id, period=each)
    return {"periods": periods, "progress": 1.0}


def _enqueue_coalesced(key: str, task: Any, args: tuple[Any, ...] = ()) -> None:
    """After the current transaction commits (a rolled-back change enqueues nothing), run
    ``task`` COALESCE_SECONDS later unless a run for ``key`` is already pending."""

    def enqueue() -> None:
        if cache.add(key, 1, timeout=COALESCE_SECONDS / 2):
            task.apply_async(args, countdown=COALESCE_SECONDS)

    transaction.on_commit(enqueue)


def schedule_recompute(*, college_id: int, period: int) -> None:
    """Recompute one college's scorecards of a period after the change commits."""
    _enqueue_coalesced(
        f"recompute-pending:{college_id}:{period}", recompute_college_period, (college_id, period)
    )


def schedule_full_recompute(*, scheme_id: int) -> None:
    transaction.on_commit(lambda: recompute_all_scorecards.delay(scheme_id=scheme_id))


@shared_task(bind=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def recompute_radar_task(self: Any) -> dict[str, object]:
    """Rebuild the whole radar (every year: a major's status depends on the two before)."""
    from .radar import flag_materials_for_shortages, recompute_radar

    years = recompute_radar()
    return {"years": years, "materials_flagged": flag_materials_for_shortages(), "progress": 1.0}


def schedule_radar_recompute() -> None:
    """Rebuild the radar after the change commits; a burst of demand or cohort changes makes one run."""
    _enqueue_coalesced("radar-recompute-pending", recompute_radar_task)
