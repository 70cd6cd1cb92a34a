"""Throttle failed token requests per account and per address, on the shared cache."""

import hashlib

from django.core.cache import cache
from rest_framework.request import Request
from rest_framework.settings import api_settings
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView


class TokenFailureThrottle(BaseThrottle):
    """Refuses (429) once an account or an address has failed too often in the window.

    DRF's rate throttles count every request; here only failures count, so a client that
    logs in correctly is never slowed down. The rates are ``token_failures_user`` and
    ``token_failures_ip`` in ``DEFAULT_THROTTLE_RATES``.
    """

    scopes = ("token_failures_user", "token_failures_ip")

    @staticmethod
    def _keys(request: Request, username: str | None) -> list[tuple[str, str]]:
        ident = BaseThrottle().get_ident(request)
        keys = [("token_failures_ip", f"throttle:token-fail:ip:{ident}")]
        if username:
            # Hashed: a username is user input of any length, a cache key is not.
            digest = hashlib.sha256(username.lower().encode()).hexdigest()
            keys.append(("token_failures_user", f"throttle:token-fail:user:{digest}"))
        return keys

    @staticmethod
    def _rate(scope: str) -> tuple[int, int]:
        # The same "N/period" notation as DRF's rate throttles.
        num, period = str(api_settings.DEFAULT_THROTTLE_RATES[scope]).split("/")
        return int(num), {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[0]]

    def allow_request(self, request: Request, view: APIView) -> bool:
        username = request.data.get("username") if hasattr(request.data, "get") else None
        for scope, key in self._keys(request, username if isinstance(username, str) else None):
            limit, self._duration = self._rate(scope)
            if cache.get(key, 0) >= limit:
                return False
        return True

    def wait(self) -> float | None:
        return float(getattr(self, "_duration", 60))

    @classmethod
    def record_failure(cls, request: Request, username: str) -> None:
        for scope, key in cls._keys(request, username):
            _, duration = cls._rate(scope)
            # add() creates the counter with its expiry; incr() keeps that expiry.
            cache.add(key, 0, timeout=duration)
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=duration)
