"""CSV import for list resources: every row validated, all rows written or none.

A bad row never leaves the others half-imported: the response lists every row's errors
(line number, field, message) and nothing is written until the whole file is clean.
"""

import csv
import io
from typing import Any

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

MAX_ROWS = 5000


class CsvUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="A UTF-8 CSV file whose header names the resource's fields.")


def import_csv(view: Any, request: Request) -> Response:
    """Validate every row with the view's serializer and its create permission, then save."""
    upload = CsvUploadSerializer(data=request.data)
    upload.is_valid(raise_exception=True)
    raw = upload.validated_data["file"].read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Response({"file": ["The file is not UTF-8 text."]}, status=status.HTTP_400_BAD_REQUEST)
    rows = list(csv.DictReader(io.StringIO(text)))
    if not rows:
        return Response(
            {"file": ["The file has no rows under its header."]}, status=status.HTTP_400_BAD_REQUEST
        )
    if len(rows) > MAX_ROWS:
        return Response({"file": [f"At most {MAX_ROWS} rows at a time."]}, status=status.HTTP_400_BAD_REQUEST)
    errors: list[dict[str, Any]] = []
    valid = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        data = {key.strip(): (value or "").strip() for key, value in row.items() if key}
        serializer = view.get_serializer(data=data)
        if not serializer.is_valid():
            errors += [
                {"line": line, "field": field, "message": str(message)}
                for field, messages in serializer.errors.items()
                for message in (messages if isinstance(messages, list) else [messages])
            ]
            continue
        if not view.policy.can(request.user, "create", serializer.validated_data):
            errors.append(
                {"line": line, "field": "non_field_errors", "message": "You may not create this row."}
            )
            continue
        valid.append(serializer)
    if errors:
        return Response({"created": 0, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)
    with transaction.atomic():
        for serializer in valid:
            view.perform_create(serializer)
    return Response({"created": len(valid), "errors": []}, status=status.HTTP_201_CREATED)


class CsvImportMixin:
    """Adds ``POST …/import/`` (a CSV file whose header names the resource's create fields)
    to a scoped viewset whose policy grants ``import``."""

    @extend_schema(request={"multipart/form-data": CsvUploadSerializer}, responses={201: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_csv(self, request: Request) -> Response:
        self.check_write("import")  # type: ignore[attr-defined]
        return import_csv(self, request)
