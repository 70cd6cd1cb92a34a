"""The viewsets every API resource builds on: the scope is always applied."""

from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import ForeignKey, Model, QuerySet
from rest_framework import exceptions, mixins, permissions, viewsets
from rest_framework.serializers import BaseSerializer

from accounts.models import User

from .idempotency import IdempotentMixin


class ScopedViewSet(IdempotentMixin, viewsets.GenericViewSet):
    """A viewset whose queryset is always cut down to what the user may see.

    Subclasses name a ``policy`` (see ``accounts.policies``) and a ``base_queryset``; they
    never override ``get_queryset`` to widen it, so no view can forget the scope. Objects
    outside the scope are 404.
    """

    policy: Any = None
    base_queryset: QuerySet[Any] | None = None

    def get_permissions(self) -> list[Any]:
        # What a policy makes public (public_read) is readable without logging in: its
        # public_scope decides which rows. Everything else needs a login.
        if (
            self.policy is not None
            and self.policy.public_read
            and getattr(self, "action", None) in ("list", "retrieve")
        ):
            return [permissions.AllowAny()]
        return [permissions.IsAuthenticated()]

    def get_queryset(self) -> QuerySet[Any]:
        if self.policy is None or self.base_queryset is None:
            raise ImproperlyConfigured(f"{type(self).__name__} needs a policy and a base_queryset.")
        return self.policy.visible(self.request.user, self.base_queryset.all())

    @property
    def actor(self) -> User:
        """The user acting; every write action requires authentication first."""
        return cast(User, self.request.user)

    def check_write(self, action: str, obj: Model | dict[str, Any] | None = None) -> None:
        """403 when the user may see ``obj`` but may not do ``action`` to it."""
        if not self.policy.can(self.request.user, action, obj):
            raise exceptions.PermissionDenied("You do not have permission to perform this action.")


class CrudViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    ScopedViewSet,
):
    """List, retrieve, create and update for plain records (no workflow of their own).

    Creation is checked against the validated data (the college or enterprise it will belong
    to), an update against the row as it stands. Updates are partial (PATCH) only.
    """

    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def perform_create(self, serializer: BaseSerializer[Any]) -> None:
        self.check_write("create", serializer.validated_data)
        serializer.save()

    def perform_update(self, serializer: BaseSerializer[Any]) -> None:
        instance = cast(Model, serializer.instance)
        self.check_write("update", instance)
        check_links(self, instance, serializer.validated_data)
        serializer.save()


def relinked(instance: Model, data: dict[str, Any]) -> list[str]:
    """The link fields (foreign keys, many-to-many) ``data`` would change on ``instance``."""
    changed = []
    for name, value in data.items():
        try:
            field = instance._meta.get_field(name)
        except FieldDoesNotExist:  # a serializer's own field, not the model's
            continue
        if field.many_to_many:
            current = set(getattr(instance, name).values_list("pk", flat=True)) if instance.pk else set()
            if {getattr(v, "pk", v) for v in value} != current:
                changed.append(name)
        elif isinstance(field, ForeignKey) and getattr(instance, field.attname) != getattr(
            value, "pk", value
        ):
            changed.append(name)
    return changed


def check_links(view: "ScopedViewSet", instance: Model, data: dict[str, Any]) -> None:
    """The one place every foreign key a client sets is checked: an update that links a row
    elsewhere (``PATCH modules/6/ {"course": 4}``) must leave it as a row the person could
    have created there; otherwise 403, and nothing changes."""
    if not relinked(instance, data):
        return
    merged = {field.name: getattr(instance, field.name) for field in instance._meta.concrete_fields}
    view.check_write("create", {**merged, **data})
