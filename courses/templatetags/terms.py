from django import template

from courses.terms import term_label

register = template.Library()


@register.filter
def term(value: str) -> str:
    """A term as people read it, in their language ("2026-autumn": "Autumn 2026")."""
    return term_label(str(value))
