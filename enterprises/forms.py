"""Forms of the enterprise pages: what each action asks for, validated before the service
sees it (the service still checks every rule)."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.forms import PersonChoiceField, limit_choices
from accounts.models import Role, User
from courses.models import Module, Skill
from enterprises.models import Application, Enterprise, LadderLevel, Project


class ProjectForm(forms.ModelForm[Project]):
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("code"),
        required=False,
        label=_("Skills"),
        widget=forms.CheckboxSelectMultiple,
    )
    mentor = PersonChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Mentor"),
        help_text=_("The engineer who guides the students."),
        empty_label=_("Not yet named"),
    )
    open_now = forms.BooleanField(required=False, initial=True, label=_("Open it to colleges now"))

    class Meta:
        model = Project
        fields = [
            "title",
            "description",
            "seats",
            "visibility",
            "skills",
            "mentor",
            "starts_on",
            "ends_on",
            "hours_cap",
        ]
        labels = {"title": pgettext_lazy("project", "Title")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, enterprise_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "mentor",
            User.objects.filter(role=Role.ENGINEER, enterprise_id=enterprise_id or 0).order_by("last_name"),
        )


class ProjectEditForm(ProjectForm):
    open_now = None  # type: ignore[assignment]


class ProposeModuleForm(forms.Form):
    module = forms.ModelChoiceField(queryset=Module.objects.none(), label=_("Module"))
    message = forms.CharField(
        label=_("Message"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self, *args: Any, user: User | None = None, project: Project | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        modules = Module.objects.select_related("course__college").order_by("course__title", "title")
        if user is not None and user.role != Role.ENGINEER and not user.is_platform_admin:
            modules = modules.filter(course__college_id=user.college_id or 0)  # their college's own
        limit_choices(self, "module", modules)


class MatchAcceptForm(forms.Form):
    scope_note = forms.CharField(
        label=_("Change of scope (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    starts_on = forms.DateField(
        label=_("Starts on (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Ends on (optional)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MatchDeclineForm(forms.Form):
    reply = forms.CharField(label=_("Why"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class TakeOnForm(forms.Form):
    module = forms.ModelChoiceField(
        queryset=Module.objects.none(),
        required=False,
        label=_("As a teaching case in the module (optional)"),
        empty_label=_("No module"),
    )

    def __init__(self, *args: Any, college_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        modules = (
            Module.objects.filter(course__college_id=college_id) if college_id else Module.objects.none()
        )
        limit_choices(self, "module", modules.select_related("course"))


class ApplyForm(forms.Form):
    motivation = forms.CharField(
        label=_("Why you, for this project"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class DeliverForm(forms.Form):
    summary = forms.CharField(
        label=_("What is delivered"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4})
    )
    link = forms.URLField(
        label=_("Link to the deliverables (optional)"), required=False, assume_scheme="https"
    )


class AcceptDeliveryForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating (1–5)"), choices=[(i, str(i)) for i in range(5, 0, -1)], coerce=int
    )
    feedback = forms.CharField(
        label=_("Feedback"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FeedbackForm(forms.Form):
    feedback = forms.CharField(
        label=_("Why the delivery is rejected"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ChangesForm(forms.Form):
    reason = forms.CharField(
        label=_("What to change"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AbandonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class TalentDemandForm(forms.Form):
    skill = forms.ModelChoiceField(queryset=Skill.objects.order_by("name"), label=_("Skill"))
    headcount = forms.IntegerField(label=_("Head count"), min_value=1, max_value=100000)
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    region = forms.CharField(label=_("Region (blank: the enterprise's)"), max_length=100, required=False)


class CsvForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_("UTF-8 or GB18030 (as Excel saves it); the first line names the columns."),
    )


def enterprise_learners(enterprise_id: int) -> QuerySet[User]:
    """The learners an enterprise knows: those it employs, took on in its projects, or
    promoted on its ladders (never every student of every college)."""
    return (
        User.objects.filter(role=Role.STUDENT, is_active=True)
        .filter(
            Q(employments__enterprise_id=enterprise_id)
            | Q(applications__project__enterprise_id=enterprise_id, applications__status="accepted")
            | Q(promotions__level__ladder__enterprise_id=enterprise_id)
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def known_learners(user: User | None) -> QuerySet[User]:
    """Whom a person may record an employment for: a college's own students, or the learners
    the engineer's enterprise knows."""
    students = User.objects.filter(role=Role.STUDENT, is_active=True).order_by("last_name", "first_name")
    if user is None:
        return students.none()
    if user.is_platform_admin:
        return students
    if user.role == Role.COLLEGE_ADMIN and user.college_id:
        return students.filter(college_id=user.college_id)
    if user.role == Role.ENGINEER and user.enterprise_id:
        return enterprise_learners(user.enterprise_id)
    return students.none()


class EmploymentForm(forms.Form):
    learner = PersonChoiceField(queryset=User.objects.none(), label=_("Graduate"))
    enterprise = forms.ModelChoiceField(queryset=Enterprise.objects.order_by("name"), label=_("Employer"))
    position = forms.CharField(label=pgettext_lazy("job", "Position"), max_length=200)
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    in_field = forms.BooleanField(label=_("In the field of study"), required=False)

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "learner", known_learners(user))
        if user is not None and user.role == Role.ENGINEER and user.enterprise_id:
            limit_choices(self, "enterprise", Enterprise.objects.filter(pk=user.enterprise_id))
            self.fields["enterprise"].initial = user.enterprise_id


class ReviewForm(forms.Form):
    period = forms.IntegerField(label=_("Year reviewed"), min_value=1990, max_value=2100)
    rating = forms.TypedChoiceField(
        label=_("Rating (1–5)"), choices=[(i, str(i)) for i in range(5, 0, -1)], coerce=int
    )
    adaptation_days = forms.IntegerField(
        label=_("Days to independent work (optional)"), min_value=0, required=False
    )
    promoted = forms.BooleanField(label=_("Promoted"), required=False)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


class PromoteForm(forms.Form):
    learner = PersonChoiceField(queryset=User.objects.none(), label=_("Learner"))
    level = forms.ModelChoiceField(queryset=LadderLevel.objects.none(), label=_("Level"))

    def __init__(self, *args: Any, ladder: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ladder is not None:
            limit_choices(self, "learner", enterprise_learners(ladder.enterprise_id))
            limit_choices(self, "level", ladder.levels.order_by("rank"))


class IpTermsForm(forms.Form):
    enterprise_pct = forms.DecimalField(
        label=_("Enterprise owns, %"), min_value=0, max_value=100, decimal_places=2
    )
    college_pct = forms.DecimalField(label=_("College owns, %"), min_value=0, max_value=100, decimal_places=2)
    students_pct = forms.DecimalField(
        label=_("Students own, %"), min_value=0, max_value=100, decimal_places=2
    )
    revenue_share_pct = forms.DecimalField(
        label=_("College's share of licensing revenue, %"), min_value=0, max_value=100, decimal_places=2
    )
    embargo_days = forms.IntegerField(label=_("Publication embargo, days"), min_value=0, max_value=3650)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        parts = [data.get(name) for name in ("enterprise_pct", "college_pct", "students_pct")]
        if None not in parts and sum(parts) != 100:  # type: ignore[arg-type]
            raise forms.ValidationError(_("Ownership percentages must add up to 100."))
        return data


class ApproveEnterpriseForm(forms.Form):
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        min_length=18,
        help_text=_("18 characters, as on the business licence; the last one is checked."),
    )
    contact_verified = forms.BooleanField(
        label=_("I verified the enterprise's contact (a call or a visit, not only its e-mail)")
    )
    site_visit_on = forms.DateField(
        label=_("Site visited on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("What looks suspicious"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ClearFlagForm(forms.Form):
    note = forms.CharField(
        label=_("What was checked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class UpholdFlagForm(forms.Form):
    note = forms.CharField(
        label=_("Why the posting is withdrawn"),
        help_text=_("The enterprise reads this; it never learns who flagged the posting."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HourLogEditForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal(10),
        decimal_places=1,
        help_text=_("In half hours: at most 10 a day and 30 a week."),
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    description = forms.CharField(
        label=_("What you did"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class HourLogForm(HourLogEditForm):
    """A student's new log: on one of the projects under way they are accepted on."""

    project = forms.ModelChoiceField(queryset=Project.objects.none(), label=_("Project"))
    field_order = ["project", "date", "hours", "description"]

    def __init__(self, *args: Any, student_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["project"]).queryset = Project.objects.filter(
            status=Project.Status.IN_PROGRESS,
            applications__student_id=student_id or 0,
            applications__status=Application.Status.ACCEPTED,
        ).order_by("title")


class RejectHoursForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the hours are rejected"),
        help_text=_("The student reads this."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
