"""The ledger's own upkeep."""

from celery import shared_task

from . import partitions


@shared_task
def ensure_partitions() -> list[int]:
    """This period's and the next periods' tables exist before their first row (PostgreSQL)."""
    return partitions.ensure_ahead()
