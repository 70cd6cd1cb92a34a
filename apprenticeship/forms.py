"""The forms of the apprenticeship pages."""

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.forms import PersonChoiceField
from accounts.models import Role, User
from enterprises.models import LadderLevel

from .models import Apprenticeship, ProgressReview, Requirement, ReviewForm


class ApprenticeshipForm(forms.Form):
    learner = PersonChoiceField(label=_("Apprentice"), queryset=User.objects.none())
    level = forms.ModelChoiceField(
        label=_("Level worked toward"),
        queryset=LadderLevel.objects.select_related("ladder__enterprise").order_by("ladder__name", "rank"),
    )
    mentor = PersonChoiceField(
        label=_("Enterprise mentor"), queryset=User.objects.filter(role=Role.ENGINEER, is_active=True)
    )
    teacher = PersonChoiceField(label=_("Teacher"), queryset=User.objects.none())
    started_on = forms.DateField(label=_("Started on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(college_id=user.college_id or 0, is_active=True).order_by(
            "last_name", "first_name", "username"
        )
        self.fields["learner"].queryset = people.filter(role=Role.STUDENT)  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = people.filter(role=Role.TEACHER)  # type: ignore[attr-defined]
        self.fields["level"].label_from_instance = (  # type: ignore[attr-defined]
            lambda level: f"{level.ladder.enterprise.name} · {level.ladder.name} · {level.rank}. {level.name}"
        )


class ReviewFormForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    questions = forms.CharField(
        label=_("Questions"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            'A JSON list, e.g. [{"key": "safety", "label": "Works safely", "kind": "scale", "scale_max": 5}, '
            '{"key": "comments", "label": "Comments", "kind": "text"}].'
        ),
    )

    def clean_questions(self) -> Any:
        try:
            return json.loads(self.cleaned_data["questions"])
        except ValueError as exc:
            raise forms.ValidationError(_("Not valid JSON.")) from exc


class ScheduleForm(forms.Form):
    form = forms.ModelChoiceField(label=_("Form"), queryset=ReviewForm.objects.none())
    due_on = forms.DateField(
        label=_("Due on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: the ladder's interval after the last signed review."),
    )

    def __init__(self, *args: Any, apprenticeship: Apprenticeship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["form"].queryset = ReviewForm.objects.filter(college_id=apprenticeship.college_id)  # type: ignore[attr-defined]


class AnswersForm(forms.Form):
    """The review's own questions, then the day it was held and a summary."""

    def __init__(self, *args: Any, review: ProgressReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in review.questions:
            initial = review.answers.get(question["key"])
            if question["kind"] == "scale":
                top = question["scale_max"]
                self.fields[question["key"]] = forms.TypedChoiceField(
                    label=question["label"],
                    choices=[("", "—")] + [(str(n), str(n)) for n in range(1, top + 1)],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    initial=initial,
                )
            else:
                self.fields[question["key"]] = forms.CharField(
                    label=question["label"],
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                    initial=initial,
                )
        self.fields["held_on"] = forms.DateField(
            label=_("Held on"),
            required=False,
            initial=review.held_on,
            widget=forms.DateInput(attrs={"type": "date"}),
        )
        self.fields["summary"] = forms.CharField(
            label=_("Summary"),
            required=False,
            max_length=4000,
            initial=review.summary,
            widget=forms.Textarea(attrs={"rows": 3}),
        )
        self.questions = review.questions


class ActionForm(forms.Form):
    description = forms.CharField(
        label=_("Action"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = PersonChoiceField(label=_("Owner"), queryset=User.objects.none())
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, review: ProgressReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        a = review.apprenticeship
        self.fields["owner"].queryset = User.objects.filter(pk__in=[a.learner_id, a.mentor_id, a.teacher_id])  # type: ignore[attr-defined]


class SignForm(forms.Form):
    typed_name = forms.CharField(label=_("Your name, typed as your signature"), max_length=200)


class PortfolioItemForm(forms.Form):
    apprenticeship = forms.ModelChoiceField(label=_("Apprenticeship"), queryset=Apprenticeship.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("An image, a PDF or an office document.")
    )
    link = forms.URLField(label=_("Or a link"), required=False, max_length=500, assume_scheme="https")
    requirements = forms.MultipleChoiceField(
        label=_("Requirements it shows"), choices=Requirement.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["apprenticeship"].queryset = Apprenticeship.objects.filter(  # type: ignore[attr-defined]
            learner=user, active=True
        ).select_related("ladder", "level")
        self.fields["apprenticeship"].label_from_instance = lambda a: f"{a.ladder.name} · {a.level.name}"  # type: ignore[attr-defined]
