"""Forms of the course pages."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.forms import PeopleChoiceField, PersonChoiceField, limit_choices
from accounts.models import Role, User
from colleges.models import Major

from .models import CertificateType, Course, Module, Skill
from .terms import upcoming_terms


def _college_people(college_id: int | None, role: str) -> Any:
    if not college_id:
        return User.objects.none()
    return User.objects.filter(role=role, college_id=college_id, is_active=True).order_by(
        "last_name", "first_name"
    )


class CourseForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40)
    title = forms.CharField(label=pgettext_lazy("course", "Title"), max_length=200)
    major = forms.ModelChoiceField(
        queryset=Major.objects.none(), label=_("Major"), required=False, empty_label=_("No major")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, college_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self, "major", Major.objects.filter(college_id=college_id) if college_id else Major.objects.none()
        )


class ModuleForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("module", "Title"), max_length=200)
    credits = forms.DecimalField(
        label=_("Credits"), min_value=Decimal("0.5"), max_value=Decimal(30), decimal_places=1
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        label=_("Skills"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OfferingForm(forms.Form):
    module = forms.ModelChoiceField(queryset=Module.objects.none(), label=_("Module"))
    term = forms.ChoiceField(label=_("Term"))
    capacity = forms.IntegerField(label=_("Seats"), min_value=1, max_value=10000)
    teacher = PersonChoiceField(
        queryset=User.objects.none(), label=_("Teacher"), required=False, empty_label=_("Not yet named")
    )

    def __init__(self, *args: Any, course: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = course.modules.all() if course else Module.objects.none()  # type: ignore[attr-defined]
        self.fields["term"].choices = upcoming_terms()  # type: ignore[attr-defined]
        self.fields["teacher"].queryset = _college_people(course.college_id if course else None, Role.TEACHER)  # type: ignore[attr-defined]


class CompleteForm(forms.Form):
    grade = forms.DecimalField(
        label=_("Grade (0–100)"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2
    )
    passed = forms.BooleanField(label=_("Passed"), required=False, initial=True)


class CertificateForm(forms.Form):
    learner = PersonChoiceField(queryset=User.objects.none(), label=_("Learner"))
    certificate_type = forms.ModelChoiceField(
        queryset=CertificateType.objects.order_by("name"), label=_("Certificate")
    )
    issued_on = forms.DateField(label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"}))
    number = forms.CharField(label=_("Certificate number"), max_length=100)

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        learners = User.objects.none()
        if user is not None and user.role == Role.STUDENT:
            learners = User.objects.filter(pk=user.pk)
            self.fields["learner"].initial = user.pk
        elif user is not None:
            learners = _college_people(user.college_id, Role.STUDENT)
        self.fields["learner"].queryset = learners  # type: ignore[attr-defined]


class CertificateTypeForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=200)
    issuer = forms.CharField(label=_("Issued by (as the certificate names it)"), max_length=200)


class ConversionRuleForm(forms.Form):
    module = forms.ModelChoiceField(queryset=Module.objects.none(), label=_("Module"))
    credits = forms.DecimalField(
        label=_("Credits"), min_value=Decimal("0.5"), max_value=Decimal(30), decimal_places=1
    )

    def __init__(self, *args: Any, college_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = (
            Module.objects.filter(course__college_id=college_id) if college_id else Module.objects.none()
        )
        limit_choices(self, "module", modules.select_related("course"))


class TrainingForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("training", "Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.5"), max_value=Decimal(1000), decimal_places=2
    )
    attendees = PeopleChoiceField(
        queryset=User.objects.filter(role=Role.STUDENT, is_active=True).order_by("last_name", "first_name"),
        label=_("Attendees"),
        required=False,
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        label=_("Skills"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class MaterialForm(forms.Form):
    course: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=Course.objects.none(), label=_("Course")
    )
    title = forms.CharField(label=pgettext_lazy("material", "Title"), max_length=200)
    last_minor_revision = forms.DateField(
        label=_("Last minor revision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    last_major_revision = forms.DateField(
        label=_("Last major revision"), widget=forms.DateInput(attrs={"type": "date"})
    )
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"),
        label=_("Skills"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, college_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "course",
            Course.objects.filter(college_id=college_id) if college_id else Course.objects.none(),
        )


class GraduateForm(forms.Form):
    date = forms.DateField(label=_("Graduation date"), widget=forms.DateInput(attrs={"type": "date"}))
