"""Public lists served from a cache that cannot go stale.

A public list (the published scorecards, the open projects) is read far more often than it
changes. Its answer for anonymous visitors is cached under the list's *publication version*:
a counter in the database (``PublicVersion``) that every write changing the list bumps in
the same transaction. A reader asks the database for the version (one primary-key read) and
gets the cached answer of that version, or computes and stores it. So a cached page is never
older than the last committed write: a write that commits bumps the version first, and a
write that rolls back leaves both unchanged. Any cache works (Redis shared by every process,
or each process's own memory); a cache that fails only costs the computation.
"""

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import F
from django.utils import translation

from .models import PublicVersion

logger = logging.getLogger(__name__)
TIMEOUT = 60 * 60  # an unused version's answers leave the cache after an hour


def bump(*names: str) -> None:
    """Mark the named public lists changed, in the caller's transaction."""
    for name in names:
        if not PublicVersion.objects.filter(name=name).update(version=F("version") + 1):
            PublicVersion.objects.get_or_create(name=name, defaults={"version": 1})


def version(name: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM accounts_publicversion WHERE name = %s", [name])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def respond(name: str, view: Any, request: Any, compute: Callable[[], Any]) -> Any:
    """The API's answer to ``request`` for the public list ``name``, rendered as DRF would
    render it for this request and cached as bytes, so a hit costs neither the query nor the
    serialisation nor the rendering. Answers other renderers would give are not cached."""
    from django.http import HttpResponse
    from rest_framework.response import Response

    renderer = request.accepted_renderer
    if getattr(renderer, "format", "") != "json":
        return Response(compute())
    media_type = request.accepted_media_type

    def render() -> bytes:
        return bytes(renderer.render(compute(), media_type, view.get_renderer_context()))

    body = cached(name, request, render, variant=media_type)
    return HttpResponse(body, content_type=renderer.media_type)


def cached(name: str, request: Any, compute: Callable[[], Any], variant: str = "") -> Any:
    """The answer to ``request`` for the public list ``name``: from the cache when this
    version of the list was computed already, else ``compute()`` (stored for the next)."""
    query = request.get_full_path()
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    key = f"public:{name}:{version(name)}:{translation.get_language()}:{variant}:{digest}"
    try:
        hit = cache.get(key)
    except Exception:  # a cache that fails costs the computation, not the answer
        logger.warning("public cache unavailable", exc_info=True)
        hit = None
    if hit is not None:
        return hit
    data = compute()
    try:
        cache.set(key, data, TIMEOUT)
    except Exception:
        logger.warning("public cache unavailable", exc_info=True)
    return data


def bump_on_writes(name: str, *models: Any, m2m: tuple[Any, ...] = ()) -> None:
    """Bump ``name`` whenever a row of ``models`` (or a link of the ``m2m`` through tables) is
    saved or deleted through the ORM. Writes in raw SQL call ``bump`` themselves."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def changed(**kwargs: Any) -> None:
        if kwargs.get("action", "post_").startswith("post_") and not kwargs.get("raw"):
            bump(name)

    for model in models:
        uid = f"public-cache:{name}:{model._meta.label}"
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":save")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=uid + ":delete")
    for through in m2m:
        m2m_changed.connect(
            changed, sender=through, weak=False, dispatch_uid=f"public-cache:{name}:{through}"
        )
