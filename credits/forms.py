"""The credit request forms: the student's request (choices cut to their accepted projects,
ended internships, programme's modules and college's teachers) and the reason for declining.
The service checks every rule again."""

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User

from . import services


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return services.name(obj)


class InternshipChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.position.name} · {obj.enterprise.name}"


class ModuleChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} · {obj.course.title} ({obj.credits.normalize():f})"


class CreditRequestForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Accepted project"),
        queryset=services.Project.objects.none(),
        required=False,
        help_text=_("A project you took part in whose delivery was accepted."),
    )
    internship = InternshipChoice(
        label=_("Ended internship"), queryset=services.Internship.objects.none(), required=False
    )
    module = ModuleChoice(label=_("Module of your programme"), queryset=services.Module.objects.none())
    sponsor = PersonChoice(
        label=_("Faculty sponsor"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("A teacher of your college; left empty: the module's teacher."),
    )
    statement = forms.CharField(
        label=_("What you learned"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What you did and learned that the module teaches: your mentor and teachers read it."),
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is None:
            return
        fields = cast(Any, self.fields)
        fields["project"].queryset = services.accepted_projects(user).order_by("title")
        fields["internship"].queryset = services.ended_internships(user).order_by("-end_date")
        fields["module"].queryset = services.programme_modules(user).order_by("course__title", "title")
        profile = services.programme_of(user)
        fields["sponsor"].queryset = services.sponsors(profile.college_id if profile else None).order_by(
            "last_name", "username"
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the credit is declined"),
        help_text=_("The student reads this."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
