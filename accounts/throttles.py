"""Limits on password guessing, for the login page and the token endpoint alike.

Every attempt is counted *before* the password is checked, by one atomic upsert in the
database, so fifty requests racing in at once cannot all be evaluated: the sixth and later
are refused whatever the password. A correct password takes its attempt back. The counters
live in the database, not the cache, so they hold without Redis and across every process.

Two counters: per account (a few failures lock that account for a while, wherever they come
from, and whichever of its names was typed: its user name in any case, its e-mail address or
its mobile number, as the login accepts them all) and per client address (many more, so one person's typos never lock out a whole campus
behind one address). The address is the connection's, or, behind proxies the settings name
(``TRUSTED_PROXY_COUNT``), the one those proxies saw; a header anyone can send is never
believed on its own.

Codes sent by SMS are counted the same way, before anything is sent (``sms_attempt``): per
number (``SMS_PER_NUMBER``) and per client address (``SMS_PER_ADDRESS``).
"""

import contextlib
import datetime
import hashlib
from dataclasses import dataclass
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.http import HttpRequest
from django.utils import timezone

from . import sms
from .models import LoginThrottle, User


def client_ip(request: HttpRequest) -> str:
    """The client's address: the connection's, or the one the trusted proxies recorded (the
    ``TRUSTED_PROXY_COUNT``-th address from the right of ``X-Forwarded-For``)."""
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= count:
            return hops[-count][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _rate(setting: str) -> tuple[int, int]:
    """``"5/15m"`` → (5 attempts, 900 seconds)."""
    number, period = str(setting).split("/")
    unit = {"s": 1, "m": 60, "h": 3600, "d": 86400}[period[-1]]
    return int(number), int(period[:-1] or 1) * unit


def _key(kind: str, value: str) -> str:
    # Hashed: a user name is user input of any length; the key column is not.
    return f"{kind}:{hashlib.sha256(value.lower().encode()).hexdigest()}"


@dataclass
class Verdict:
    allowed: bool
    retry_after: int = 0  # seconds until the window that refused ends


def _hit(key: str, limit: int, window: int) -> tuple[int, datetime.datetime]:
    """Count one attempt on ``key``; the attempts in the current window, and its start."""
    now = timezone.now()
    expired = now - datetime.timedelta(seconds=window)
    table = connection.ops.quote_name(LoginThrottle._meta.db_table)
    with connection.cursor() as cursor:
        # One statement: of concurrent attempts each gets its own count.
        cursor.execute(
            f"INSERT INTO {table} (key, window_start, attempts) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (key) DO UPDATE SET "
            f"attempts = CASE WHEN {table}.window_start < %s THEN 1 ELSE {table}.attempts + 1 END, "
            f"window_start = CASE WHEN {table}.window_start < %s THEN %s ELSE {table}.window_start END "
            f"RETURNING attempts, window_start",
            [key, now, expired, expired, now],
        )
        attempts, start = cursor.fetchone()
    if isinstance(start, str):  # SQLite hands back text
        start = datetime.datetime.fromisoformat(start)
    if timezone.is_naive(start):
        start = timezone.make_aware(start, datetime.UTC)
    return attempts, start


def _account_keys(login: str) -> list[str]:
    """The counters of the accounts ``login`` names, as allauth's login matches it: a user
    name in any case, an e-mail address (the user's own or one of their allauth
    addresses) or a mobile number in any of the forms the portal accepts. One counter per account, so that typing the e-mail instead of the user name
    does not double the allowance. A login that names no account is counted on its own text
    (lower-cased), so that guessing at one costs the same."""
    if "\x00" in login:  # no account's name holds one, and PostgreSQL refuses it in a query
        return [_key("user", login)]
    names = Q(username__iexact=login) | Q(email__iexact=login)
    with contextlib.suppress(ValidationError):
        names |= Q(phone=sms.normalise(login))
    accounts = (
        User.objects.filter(
            names | Q(Exists(EmailAddress.objects.filter(user=OuterRef("pk"), email__iexact=login)))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    return [_key("account", str(pk)) for pk in accounts] or [_key("user", login)]


def _keys(request: HttpRequest, username: str) -> list[tuple[str, int, int]]:
    keys = [(_key("ip", client_ip(request)), *_rate(settings.LOGIN_ATTEMPTS_PER_ADDRESS))]
    if username:
        per_account = _rate(settings.LOGIN_ATTEMPTS_PER_ACCOUNT)
        keys.extend((key, *per_account) for key in _account_keys(username.strip()))
    return keys


def attempt(request: HttpRequest, username: str) -> Verdict:
    """Count a login attempt for ``username`` from this client; refused when either counter
    is past its limit (the password is then not even checked)."""
    verdict = Verdict(True)
    with transaction.atomic():
        for key, limit, window in _keys(request, username):
            attempts, start = _hit(key, limit, window)
            if attempts > limit:
                left = start + datetime.timedelta(seconds=window) - timezone.now()
                verdict = Verdict(False, max(1, int(left.total_seconds())))
    return verdict


def succeeded(request: HttpRequest, user: Any) -> None:
    """The password of ``user`` was right: their account starts afresh, and the attempt does
    not count against the address."""
    LoginThrottle.objects.filter(key=_key("account", str(user.pk))).update(attempts=0)
    LoginThrottle.objects.filter(key=_key("ip", client_ip(request)), attempts__gt=0).update(
        attempts=F("attempts") - 1
    )


def sms_attempt(request: HttpRequest, phone: str) -> Verdict:
    """Count one SMS about to be sent to ``phone`` (E.164) at this client's request, on the
    number's counter (``SMS_PER_NUMBER``) and the address's (``SMS_PER_ADDRESS``); refused,
    and then nothing is sent, when either is past its limit. Every request counts, whether
    the number belongs to an account or not, so the answer tells nothing about the number."""
    verdict = Verdict(True)
    keys = [
        (_key("sms-number", phone), *_rate(settings.SMS_PER_NUMBER)),
        (_key("sms-ip", client_ip(request)), *_rate(settings.SMS_PER_ADDRESS)),
    ]
    with transaction.atomic():
        for key, limit, window in keys:
            attempts, start = _hit(key, limit, window)
            if attempts > limit:
                left = start + datetime.timedelta(seconds=window) - timezone.now()
                verdict = Verdict(False, max(verdict.retry_after, 1, int(left.total_seconds())))
    return verdict


def purge(older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Forget counters whose window ended long ago."""
    deleted, _ = LoginThrottle.objects.filter(window_start__lt=timezone.now() - older_than).delete()
    return deleted
