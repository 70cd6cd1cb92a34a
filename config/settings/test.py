"""Settings for the test suite.

Tasks are *not* run eagerly: tests capture on-commit callbacks or run a real worker, so the
path under test is the one production takes. Without Redis the broker is in memory.
"""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL

DEBUG = False
# The suite's requests state no language unless a test asks for one: they read English, so
# that assertions name the source strings (tests/test_basics.py checks the real default).
LANGUAGE_CODE = "en"
SECRET_KEY = "test-only-insecure-key-not-for-any-real-deployment-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = False
if not REDIS_URL:
    CELERY_BROKER_URL = "memory://"
    CELERY_RESULT_BACKEND = "cache+memory://"
# Each test starts with an empty cache (the fixture clears it): a per-process cache, so that
# clearing it never flushes the Redis database the Celery broker uses.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Credentials are signed in tests as in production (a throwaway key: 32 bytes of 7).
CREDENTIAL_SIGNING_KEY = "BwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwcHBwc"

# On SQLite the test database is a file, not Django's default in-memory database: the live
# server the browser tests drive answers each request in its own thread, and with an in-memory
# database every thread shares the test's one connection, whose statements then interleave
# (a request read another's rows: ``get(pk=…)`` returned two users). A file gives each thread
# its own connection, isolated by SQLite's locks as a deployment's are; a name per process so
# that two runs never share it, and write-ahead logging without fsync, since it is thrown away.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"chanjiao-test-{os.getpid()}.sqlite3")
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF"

# Uploaded files (portfolio evidence) of the tests go to a directory of this run's own.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="chanjiao-media-"))
