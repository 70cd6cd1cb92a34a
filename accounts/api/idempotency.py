"""``Idempotency-Key`` on the API's POSTs: a client that did not get an answer (a timeout, a
dropped connection) retries with the same key and gets the first answer again, written once.

- the same key with another request (method, path or body) is a client error: 422;
- the same key while the first request still runs: 409;
- a first answer of 5xx is not kept (the retry runs again); 2xx and 4xx are kept for a day.
"""

import datetime
import hashlib
import json
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import IdempotencyRecord

HEADER = "Idempotency-Key"
STALE = datetime.timedelta(minutes=5)  # a "running" record this old belongs to a crashed request


class Replay(Exception):
    def __init__(self, record: IdempotencyRecord) -> None:
        self.record = record


class KeyReused(APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "This Idempotency-Key was already used for another request."


class StillRunning(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request with this Idempotency-Key is still being processed; retry in a moment."


class BadKey(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = "An Idempotency-Key is 1 to 100 printable characters."


def _fingerprint(request: Request) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method} {request.get_full_path()}\n".encode())
    digest.update(request._request.body)
    return digest.hexdigest()


class IdempotentMixin:
    """For DRF views: checks the key once the caller is known, keeps the answer after."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        self._idempotency: IdempotencyRecord | None = None
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or not request.user.is_authenticated:
            return
        if not 0 < len(key) <= 100 or not key.isprintable():
            raise BadKey()
        fingerprint = _fingerprint(request)
        try:
            with transaction.atomic():
                self._idempotency = IdempotencyRecord.objects.create(
                    user=request.user, key=key, fingerprint=fingerprint
                )
                return
        except IntegrityError:
            pass
        existing = IdempotencyRecord.objects.get(user=request.user, key=key)
        if existing.fingerprint != fingerprint:
            raise KeyReused()
        if existing.status_code is not None:
            raise Replay(existing)
        if existing.created_at > timezone.now() - STALE:
            raise StillRunning()
        # The first attempt died without an answer: this one takes its place.
        existing.created_at = timezone.now()
        existing.save(update_fields=["created_at"])
        self._idempotency = existing

    def handle_exception(self, exc: Exception) -> Response:
        if isinstance(exc, Replay):
            response = Response(exc.record.body, status=exc.record.status_code)
            response["Idempotent-Replayed"] = "true"
            return response
        return super().handle_exception(exc)  # type: ignore[misc]

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        record = getattr(self, "_idempotency", None)
        if record is not None:
            if response.status_code >= 500:
                record.delete()
            else:
                record.status_code = response.status_code
                data = getattr(response, "data", None)
                record.body = json.loads(JSONRenderer().render(data)) if data is not None else None
                record.save(update_fields=["status_code", "body"])
            self._idempotency = None
        return super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]


def purge(older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    deleted, _ = IdempotencyRecord.objects.filter(created_at__lt=timezone.now() - older_than).delete()
    return deleted
