"""Middleware of the portal's own: people whose role must use two-factor authentication are
led to set it up before anything else."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import mfa

# What such a person may still open: the set-up itself, logging out, the language switch,
# static files and the health check.
OPEN = (
    "/accounts/2fa/",
    "/accounts/logout/",
    "/accounts/reauthenticate/",
    "/language/",
    "/static/",
    "/favicon.ico",
    "/healthz/",
    "/livez/",
)


class RequireMFAMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(OPEN)
            and mfa.required(user)
            and not mfa.enabled(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Your role must use two-factor authentication: set it up first."}, status=403
                )
            # The set-up page itself says why (the role) and how (accounts templates/mfa/totp).
            return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)
