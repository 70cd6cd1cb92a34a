"""Public reads from a read replica, when there is one.

With ``DATABASE_REPLICA_URL`` set, the settings name a second database, ``replica``: a
PostgreSQL hot standby fed by streaming replication. Nothing goes there by guesswork: the
public lists choose it explicitly, through ``serve``, for the one computation of a list's
answer the cache does not hold yet, and only when

- the reader is anonymous, the request a GET or HEAD, and the reader has written nothing in
  the last ``PIN_SECONDS`` (``PinAfterWrite`` marks a browser that just wrote), so a read
  right after one's own write always goes to the primary;
- the replica answers at all (a connection refused or timed out marks it down for
  ``DOWN_SECONDS``, during which the primary serves without trying it again);
- the replica has replayed the list's publication version (``accounts.public_cache``): the
  version row it holds is at least the current one, which every write of the list bumps in
  its own transaction, so what it serves is never older than what was published. A replica
  that is behind leaves the read to the primary.

A query that fails on the replica half-way (it was stopped, or a replay conflict cancelled
it) is answered by the primary. Everything else, and every write and migration, stays on
the primary (``PrimaryRouter``).
"""

import contextlib
import contextvars
import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

from . import public_cache

logger = logging.getLogger(__name__)
ALIAS = "replica"
PIN_COOKIE = "chanjiao_primary"
PIN_SECONDS = 10  # after a write, this browser reads from the primary for this long
DOWN_SECONDS = 10  # a replica that failed is not tried again for this long
SAFE_METHODS = ("GET", "HEAD")

_reading: contextvars.ContextVar[str | None] = contextvars.ContextVar("replica_reading", default=None)
_down_until = 0.0


class PrimaryRouter:
    """Reads go where ``reading`` says (the primary unless a public list chose the replica);
    writes and migrations always go to the primary."""

    def db_for_read(self, model: Any, **hints: Any) -> str | None:
        return _reading.get()

    def db_for_write(self, model: Any, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


class PinAfterWrite:
    """After a request that may write (any method but GET, HEAD, OPTIONS), this browser's
    reads go to the primary for ``PIN_SECONDS``: it sees its own write even while the
    replica is catching up."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method not in (*SAFE_METHODS, "OPTIONS") and configured():
            response.set_cookie(PIN_COOKIE, "1", max_age=PIN_SECONDS, httponly=True, samesite="Lax")
        return response


def configured() -> bool:
    return ALIAS in connections.settings


@contextlib.contextmanager
def reading(alias: str) -> Iterator[None]:
    """Every ORM read inside goes to ``alias``."""
    token = _reading.set(None if alias == DEFAULT_DB_ALIAS else alias)
    try:
        yield
    finally:
        _reading.reset(token)


def public_db(request: Any, name: str) -> str:
    """The database the public list ``name`` is read from for ``request``: ``replica`` when
    it is configured, up, has replayed the list's current version and the reader may read
    from it; otherwise the primary (``default``)."""
    if not configured() or time.monotonic() < _down_until:
        return DEFAULT_DB_ALIAS
    if request.method not in SAFE_METHODS or PIN_COOKIE in request.COOKIES:
        return DEFAULT_DB_ALIAS
    user = getattr(request, "user", None)
    if (user is not None and user.is_authenticated) or "Authorization" in request.headers:
        return DEFAULT_DB_ALIAS
    published = public_cache.current(name)
    try:
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("SELECT version FROM accounts_publicversion WHERE name = %s", [name])
            row = cursor.fetchone()
    except DatabaseError:
        _mark_down()
        return DEFAULT_DB_ALIAS
    held = int(row[0]) if row else 0
    return ALIAS if held >= published else DEFAULT_DB_ALIAS


def serve(request: Any, name: str, compute: Callable[[], Any]) -> Callable[[], Any]:
    """``compute`` (the answer of the public list ``name``) run on the database
    ``public_db`` chooses, and again on the primary should the replica fail under it."""

    def run() -> Any:
        alias = public_db(request, name)
        if alias == DEFAULT_DB_ALIAS:
            return compute()
        try:
            with reading(alias):
                return compute()
        except DatabaseError:
            _mark_down()
            return compute()

    return run


def _mark_down() -> None:
    global _down_until
    logger.warning("read replica unavailable: the primary serves", exc_info=True)
    _down_until = time.monotonic() + DOWN_SECONDS
    with contextlib.suppress(Exception):
        connections[ALIAS].close()


def reset() -> None:
    """Forget that the replica was down (it is tried again at the next read)."""
    global _down_until
    _down_until = 0.0
