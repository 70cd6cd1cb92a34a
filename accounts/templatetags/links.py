"""``{% page_of obj as url %}``: the page of a row, if the reader may open it, else "".

A template never writes another row's address itself: it asks here, so the link goes
through the policy of the section that shows such rows (a link the reader may not follow
would answer 404 to them).
"""

from typing import Any

from django import template

from accounts import pagekit

register = template.Library()


@register.simple_tag(takes_context=True)
def page_of(context: Any, obj: Any) -> str:
    request = context.get("request")
    if request is None or obj is None:
        return ""
    return pagekit.link(request, obj)
