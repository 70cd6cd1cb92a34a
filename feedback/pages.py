"""Feedback and endorsements in the web application: the lists, each row's page with what the
viewer may do (rate, hide, show, issue), and the public address of an endorsement credential."""

import uuid
from typing import Any, cast

import django_filters
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.models import Role, User
from accounts.pagekit import Action, Column, Section
from accounts.pages import json_ld, negotiated, wants_json_ld
from apprenticeship.models import Apprenticeship

from . import badges, services
from .forms import EndorsementForm, RateProjectForm, RateStudentForm
from .models import Endorsement, Feedback
from .permissions import EndorsementPolicy, FeedbackPolicy


def person(user: Any) -> str:
    return (user.get_full_name() or user.username) if user else "—"


def badge(value: str, label: Any) -> Any:
    from django.utils.html import format_html

    return format_html('<span class="badge {}">{}</span>', value, label)


# --- feedback ----------------------------------------------------------------------------------


def _open(row: Feedback, user: Any) -> bool:
    return row.is_open()


def _rate_student(row: Feedback, user: User, data: dict[str, Any]) -> Feedback:
    skills = {k: v for k, v in data.items() if k.startswith("skill_") and v}
    return services.feedback_rate_student(
        feedback=row,
        actor=user,
        rating=data["rating"],
        skills={k.removeprefix("skill_"): v for k, v in skills.items()},
        comment=data.get("comment", ""),
        private_note=data.get("private_note", ""),
    )


def _feedback_context(request: HttpRequest, row: Feedback) -> dict[str, Any]:
    user: Any = request.user
    return {
        "engineer_side": services.engineer_side_for(row, user),
        "student_side": services.student_side_for(row, user),
        "private_note": services.private_note_for(row, user),
        "skill_ratings": list(row.skill_ratings.select_related("skill")),
        "closes_on": timezone.localdate(row.closes_at),
    }


FEEDBACK = Section(
    name="feedback",
    title=_("Project feedback"),
    policy=FeedbackPolicy(),
    queryset=lambda: Feedback.objects.select_related("project__enterprise", "student"),
    columns=[
        Column(_("Project"), "project.title", sort="project__title", link=True),
        Column(_("Student"), lambda f: person(f.student), sort="student__last_name"),
        Column(_("Closes on"), "closes_at", sort="closes_at"),
        Column(_("State"), lambda f: badge(f.state, f.get_state_display())),
    ],
    detail_template="feedback/feedback_detail.html",
    search_fields=("project__title", "student__username", "student__last_name"),
    default_ordering=("-opened_at", "-id"),
    actions=[
        Action(
            "rate-student",
            _("Rate the student"),
            "rate_student",
            _rate_student,
            _("Your feedback is saved: you may change it until the feedback closes."),
            available=_open,
            form=RateStudentForm,
            form_kwargs=lambda row, user: {"feedback": row},
        ),
        Action(
            "rate-project",
            _("Rate the project"),
            "rate_project",
            lambda row, user, data: services.feedback_rate_project(
                feedback=row,
                actor=user,
                project_rating=data["project_rating"],
                mentor_rating=data["mentor_rating"],
                comment=data.get("comment", ""),
            ),
            _("Your feedback is saved: you may change it until the feedback closes."),
            available=_open,
            form=RateProjectForm,
            form_kwargs=lambda row, user: {"feedback": row},
        ),
    ],
    context=_feedback_context,
    row_title=lambda f: f"{f.project.title} · {person(f.student)}",
)


# --- endorsements ------------------------------------------------------------------------------


class EndorsementFilter(django_filters.FilterSet):
    hidden = django_filters.BooleanFilter(label=_("Hidden from public view"))

    class Meta:
        model = Endorsement
        fields = ["hidden", "source"]


def _create(user: User, data: dict[str, Any]) -> Endorsement:
    internship, apprenticeship = data.get("internship"), data.get("apprenticeship")
    return services.endorsement_create(
        actor=user,
        learner=internship.student if internship else cast(Apprenticeship, apprenticeship).learner,
        skill=data["skill"],
        internship=internship,
        apprenticeship=apprenticeship,
        comment=data.get("comment", ""),
        rating=data.get("rating") or None,
    )


ENDORSEMENTS = Section(
    name="endorsements",
    title=_("Endorsements"),
    policy=EndorsementPolicy(),
    queryset=lambda: Endorsement.objects.select_related(
        "learner", "skill", "enterprise", "feedback__project"
    ),
    columns=[
        Column(_("Skill"), "skill", sort="skill__name", link=True),
        Column(_("Learner"), lambda e: person(e.learner), sort="learner__last_name"),
        Column(_("Enterprise"), "enterprise.name", sort="enterprise__name"),
        Column(_("Rating"), lambda e: e.rating or "—", sort="rating"),
        Column(_("Endorsed on"), "created_at", sort="created_at"),
        Column(_("Public"), lambda e: _("hidden") if e.hidden else _("shown")),
        Column(_("Credential"), lambda e: _("issued") if e.issued_at else "—"),
    ],
    detail_template="feedback/endorsement_detail.html",
    search_fields=(
        "skill__name",
        "skill__name_zh",
        "learner__username",
        "learner__last_name",
        "enterprise__name",
    ),
    filterset=EndorsementFilter,
    default_ordering=("-created_at", "-id"),
    actions=[
        Action(
            "hide",
            _("Hide from public view"),
            "hide",
            lambda e, u, d: services.endorsement_set_hidden(endorsement=e, actor=u, hidden=True),
            _("The endorsement is hidden: your profile and shared transcript no longer show it."),
            available=lambda e, u: not e.hidden,
            style="secondary",
        ),
        Action(
            "show",
            _("Show publicly"),
            "show",
            lambda e, u, d: services.endorsement_set_hidden(endorsement=e, actor=u, hidden=False),
            _("The endorsement shows on your profile and shared transcript."),
            available=lambda e, u: e.hidden,
            style="secondary",
        ),
        Action(
            "issue",
            _("Issue as a credential"),
            "issue",
            lambda e, u, d: services.endorsement_issue(endorsement=e, actor=u),
            _("The endorsement is issued as a credential signed by the enterprise."),
            available=lambda e, u: e.issued_at is None,
            confirm=_("Issue this endorsement as a credential anyone with its address can verify?"),
        ),
        Action(
            "revoke",
            _("Withdraw the credential"),
            "revoke",
            lambda e, u, d: services.endorsement_revoke(endorsement=e, actor=u),
            _("The credential is withdrawn: the enterprise's revocation list says so."),
            available=lambda e, u: e.issued_at is not None and e.revoked_at is None,
            confirm=_(
                "Withdraw this credential? Whoever checks it will see it revoked; it cannot be issued again."
            ),
            style="danger",
        ),
    ],
    create_form=EndorsementForm,
    create=_create,
    create_label=_("Endorse an intern's skill"),
    create_permission=lambda u: u.role == Role.ENGINEER and u.enterprise_id is not None,
    form_kwargs=lambda user, row: {"user": user},
    context=lambda request, e: {
        "credential_url": badges.credential_url(e, "") if e.issued_at else "",
    },
    row_title=lambda e: f"{e.skill} · {person(e.learner)}",
)


@require_GET
def endorsement_credential(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """An issued endorsement's public address: the signed EndorsementCredential for machines,
    a page for people. A hidden one is still verifiable by whoever holds its address."""
    endorsement = get_object_or_404(
        Endorsement.objects.select_related("skill", "enterprise", "learner", "feedback__project"),
        public_id=public_id,
        issued_at__isnull=False,
    )
    base = request.build_absolute_uri("/").rstrip("/")
    if wants_json_ld(request):
        return json_ld(badges.signed_credential(endorsement, base))
    return negotiated(render(request, "feedback/endorsement_credential.html", {"endorsement": endorsement}))


ENDORSEMENTS.extra_urls = [
    path("endorsements/credentials/<uuid:public_id>/", endorsement_credential, name="endorsement-credential")
]
SECTIONS = [FEEDBACK, ENDORSEMENTS]
