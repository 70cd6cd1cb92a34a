from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from apprenticeship.models import Apprenticeship
from courses.models import Skill
from internships.models import Internship

from .models import Feedback

STARS = [("", "—"), *((str(n), str(n)) for n in range(1, 6))]


def _stars(label: Any, *, required: bool = True, help_text: Any = "") -> forms.ChoiceField:
    choices = STARS if not required else STARS[1:]
    return forms.ChoiceField(label=label, choices=choices, required=required, help_text=help_text)


class RateStudentForm(forms.Form):
    """The engineer's side: overall, each of the project's skills (optional), a comment the
    student reads and a note for the college."""

    rating = _stars(_("The student's work overall (1–5)"))
    comment = forms.CharField(
        label=_("Comment to the student"),
        help_text=_("The student reads this once both sides have written or the feedback closes."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    private_note = forms.CharField(
        label=_("Note for the college"),
        help_text=_(
            "Only the student's college reads this on the portal; the student receives it only with "
            "a copy of all the data held about them."
        ),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, feedback: Feedback, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        mine = {r.skill_id: str(r.rating) for r in feedback.skill_ratings.all()}
        self.skills = list(feedback.project.skills.order_by("name"))
        for skill in self.skills:
            self.fields[f"skill_{skill.pk}"] = _stars(
                _("Skill: %(skill)s (1–5, optional)") % {"skill": skill},
                required=False,
                help_text=_("3 or more endorses the skill on the student's profile."),
            )
            self.initial[f"skill_{skill.pk}"] = mine.get(skill.pk, "")
        if feedback.engineer_submitted_at:
            self.initial.update(
                rating=str(feedback.student_rating),
                comment=feedback.engineer_comment,
                private_note=feedback.private_note,
            )
        order = ["rating", *(f"skill_{s.pk}" for s in self.skills), "comment", "private_note"]
        self.order_fields(order)

    def skill_ratings(self) -> dict[int, str]:
        return {s.pk: self.cleaned_data.get(f"skill_{s.pk}", "") for s in self.skills}


class RateProjectForm(forms.Form):
    project_rating = _stars(_("The project (1–5)"))
    mentor_rating = _stars(_("Your mentor (1–5)"))
    comment = forms.CharField(
        label=_("Comment to the enterprise"),
        help_text=_("The enterprise reads this once both sides have written or the feedback closes."),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, feedback: Feedback, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if feedback.student_submitted_at:
            self.initial.update(
                project_rating=str(feedback.project_rating),
                mentor_rating=str(feedback.mentor_rating),
                comment=feedback.student_comment,
            )


class EndorsementForm(forms.Form):
    internship = forms.ModelChoiceField(
        label=_("Intern"),
        queryset=Internship.objects.none(),
        required=False,
        help_text=_("Interns you mentor."),
    )
    apprenticeship = forms.ModelChoiceField(
        label=_("Apprentice"),
        queryset=Apprenticeship.objects.none(),
        required=False,
        help_text=_("Or an apprentice you mentor."),
    )
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.order_by("name"))
    rating = _stars(_("Rating (1–5, optional)"), required=False)
    comment = forms.CharField(
        label=_("Comment"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["internship"]
        field.queryset = Internship.objects.filter(mentor=user).select_related("student", "position")
        apprentices: Any = self.fields["apprenticeship"]
        apprentices.queryset = Apprenticeship.objects.filter(mentor=user, active=True).select_related(
            "learner", "ladder", "level"
        )
        apprentices.label_from_instance = lambda a: (
            f"{a.learner.get_full_name() or a.learner.username} · {a.ladder.name} → {a.level.name}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool(data.get("internship")) == bool(data.get("apprenticeship")):
            raise forms.ValidationError(_("Choose an intern or an apprentice, one of them."))
        return data
