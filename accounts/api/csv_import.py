"""CSV import for list resources, from the API and from the pages alike: every row validated
with the resource's own serializer and the policy's create rule, all rows written or none.

A bad row never leaves the others half-imported: the answer lists every row's errors
(physical line, field, message) and nothing is written until the whole file is clean.
Files are read as ``accounts.csvfiles`` reads them (UTF-8 or GB18030, unknown columns
refused by name).
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import batching, csvfiles
from accounts.errors import DomainError
from accounts.policies import Policy

MAX_ROWS = 50_000


class CsvUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(
        help_text="A CSV file (UTF-8 or GB18030) whose header names the resource's fields."
    )


def import_rows(
    raw: bytes,
    *,
    user: Any,
    serializer_class: type[serializers.Serializer[Any]],
    policy: Policy,
    save: Callable[[serializers.Serializer[Any]], Any],
    context: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """``{"created", "errors": [{"line", "field", "message"}]}``; writes only a clean file."""
    fields = [name for name, field in serializer_class().fields.items() if not field.read_only]
    required = [
        name for name, field in serializer_class().fields.items() if not field.read_only and field.required
    ]
    rows, errors = csvfiles.read(
        raw, required=required, optional=[f for f in fields if f not in required], max_rows=MAX_ROWS
    )
    valid = []
    looked_up: dict[tuple[str, str], Any] = {}
    for row in rows:
        data = {key: value for key, value in row.data.items() if value != "" or key in required}
        serializer = serializer_class(data=data, context=context or {})
        _remember_lookups(serializer, looked_up)
        if not serializer.is_valid():
            errors += [
                csvfiles.error(row.line, field, str(message))
                for field, messages in serializer.errors.items()
                for message in (messages if isinstance(messages, list) else [messages])
            ]
            continue
        if not policy.can(user, "create", serializer.validated_data):
            errors.append(csvfiles.error(row.line, "non_field_errors", "You may not create this row."))
            continue
        valid.append((row.line, serializer))
    seen: dict[tuple[Any, ...], int] = {}
    for line, serializer in valid:
        key = tuple(sorted((k, str(getattr(v, "pk", v))) for k, v in serializer.validated_data.items()))
        if key in seen:
            errors.append(csvfiles.error(line, "file", f"The same row as line {seen[key]}."))
        seen.setdefault(key, line)
    if errors:
        return {"created": 0, "errors": sorted(errors, key=lambda e: e["line"])}
    with transaction.atomic(), batching.batch():
        for line, serializer in valid:
            try:
                save(serializer)
            except (DomainError, IntegrityError, DjangoValidationError) as exc:
                # A rule only the write can check (a unique key, a date in the future): the
                # file is refused whole, naming the line.
                transaction.set_rollback(True)
                message = getattr(exc, "message", None) or " ".join(getattr(exc, "messages", [str(exc)]))
                field = getattr(exc, "field", "non_field_errors")
                return {"created": 0, "errors": [csvfiles.error(line, field, str(message))]}
    return {"created": len(valid), "errors": []}


def _remember_lookups(serializer: serializers.Serializer[Any], looked_up: dict[tuple[str, str], Any]) -> None:
    """Rows of a file name the same few enterprises, skills or majors again and again: each
    value is looked up once per file (``looked_up``), not once per row. Only this
    serializer's own field objects are wrapped."""
    for name, field in serializer.fields.items():
        relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
        if not isinstance(relation, serializers.RelatedField) or field.read_only:
            continue
        original = relation.to_internal_value

        def remembered(data: Any, _name: str = name, _original: Any = original) -> Any:
            key = (_name, str(data))
            if key not in looked_up:
                looked_up[key] = _original(data)  # a bad value raises, and is not remembered
            return looked_up[key]

        relation.to_internal_value = remembered  # type: ignore[method-assign]


def import_csv(view: Any, request: Request) -> Response:
    upload = CsvUploadSerializer(data=request.data)
    upload.is_valid(raise_exception=True)
    result = import_rows(
        upload.validated_data["file"].read(),
        user=request.user,
        serializer_class=view.get_serializer_class(),
        policy=view.policy,
        save=view.perform_create,
        context=view.get_serializer_context(),
    )
    return Response(
        result, status=status.HTTP_400_BAD_REQUEST if result["errors"] else status.HTTP_201_CREATED
    )


class CsvImportMixin:
    """Adds ``POST …/import/`` (a CSV file whose header names the resource's create fields)
    to a scoped viewset whose policy grants ``import``."""

    @extend_schema(request={"multipart/form-data": CsvUploadSerializer}, responses={201: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_csv(self, request: Request) -> Response:
        self.check_write("import")  # type: ignore[attr-defined]
        return import_csv(self, request)
