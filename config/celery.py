"""The Celery app, set up the standard way for Django.

The beat schedule lives here, in code, so that it is reviewed like any other change.
"""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("chanjiao")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    # The safety net under the queue: whatever the ledger marked and no queued drain took
    # (the broker was down, a task was lost) is recomputed within a minute.
    "drain-dirty-marks": {
        "task": "evaluation.tasks.drain_dirty_marks",
        "schedule": 60.0,
    },
    "nightly-full-recompute": {
        "task": "evaluation.tasks.recompute_all_scorecards",
        "schedule": crontab(hour=2, minute=15),
    },
    "nightly-radar": {
        "task": "evaluation.tasks.recompute_radar_task",
        "schedule": crontab(hour=2, minute=45),
    },
    # Login counters, idempotency keys and login records past their time.
    # Months of paid internships with no pay recorded become alerts to the college.
    "internship-unpaid-months": {
        "task": "internships.tasks.check_unpaid_months",
        "schedule": crontab(hour=6, minute=0),
    },
    # Apprentices' progress reviews due within two weeks or overdue: their three parties are told.
    "apprenticeship-due-reviews": {
        "task": "apprenticeship.tasks.check_due_reviews",
        "schedule": crontab(hour=6, minute=10),
    },
    # Next years' evidence tables, made before their first row arrives.
    "ledger-partitions": {
        "task": "ledger.tasks.ensure_partitions",
        "schedule": crontab(hour=1, minute=5),
    },
    # Feedback that closed with a side missing: both sides told they can read it.
    "feedback-closed": {
        "task": "feedback.tasks.tell_closed_feedback",
        "schedule": crontab(hour=6, minute=30),
    },
    "nightly-housekeeping": {
        "task": "accounts.tasks.housekeeping",
        "schedule": crontab(hour=3, minute=30),
    },
    # Group robots' deliveries older than REACH_DELIVERY_DAYS are forgotten.
    "robot-deliveries-housekeeping": {
        "task": "reach.tasks.housekeeping",
        "schedule": crontab(hour=3, minute=45),
    },
}
