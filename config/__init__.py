"""Project configuration: settings, root URLs, the API router and the Celery app."""

from .celery import app as celery_app

__all__ = ("celery_app",)
