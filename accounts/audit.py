"""Who is acting: the request being served (set by the middleware), so that the audit log
knows who made a change wherever in the code it is saved. Outside a request (a task, a
command) there is nobody: the platform acted."""

import contextvars
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db.models import Model
from django.dispatch import Signal
from django.http import HttpRequest, HttpResponse

_request: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("audit_request", default=None)
_actor: contextvars.ContextVar[Any] = contextvars.ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user: Any) -> Iterator[None]:
    """Work done on someone's behalf outside their request (a background import) is theirs."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> Any:
    if _actor.get() is not None:
        return _actor.get()
    request = _request.get()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class ActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)


# Rows written with ``bulk_create`` send no ``post_save``; whoever writes them so announces
# them here (``created_in_bulk``) and the audit log records one entry per row, in the same
# transaction, as for a single save.
rows_created_in_bulk = Signal()


def created_in_bulk(model: type[Model], rows: Sequence[Model]) -> None:
    rows_created_in_bulk.send(sender=model, rows=rows)
