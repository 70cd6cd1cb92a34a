"""``{{ user|person }}``: a person as others read them (full name, else user name)."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def person(user: Any, empty: str = "—") -> str:
    if user is None:
        return empty
    return user.get_full_name() or user.username


@register.filter
def must_use_two_factor(user: Any) -> bool:
    """Whether this person's role requires a second factor (``accounts.mfa.required``)."""
    from accounts import mfa

    return bool(user is not None and user.is_authenticated and mfa.required(user))
