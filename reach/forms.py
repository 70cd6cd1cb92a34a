"""The robot's form: the webhook address and the secret are typed in and never shown back."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts.models import Notification

from . import platforms
from .models import Platform, Robot


class RobotForm(forms.Form):
    platform = forms.ChoiceField(label=_("Platform"), choices=Platform.choices)
    name = forms.CharField(
        label=_("Name of the robot"),
        max_length=100,
        help_text=_("As your colleagues know the group, e.g. Internship office."),
    )
    webhook_url = forms.CharField(
        label=_("Webhook address"),
        max_length=500,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "Copied from the robot's settings in the group. It is a secret: it is never shown again after saving."
        ),
    )
    secret = forms.CharField(
        label=_("Signing secret"),
        max_length=200,
        required=False,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
        help_text=_(
            "DingTalk (加签) and Feishu (签名校验) only: the secret the robot shows. Never shown again."
        ),
    )
    kinds = forms.MultipleChoiceField(
        label=_("Notifications it receives"),
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    language = forms.ChoiceField(label=_("Language of the messages"), choices=())
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(
        self, *args: Any, row: Robot | None = None, default_kinds: list[str] | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, "中文" if code == "zh-hans" else "English") for code, _name in settings.LANGUAGES
        ]
        if not self.is_bound:
            self.fields["language"].initial = "zh-hans"
            if default_kinds is not None and not self.initial.get("kinds"):
                self.initial["kinds"] = default_kinds
        if row is not None:
            # Empty keeps what is saved: the form cannot show it.
            self.fields["webhook_url"].required = False
            self.fields["webhook_url"].help_text = _(
                "Saved: %(masked)s. Leave empty to keep it; type a new one to replace it."
            ) % {"masked": platforms.masked(row.webhook_url)}
            self.fields["secret"].help_text = (
                _("A secret is saved. Leave empty to keep it; type a new one to replace it.")
                if row.secret
                else _("DingTalk (加签) and Feishu (签名校验) only: the secret the robot shows.")
            )
            if row.secret:
                self.fields["clear_secret"] = forms.BooleanField(
                    label=_("Remove the saved secret"), required=False
                )
