"""Authentication backends: Django's and allauth's, refusing the demo's shared password
where the settings do not allow it (production), whatever the database holds. A mobile
number logs in (with its password, or a code by SMS) only once it is verified."""

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.conf import settings
from django.contrib.auth.backends import ModelBackend


def _demo_password(credentials: dict[str, Any]) -> bool:
    return not settings.ALLOW_DEMO_PASSWORD and credentials.get("password") == settings.DEMO_PASSWORD


class PortalModelBackend(ModelBackend):
    def authenticate(self, request: Any, username: Any = None, password: Any = None, **kwargs: Any) -> Any:
        if _demo_password({"password": password}):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


class PortalAllauthBackend(AllauthBackend):
    def authenticate(self, request: Any, **credentials: Any) -> Any:
        if _demo_password(credentials):
            return None
        return super().authenticate(request, **credentials)

    def _authenticate_by_phone(self, phone: str, password: str) -> Any:
        user = super()._authenticate_by_phone(phone, password)
        return user if user is not None and getattr(user, "phone_verified", False) else None
