"""The forms of frameworks, competencies, plan templates and teachers' marks. Choices are cut
to what the person may name; the services check every rule again."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from colleges.models import Major
from courses.models import Module, Skill

from .models import Competency, DescriptionFormat, Framework

DEFAULT_SCALE = "Not yet competent,Competent"
DEFAULT_CONFIGURATION = (
    '[{"scaleid":"1"},{"id":1,"scaledefault":1,"proficient":0},{"id":2,"scaledefault":0,"proficient":1}]'
)


def _choices(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


class FrameworkForm(forms.Form):
    major = forms.ModelChoiceField(label=_("Major"), queryset=Major.objects.none())
    idnumber = forms.CharField(label=_("ID number"), max_length=100)
    shortname = forms.CharField(label=_("Short name"), max_length=100)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_format = forms.TypedChoiceField(
        label=_("Description format"),
        choices=DescriptionFormat.choices,
        coerce=int,
        initial=DescriptionFormat.PLAIN,
    )
    scale_values = forms.CharField(
        label=_("Scale values"),
        initial=DEFAULT_SCALE,
        help_text=_("The proficiency scale's values, lowest first, separated by commas."),
    )
    scale_configuration = forms.CharField(
        label=_("Scale configuration"),
        initial=DEFAULT_CONFIGURATION,
        help_text=_("Moodle's JSON: which value is the default and which count as proficient."),
    )
    taxonomies = forms.CharField(label=_("Taxonomy"), max_length=300, required=False)

    def __init__(self, *args: Any, user: User, row: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if row is not None:
            del self.fields["major"]
        else:
            _choices(self, "major", Major.objects.filter(college_id=user.college_id or 0).order_by("name"))


class ImportForm(forms.Form):
    major = forms.ModelChoiceField(label=_("Major"), queryset=Major.objects.none())
    file = forms.FileField(label=_("CSV file"))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "major", Major.objects.filter(college_id=user.college_id or 0).order_by("name"))


class SkillChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        ids = " · ".join(part for part in (obj.code, obj.esco_uri, obj.occupation_code) if part)
        return f"{obj.local_name} ({ids})"


class CompetencyForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("Framework"), queryset=Framework.objects.none())
    parent = forms.ModelChoiceField(label=_("Under"), queryset=Competency.objects.none(), required=False)
    idnumber = forms.CharField(label=_("ID number"), max_length=100)
    shortname = forms.CharField(label=_("Short name"), max_length=100)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    skills = SkillChoices(label=_("Skills"), queryset=Skill.objects.order_by("code"), required=False)
    modules = forms.ModelMultipleChoiceField(
        label=_("Modules that teach it"), queryset=Module.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: User, row: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        college: int = row.framework.college_id if row is not None else (user.college_id or 0)
        if row is not None:
            del self.fields["framework"]
            _choices(self, "parent", row.framework.competencies.exclude(pk=row.pk))
        else:
            _choices(self, "framework", Framework.objects.filter(college_id=college))
            _choices(self, "parent", Competency.objects.filter(framework__college_id=college))
        _choices(self, "modules", Module.objects.filter(course__college_id=college).select_related("course"))


class TemplateForm(forms.Form):
    framework = forms.ModelChoiceField(label=_("Framework"), queryset=Framework.objects.none())
    entry_year = forms.IntegerField(label=_("Cohort (year of entry)"), min_value=1990, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200)

    def __init__(self, *args: Any, user: User, row: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "framework", Framework.objects.filter(college_id=user.college_id or 0))


class MarkForm(forms.Form):
    competency = forms.ModelChoiceField(label=_("Competency"), queryset=Competency.objects.none())
    note = forms.CharField(label=_("Note"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        queryset = Competency.objects.filter(framework_id=plan.template.framework_id).exclude(
            marks__plan=plan
        )
        _choices(self, "competency", queryset)
