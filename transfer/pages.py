"""Industry calls, responses, technology summaries and inventors' shares in the web
application; every write goes through ``transfer.services``."""

from typing import Any

import django_filters
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.errors import Invalid
from accounts.models import Role, User
from accounts.pagekit import Action, Column, ReasonForm, Section, badge, with_links
from enterprises.models import Enterprise

from . import services
from .forms import (
    CallForm,
    OpenDualPositionForm,
    OpenProjectForm,
    ResponseForm,
    StartCallForm,
    StartProjectForm,
    TechSummaryForm,
    TransferForm,
    inventors_text,
)
from .models import Call, CallResponse, InventorShare, TechSummary, Transfer
from .permissions import (
    CallPolicy,
    CallResponsePolicy,
    InventorSharePolicy,
    TechSummaryPolicy,
    TransferPolicy,
)


def person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def _call_state(call: Call) -> str:
    if services.is_open(call):
        return badge("open", _("Taking responses"))
    return badge("closed", _("Closed"))


# --- calls -------------------------------------------------------------------------------------


def _create_call(user: User, data: dict[str, Any]) -> Call:
    enterprise = user.enterprise
    if not isinstance(enterprise, Enterprise):
        raise Invalid("title", str(_("Only an enterprise's engineers post calls.")))
    return services.call_post(actor=user, enterprise=enterprise, **data)


def _may_post(user: User) -> bool:
    enterprise = user.enterprise
    return (
        user.role == Role.ENGINEER
        and isinstance(enterprise, Enterprise)
        and enterprise.vetting == Enterprise.Vetting.APPROVED
    )


def _may_respond(call: Call, user: Any) -> bool:
    return (
        services.is_open(call)
        and getattr(user, "is_authenticated", False)
        and not CallResponse.objects.filter(call=call, responder_id=user.pk).exists()
    )


def _respond(call: Call, user: User, data: dict[str, Any]) -> CallResponse:
    return services.response_submit(call=call, actor=user, **data)


def _call_context(request: HttpRequest, call: Call) -> dict[str, Any]:
    responses = CallResponsePolicy().visible(
        request.user, CallResponse.objects.filter(call=call).select_related("responder", "college")
    )
    return {"responses": with_links(request, responses), "is_open": services.is_open(call)}


def _call_enterprises(request: HttpRequest | None) -> Any:
    """The enterprises a list of calls may be narrowed to: those with a call the reader sees
    (not every enterprise of the platform, thousands of them)."""
    user = getattr(request, "user", None)
    if user is None:
        return Enterprise.objects.none()
    calls = CallPolicy().visible(user, Call.objects.order_by())
    return Enterprise.objects.filter(pk__in=calls.values("enterprise_id")).order_by("name")


class CallFilter(django_filters.FilterSet):
    enterprise = django_filters.ModelChoiceFilter(label=_("Enterprise"), queryset=_call_enterprises)
    budget_band = django_filters.ChoiceFilter(
        label=_("Budget band"),
        choices=Call._meta.get_field("budget_band").choices,
        empty_label=_("Any budget"),
    )

    class Meta:
        model = Call
        fields = ["budget_band", "enterprise"]


CALLS = Section(
    name="calls",
    title=_("Industry calls"),
    policy=CallPolicy(),
    queryset=lambda: Call.objects.select_related("enterprise"),
    columns=[
        Column(_("Industry call"), "title", sort="title", link=True),
        Column(_("Enterprise"), "enterprise.name", sort="enterprise__name"),
        Column(_("Budget band"), "get_budget_band_display", sort="budget_band"),
        Column(_("Deadline"), "deadline", sort="deadline"),
        Column(_("State"), _call_state),
    ],
    detail_template="transfer/call_detail.html",
    search_fields=("title", "need", "enterprise__name"),
    filterset=CallFilter,
    default_ordering=("-deadline", "-id"),
    create_form=CallForm,
    create=_create_call,
    create_label=_("Post a call"),
    create_permission=_may_post,
    edit_form=CallForm,
    edit=lambda c, u, d: services.call_update(call=c, actor=u, data=d),
    editable=services.is_open,
    edit_initial=lambda c: {
        "title": c.title,
        "need": c.need,
        "skills": list(c.skills.all()),
        "budget_band": c.budget_band,
        "deadline": c.deadline,
        "confidential": c.confidential,
    },
    actions=[
        Action(
            "respond",
            _("Respond"),
            "respond",
            _respond,
            _("Your response is sent: the enterprise reads it."),
            available=_may_respond,
            form=ResponseForm,
            redirect_to=lambda c, r: reverse("call-responses-detail", args=[r.pk]),
        )
    ],
    context=_call_context,
    row_title=lambda c: c.title,
)


# --- responses -------------------------------------------------------------------------------


def _submitted(r: CallResponse, user: Any) -> bool:
    return r.status == CallResponse.Status.SUBMITTED


def _may_open(r: CallResponse, user: Any) -> bool:
    return r.status == CallResponse.Status.SHORTLISTED and not (r.project_id or r.dual_position_id)


def _response_calls(request: HttpRequest | None) -> Any:
    """The calls a list of responses may be narrowed to: those the reader may read (an
    engineer never sees another enterprise's calls; nobody sees a pending enterprise's)."""
    user = getattr(request, "user", None)
    if user is None:
        return Call.objects.none()
    return CallPolicy().visible(user, Call.objects.order_by("-deadline", "-id"))


class ResponseFilter(django_filters.FilterSet):
    call = django_filters.ModelChoiceFilter(label=_("Industry call"), queryset=_response_calls)
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=CallResponse.Status.choices, empty_label=_("Any state")
    )

    class Meta:
        model = CallResponse
        fields = ["status", "call"]


CALL_RESPONSES = Section(
    name="call-responses",
    title=_("Responses to calls"),
    policy=CallResponsePolicy(),
    queryset=lambda: CallResponse.objects.select_related("call__enterprise", "responder", "college"),
    columns=[
        Column(_("Industry call"), "call.title", sort="call__title", link=True),
        Column(_("Enterprise"), "call.enterprise.name"),
        Column(_("Responder"), lambda r: person(r.responder), sort="responder__last_name"),
        Column(_("College"), "college.name", sort="college__name"),
        Column(_("State"), lambda r: badge(r.status, r.get_status_display()), sort="status"),
        Column(_("Sent"), "created_at", sort="created_at"),
    ],
    detail_template="transfer/call_response_detail.html",
    search_fields=("call__title", "problem", "approach", "responder__last_name", "college__name"),
    filterset=ResponseFilter,
    default_ordering=("-created_at", "-id"),
    actions=[
        Action(
            "shortlist",
            _("Shortlist"),
            "shortlist",
            lambda r, u, d: services.response_shortlist(response=r, actor=u, reason=d["reason"]),
            _("The response is shortlisted: the responder reads why."),
            available=_submitted,
            form=ReasonForm,
        ),
        Action(
            "decline",
            _("Decline"),
            "decline",
            lambda r, u, d: services.response_decline(response=r, actor=u, reason=d["reason"]),
            _("The response is declined: the responder reads why."),
            available=_submitted,
            form=ReasonForm,
            style="secondary",
        ),
        Action(
            "open-project",
            _("Open a project"),
            "open_project",
            lambda r, u, d: services.response_open_project(response=r, actor=u, **d),
            _("A draft project is made from the call: check it and open it to colleges."),
            available=_may_open,
            form=OpenProjectForm,
            redirect_to=lambda r, project: reverse("projects-detail", args=[project.pk]),
        ),
        Action(
            "open-dual-position",
            _("Open a dual position"),
            "open_dual_position",
            lambda r, u, d: services.response_open_dual_position(response=r, actor=u, **d),
            _("The teacher is proposed for a dual position: recognise it to make it active."),
            available=lambda r, u: _may_open(r, u) and r.responder.role == Role.TEACHER,
            form=OpenDualPositionForm,
            style="secondary",
            redirect_to=lambda r, position: reverse("dual-positions-detail", args=[position.pk]),
        ),
    ],
    row_title=lambda r: f"{r.call.title} · {person(r.responder)}",
)


# --- technology summaries ------------------------------------------------------------------------


def _form_kwargs(user: User, row: TechSummary | None) -> dict[str, Any]:
    return {"college_id": row.college_id if row is not None else user.college_id}


def _publish(user: User, data: dict[str, Any]) -> TechSummary:
    college = user.college
    if college is None:
        raise Invalid("title", str(_("Only a college's administrators publish its summaries.")))
    inventors = data.pop("inventors")
    return services.summary_publish(actor=user, college=college, inventors=inventors, **data)


def _summary_context(request: HttpRequest, summary: TechSummary) -> dict[str, Any]:
    transfers = TransferPolicy().visible(request.user, Transfer.objects.filter(summary=summary))
    return {
        "inventors": summary.inventors.select_related("user") if request.user.is_authenticated else [],
        "transfers": transfers.prefetch_related("shares__inventor"),
        "calls": with_links(request, summary.calls.all()),
    }


class SummaryFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=TechSummary.Kind.choices, empty_label=_("Any kind")
    )

    class Meta:
        model = TechSummary
        fields = ["kind", "college"]


TECH_SUMMARIES = Section(
    name="tech-summaries",
    title=_("Technology summaries"),
    policy=TechSummaryPolicy(),
    queryset=lambda: TechSummary.objects.select_related("college", "contact"),
    columns=[
        Column(_("Result"), "title", sort="title", link=True),
        Column(_("Kind"), "get_kind_display", sort="kind"),
        Column(_("College"), "college.name", sort="college__name"),
        Column(_("Industries served"), "industries"),
        Column(_("Visibility"), "get_visibility_display", sort="visibility"),
    ],
    detail_template="transfer/tech_summary_detail.html",
    search_fields=("title", "abstract", "industries", "patent_number", "college__name"),
    filterset=SummaryFilter,
    default_ordering=("-created_at", "-id"),
    public=True,
    create_form=TechSummaryForm,
    create=_publish,
    create_label=_("Publish a summary"),
    create_permission=lambda u: u.role == Role.COLLEGE_ADMIN and u.college_id is not None,
    edit_form=TechSummaryForm,
    edit=lambda s, u, d: services.summary_update(summary=s, actor=u, data=d),
    edit_initial=lambda s: {
        "title": s.title,
        "kind": s.kind,
        "abstract": s.abstract,
        "patent_number": s.patent_number,
        "patent_status": s.patent_status,
        "skills": list(s.skills.all()),
        "industries": s.industries,
        "contact": s.contact_id,
        "visibility": s.visibility,
        "inventors": inventors_text(s),
    },
    form_kwargs=_form_kwargs,
    actions=[
        Action(
            "record-transfer",
            _("Record a transfer"),
            "record_transfer",
            lambda s, u, d: services.transfer_record(summary=s, actor=u, **d),
            _("The transfer is recorded: the college's evidence and the inventors' shares are written."),
            form=TransferForm,
            confirm=_("Record this transfer? Its evidence and the inventors' shares cannot be undone."),
        ),
        Action(
            "start-call",
            _("Start a call"),
            "start_call",
            lambda s, u, d: services.summary_start_call(summary=s, actor=u, **d),
            _("The call is posted: colleges respond until its deadline."),
            form=StartCallForm,
            redirect_to=lambda s, call: CALLS.url("detail", call.pk),
        ),
        Action(
            "start-project",
            _("Start a project"),
            "start_project",
            lambda s, u, d: services.summary_start_project(summary=s, actor=u, **d),
            _("A draft project is made from the summary: check it and open it to colleges."),
            form=StartProjectForm,
            style="secondary",
            redirect_to=lambda s, project: reverse("projects-detail", args=[project.pk]),
        ),
    ],
    context=_summary_context,
    row_title=lambda s: s.title,
)


# --- inventors' shares -------------------------------------------------------------------------------

INVENTOR_SHARES = Section(
    name="inventor-shares",
    title=_("Inventors' shares"),
    policy=InventorSharePolicy(),
    queryset=lambda: InventorShare.objects.select_related("transfer__summary", "inventor"),
    columns=[
        Column(_("Result"), "transfer.summary.title", link=True),
        Column(_("Date"), "transfer.date", sort="transfer__date"),
        Column(_("Kind of transfer"), "transfer.get_kind_display"),
        Column(_("Inventor"), lambda s: person(s.inventor), sort="inventor__last_name"),
        Column(_("Contribution (%)"), "contribution", sort="contribution"),
        Column(_("Share (yuan)"), "amount", sort="amount"),
    ],
    search_fields=("transfer__summary__title", "inventor__last_name", "inventor__username"),
    default_ordering=("-transfer__date", "-id"),
    row_url=lambda s: reverse("tech-summaries-detail", args=[s.transfer.summary_id]),
)

SECTIONS = [CALLS, CALL_RESPONSES, TECH_SUMMARIES, INVENTOR_SHARES]
