"""The destination forms: the graduate's short answer, the college's record, the rates' query.
Choices are cut to what the person may name; the service checks every rule again."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role, User
from colleges.models import College, Major
from enterprises.models import Enterprise

from .models import Category, SalaryBand
from .services import census_dates

IN_FIELD = [("", _("Not stated")), ("true", _("Yes")), ("false", _("No"))]


class GraduateChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def _in_field(value: str) -> bool | None:
    return {"true": True, "false": False}.get(value)


class DestinationForm(forms.Form):
    """Where a graduate is at a census date. The graduate answers for themselves (no graduate
    field); a college administrator chooses one of the college's graduates."""

    graduate = GraduateChoice(label=_("Graduate"), queryset=User.objects.none())
    census_date = forms.TypedChoiceField(label=_("Census date"), choices=[], coerce=str)
    category = forms.ChoiceField(label=_("Destination"), choices=Category.choices)
    employer = forms.ModelChoiceField(
        label=_("Employer in the portal"),
        queryset=Enterprise.objects.order_by("name"),
        required=False,
        help_text=_("Leave empty and give the name when the employer is not in the portal."),
    )
    employer_name = forms.CharField(label=_("Employer (name)"), max_length=200, required=False)
    position = forms.CharField(label=pgettext_lazy("job", "Position"), max_length=200, required=False)
    region = forms.CharField(label=_("Region (province)"), max_length=100, required=False)
    industry = forms.CharField(label=_("Industry"), max_length=100, required=False)
    salary_band = forms.ChoiceField(
        label=_("Salary band"), choices=[("", _("Not stated")), *SalaryBand.choices], required=False
    )
    in_field = forms.TypedChoiceField(
        label=_("In the field of study"), choices=IN_FIELD, coerce=_in_field, empty_value=None, required=False
    )

    def __init__(self, *args: Any, user: User, row: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if row is not None or user.role == Role.STUDENT:
            del self.fields["graduate"]
        else:
            self.fields["graduate"].queryset = User.objects.filter(  # type: ignore[attr-defined]
                learner_profile__college=user.college, learner_profile__graduated_on__isnull=False
            ).order_by("last_name", "first_name", "username")
        if row is not None:
            del self.fields["census_date"]
        else:
            profile = getattr(user, "learner_profile", None)
            year = profile.graduated_on.year if profile and profile.graduated_on else None
            years = [year] if user.role == Role.STUDENT and year else _recent_years()
            self.fields["census_date"].choices = [  # type: ignore[attr-defined]
                (d.isoformat(), d.isoformat()) for y in years for d in census_dates(y)
            ]

    def clean_census_date(self) -> Any:
        return datetime.date.fromisoformat(self.cleaned_data["census_date"])


def _recent_years() -> list[int]:
    this = timezone.localdate().year
    return [this, this - 1, this - 2]


class RatesForm(forms.Form):
    college = forms.ModelChoiceField(label=_("College"), queryset=College.objects.order_by("name"))
    year = forms.IntegerField(label=_("Graduation year"), min_value=1990, max_value=2100)
    major = forms.ModelChoiceField(
        label=_("Major"), queryset=Major.objects.order_by("name"), required=False, empty_label=_("All majors")
    )
    census = forms.DateField(
        label=_("Census date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The majors offered are the chosen college's (a national portal has thousands).
        college = (self.data or self.initial or {}).get("college")
        majors = Major.objects.select_related("college").order_by("name")
        try:
            college_id = int(college) if college not in (None, "") else None
        except (TypeError, ValueError):
            college_id = None
        self.fields["major"].queryset = (  # type: ignore[attr-defined]
            majors.filter(college_id=college_id) if college_id is not None else majors.none()
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("year"):
            dates = census_dates(data["year"])
            census = data.get("census") or dates[0]
            if census not in dates:
                self.add_error(
                    "census",
                    _("One of the year's census dates: %(dates)s.")
                    % {"dates": ", ".join(d.isoformat() for d in dates)},
                )
            data["census"] = census
        if data.get("major") and data.get("college") and data["major"].college_id != data["college"].pk:
            self.add_error("major", _("The major belongs to another college."))
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 (with or without a byte-order mark) or GB18030, as Excel saves it."),
    )


class RemindForm(forms.Form):
    """Which graduates to remind: a cohort of the college at a census date."""

    year = forms.IntegerField(label=_("Graduation year"), min_value=1990, max_value=2100)
    census_date = forms.DateField(label=_("Census date"), widget=forms.DateInput(attrs={"type": "date"}))
    major = forms.ModelChoiceField(
        label=_("Major"), queryset=Major.objects.none(), required=False, empty_label=_("All majors")
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        majors = Major.objects.filter(college=user.college).order_by("name")
        self.fields["major"].queryset = majors  # type: ignore[attr-defined]
