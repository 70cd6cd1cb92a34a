"""Mobile numbers as the providers give them, written as the portal records them (E.164)."""

import re


def e164(number: object, country_code: str = "86") -> str:
    """``+8613800138000`` from ``13800138000`` (with the country's calling code),
    ``+86 138-0013-8000`` or ``+8613800138000``; "" when it is no number."""
    if not isinstance(number, str):
        return ""
    digits = re.sub(r"[\s()-]", "", number)
    if not digits:
        return ""
    if not digits.startswith("+"):
        digits = "+" + re.sub(r"\D", "", str(country_code)) + digits
    return digits if re.fullmatch(r"\+[1-9]\d{6,14}", digits) else ""
