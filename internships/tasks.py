from celery import shared_task

from . import services


@shared_task
def check_unpaid_months() -> int:
    """Alerts for months of paid internships with no pay recorded in time."""
    return services.check_unpaid_months()
