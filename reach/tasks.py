"""Group robots' messages leave from the worker: retried with backoff a bounded number of
times, then the delivery is marked failed for its organisation to see. The inbox row is
never touched."""

from typing import Any

from celery import shared_task
from django.conf import settings

from .platforms import SendFailed


@shared_task(
    bind=True,
    autoretry_for=(SendFailed,),
    retry_backoff=settings.REACH_RETRY_BACKOFF,
    retry_backoff_max=600,
    retry_jitter=False,
    max_retries=settings.REACH_ATTEMPTS - 1,
)
def post_delivery(self: Any, delivery_id: int) -> str:
    from .services import deliver

    return deliver(delivery_id, final=self.request.retries >= self.max_retries)


@shared_task
def housekeeping() -> dict[str, int]:
    """Deliveries are kept ``REACH_DELIVERY_DAYS`` days (what failed lately is seen), then go."""
    from .services import prune

    return {"robot_deliveries": prune(settings.REACH_DELIVERY_DAYS)}
