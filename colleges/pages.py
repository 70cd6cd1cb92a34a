"""The college side of the web application: dual positions and practice hours, majors and
the committee's decisions, industry colleges with their partners and shares."""

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.forms import limit_choices, person_label
from accounts.models import Role, User
from accounts.pagekit import Action, Column, Section, Tool, badge, links

from . import partnerships, services, shares
from .models import Contribution, DualPosition, IndustryCollege, Major, Partnership, PracticeLog
from .permissions import (
    CohortPolicy,
    DualPositionPolicy,
    IndustryCollegePolicy,
    MajorPolicy,
    PartnershipPolicy,
    PracticeLogPolicy,
    SharesPolicy,
)

# --- Dual positions and practice hours -----------------------------------------------------------


class ProposeForm(forms.ModelForm[DualPosition]):
    """A model form: the enterprise is the position's own relation, so this layer names no
    enterprise app."""

    class Meta:
        model = DualPosition
        fields = ["user", "enterprise", "role", "title", "start_date"]
        labels = {"role": _("Second role"), "title": pgettext_lazy("position", "Title")}
        widgets = {"start_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, college_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teachers = User.objects.filter(role=Role.TEACHER, is_active=True).order_by("last_name", "first_name")
        limit_choices(self, "user", teachers.filter(college_id=college_id) if college_id else teachers.none())
        self.fields["user"].label = _("Teacher")
        self.fields["user"].label_from_instance = person_label  # type: ignore[attr-defined]


class LogHoursForm(forms.Form):
    position = forms.ModelChoiceField(queryset=DualPosition.objects.none(), label=_("At the enterprise"))
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=_("Hours"), min_value=Decimal("0.25"), max_value=Decimal(24), decimal_places=2
    )
    description = forms.CharField(
        label=_("What you did"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, teacher: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].queryset = DualPosition.objects.filter(  # type: ignore[attr-defined]
            user=teacher, status=DualPosition.Status.ACTIVE
        ).select_related("enterprise")
        self.fields["position"].label_from_instance = lambda p: f"{p.enterprise.name}: {p.title}"  # type: ignore[attr-defined]
        self.fields["date"].initial = timezone.localdate()


DUAL_POSITIONS = Section(
    name="dual-positions",
    title=_("Dual positions"),
    policy=DualPositionPolicy(),
    queryset=lambda: DualPosition.objects.select_related("user__college", "enterprise"),
    # Named at read time: the row's str() (the audit summary) carries ids, not names.
    row_title=lambda p: f"{p.user.get_full_name() or p.user.username}: {p.title} @ {p.enterprise.name}",
    columns=[
        Column(_("Teacher"), lambda p: p.user.get_full_name() or p.user.username, sort="user__last_name"),
        Column(_("Enterprise"), "enterprise.name", sort="enterprise__name"),
        Column(_("Second role"), "get_role_display"),
        Column(pgettext_lazy("position", "Title"), "title"),
        Column(_("Since"), "start_date", sort="start_date"),
        Column(_("State"), lambda p: badge(p.status, p.get_status_display()), sort="status"),
    ],
    detail_template="colleges/dual_position_detail.html",
    search_fields=("user__first_name", "user__last_name", "enterprise__name", "title"),
    default_ordering=("-created_at", "-id"),
    create_form=ProposeForm,
    create=lambda u, d: services.dual_position_propose(
        actor=u,
        teacher=d["user"],
        enterprise_id=d["enterprise"].pk,
        role=d["role"],
        title=d["title"],
        start_date=d["start_date"],
    ),
    create_label=_("Propose dual position"),
    create_permission=lambda u: u.role == Role.COLLEGE_ADMIN,
    form_kwargs=lambda u, row: {"college_id": u.college_id},
    actions=[
        Action(
            "recognize",
            _("Recognize"),
            "recognize",
            lambda p, u, d: services.dual_position_recognize(position=p, actor=u),
            _("The dual position is recognised."),
            available=lambda p, u: p.status == DualPosition.Status.PROPOSED,
        )
    ],
    row_actions=("recognize",),
    context=lambda request, p: {"logs": p.practice_logs.order_by("-date")[:50]},
)


def _log_hours(user: User, data: dict[str, Any]) -> PracticeLog:
    return services.practice_log_submit(
        teacher=user,
        enterprise_id=data["position"].enterprise_id,
        date=data["date"],
        hours=data["hours"],
        description=data["description"],
    )


class PracticeLogFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=PracticeLog.Status.choices, empty_label=_("Any state")
    )

    class Meta:
        model = PracticeLog
        fields = ["status"]


PRACTICE_LOGS = Section(
    name="practice-logs",
    title=_("Practice hours"),
    policy=PracticeLogPolicy(),
    queryset=lambda: PracticeLog.objects.select_related("dual_position__user", "dual_position__enterprise"),
    row_title=lambda g: (
        f"{g.dual_position.user.get_full_name() or g.dual_position.user.username} {g.date}: {g.hours} h"
    ),
    columns=[
        Column(
            _("Teacher"),
            lambda log: log.dual_position.user.get_full_name() or log.dual_position.user.username,
        ),
        Column(_("Enterprise"), "dual_position.enterprise.name"),
        Column(_("Date"), "date", sort="date"),
        Column(_("Hours"), "hours", sort="hours"),
        Column(_("What was done"), "description"),
        Column(_("State"), lambda log: badge(log.status, log.get_status_display()), sort="status"),
    ],
    detail_template="colleges/practice_log_detail.html",
    search_fields=("description", "dual_position__enterprise__name", "dual_position__user__last_name"),
    filterset=PracticeLogFilter,
    default_ordering=("-date", "-id"),
    create_form=LogHoursForm,
    create=_log_hours,
    create_label=_("Log hours"),
    create_permission=lambda u: u.role == Role.TEACHER,
    form_kwargs=lambda u, row: {"teacher": u},
    actions=[
        Action(
            "confirm",
            _("Confirm"),
            "confirm",
            lambda log, u, d: services.practice_log_confirm(log=log, actor=u),
            _("The practice hours are confirmed."),
            available=lambda log, u: log.status == PracticeLog.Status.SUBMITTED,
        ),
        Action(
            "reject",
            _("Reject"),
            "reject",
            lambda log, u, d: services.practice_log_reject(log=log, actor=u),
            _("The practice hours are rejected."),
            available=lambda log, u: log.status == PracticeLog.Status.SUBMITTED,
            confirm=_("Reject these hours? They will not count."),
            style="danger",
        ),
    ],
    row_actions=("confirm",),
)


# --- Majors and the committee's decisions on the radar's advice ----------------------------------


class DecisionForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("keep", _("Keep")), ("adjust", _("Adjust")), ("close", _("Close"))]
    )
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


MAJORS = Section(
    name="majors",
    title=_("Majors"),
    policy=MajorPolicy(),
    queryset=lambda: Major.objects.select_related("college"),
    columns=[
        Column(_("Major"), "name", sort="name"),
        Column(_("Code"), "code", sort="code"),
        Column(_("College"), "college.name", sort="college__name"),
        Column(_("Radar"), lambda m: badge(m.status, m.get_status_display()), sort="status"),
    ],
    detail_template="colleges/major_detail.html",
    search_fields=("name", "code", "college__name"),
    default_ordering=("college__name", "code"),
    actions=[],  # the radar's layer adds "Record decision" (evaluation.pages)
    tools=[
        Tool(_("Import cohorts"), "import", ("cohorts",), allowed=lambda u: CohortPolicy().can(u, "import"))
    ],
)


# --- Industry colleges, their partners and shares -------------------------------------------------


class ContributionForm(forms.Form):
    partner = forms.ChoiceField(label=_("Partner"))
    kind = forms.ChoiceField(label=_("Contribution"), choices=Contribution.Kind.choices)
    valuation = forms.DecimalField(
        label=_("Valuation"), min_value=Decimal("0.01"), max_digits=16, decimal_places=2
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, industry_college: IndustryCollege | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partners = [("", industry_college.college.name if industry_college else "")]
        if industry_college is not None:
            partners += [(str(e.pk), e.name) for e in industry_college.enterprises.order_by("name")]
        self.fields["partner"].choices = partners  # type: ignore[attr-defined]


class DistributionForm(forms.Form):
    period = forms.CharField(label=_("Period"), max_length=20)
    amount = forms.DecimalField(label=_("Amount (a loss is negative)"), max_digits=16, decimal_places=2)


def _contribute(ic: IndustryCollege, user: User, data: dict[str, Any]) -> Contribution:
    return shares.contribution_record(
        industry_college=ic,
        actor=user,
        enterprise_id=int(data["partner"]) if data["partner"] else None,
        kind=data["kind"],
        valuation=data["valuation"],
        date=data["date"],
    )


def _industry_context(request: Any, ic: IndustryCollege) -> dict[str, Any]:
    user = request.user
    sees_shares = SharesPolicy().visible(user, IndustryCollege.objects.filter(pk=ic.pk)).exists()
    partner_names: dict[int | None, str] = {
        None: ic.college.name,
        **{e.pk: e.name for e in ic.enterprises.all()},
    }
    invited = list(ic.partnerships.filter(status=Partnership.Status.PROPOSED).select_related("enterprise"))
    pages = links(request, invited)
    for partnership in invited:
        partnership.page = pages.get((Partnership, partnership.pk), "")  # type: ignore[attr-defined]
    return {
        "partners": ic.enterprises.order_by("name"),
        "invited": invited,
        "shares": [
            {"name": partner_names.get(item["enterprise"], "?"), "share": item["share"] * 100}
            for item in shares.shares_as_of(ic, timezone.localdate())
        ]
        if sees_shares
        else [],
        "distributions": ic.distributions.prefetch_related("allocations__enterprise") if sees_shares else [],
    }


class InviteForm(forms.Form):
    enterprise = forms.ModelChoiceField(
        queryset=IndustryCollege._meta.get_field("enterprises").related_model._default_manager.order_by(
            "name"
        ),
        label=_("Enterprise"),
    )


PARTNERSHIPS = Section(
    name="partnerships",
    title=_("Partnerships"),
    policy=PartnershipPolicy(),
    queryset=lambda: Partnership.objects.select_related("industry_college__college", "enterprise"),
    columns=[
        Column(_("Enterprise"), "enterprise.name", sort="enterprise__name"),
        Column(_("Industry college"), "industry_college.name", sort="industry_college__name"),
        Column(_("College"), "industry_college.college.name"),
        Column(_("State"), lambda p: badge(p.status, p.get_status_display()), sort="status"),
        Column(_("Invited"), "proposed_at", sort="proposed_at"),
    ],
    detail_template="colleges/partnership_detail.html",
    search_fields=("enterprise__name", "industry_college__name", "industry_college__college__name"),
    default_ordering=("-proposed_at", "-id"),
    row_title=lambda p: f"{p.enterprise.name} — {p.industry_college.name}",
    actions=[
        Action(
            "accept",
            _("Accept"),
            "accept",
            lambda p, u, d: partnerships.partnership_accept(partnership=p, actor=u),
            _("Your enterprise is a partner of the industry college."),
            available=lambda p, u: p.status == Partnership.Status.PROPOSED,
            confirm=_(
                "Join this industry college? Its college's staff and students will see your partners-only "
                "projects and can take them on."
            ),
        ),
        Action(
            "decline",
            _("Decline"),
            "decline",
            lambda p, u, d: partnerships.partnership_decline(partnership=p, actor=u),
            _("The invitation is declined."),
            available=lambda p, u: p.status == Partnership.Status.PROPOSED,
            style="secondary",
        ),
        Action(
            "end",
            _("End the partnership"),
            "end",
            lambda p, u, d: partnerships.partnership_end(partnership=p, actor=u),
            _("The partnership has ended."),
            available=lambda p, u: p.status == Partnership.Status.ACCEPTED,
            confirm=_("End this partnership? Partners-only projects no longer open to the other side."),
            style="danger",
        ),
    ],
    row_actions=("accept",),
)


INDUSTRY_COLLEGES = Section(
    name="industry-colleges",
    title=_("Industry colleges"),
    policy=IndustryCollegePolicy(),
    queryset=lambda: IndustryCollege.objects.select_related("college").prefetch_related("enterprises"),
    columns=[
        Column(_("Industry college"), "name", sort="name"),
        Column(_("College"), "college.name", sort="college__name"),
        Column(_("Partner enterprises"), lambda ic: ", ".join(e.name for e in ic.enterprises.all()) or "—"),
    ],
    detail_template="colleges/industry_college_detail.html",
    search_fields=("name", "college__name", "enterprises__name"),
    default_ordering=("college__name", "name"),
    context=_industry_context,
    actions=[
        Action(
            "invite",
            _("Invite an enterprise"),
            "update",
            lambda ic, u, d: partnerships.partnership_propose(
                industry_college=ic, enterprise_id=d["enterprise"].pk, actor=u
            ),
            _("The enterprise is invited: it becomes a partner once one of its engineers accepts."),
            form=InviteForm,
        ),
        Action(
            "contribute",
            _("Record a contribution"),
            "update",
            _contribute,
            _("The contribution is recorded; shares follow it."),
            form=ContributionForm,
            form_kwargs=lambda ic, u: {"industry_college": ic},
        ),
        Action(
            "distribute",
            _("Split a profit or loss"),
            "update",
            lambda ic, u, d: shares.distribution_create(
                industry_college=ic,
                actor=u,
                period=d["period"],
                amount=d["amount"],
                as_of=timezone.localdate(),
            ),
            _("The amount is split by share, to the cent."),
            form=DistributionForm,
            confirm=_("Split this amount by today's shares? A period is split once and never recomputed."),
        ),
    ],
)

SECTIONS = [DUAL_POSITIONS, PRACTICE_LOGS, MAJORS, INDUSTRY_COLLEGES, PARTNERSHIPS]
