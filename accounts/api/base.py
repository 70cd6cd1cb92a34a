"""API settings shared by every app: pagination and the error format."""

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from accounts.errors import Conflict, Forbidden, Invalid, TooMany


def for_the_public(context: dict[str, Any] | None) -> bool:
    """Is this answer for someone not logged in (what anyone on the internet reads)?"""
    request = (context or {}).get("request")
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


class HidesPeopleFromThePublic:
    """A serializer whose ``personal_fields`` name people (a teacher, who moved a project):
    logged-in readers in scope see them; the public gets null, never a person's id."""

    personal_fields: tuple[str, ...] = ()

    def to_representation(self, instance: Any) -> Any:
        data = super().to_representation(instance)  # type: ignore[misc]
        if for_the_public(getattr(self, "context", None)):
            for name in self.personal_fields:
                if name in data:
                    data[name] = None
        return data


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the domain errors of the services.

    Validation errors keep DRF's shape (``{"field": ["message"]}``) so that a client finds
    the field at the top level; everything else is ``{"detail": "message"}``.
    """
    if isinstance(exc, Conflict):
        return Response({"detail": exc.message}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, Invalid):
        return Response({exc.field: [exc.message]}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, Forbidden):
        return Response({"detail": exc.message}, status=status.HTTP_403_FORBIDDEN)
    if isinstance(exc, TooMany):
        return Response({"detail": exc.message}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(detail, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, OverflowError):
        # SQLite cannot even compare a number beyond 64 bits (an id or filter value); to the
        # client that is bad input, as it is on PostgreSQL, not a server error.
        return Response(
            {"detail": "A number in the request is out of range."}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, IntegrityError):
        # A constraint caught a race the services could not see coming (two requests
        # creating the same row at once): the second one is a conflict, not a crash.
        return Response(
            {"detail": "This conflicts with an existing record."},
            status=status.HTTP_409_CONFLICT,
        )
    return drf_exception_handler(exc, context)


class JsonLdRenderer(JSONRenderer):
    """JSON, as JSON-LD (``application/ld+json``): what verifiers of credentials ask for."""

    media_type = "application/ld+json"
    format = "jsonld"


@extend_schema_field({"type": "string", "format": "uri", "nullable": True})
class OptionalURLField(serializers.URLField):
    """A link that may be absent: stored as "" (Django's way), shown as null, so that what a
    client reads always matches ``format: uri``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        return value or None

    def to_internal_value(self, data: Any) -> str:
        return "" if data in ("", None) else str(super().to_internal_value(data))

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        if data is None:
            return True, ""
        return super().validate_empty_values(data)


@extend_schema_field({"type": "string", "format": "email", "nullable": True})
class OptionalEmailField(serializers.EmailField):
    """An address that may be absent: stored as "", shown as null (``format: email`` holds)."""

    def to_representation(self, value: Any) -> Any:
        return value or None
