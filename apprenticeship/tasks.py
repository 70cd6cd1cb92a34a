from celery import shared_task

from . import services


@shared_task
def check_due_reviews() -> int:
    """Progress reviews due within two weeks or overdue: each party told once of each."""
    return services.check_due_reviews()
