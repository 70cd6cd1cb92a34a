"""Settings for a developer's machine and the quick start (``make run``)."""

import base64
import hashlib

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])

# The quick start signs credentials too (so the verification page has signatures to check),
# with a key derived from the local secret. Production reads its own from the environment.
CREDENTIAL_SIGNING_KEY = env(
    "CREDENTIAL_SIGNING_KEY",
    default=base64.urlsafe_b64encode(hashlib.sha256(f"credentials:{SECRET_KEY}".encode()).digest()).decode(),
)
