"""CSV import for list resources, from the API and from the pages alike: every row validated
with the resource's own serializer and the policy's create rule, all rows written or none.

A bad row never leaves the others half-imported: the answer lists every row's errors
(physical line, field, message) and nothing is written until the whole file is clean.
Files are read as ``accounts.csvfiles`` reads them (UTF-8 or GB18030, unknown columns
refused by name).

The work is set-based, so a file of thousands of rows takes about as long as the database
needs to insert them: each related value is fetched once per file in a few queries, one
serializer checks every row (each field each distinct value of its column once), uniqueness
is checked against the file and the database in a few queries, and the rows are written as a
set (``accounts.bulk``: a COPY per 2,000 rows on PostgreSQL), with one batch of audit entries
and one recompute request (``Bulk``).
"""

import contextlib
import datetime
import decimal
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.fields import empty
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from accounts import audit, batching, csvfiles
from accounts import bulk as bulk_rows
from accounts.policies import Policy

MAX_ROWS = 50_000
CHUNK = 2000  # rows per insert, and values per ``__in`` lookup

# ``progress(stage, done, total)``: stage is "checking" or "writing".
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class Bulk:
    """How a resource's rows are written as a set.

    ``unique`` names the fields that are unique together (checked against the file and the
    database as a set, reported on ``unique_field``); ``check`` is a rule only the service
    knows, returning ``(field, message)`` for a bad row; ``after`` runs once after the rows
    are inserted, in the same transaction (a recompute request)."""

    model: type[Model]
    unique: tuple[str, ...] = ()
    unique_field: str = "non_field_errors"
    unique_message: Any = ""
    check: Callable[[dict[str, Any]], tuple[str, str] | None] | None = None
    after: Callable[[list[Model]], None] | None = None


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
    bulk: Bulk,
    context: dict[str, Any] | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """``{"created", "errors": [{"line", "field", "message"}]}``; writes only a clean file."""
    # One serializer checks every row; "bulk" tells it to leave checks that need a query per
    # row (uniqueness) to ``Bulk``, which makes them for the whole file at once.
    serializer = serializer_class(context={**(context or {}), "bulk": True})
    serializer.validators = []
    writable = {name: field for name, field in serializer.fields.items() if not field.read_only}
    required = [name for name, field in writable.items() if field.required]
    rows, errors = csvfiles.read(
        raw, required=required, optional=[f for f in writable if f not in required], max_rows=MAX_ROWS
    )
    _prefetch_lookups(writable, rows)
    _remember(writable)
    valid: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(rows, start=1):
        data = {key: value for key, value in row.data.items() if value != "" or key in required}
        try:
            attrs = serializer.run_validation(data)
        except serializers.ValidationError as exc:
            errors += _errors(row.line, exc.detail)
            continue
        except DjangoValidationError as exc:
            errors += _errors(row.line, serializers.as_serializer_error(exc))
            continue
        problem = bulk.check(attrs) if bulk.check is not None else None
        if problem is not None:
            errors.append(csvfiles.error(row.line, *problem))
        elif not policy.can(user, "create", attrs):
            errors.append(csvfiles.error(row.line, "non_field_errors", _("You may not create this row.")))
        else:
            valid.append((row.line, attrs))
        if progress is not None and number % 1000 == 0:
            progress("checking", number, len(rows))
    errors += _repeated(bulk, valid) + _clashes(bulk, valid)
    if errors:
        return {"created": 0, "errors": sorted(errors, key=lambda e: e["line"])}
    try:
        with transaction.atomic(), batching.batch():
            created = _write(bulk, [attrs for _, attrs in valid], progress)
    except IntegrityError:
        # Someone wrote a clashing row between the check and the write: say which line.
        return {
            "created": 0,
            "errors": _clashes(bulk, valid)
            or [csvfiles.error(1, "file", _("The rows changed while the file was imported; try again."))],
        }
    return {"created": created, "errors": []}


def _errors(line: int, detail: Any) -> list[dict[str, Any]]:
    if not isinstance(detail, dict):
        detail = {"non_field_errors": detail}
    return [
        csvfiles.error(line, field, str(message))
        for field, messages in detail.items()
        for message in (messages if isinstance(messages, list) else [messages])
    ]


def _plain(value: Any) -> Any:
    return value.pk if isinstance(value, Model) else value


def _key(bulk: Bulk, attrs: dict[str, Any]) -> tuple[Any, ...]:
    """A row's unique key as the database will hold it (a column left empty: its default)."""
    return tuple(
        _plain(attrs[name] if name in attrs else bulk.model._meta.get_field(name).get_default())  # type: ignore[union-attr]
        for name in bulk.unique
    )


def _repeated(bulk: Bulk, valid: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rows of the file that repeat an earlier one (the same unique key, or the same row)."""
    if bulk.unique:
        field, message = bulk.unique_field, f"{bulk.unique_message} " if bulk.unique_message else ""
    else:
        field, message = "file", ""
    same = _("The same as line %(line)s.")
    errors = []
    seen: dict[tuple[Any, ...], int] = {}
    for line, attrs in valid:
        if bulk.unique:
            key = _key(bulk, attrs)
        else:
            key = tuple(sorted((name, str(_plain(value))) for name, value in attrs.items()))
        if key in seen:
            errors.append(csvfiles.error(line, field, message + same % {"line": seen[key]}))
        seen.setdefault(key, line)
    return errors


def _clashes(bulk: Bulk, valid: list[tuple[int, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Rows whose unique key is already in the database: a few queries for the whole file."""
    if not bulk.unique or not valid:
        return []
    keys = {line: _key(bulk, attrs) for line, attrs in valid}
    columns = [bulk.model._meta.get_field(name).attname for name in bulk.unique]  # type: ignore[union-attr]
    # Look up by the most varied column of the key, in chunks.
    widest = max(range(len(columns)), key=lambda i: len({key[i] for key in keys.values()}))
    values = sorted({key[widest] for key in keys.values()}, key=str)
    existing: set[tuple[Any, ...]] = set()
    for start in range(0, len(values), CHUNK):
        existing.update(
            bulk.model._default_manager.filter(
                **{f"{columns[widest]}__in": values[start : start + CHUNK]}
            ).values_list(*columns)
        )
    return [
        csvfiles.error(line, bulk.unique_field, str(bulk.unique_message))
        for line, key in keys.items()
        if key in existing
    ]


def _write(bulk: Bulk, rows: list[dict[str, Any]], progress: Progress | None) -> int:
    objects = [bulk.model(**attrs) for attrs in rows]
    for start in range(0, len(objects), CHUNK):
        bulk_rows.insert(objects[start : start + CHUNK])
        if progress is not None:
            progress("writing", min(start + CHUNK, len(objects)), len(objects))
    audit.created_in_bulk(bulk.model, objects)
    if bulk.after is not None:
        bulk.after(objects)
    return len(objects)


def _prefetch_lookups(
    fields: dict[str, serializers.Field[Any, Any, Any, Any]], rows: list[csvfiles.Row]
) -> None:
    """Rows of a file name the same enterprises, skills or learners again and again: every
    value a related column names is fetched in a few queries for the whole file, and a value
    not found goes to the field's own lookup, which says what is wrong. Only this
    serializer's own field objects are wrapped."""
    for name, field in fields.items():
        if isinstance(field, serializers.SlugRelatedField):
            key = field.slug_field
        elif isinstance(field, serializers.PrimaryKeyRelatedField):
            key = "pk"
        else:
            continue
        queryset = field.get_queryset()
        if queryset is None:
            continue
        target = queryset.model._meta.pk if key == "pk" else queryset.model._meta.get_field(key)
        values = set()
        for row in rows:
            try:
                values.add(target.to_python(row.data.get(name, "")))
            except DjangoValidationError:
                continue  # the field's own lookup reports it
        values.discard("")
        values.discard(None)
        found: dict[str, Any] = {}
        ordered = sorted(values, key=str)
        for start in range(0, len(ordered), CHUNK):
            for obj in queryset.filter(**{f"{key}__in": ordered[start : start + CHUNK]}):
                found[str(getattr(obj, key))] = obj
        original = field.to_internal_value

        def lookup(data: Any, _found: dict[str, Any] = found, _original: Any = original) -> Any:
            hit = _found.get(str(data))
            return hit if hit is not None else _original(data)

        field.to_internal_value = lookup  # type: ignore[method-assign]


# Checked values a field may share between rows: none of them is changed in place.
_SHAREABLE = (
    str,
    int,
    float,
    decimal.Decimal,
    datetime.date,
    datetime.time,
    datetime.timedelta,
    uuid.UUID,
    Model,
    type(None),
)


def _remember(fields: dict[str, serializers.Field[Any, Any, Any, Any]]) -> None:
    """A column repeats its values (one enterprise, fifty skills, twenty years over thousands
    of rows): each field checks each distinct value of the file once. A value it refuses is
    checked again on every row that holds it, so each row has its own error, and a result that
    could change in place (a list, a dict) is not shared. Only this serializer's own field
    objects are wrapped."""
    for field in fields.values():
        field.run_validation = _remembering(field.run_validation)  # type: ignore[method-assign,assignment]


def _remembering(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    seen: dict[Any, Any] = {}

    def remembered(data: Any = empty) -> Any:
        try:
            return seen[data]
        except (KeyError, TypeError):  # not checked yet, or a value that is no key (a list)
            value = check(data)
            if isinstance(value, _SHAREABLE):
                with contextlib.suppress(TypeError):
                    seen[data] = value
            return value

    return remembered


def import_csv(view: Any, request: Request) -> Response:
    upload = CsvUploadSerializer(data=request.data)
    upload.is_valid(raise_exception=True)
    result = import_rows(
        upload.validated_data["file"].read(),
        user=request.user,
        serializer_class=view.get_serializer_class(),
        policy=view.policy,
        bulk=view.bulk_import,
        context=view.get_serializer_context(),
    )
    return Response(
        result, status=status.HTTP_400_BAD_REQUEST if result["errors"] else status.HTTP_201_CREATED
    )


class CsvImportMixin:
    """Adds ``POST …/import/`` (a CSV file whose header names the resource's create fields)
    to a scoped viewset whose policy grants ``import``; ``bulk_import`` says how its rows are
    written as a set."""

    bulk_import: Bulk

    @extend_schema(request={"multipart/form-data": CsvUploadSerializer}, responses={201: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_csv(self, request: Request) -> Response:
        self.check_write("import")  # type: ignore[attr-defined]
        return import_csv(self, request)
