"""The internship forms of the web application. Choices are cut to what the person may
name; the services check every rule again."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Role, User
from colleges.models import Major
from courses.models import Module, Skill
from enterprises.models import Enterprise

from .models import (
    HoursException,
    Internship,
    InternshipEvaluation,
    InternshipVisit,
    Position,
    PreJobTraining,
    Shift,
)
from .permissions import InternshipPolicy

DATE = forms.DateInput(attrs={"type": "date"})


def _field(form: forms.BaseForm, name: str) -> Any:
    """A form's field, to narrow its choices (a queryset or a list) for the person."""
    return form.fields[name]


def _person(user: User) -> str:
    return user.get_full_name() or user.username


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _person(obj)


class InternshipForm(forms.ModelForm):
    student = PersonChoice(queryset=User.objects.none(), label=_("Student"))
    mentor = PersonChoice(queryset=User.objects.none(), label=_("Enterprise mentor"))
    supervisor = PersonChoice(queryset=User.objects.none(), label=_("College supervisor"))

    class Meta:
        model = Internship
        fields = [
            "student",
            "student_birth_date",
            "major",
            "kind",
            "enterprise",
            "position",
            "mentor",
            "supervisor",
            "start_date",
            "end_date",
            "length_reason",
            "hours_per_day",
            "shift",
            "pay_per_month",
            "works_independently",
            "student_fee",
            "intermediary",
            "insurer",
            "policy_number",
            "insured_from",
            "insured_to",
        ]
        widgets = {
            "student_birth_date": DATE,
            "start_date": DATE,
            "end_date": DATE,
            "insured_from": DATE,
            "insured_to": DATE,
            "length_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "student_fee": _("The rules forbid any fee, deposit or commission: leave it at 0."),
            "intermediary": _("The rules forbid placement through an intermediary: leave it empty."),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        college_id = user.college_id or 0
        _field(self, "student").queryset = User.objects.filter(
            role=Role.STUDENT, college_id=college_id, is_active=True
        )
        _field(self, "supervisor").queryset = User.objects.filter(
            role__in=(Role.TEACHER, Role.COLLEGE_ADMIN), college_id=college_id, is_active=True
        )
        _field(self, "mentor").queryset = User.objects.filter(
            role=Role.ENGINEER, is_active=True
        ).select_related("enterprise")
        _field(self, "mentor").label_from_instance = lambda u: (
            f"{_person(u)} ({u.enterprise.name if u.enterprise else '—'})"
        )
        _field(self, "major").queryset = Major.objects.filter(college_id=college_id)
        _field(self, "enterprise").queryset = Enterprise.objects.all()
        _field(self, "position").queryset = Position.objects.select_related("enterprise")


class InsuranceForm(forms.ModelForm):
    class Meta:
        model = Internship
        fields = ["insurer", "policy_number", "insured_from", "insured_to"]
        widgets = {"insured_from": DATE, "insured_to": DATE}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = True


class AcceptAgreementForm(forms.Form):
    guardian_name = forms.CharField(
        label=_("Guardian's name"),
        max_length=200,
        required=False,
        help_text=_("The student is under 18: the guardian accepts the agreement too."),
    )

    def __init__(self, *args: Any, guardian: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not guardian:
            del self.fields["guardian_name"]
        else:
            self.fields["guardian_name"].required = True


class PreJobTrainingForm(forms.ModelForm):
    class Meta:
        model = PreJobTraining
        fields = ["kind", "topic", "module", "completed_on"]
        widgets = {"completed_on": DATE}

    def __init__(self, *args: Any, college_id: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "module").queryset = Module.objects.filter(course__college_id=college_id)


class MentorForm(forms.Form):
    mentor = PersonChoice(queryset=User.objects.none(), label=_("New mentor"))
    reason = forms.CharField(
        label=_("Why (optional)"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, internship: Internship, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "mentor").queryset = User.objects.filter(
            role=Role.ENGINEER, enterprise_id=internship.enterprise_id, is_active=True
        ).exclude(pk=internship.mentor_id)


class TrainingCompletionForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE)


class EndForm(forms.Form):
    on = forms.DateField(label=_("Last day"), widget=DATE)
    hired = forms.BooleanField(label=_("The enterprise offers the student a job"), required=False)
    job_position = forms.CharField(label=_("Job offered"), max_length=200, required=False)
    in_field = forms.BooleanField(label=_("In the field of study"), required=False, initial=True)


class PayForm(forms.Form):
    month = forms.DateField(label=_("Month (any day of it)"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount paid"), min_value=0, max_digits=10, decimal_places=2)


class LogForm(forms.Form):
    internship = forms.ModelChoiceField(queryset=Internship.objects.none(), label=_("Internship"))
    date = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=0.25, max_value=24, max_digits=4, decimal_places=2)
    shift = forms.ChoiceField(label=_("Shift"), choices=Shift.choices)
    tasks = forms.CharField(label=_("Tasks done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "internship").queryset = Internship.objects.filter(
            student=user, status=Internship.Status.ACTIVE
        ).select_related("position", "student")


def _internships_for(user: User, *statuses: str) -> Any:
    """The internships in these states the person may see (the policy's scope)."""
    rows = Internship.objects.select_related("student", "position").filter(status__in=statuses)
    return InternshipPolicy().visible(user, rows)


class VisitForm(forms.ModelForm):
    class Meta:
        model = InternshipVisit
        fields = ["internship", "kind", "date", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "internship").queryset = _internships_for(user, "active", "ended")


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = InternshipEvaluation
        fields = ["internship", "rating", "comment"]
        widgets = {"comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        internships = _internships_for(user, "ended")
        if user.role == Role.ENGINEER:  # only the mentor evaluates for the enterprise
            internships = internships.filter(mentor=user)
        _field(self, "internship").queryset = internships


class ConcernForm(forms.Form):
    internship = forms.ModelChoiceField(queryset=Internship.objects.none(), label=_("Internship"))
    message = forms.CharField(
        label=_("Your concern"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "internship").queryset = _internships_for(user, "preparing", "active", "ended")


class ResolveForm(forms.Form):
    note = forms.CharField(
        label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class PlanForm(forms.Form):
    internship = forms.ModelChoiceField(queryset=Internship.objects.none(), label=_("Internship"))
    tasks = forms.CharField(
        label=_("Tasks of the position's typical work"),
        help_text=_("One per line."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.all(), label=_("Skills the tasks build"), required=False
    )
    module = forms.ModelChoiceField(
        queryset=Module.objects.none(),
        label=_("Module the tasks count towards"),
        required=False,
        help_text=_("Completed tasks become the module's credit when the internship ends."),
    )
    repetitive = forms.CharField(
        label=_("Simple repetitive tasks"),
        help_text=_("One per line; a plan of these alone is flagged."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        internships = _internships_for(user, "preparing", "active").filter(plan__isnull=True)
        _field(self, "internship").queryset = internships
        _field(self, "module").queryset = Module.objects.filter(
            course__college__internships__in=internships
        ).distinct()


class ProgressForm(forms.Form):
    task = forms.ChoiceField(label=_("Task"))
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)

    def __init__(self, *args: Any, plan: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "task").choices = [(t.pk, t.title) for t in plan.tasks.all()] if plan else []


class PositionForm(forms.ModelForm):
    class Meta:
        model = Position
        fields = ["name", "staff", "probation_wage", "skills"]

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = HoursException
        fields = ["major", "position", "max_hours_per_day", "night_shifts", "reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _field(self, "major").queryset = Major.objects.filter(college_id=user.college_id or 0)
        _field(self, "position").queryset = Position.objects.select_related("enterprise")
        _field(self, "position").label = pgettext_lazy("job", "Position")
