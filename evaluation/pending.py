"""Working off the ledger's dirty marks: how a change reaches the scorecards and the radar.

A change marks its work in its own transaction (``ledger.changes``). After the commit, this
module queues one drain; the drain reads the marks, recomputes what each names, and deletes a
mark only if no newer change has touched it since it was read (its token). So:

- nothing is lost: a mark is deleted only once a recompute that started after the change
  has covered it; a change that lands during a run keeps its mark for the next round;
- bursts coalesce: while a queued drain has not started yet, further changes add nothing to
  the queue (their marks are read by that drain when it starts); whether one is queued is a
  row in the database, shared by every process;
- nothing depends on the queue: if the broker loses a task or is down, the marks wait in the
  database, and the beat schedule drains them every minute.
"""

import datetime
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ledger.models import DirtyMark, Scheme

from .models import DrainQueue, Scorecard
from .radar import flag_materials_for_shortages, recompute_radar
from .recompute import periods_to_recompute, recompute_colleges

logger = logging.getLogger(__name__)

# A drain queued this long ago and still not started was lost (the broker restarted): the
# next change queues another (and the beat drains every minute anyway).
STALE = datetime.timedelta(minutes=5)
BATCH = 200
QUEUE = 1  # the one row of DrainQueue


def active_scheme_id() -> int | None:
    return Scheme.objects.filter(is_active=True).values_list("pk", flat=True).first()


def _claim_queue() -> bool:
    """Mark a drain as queued; False when one already is (and has not started)."""
    now = timezone.now()
    # One conditional UPDATE: of many processes committing at once, exactly one wins.
    if (
        DrainQueue.objects.filter(pk=QUEUE)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - STALE))
        .update(queued_at=now)
    ):
        return True
    if DrainQueue.objects.filter(pk=QUEUE).exists():
        return False
    _, created = DrainQueue.objects.get_or_create(pk=QUEUE, defaults={"queued_at": now})
    return created


def _release_queue() -> None:
    DrainQueue.objects.filter(pk=QUEUE).update(queued_at=None)


def request_drain(task: Any) -> None:
    """After a commit that marked work: queue ``task`` (the drain) unless one is queued."""
    if not _claim_queue():
        return
    try:
        task.apply_async(countdown=settings.RECOMPUTE_COALESCE_SECONDS)
    except Exception:
        _release_queue()
        raise


def recompute_scheme(scheme_id: int, progress: Callable[[dict[str, Any]], None] | None = None) -> list[int]:
    """Every period of a scheme, reporting after each which periods are done."""
    periods = periods_to_recompute(scheme_id)
    done: list[int] = []
    for period in periods:
        if progress:
            progress({"progress": len(done) / len(periods), "period": period, "periods_done": list(done)})
        recompute_colleges(scheme_id=scheme_id, period=period, colleges=None)
        done.append(period)
    return done


def _work(marks: list[DirtyMark]) -> None:
    """Do what a batch of marks names: the radar and whole schemes once each, and the
    scorecards of each period once, over every college marked in it (one pass a period)."""
    colleges: dict[int, set[int]] = {}
    whole: set[int] = set()
    for mark in marks:
        if mark.kind == DirtyMark.Kind.RADAR:
            recompute_radar()
            flag_materials_for_shortages()
        elif mark.kind == DirtyMark.Kind.SCHEME and mark.scheme_id is not None:
            recompute_scheme(mark.scheme_id)
        elif mark.kind == DirtyMark.Kind.SCORECARDS and mark.period is not None:
            if mark.college_id is None:
                whole.add(mark.period)
            else:
                colleges.setdefault(mark.period, set()).add(mark.college_id)
    scheme_id = active_scheme_id() if colleges or whole else None
    if scheme_id is None:
        return
    # A period's first evidence makes a card for every subject of it (zero where nothing
    # counts yet): the first run of a period covers every subject.
    started = set(
        Scorecard.objects.filter(scheme_id=scheme_id, period__in=colleges.keys())
        .order_by()
        .values_list("period", flat=True)
        .distinct()
    )
    whole |= colleges.keys() - started
    for period in sorted(colleges.keys() | whole):
        recompute_colleges(
            scheme_id=scheme_id, period=period, colleges=None if period in whole else sorted(colleges[period])
        )


def recompute_changed() -> list[str]:
    """The run after a day's changes: whatever the ledger marked since the last run (the
    colleges whose evidence changed, per period), each period in one pass that writes only
    the subjects whose figures changed and the ranks they move. What the drain does."""
    return drain()


def drain(max_rounds: int = 50) -> list[str]:
    """Recompute whatever is marked, round after round, until nothing is; returns the keys done.

    ``max_rounds`` bounds one run under a ceaseless stream of changes: what is still marked
    then is queued again by the next change, or drained by the beat.
    """
    # From here on, a newly committed mark may not be among those read below: let its change
    # queue a drain of its own.
    _release_queue()
    done: list[str] = []
    for _ in range(max_rounds):
        marks = list(DirtyMark.objects.order_by("marked_at", "id")[:BATCH])
        if not marks:
            break
        _work(marks)
        for mark in marks:
            # Only if untouched since read: a newer change keeps its mark for the next round.
            DirtyMark.objects.filter(pk=mark.pk, token=mark.token).delete()
            done.append(mark.key)
    return done


def is_pending(*, college_id: int, period: int, scheme_id: int) -> bool:
    """Is newer evidence of this college and period (or a scheme change) waiting to be counted?"""
    return DirtyMark.objects.filter(
        key__in=[f"scorecards:{college_id}:{period}", f"scheme:{scheme_id}"]
    ).exists()
