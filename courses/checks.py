"""System checks for the credential signing key."""

import base64
import binascii
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security)
def signing_key_is_sound(app_configs: Any, **kwargs: Any) -> list[Error]:
    seed = getattr(settings, "CREDENTIAL_SIGNING_KEY", "")
    if not seed:
        return []
    try:
        raw = base64.urlsafe_b64decode(seed + "=" * (-len(seed) % 4))
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        return [
            Error(
                "CREDENTIAL_SIGNING_KEY must be 32 random bytes in base64url.",
                hint='python -c "import os,base64;print(base64.urlsafe_b64encode(os.urandom(32)).decode())"',
                id="courses.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def credentials_are_signed(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if getattr(settings, "CREDENTIAL_SIGNING_KEY", ""):
        return []
    return [
        Warning(
            "CREDENTIAL_SIGNING_KEY is not set: credentials are served unsigned, and no verifier can trust them.",
            id="courses.W001",
        )
    ]
