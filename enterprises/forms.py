from django import forms
from django.utils.translation import gettext_lazy as _

from courses.models import Skill
from enterprises.models import Project


class ProjectForm(forms.ModelForm[Project]):
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("code"),
        required=False,
        label=_("Skills"),
        widget=forms.CheckboxSelectMultiple,
    )
    open_now = forms.BooleanField(required=False, initial=True, label=_("Open it to colleges now"))

    class Meta:
        model = Project
        fields = ["title", "description", "seats", "visibility", "skills"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class AcceptDeliveryForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"), choices=[(i, str(i)) for i in range(5, 0, -1)], coerce=int
    )
    feedback = forms.CharField(
        label=_("Feedback"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
