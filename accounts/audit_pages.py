"""The audit log in the web application: a list (search, filters, CSV download) and each
entry's fields before and after."""

from typing import Any

import django_filters
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry
from .pagekit import Column, Section
from .policies import AuditPolicy


def kind_label(entry: AuditEntry) -> str:
    try:
        return str(apps.get_model(entry.model)._meta.verbose_name).capitalize()
    except (LookupError, ValueError):
        return entry.model


def changed_fields(entry: AuditEntry) -> str:
    return ", ".join(sorted(set(entry.before) | set(entry.after)) if entry.action == "updated" else [])


class AuditFilter(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(
        label=_("Action"), choices=AuditEntry.Action.choices, empty_label=_("Any action")
    )
    model = django_filters.CharFilter(label=_("Kind of record (e.g. enterprises.Project)"))

    class Meta:
        model = AuditEntry
        fields = ["action", "model"]


def _context(request: Any, entry: AuditEntry) -> dict[str, Any]:
    names = sorted(set(entry.before) | set(entry.after))
    return {
        "kind": kind_label(entry),
        "rows": [
            {"field": name, "before": entry.before.get(name), "after": entry.after.get(name)}
            for name in names
        ],
    }


AUDIT = Section(
    name="audit",
    title=_("Audit log"),
    policy=AuditPolicy(),
    queryset=lambda: AuditEntry.objects.select_related("actor"),
    columns=[
        Column(_("When"), "at", sort="at"),
        Column(
            _("Who"),
            lambda e: (e.actor.get_full_name() or e.actor.username) if e.actor else _("the platform"),
        ),
        Column(_("Action"), "get_action_display", sort="action"),
        Column(_("Kind of record"), kind_label, sort="model"),
        Column(_("Record"), "summary"),
        Column(_("Fields changed"), changed_fields),
    ],
    detail_template="accounts/audit_detail.html",
    search_fields=("summary", "model", "object_id", "actor__username"),
    filterset=AuditFilter,
    default_ordering=("-at", "-id"),
    context=_context,
    row_title=lambda e: f"{kind_label(e)} {e.object_id}",
)
