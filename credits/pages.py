"""Credit requests in the web application: the student's requests and the form to ask, each
approver's list with what waits for them, and the request's page with its history."""

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.pagekit import Action, Column, Section, badge

from . import services
from .forms import CreditRequestForm, DeclineForm
from .models import CreditRequest
from .permissions import CreditRequestPolicy


class CreditRequestFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("State"), choices=CreditRequest.Status.choices, empty_label=_("Any state")
    )

    class Meta:
        model = CreditRequest
        fields = ["status"]


def _create(user: User, data: dict[str, Any]) -> CreditRequest:
    return services.credit_request_submit(
        student=user,
        module=data["module"],
        project=data.get("project"),
        internship=data.get("internship"),
        sponsor=data.get("sponsor"),
        statement=data.get("statement", ""),
    )


CREDIT_REQUESTS = Section(
    name="credit-requests",
    title=_("Credit for work-based learning"),
    policy=CreditRequestPolicy(),
    queryset=lambda: CreditRequest.objects.select_related(
        "student", "module", "project", "internship__position", "internship__enterprise", "sponsor", "credit"
    ),
    columns=[
        Column(_("Student"), lambda r: services.name(r.student), sort="student__last_name", link=True),
        Column(_("Module"), "module.title", sort="module__title"),
        Column(_("For"), "source_title"),
        Column(_("Asked at"), lambda r: r.created_at.date().isoformat(), sort="created_at"),
        Column(_("State"), lambda r: badge(r.status, r.get_status_display()), sort="status"),
    ],
    detail_template="credits/credit_request_detail.html",
    search_fields=("module__title", "project__title", "student__username", "student__last_name"),
    filterset=CreditRequestFilter,
    default_ordering=("-created_at", "-id"),
    actions=[
        Action(
            "approve",
            _("Approve"),
            "approve",
            lambda r, u, d: services.credit_request_approve(request=r, actor=u),
            _("Approved: the next step is told; on the last approval the credit is banked."),
            available=lambda r, u: services.my_turn(u, r),
        ),
        Action(
            "decline",
            _("Decline"),
            "decline",
            lambda r, u, d: services.credit_request_decline(request=r, actor=u, reason=d["reason"]),
            _("Declined: the student reads why."),
            available=lambda r, u: services.my_turn(u, r),
            form=DeclineForm,
            style="secondary",
        ),
    ],
    row_actions=("approve",),
    create_form=CreditRequestForm,
    create=_create,
    create_label=_("Ask for credit"),
    create_permission=lambda u: u.role == Role.STUDENT,
    form_kwargs=lambda user, row: {"user": user},
    context=lambda request, row: {
        "history": row.decisions.select_related("actor"),
        "my_turn": services.my_turn(request.user, row),
    },
    row_title=lambda r: f"{r.module.title} · {services.name(r.student)}",
)

SECTIONS = [CREDIT_REQUESTS]
