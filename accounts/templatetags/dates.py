"""``{{ "2026-07-01"|isodate }}``: a date kept as ISO text (in JSON documents), shown as the
reader's language writes dates."""

import datetime
from decimal import Decimal
from typing import Any

from django import template
from django.utils import formats, timezone

register = template.Library()


@register.filter
def isodate(value: Any) -> str:
    if not value:
        return "—"
    try:
        parsed = datetime.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if parsed.tzinfo is not None:
        parsed = timezone.localtime(parsed)
    return formats.date_format(parsed.date(), "DATE_FORMAT")


@register.filter
def plural_count(value: Any) -> int:
    """A decimal quantity (4.5 hours) as the count a plural form is chosen by: one is 1,
    anything else is "many"."""
    try:
        return 1 if Decimal(str(value)) == 1 else 2
    except (ArithmeticError, ValueError):
        return 2
