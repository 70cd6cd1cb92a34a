"""After-commit work asked for many times in one batch, done once.

An import writes thousands of rows, and each row asks for the same after-commit work (a
recompute of what it changed). Inside ``batch()`` such requests are collected, and each
distinct callback is registered once, with ``transaction.on_commit``, when the batch ends
without an error; so it still runs only if the transaction commits. Outside a batch a
request registers at once, as before. The batch lives in a context variable: each thread or
task has its own.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import transaction

_pending: ContextVar[dict[Callable[[], None], None] | None] = ContextVar("after_commit_batch", default=None)


def on_commit_once(callback: Callable[[], None]) -> None:
    """``transaction.on_commit(callback)``, once per batch."""
    pending = _pending.get()
    if pending is None:
        transaction.on_commit(callback)
    else:
        pending.setdefault(callback, None)


@contextmanager
def batch() -> Iterator[None]:
    pending: dict[Callable[[], None], None] = {}
    token = _pending.set(pending)
    try:
        yield
    finally:
        _pending.reset(token)
    for callback in pending:  # reached only when the batch raised nothing
        transaction.on_commit(callback)
