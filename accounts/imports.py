"""CSV imports that run in the background, with their progress on the page.

A page stores the uploaded file in an ``ImportJob`` and a worker imports it (every row
checked, all rows written or none); meanwhile the page asks every second how far it has got
(``progress``: the stage and the rows done, kept in the cache so that readers see it while
the import's own transaction is still open). Each app registers the kinds it imports
(``register``) when it starts, so the worker knows them too. Without a broker (the embedded
default) the import runs right after the upload's commit, in the request.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone, translation

from .audit import acting_as
from .models import ImportJob, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Importer:
    # ``run(user, raw, progress) -> {"created", "errors"}``
    run: Callable[[User, bytes, Callable[[str, int, int], None]], dict[str, Any]]
    title: Any  # what the page is called
    upload: str  # the URL name of the upload page
    back: str  # the URL name of the list the rows go to


IMPORTERS: dict[str, Importer] = {}


def register(kind: str, importer: Importer) -> None:
    IMPORTERS[kind] = importer


def _key(job_id: int) -> str:
    return f"import-progress:{job_id}"


def start(kind: str, *, user: User, raw: bytes, language: str = "") -> ImportJob:
    """Store the file and have it imported after this transaction commits."""
    if kind not in IMPORTERS:
        raise KeyError(kind)
    job = ImportJob.objects.create(user=user, kind=kind, file=raw, language=language)
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    from .tasks import run_import

    try:
        run_import.delay(job_id)
    except Exception:
        # No broker: import here rather than leave the person waiting for nothing.
        logger.exception("Could not queue import %s; importing it in the request.", job_id)
        run(job_id)


def run(job_id: int) -> ImportJob | None:
    """Import a waiting job (once: a second delivery finds it taken)."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id, state=ImportJob.State.WAITING).first()
        if job is None:
            return None
        job.state = ImportJob.State.RUNNING
        job.save(update_fields=["state"])
    raw = bytes(job.file)

    def progress(stage: str, done: int, total: int) -> None:
        cache.set(_key(job.pk), {"stage": stage, "done": done, "total": total}, 3600)

    try:
        with acting_as(job.user), translation.override(job.language or None):
            result = IMPORTERS[job.kind].run(job.user, raw, progress)
    except Exception:
        logger.exception("Import %s failed", job.pk)
        job.state = ImportJob.State.FAILED
        job.finished_at = timezone.now()
        job.file = b""
        job.save(update_fields=["state", "finished_at", "file"])
        return job
    job.state = ImportJob.State.DONE
    job.created = result["created"]
    job.errors = result["errors"]
    job.finished_at = timezone.now()
    job.file = b""
    job.save(update_fields=["state", "created", "errors", "finished_at", "file"])
    cache.delete(_key(job.pk))
    return job


def progress(job: ImportJob) -> dict[str, Any]:
    """How far a running job has got: ``{"stage", "done", "total"}`` (nothing yet: zeros)."""
    return cache.get(_key(job.pk)) or {"stage": "reading", "done": 0, "total": 0}
