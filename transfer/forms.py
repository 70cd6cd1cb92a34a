"""The forms of calls, responses, technology summaries and transfers."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.forms import PersonChoiceField, limit_choices
from accounts.models import COLLEGE_ROLES, User
from courses.models import Skill
from enterprises.models import Enterprise

from .models import BudgetBand, Call, CallResponse, TechSummary, Transfer

DATE = forms.DateInput(attrs={"type": "date"})


def _skills() -> forms.ModelMultipleChoiceField[Skill]:
    return forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("code"),
        required=False,
        label=_("Skills"),
        widget=forms.CheckboxSelectMultiple,
    )


class CallForm(forms.ModelForm[Call]):
    skills = _skills()

    class Meta:
        model = Call
        fields = ["title", "need", "skills", "budget_band", "deadline", "confidential"]
        labels = {"title": pgettext_lazy("project", "Title")}
        help_texts = {"need": _("What you need solved, for example a vision inspection for a gripper line.")}
        widgets = {"need": forms.Textarea(attrs={"rows": 5}), "deadline": DATE}


class ResponseForm(forms.ModelForm[CallResponse]):
    class Meta:
        model = CallResponse
        fields = ["problem", "approach", "prior_results", "team"]
        help_texts = {
            "problem": _("The problem as you understand it."),
            "approach": _("How you would solve it."),
            "prior_results": _("What you have solved like it before: projects, patents, papers."),
            "team": _("Who would work on it, and their roles."),
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}


class OpenProjectForm(forms.Form):
    seats = forms.IntegerField(label=_("Seats for students"), min_value=1, max_value=100, initial=1)
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DATE)


class OpenDualPositionForm(forms.Form):
    start_date = forms.DateField(label=_("Start date"), required=False, widget=DATE)


class StartCallForm(forms.Form):
    budget_band = forms.ChoiceField(label=_("Budget band"), choices=BudgetBand.choices)
    deadline = forms.DateField(label=_("Deadline for responses"), widget=DATE)
    confidential = forms.BooleanField(label=_("Confidential responses"), required=False)


class StartProjectForm(forms.Form):
    seats = forms.IntegerField(label=_("Seats for students"), min_value=1, max_value=100, initial=1)


class TechSummaryForm(forms.ModelForm[TechSummary]):
    skills = _skills()
    contact = PersonChoiceField(queryset=User.objects.none(), label=_("Contact"))
    inventors = forms.CharField(
        label=_("Inventors"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One a line: the person's user name and their contribution in per cent, for example "
            "“demo-teacher 60”. The contributions add up to 100."
        ),
    )

    class Meta:
        model = TechSummary
        fields = [
            "title",
            "kind",
            "abstract",
            "patent_number",
            "patent_status",
            "skills",
            "industries",
            "contact",
            "visibility",
        ]
        labels = {"title": pgettext_lazy("project", "Title")}
        widgets = {"abstract": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, college_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.college_id = college_id
        limit_choices(
            self,
            "contact",
            User.objects.filter(college_id=college_id or 0, role__in=COLLEGE_ROLES, is_active=True).order_by(
                "last_name", "username"
            ),
        )

    def clean_inventors(self) -> list[tuple[User, Decimal]]:
        rows: list[tuple[User, Decimal]] = []
        for number, line in enumerate(self.cleaned_data["inventors"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = line.replace("%", " ").split()
            try:
                if len(parts) != 2:
                    raise InvalidOperation
                share = Decimal(parts[1])
            except InvalidOperation as exc:
                raise forms.ValidationError(
                    _("Line %(n)s: a user name and a percentage, for example “demo-teacher 60”."),
                    params={"n": number},
                ) from exc
            user = User.objects.filter(username=parts[0], college_id=self.college_id or 0).first()
            if user is None:
                raise forms.ValidationError(
                    _("Line %(n)s: nobody of the college has the user name %(name)s."),
                    params={"n": number, "name": parts[0]},
                )
            rows.append((user, share))
        return rows


def inventors_text(summary: TechSummary) -> str:
    return "\n".join(f"{i.user.username} {i.contribution.normalize():f}" for i in summary.inventors.all())


class TransferForm(forms.ModelForm[Transfer]):
    class Meta:
        model = Transfer
        fields = ["kind", "licensee", "licensee_name", "income", "date"]
        help_texts = {"licensee_name": _("Filled from the enterprise when it is in the portal.")}
        widgets = {"date": DATE}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["licensee_name"].required = False
        limit_choices(self, "licensee", Enterprise.objects.order_by("name"))
