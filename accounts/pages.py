"""Helpers the server-rendered pages share with each other (the API has its own)."""

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from accounts.errors import DomainError, Invalid
from accounts.models import User
from accounts.policies import Policy


def scoped_or_404(policy: Policy, request: HttpRequest, queryset: QuerySet[Any], pk: Any) -> Any:
    """The row if the user may see it (the same scope as the API), else 404."""
    return get_object_or_404(policy.visible(request.user, queryset), pk=pk)


def require(
    policy: Policy, request: HttpRequest, action: str, obj: Model | dict[str, Any] | None = None
) -> None:
    if not policy.can(request.user, action, obj):
        raise PermissionDenied(_("You may not do this."))


def run(
    request: HttpRequest, action: Callable[[], Any], success: str, back: str = "dashboard"
) -> HttpResponse:
    """Run a service call from a page: a message for the outcome, then back to the page."""
    try:
        action()
    except Invalid as exc:
        messages.error(request, _("%(field)s: %(message)s") % {"field": exc.field, "message": exc.message})
    except DomainError as exc:
        messages.error(request, exc.message)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return back_to(request, back)


def act(
    request: HttpRequest,
    policy: Policy,
    queryset: QuerySet[Any],
    pk: Any,
    action: str,
    call: Callable[[Any, User], Any],
    success: str,
    back: str = "dashboard",
) -> HttpResponse:
    """A page's button on one row: 404 outside the user's scope, 403 when the policy refuses
    ``action``, else ``call(row, user)`` with its outcome as a message."""
    obj = scoped_or_404(policy, request, queryset, pk)
    require(policy, request, action, obj)
    return run(request, lambda: call(obj, cast(User, request.user)), success, back)


def back_to(request: HttpRequest, default: str = "dashboard") -> HttpResponse:
    """Back to the page the form came from (only ever a page of this site)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect(default)


def form_errors(request: HttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(
                request, _("%(field)s: %(message)s") % {"field": label, "message": error} if label else error
            )


JSON_LD = "application/ld+json"


def wants_json_ld(request: HttpRequest) -> bool:
    """Content negotiation for addresses that are both a page and a JSON-LD document: JSON-LD
    when the client prefers it (or asks with ``?format=jsonld``), the page otherwise."""
    if request.GET.get("format") == "jsonld":
        return True
    return request.get_preferred_type(["text/html", JSON_LD, "application/json"]) in (
        JSON_LD,
        "application/json",
    )


def json_ld(document: dict[str, Any], *, download: str = "") -> HttpResponse:
    """A JSON-LD answer to a negotiated address (it varies with Accept)."""
    response = JsonResponse(
        document, content_type=JSON_LD, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )
    if download:
        response["Content-Disposition"] = f'attachment; filename="{download}"'
    patch_vary_headers(response, ["Accept"])
    return response


def negotiated(response: HttpResponse) -> HttpResponse:
    """The page variant of a negotiated address: it too varies with Accept."""
    patch_vary_headers(response, ["Accept"])
    return response
