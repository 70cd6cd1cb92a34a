"""E-mails leave from a task, after the change they announce committed."""

import logging
from smtplib import SMTPException
from typing import Any

from celery import shared_task
from django.conf import settings

from .notifications import send_emails

logger = logging.getLogger(__name__)


@shared_task(bind=True, autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_notification_emails(self: Any, ids: list[int]) -> int:
    return send_emails(ids, base_url=settings.PORTAL_URL)


@shared_task(bind=True, autoretry_for=(SMTPException, OSError), retry_backoff=True, max_retries=5)
def send_welcome_emails(self: Any, ids: list[int]) -> int:
    from .people import welcome_emails

    return welcome_emails(ids, base_url=settings.PORTAL_URL)


@shared_task
def housekeeping() -> dict[str, int]:
    """Forget what has served its time: login counters, idempotency keys (a day) and login
    records (a year)."""
    import datetime

    from django.utils import timezone

    from . import throttles
    from .api import idempotency
    from .models import LoginRecord

    old_logins, _ = LoginRecord.objects.filter(at__lt=timezone.now() - datetime.timedelta(days=365)).delete()
    return {
        "login_counters": throttles.purge(),
        "idempotency_keys": idempotency.purge(),
        "login_records": old_logins,
    }


@shared_task
def run_import(job_id: int) -> int | None:
    """Import an uploaded CSV file (``accounts.imports``); answers the rows created."""
    from .imports import run

    job = run(job_id)
    return job.created if job is not None else None
