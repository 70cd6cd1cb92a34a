"""Form fields the pages share: people are chosen by name (and user name, which is unique)."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet


def person_label(user: Any) -> str:
    name = user.get_full_name()
    return f"{name} ({user.username})" if name else user.username


class PersonChoiceField(forms.ModelChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


class PeopleChoiceField(forms.ModelMultipleChoiceField[Any]):
    def label_from_instance(self, obj: Any) -> str:
        return person_label(obj)


def limit_choices(form: forms.BaseForm, name: str, queryset: QuerySet[Any]) -> None:
    """What a choice field of a form offers this person (their college's, their enterprise's)."""
    cast(forms.ModelChoiceField[Any], form.fields[name]).queryset = queryset
