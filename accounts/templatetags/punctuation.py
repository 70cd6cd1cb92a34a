"""``{% colon %}``: the separator between a label and what follows it, in the reader's
language. English writes "Issuer: X"; Chinese writes "颁发者：X" with a full-width colon and
no space, so a template must not glue an ASCII ": " after a translated label or value."""

from django import template
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def colon() -> str:
    return pgettext("label separator", ": ")
