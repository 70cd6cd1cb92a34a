from typing import Any

from django import template

from ledger import names

register = template.Library()


@register.filter
def indicator_name(indicator: Any) -> str:
    """An indicator (or its code) by its name, in the reader's language."""
    return names.indicator_name(indicator)


@register.filter
def indicator_unit(indicator: Any) -> str:
    return names.indicator_unit(indicator)
