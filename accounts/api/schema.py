"""The OpenAPI schema of every operation: a summary and the errors it can answer.

drf-spectacular describes what an operation returns when it succeeds; clients also need to
know how it fails. Every operation here gets a one-line summary (written on the view when
``extend_schema(summary=…)`` says it, else made from the action and the resource), and the
error answers that apply to it, each with its body: 400 (the fields, each with its
messages), 401 (not logged in), 403 (logged in, not allowed), 404 (no such row, or one
outside the caller's scope), 409 (the row's state does not allow it).
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import permissions

DETAIL = build_object_type(properties={"detail": build_basic_type(OpenApiTypes.STR)}, required=["detail"])
FIELD_ERRORS = {
    **build_object_type(additionalProperties=True),
    "description": "Each field that is wrong, with its messages (non_field_errors: the whole request).",
}
ERRORS = {
    "400": ("The request is invalid: the body names each field that is wrong.", FIELD_ERRORS),
    "401": ("Not logged in: send a token (Authorization: Token …) or a session.", DETAIL),
    "403": ("Logged in, but not allowed to do this to this row.", DETAIL),
    "404": ("No such row, or none the caller may see.", DETAIL),
    "409": ("The row's state does not allow this (it says why).", DETAIL),
}
VERBS = {
    "list": "List",
    "retrieve": "Get",
    "create": "Create",
    "update": "Update",
    "partial_update": "Update",
    "destroy": "Delete",
}


def _article(noun: str) -> str:
    # By sound, not spelling: "a user", "an IP agreement".
    return "an" if noun[:1].lower() in "aeiou" and not noun.lower().startswith(("user", "uni")) else "a"


class PortalAutoSchema(AutoSchema):
    def _nouns(self) -> tuple[str, str]:
        nouns = getattr(self.view, "schema_nouns", None)
        if nouns:
            return nouns
        queryset = getattr(self.view, "base_queryset", None)
        if queryset is None:
            queryset = getattr(self.view, "queryset", None)
        if queryset is not None:
            meta = queryset.model._meta
            return str(meta.verbose_name), str(meta.verbose_name_plural)
        return "resource", "resources"

    def get_summary(self) -> str | None:
        explicit = super().get_summary()
        if explicit:
            return explicit
        action = getattr(self.view, "action", None)
        if action is None:  # a plain APIView: its docstring's first line
            doc = (self.view.__class__.__doc__ or "").strip().splitlines()
            return doc[0].rstrip(".") if doc else None
        singular, plural = self._nouns()
        if action == "list":
            return f"List {plural}"
        if action == "import_csv":
            return f"Import {plural} from CSV (all rows or none)"
        verb = VERBS.get(action) or action.replace("_", " ").capitalize()
        return f"{verb} {_article(singular)} {singular}"

    def _is_public(self) -> bool:
        try:
            checks = self.view.get_permissions()
        except Exception:  # a view whose permissions need a real request: assume login
            return False
        return any(isinstance(check, permissions.AllowAny) for check in checks)

    def _error_codes(self) -> list[str]:
        method = self.method.upper()
        writes = method in ("POST", "PUT", "PATCH", "DELETE")
        codes = []
        if writes or self._is_list_view() or self.get_filter_backends() or self._get_query_params():
            codes.append("400")
        if not self._is_public():
            codes.append("401")
            if writes:
                codes.append("403")
        if "{" in self.path:
            codes.append("404")
        if method == "POST":
            codes.append("409")
        return codes

    def _get_query_params(self) -> list[Any]:
        return [p for p in self.get_override_parameters() if not isinstance(p, dict)]

    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in self._error_codes():
            if code not in responses:
                description, schema = ERRORS[code]
                responses[code] = {
                    "content": {"application/json": {"schema": schema}},
                    "description": description,
                }
        return responses
