"""The report forms: a new report, its narrative, an entered figure, a province's view."""

from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from .indicators import SECTIONS, entered
from .models import Report


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Report.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000)

    def __init__(self, *args: Any, user: User | None = None, row: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1
        if user is not None and user.role == Role.ENGINEER:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                (Report.Kind.ENTERPRISE, Report.Kind.ENTERPRISE.label)
            ]
        elif user is not None and user.role == Role.COLLEGE_ADMIN:
            cast(forms.ChoiceField, self.fields["kind"]).choices = [
                (k, label) for k, label in Report.Kind.choices if k != Report.Kind.ENTERPRISE
            ]


class NarrativeForm(forms.Form):
    """One text area per section of the report's kind."""

    def __init__(
        self, *args: Any, user: User | None = None, row: Report | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for key, label in SECTIONS[row.kind if row else "quality"]:
            self.fields[key] = forms.CharField(
                label=label, required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 6})
            )


class EntryForm(forms.Form):
    indicator = forms.ChoiceField(label=_("Indicator"), choices=[])
    value = forms.DecimalField(label=_("Value"), max_digits=17, decimal_places=2, min_value=0)
    note = forms.CharField(label=_("Source of the figure"), max_length=300, required=False)

    def __init__(self, *args: Any, row: Report | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if row is not None:
            cast(forms.ChoiceField, self.fields["indicator"]).choices = [
                (i.code, f"{i.name} ({i.unit})") for i in entered(row.kind)
            ]


class ProvinceForm(forms.Form):
    region = forms.ChoiceField(label=_("Region (province)"), choices=())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from colleges.models import College

        # The regions the portal's colleges are in, as they are recorded.
        regions = College.objects.exclude(region="").order_by("region").values_list("region", flat=True)
        field: Any = self.fields["region"]
        field.choices = [(region, region) for region in dict.fromkeys(regions)]
