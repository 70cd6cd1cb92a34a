"""Mobile numbers as the providers give them, written as the portal records them (E.164)."""

import re

from django.core.exceptions import ValidationError

from .. import sms


def e164(number: object, country_code: str = "86") -> str:
    """``+8613800138000`` from ``13800138000`` (with the country's calling code),
    ``+86 138-0013-8000`` or ``+8613800138000``; "" when it is no number. The portal's one
    reading of a number (``accounts.sms.normalise``), given the provider's country code."""
    if not isinstance(number, str) or not number.strip():
        return ""
    text = number.strip()
    if not text.startswith(("+", "00")):
        text = "+" + re.sub(r"\D", "", str(country_code)) + text
    try:
        return sms.normalise(text)
    except ValidationError:
        return ""
