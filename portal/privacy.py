"""A person's data is theirs (PIPL arts. 45 and 47): everything the portal holds about them,
in one download, and its erasure.

Both walk the inventory (``portal.inventory``): each holding is a model, the path from its
rows to the person and the fields about that person. The export gives each holding's rows
with those fields and a few fields of context (a project's title, a college's name), nothing
about anybody else; the erasure blanks, pseudonymises, generalises or deletes as the
inventory says, then scrubs the logs (the audit log, the evidence history, the admin's log)
of the same values, so no log keeps in clear what the record no longer holds.
"""

import datetime
import io
import json
import re
import uuid
import zipfile
from decimal import Decimal
from functools import partial
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat, TruncYear
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.models import AuditEntry, Notification, User
from courses.lifelong import transcript
from courses.models import Credential, TranscriptShare
from ledger.models import EvidenceChange

from .inventory import INVENTORY, Erasure, Holding

ERASED = "(erased)"  # what a log shows instead of an erased value


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def _searchable(holding: Holding) -> bool:
    return holding.export != "-"


def rows_of(holding: Holding, person: User) -> QuerySet[Any]:
    """The person's rows of a holding."""
    model = apps.get_model(holding.model)
    if not holding.person:
        return model._default_manager.filter(pk=person.pk)
    return model._default_manager.filter(**{holding.person: person})


def export_data(user: User) -> dict[str, Any]:
    """Everything about ``user``, by holding of the inventory, plus their transcript and what
    they agreed to."""
    data: dict[str, Any] = {}
    for holding in INVENTORY:
        if not _searchable(holding):
            continue
        secret = {p.name for p in holding.fields if not p.exported}
        pk = apps.get_model(holding.model)._meta.pk.name
        names = [*([pk] if pk not in secret else []), *(p.name for p in holding.fields if p.exported)]
        names += holding.context
        rows = [
            {name: _plain(value) for name, value in row.items()}
            for row in rows_of(holding, user).order_by("pk").values(*names)
        ]
        if not holding.person:  # the person themselves: one record
            data[holding.label] = rows[0] if rows else None
        else:
            data.setdefault(holding.label, []).extend(rows)
    data["transcript"] = transcript(user) if user.role == "student" else None
    # What they agreed to: which credentials are public, and with what.
    data["consents"] = {
        "credentials_shared": [
            {"public_id": str(c["public_id"]), "show_grade": c["show_grade"]}
            for c in Credential.objects.filter(learner=user, shared=True).values("public_id", "show_grade")
        ],
        "transcript_shared": TranscriptShare.objects.filter(learner=user, revoked_at=None).exists(),
        "notification_emails": user.email_events,
        "partnerships_decided": data.get("partnerships_decided", []),
        "ip_terms_accepted": data.get("ip_terms_accepted", [])
        + data.get("ip_terms_accepted_for_the_college", []),
    }
    return data


def export_zip(user: User) -> bytes:
    """The export as a zip of JSON files, one per kind of record, with a README."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = export_data(user)
        for name, value in data.items():
            archive.writestr(f"{name}.json", json.dumps(value, ensure_ascii=False, indent=2, default=str))
        # In the person's language: the one they chose, else the one they are reading in.
        with translation.override(user.language or translation.get_language() or settings.LANGUAGE_CODE):
            readme = gettext(
                "Everything Chanjiao holds about you, exported on %(at)s (UTC). "
                "One JSON file per kind of record."
            ) % {"at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")}
        archive.writestr("README.txt", readme + "\n")
    return buffer.getvalue()


# --- Erasure (PIPL art. 47) ----------------------------------------------------------------


def _delete_files_on_commit(model: type[models.Model], ids: list[Any]) -> None:
    """The stored files of rows that erasure deletes (portfolio evidence) go with them, once
    the erasure has committed (a rolled-back erasure keeps them)."""
    for field in model._meta.concrete_fields:
        if not isinstance(field, models.FileField):
            continue
        names = [n for n in model._default_manager.filter(pk__in=ids).values_list(field.name, flat=True) if n]
        transaction.on_commit(partial(_delete_files, field.storage, names))


def _delete_files(storage: Any, names: list[str]) -> None:
    for name in names:
        storage.delete(name)


def _erased_value(model: type[models.Model], name: str, erasure: Erasure) -> Any:
    field = model._meta.get_field(name)
    if name == "password":
        return make_password(None)  # unusable: the account can no longer log in
    if erasure == Erasure.PSEUDONYM:
        return Concat(Value("erased-"), Cast(F("pk"), models.CharField()), output_field=models.CharField())
    if erasure == Erasure.GENERALISE:
        return TruncYear(name, output_field=models.DateField())
    if field.null:
        return None
    if isinstance(field, (models.JSONField, models.BooleanField)):
        return field.get_default()
    if isinstance(field, models.BinaryField):
        return b""
    return ""


def _names(person: User) -> list[str]:
    """What names the person in free text: user name, e-mail, full name (either order)."""
    words = {person.username, person.email, person.get_full_name()}
    if person.first_name and person.last_name:
        words |= {f"{person.last_name}{person.first_name}", f"{person.last_name} {person.first_name}"}
    # Shorter than three characters would match inside other words.
    return sorted(w for w in words if w and len(w.strip()) >= 3)


def _traces(words: list[str]) -> list[re.Pattern[str]]:
    """Each name as a whole word, so that "student-a" leaves "student-a2" alone."""
    return [re.compile(rf"(?<![\w@.-]){re.escape(w)}(?![\w@-])") for w in words]


def _scrub(value: Any, traces: list[re.Pattern[str]], pseudonym: str) -> Any:
    if isinstance(value, str):
        for trace in traces:
            value = trace.sub(pseudonym, value)
        return value
    if isinstance(value, dict):
        return {key: _scrub(item, traces, pseudonym) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, traces, pseudonym) for item in value]
    return value


def _mask(values: dict[str, Any], names: set[str]) -> dict[str, Any]:
    return {
        key: (ERASED if key in names and value not in (None, "", {}, []) else value)
        for key, value in values.items()
    }


def _scrub_audit_of_rows(holding: Holding, ids: list[Any], person: User) -> None:
    """The audit log's entries of the person's rows: the erased fields' values go."""
    model = apps.get_model(holding.model)
    names = {
        model._meta.get_field(p.name).attname
        for p in holding.fields
        if p.erasure != Erasure.KEEP and not isinstance(model._meta.get_field(p.name), models.BinaryField)
    }
    if not names:
        return
    entries = AuditEntry.objects.filter(model=model._meta.label, object_id__in=[str(i) for i in ids])
    if holding.person and "__" not in holding.person:
        # Rows deleted before the erasure: their creation and deletion entries name the person.
        attname = model._meta.get_field(holding.person).attname
        entries = entries | AuditEntry.objects.filter(model=model._meta.label).filter(
            Q(**{f"before__{attname}": person.pk}) | Q(**{f"after__{attname}": person.pk})
        )
    changed = []
    for entry in entries:
        entry.before, entry.after = _mask(entry.before, names), _mask(entry.after, names)
        changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["before", "after"], batch_size=500)
    if model._meta.label == "ledger.Evidence":
        history = list(EvidenceChange.objects.filter(evidence_id__in=ids))
        for change in history:
            change.before, change.after = _mask(change.before, names), _mask(change.after, names)
        EvidenceChange.objects.bulk_update(history, ["before", "after"], batch_size=500)


def _resummarise(touched: dict[str, set[Any]]) -> None:
    """An entry's summary is the row's name as it is now (erased), or nothing once the row is gone."""
    changed = []
    for label, ids in touched.items():
        entries = list(AuditEntry.objects.filter(model=label, object_id__in=[str(i) for i in ids]))
        if not entries:
            continue
        rows = apps.get_model(label)._default_manager.filter(pk__in={e.object_id for e in entries})
        now = {str(row.pk): str(row)[:200] for row in rows}
        for entry in entries:
            entry.summary = now.get(entry.object_id, ERASED)
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["summary"], batch_size=500)


def _scrub_logs_of_traces(traces: list[re.Pattern[str]], words: list[str], pseudonym: str) -> None:
    """Whatever is left in any log or in other people's notices that names the person in clear
    (a summary written by an older version, a value copied into another row's entry, "Qiuyue
    applied" in an engineer's inbox): replaced by the pseudonym. A scan of the text, once per
    erasure."""
    if not words:
        return
    needles = {w for word in words for w in (word, json.dumps(word)[1:-1])}
    text = Concat(
        "summary",
        Value(" "),
        Cast("before", TextField()),
        Value(" "),
        Cast("after", TextField()),
        output_field=TextField(),
    )
    found = Q()
    for needle in needles:
        found |= Q(log_text__icontains=needle)
    changed = []
    for entry in AuditEntry.objects.annotate(log_text=text).filter(found):
        entry.summary = _scrub(entry.summary, traces, pseudonym)[:200]
        entry.before, entry.after = (
            _scrub(entry.before, traces, pseudonym),
            _scrub(entry.after, traces, pseudonym),
        )
        changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["summary", "before", "after"], batch_size=500)
    found = Q()
    for needle in needles:
        found |= Q(log_text__icontains=needle)
    notices = list(Notification.objects.annotate(log_text=Cast("params", TextField())).filter(found))
    for notice in notices:
        notice.params = _scrub(notice.params, traces, pseudonym)
    Notification.objects.bulk_update(notices, ["params"], batch_size=500)
    admin_text = Concat("object_repr", Value(" "), "change_message", output_field=TextField())
    found = Q()
    for needle in needles:
        found |= Q(log_text__icontains=needle)
    for log in LogEntry.objects.annotate(log_text=admin_text).filter(found):
        log.object_repr = _scrub(log.object_repr, traces, pseudonym)[:200]
        log.change_message = _scrub(log.change_message, traces, pseudonym)
        log.save(update_fields=["object_repr", "change_message"])


@transaction.atomic
def erase_person(person: User, *, actor: User) -> User:
    """Erase a person as the inventory says: what names them goes (blanked, pseudonymised, or
    their rows of login and notice deleted) and the logs forget it too; the rows that feed
    the portal's figures stay, anonymous, so every published figure is the same afterwards.
    The account can no longer log in."""
    person = User.objects.select_for_update().get(pk=person.pk)
    pseudonym = f"erased-{person.pk}"
    words = _names(person)
    traces = _traces(words)
    touched: dict[str, set[Any]] = {}
    for holding in INVENTORY:
        if not _searchable(holding):
            continue
        model = apps.get_model(holding.model)
        rows = rows_of(holding, person)
        ids = list(rows.values_list("pk", flat=True))
        if not ids and not (holding.person and "__" not in holding.person):
            continue
        _scrub_audit_of_rows(holding, ids, person)
        if any(p.erasure != Erasure.KEEP for p in holding.fields):
            touched.setdefault(model._meta.label, set()).update(ids)
        if holding.delete:
            _delete_files_on_commit(model, ids)
            model._default_manager.filter(pk__in=ids).delete()
            continue
        updates: dict[str, Any] = {}
        for personal in holding.fields:
            if personal.erasure == Erasure.KEEP:
                continue
            field = model._meta.get_field(personal.name)
            if personal.erasure == Erasure.PSEUDONYM and isinstance(field, models.UUIDField):
                for pk in ids:  # a fresh identifier each (one row a person in practice)
                    model._default_manager.filter(pk=pk).update(**{personal.name: uuid.uuid4()})
                continue
            updates[personal.name] = _erased_value(model, personal.name, personal.erasure)
        if updates and ids:
            # ``update`` sends no signal: the erasure itself writes no erased value to the log.
            model._default_manager.filter(pk__in=ids).update(**updates)
    User.objects.filter(pk=person.pk).update(is_active=False)
    # Withdrawn from public view: what they had shared is no longer public.
    Credential.objects.filter(learner=person).update(shared=False, show_grade=False)
    TranscriptShare.objects.filter(learner=person, revoked_at=None).update(revoked_at=timezone.now())
    _resummarise(touched)
    _scrub_logs_of_traces(traces, words, pseudonym)
    AuditEntry.objects.create(
        actor=actor,
        action=AuditEntry.Action.UPDATED,
        model=User._meta.label,
        object_id=str(person.pk),
        summary=pseudonym,
        college_id=person.college_id,
        enterprise_id=person.enterprise_id,
        before={},
        after={"erased": True},
    )
    person.refresh_from_db()
    return person
