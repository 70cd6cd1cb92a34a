"""Public lists served from a cache that cannot go stale.

A public list (the published scorecards, the open projects) is read far more often than it
changes. Its answer for anonymous visitors is cached under the list's *publication version*:
a counter in the database (``PublicVersion``) that every write changing the list bumps in
the same transaction. A reader asks the database for the version (one primary-key read) and
gets the cached answer of that version, or computes and stores it. So a cached page is never
older than the last committed write: a write that commits bumps the version first, and a
write that rolls back leaves both unchanged. Any cache works (Redis shared by every process,
or each process's own memory); a cache that fails only costs the computation.

When the cache is Redis, shared by every process, the version is kept there too, so a cached
answer costs no database round trip: a write raises it there when its transaction commits
(before the writer's response leaves), and a reader that finds it missing reads it from the
database and puts it back; both only ever *raise* the stored version (one Lua step), so a slow
reader cannot put back an older one. It expires after ``VERSION_TIMEOUT``: should Redis be
unreachable at the moment a write commits and back within that time still holding the old
version, readers see the previous list for at most that long. Each process's own memory cannot
know another's writes, so there the version is always read from the database.

An answer carries the version in its ``ETag`` and ``Cache-Control: public, max-age=0,
must-revalidate``: a browser or CDN keeps it and asks again with ``If-None-Match``, and gets
``304 Not Modified`` (no body, no query) until the version moves.

``ServeCachedAnswers``, a middleware near the top of the stack, answers an anonymous reader's
repeated GET of a public list with the answer the whole stack gave last time (its body and
every header), when that answer is of the current version: the sessions, the language, the
authentication, the URL resolver and the API's dispatch are not run again to give the same
bytes. With Redis the version and the answer come in one round trip, and an answer the process
gave lately is also kept in its own memory (bounded), so that a repeat asks Redis for the
version alone.
"""

import functools
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import translation
from django.utils.cache import patch_vary_headers

from .models import PublicVersion

logger = logging.getLogger(__name__)
TIMEOUT = 60 * 60  # an unused version's answers leave the cache after an hour
VERSION_TIMEOUT = 30  # how long Redis holds a list's version before it is read again
CACHE_CONTROL = "public, max-age=0, must-revalidate"
# The stored version becomes ARGV[1] unless it is higher already.
RAISE = """
local stored = tonumber(redis.call('GET', KEYS[1]))
if stored == nil or stored < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', tonumber(ARGV[2]))
end
return 1
"""


def bump(*names: str) -> None:
    """Mark the named public lists changed, in the caller's transaction (and in Redis when it
    commits)."""
    for name in names:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE accounts_publicversion SET version = version + 1 WHERE name = %s RETURNING version",
                [name],
            )
            row = cursor.fetchone()
        new = (
            int(row[0])
            if row
            else PublicVersion.objects.get_or_create(name=name, defaults={"version": 1})[0].version
        )
        if _shared() is not None:
            transaction.on_commit(functools.partial(_raise, name, new))


def version(name: str) -> int:
    """The list's version as the database holds it (in the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM accounts_publicversion WHERE name = %s", [name])
        row = cursor.fetchone()
    return int(row[0]) if row else 0


def current(name: str) -> int:
    """The list's committed version, from Redis when it holds it (no database round trip)."""
    shared = _shared()
    if shared is None or connection.in_atomic_block:  # a transaction sees its own bumps
        return version(name)
    known = shared.get(_version_key(name))  # None when missing or Redis is away
    if known is not None:
        return int(known)
    found = version(name)
    _raise(name, found)
    return found


def _shared() -> RedisCache | None:
    backend = caches["default"]
    return backend if isinstance(backend, RedisCache) else None


def _version_key(name: str) -> str:
    return f"public-version:{name}"


def _raise(name: str, new: int) -> None:
    shared = _shared()
    if shared is None:
        return
    key = shared.make_and_validate_key(_version_key(name))
    try:
        shared._cache.get_client(key, write=True).eval(RAISE, 1, key, new, VERSION_TIMEOUT)
    except Exception:  # Redis away: the key expires, and readers go to the database
        logger.warning("public cache unavailable: version of %s not raised", name, exc_info=True)


def respond(name: str, view: Any, request: Any, compute: Callable[[], Any]) -> Any:
    """The API's answer to ``request`` for the public list ``name``, rendered as DRF would
    render it for this request and cached as bytes, so a hit costs neither the query nor the
    serialisation nor the rendering; ``304 Not Modified`` when the reader holds it already.
    Answers other renderers would give are not cached."""
    from rest_framework.response import Response

    renderer = request.accepted_renderer
    if getattr(renderer, "format", "") != "json":
        return Response(compute())
    media_type = request.accepted_media_type
    at = current(name)
    # The version names the list's state; the language and media type, which answer it is.
    variant = hashlib.sha256(f"{translation.get_language()}|{media_type}".encode()).hexdigest()[:12]
    etag = f'"{name}.{at}.{variant}"'

    def render() -> bytes:
        return bytes(renderer.render(compute(), media_type, view.get_renderer_context()))

    held = _etags(request.headers.get("If-None-Match", ""))
    if etag in held or "*" in held:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(
            cached(name, request, render, variant=media_type, at=at), content_type=renderer.media_type
        )
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    response.public_list = (name, at)  # type: ignore[attr-defined]  # kept by ServeCachedAnswers
    # The same address answers people who log in with their own scope.
    patch_vary_headers(response, ("Accept", "Accept-Language", "Cookie", "Authorization"))
    return response


def _etags(header: str) -> set[str]:
    """The entity tags of an If-None-Match header (a weak one matches too, RFC 9110 13.1.2)."""
    return {tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()}


def cached(
    name: str, request: Any, compute: Callable[[], Any], variant: str = "", at: int | None = None
) -> Any:
    """The answer to ``request`` for the public list ``name``: from the cache when this
    version of the list (``at``, else the current one) was computed already, else
    ``compute()`` (stored for the next)."""
    # The whole address, scheme and host included: the pages' links in the answer are absolute.
    query = request.build_absolute_uri()
    digest = hashlib.sha256(query.encode()).hexdigest()[:32]
    at = current(name) if at is None else at
    key = f"public:{name}:{at}:{translation.get_language()}:{variant}:{digest}"
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


# The public list each address answers, learnt from the answers themselves (an address always
# answers the same list), per process.
_LISTS: dict[str, str] = {}
# Headers of a kept answer that a 304 does not repeat.
_BODY_HEADERS = ("content-type", "content-length")
# With Redis, the answers this process served lately, by their key in Redis (its prefix
# included), each with its version: a repeat asks Redis for the version alone (a few bytes)
# rather than for the whole answer again. Never stale, as the version still comes from Redis on
# every request; bounded in bytes, the least recently served leaving first.
_MEMO_BYTES = 16 * 1024 * 1024
_MEMO: "OrderedDict[str, tuple[int, list[tuple[str, str]], bytes]]" = OrderedDict()
_MEMO_SIZE = [0]
_MEMO_LOCK = threading.Lock()


def _remember(key: str, entry: tuple[int, list[tuple[str, str]], bytes]) -> None:
    size = len(entry[2])
    if size > _MEMO_BYTES // 8:  # a very long answer is not worth a process's memory
        return
    with _MEMO_LOCK:
        old = _MEMO.pop(key, None)
        if old is not None:
            _MEMO_SIZE[0] -= len(old[2])
        _MEMO[key] = entry
        _MEMO_SIZE[0] += size
        while _MEMO_SIZE[0] > _MEMO_BYTES:
            _, dropped = _MEMO.popitem(last=False)
            _MEMO_SIZE[0] -= len(dropped[2])


def _recall(key: str, at: int) -> tuple[int, list[tuple[str, str]], bytes] | None:
    with _MEMO_LOCK:
        entry = _MEMO.get(key)
        if entry is None:
            return None
        if entry[0] != at:  # an older version: it will not be served again
            _MEMO_SIZE[0] -= len(_MEMO.pop(key)[2])
            return None
        _MEMO.move_to_end(key)
        return entry


def _carries_credentials(request: HttpRequest) -> bool:
    """Could this request be anyone's but an anonymous reader's? A session, an Authorization
    header, or a user a test client forces on it: such a request goes the whole way."""
    return (
        settings.SESSION_COOKIE_NAME in request.COOKIES
        or "authorization" in request.headers
        or getattr(request, "_force_auth_user", None) is not None
        or getattr(request, "_force_auth_token", None) is not None
    )


def _answer_key(name: str, request: HttpRequest, language: str) -> str:
    # The whole address (its links are absolute; a host not allowed is refused here as it would
    # be further on) and the Accept header (the renderer and media type): for an anonymous
    # reader the view's answer depends on nothing else but the language.
    asked = f"{request.build_absolute_uri()}|{request.headers.get('Accept', '')}"
    return f"answer:{name}:{language}:{hashlib.sha256(asked.encode()).hexdigest()[:32]}"


class ServeCachedAnswers:
    """Answer an anonymous GET of a public list with the last whole answer of its current
    version (see the module's docstring); keep each such answer the stack gives."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        anonymous_get = request.method == "GET" and not _carries_credentials(request)
        name = _LISTS.get(request.path) if anonymous_get else None
        if name is not None:
            hit = self._lookup(name, request)
            if hit is not None:
                return hit
        response = self.get_response(request)
        kept = getattr(response, "public_list", None)
        if (
            anonymous_get
            and kept is not None
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
        ):
            self._keep(request, response, *kept)
        return response

    @staticmethod
    def _keep(request: HttpRequest, response: HttpResponse, name: str, at: int) -> None:
        _LISTS[request.path] = name
        # The language the answer is in, as the stack chose it (a lookup under another finds
        # nothing and goes the whole way).
        language = response.headers.get("Content-Language") or translation.get_language()
        key, entry = _answer_key(name, request, language), (at, list(response.items()), response.content)
        try:
            cache.set(key, entry, TIMEOUT)
            shared = _shared()
            if shared is not None:
                _remember(shared.make_key(key), entry)
        except Exception:
            logger.warning("public cache unavailable", exc_info=True)

    @staticmethod
    def _shared_lookup(shared: RedisCache, name: str, key: str) -> tuple[Any, Any]:
        """The list's version and the kept answer, from this process's memory when it gave that
        answer lately (then Redis is asked for the version alone), else both from Redis in one
        round trip."""
        memo_key = shared.make_key(key)
        at: Any
        if memo_key in _MEMO:
            at = current(name)
            entry = _recall(memo_key, at)
            if entry is not None:
                return at, entry
            entry = cache.get(key)
        else:
            found = shared.get_many([_version_key(name), key])
            at, entry = found.get(_version_key(name)), found.get(key)
            if at is None:  # the version left Redis: the database says, and Redis is told
                at = current(name)
        if entry is not None and entry[0] == int(at):
            _remember(memo_key, entry)
        return at, entry

    @staticmethod
    def _lookup(name: str, request: HttpRequest) -> HttpResponse | None:
        key = _answer_key(name, request, translation.get_language_from_request(request))
        shared = _shared()
        try:
            if shared is None:
                at, entry = current(name), cache.get(key)
            else:
                at, entry = ServeCachedAnswers._shared_lookup(shared, name, key)
        except Exception:
            logger.warning("public cache unavailable", exc_info=True)
            return None
        if entry is None or entry[0] != int(at):
            return None
        _, headers, content = entry
        etag = next((value for header, value in headers if header.lower() == "etag"), None)
        held = _etags(request.headers.get("If-None-Match", ""))
        if etag is not None and (etag in held or "*" in held):
            response: HttpResponse = HttpResponseNotModified()
            headers = [(header, value) for header, value in headers if header.lower() not in _BODY_HEADERS]
        else:
            response = HttpResponse(content)
        for header, value in headers:
            response[header] = value
        return response
