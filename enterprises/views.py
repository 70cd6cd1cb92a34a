"""The enterprise engineer's dashboard and the actions it offers (the same services as the API)."""

from typing import cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from accounts.pages import act, back_to, form_errors, require, run, scoped_or_404
from colleges import services as college_services
from colleges.models import DualPosition, PracticeLog
from colleges.permissions import DualPositionPolicy, PracticeLogPolicy

from . import careers, services
from .forms import AcceptDeliveryForm, ProjectForm
from .models import Application, Employment, IpAgreement, Project
from .permissions import ApplicationPolicy, EmploymentPolicy, IpAgreementPolicy, ProjectPolicy


@login_required
@require_POST
def project_post(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = ProjectForm(request.POST)
    enterprise = user.enterprise
    if user.role != Role.ENGINEER or enterprise is None:
        raise PermissionDenied(_("Only an enterprise's engineers post its projects."))
    if not form.is_valid():
        form_errors(request, form)
        return back_to(request)
    data = form.cleaned_data

    def create() -> None:
        project = services.project_create(
            actor=user,
            enterprise=enterprise,
            title=data["title"],
            description=data["description"],
            seats=data["seats"],
            visibility=data["visibility"],
            skills=data["skills"],
        )
        if data["open_now"]:
            services.project_open(project=project, actor=user)

    return run(request, create, _("The project was posted."))


@login_required
@require_POST
def project_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    policy = ProjectPolicy()
    project = scoped_or_404(policy, request, Project.objects.all(), pk)
    user = cast(User, request.user)
    if action == "open":
        require(policy, request, "open", project)
        return run(
            request, lambda: services.project_open(project=project, actor=user), _("The project is open.")
        )
    if action == "accept":
        require(policy, request, "accept", project)
        form = AcceptDeliveryForm(request.POST)
        if not form.is_valid():
            form_errors(request, form)
            return back_to(request)
        return run(
            request,
            lambda: services.project_accept(project=project, actor=user, **form.cleaned_data),
            _("The delivery was accepted."),
        )
    if action == "apply":
        require(policy, request, "apply", project)
        motivation = request.POST.get("motivation", "").strip() or _("I would like to work on this project.")
        return run(
            request,
            lambda: services.project_apply(project=project, student=user, motivation=motivation[:5000]),
            _("Your application was sent."),
        )
    require(policy, request, "start", project)
    return run(
        request, lambda: services.project_start(project=project, actor=user), _("The project has started.")
    )


@login_required
@require_POST
def application_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if action == "accept":
        call, success = services.application_accept, _("The applicant joined the team.")
    else:
        action, call, success = "decline", services.application_decline, _("The application was declined.")
    return act(
        request,
        ApplicationPolicy(),
        Application.objects.select_related("project"),
        pk,
        action,
        lambda application, user: call(application=application, actor=user),
        success,
    )


@login_required
@require_POST
def position_recognize(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        DualPositionPolicy(),
        DualPosition.objects.all(),
        pk,
        "recognize",
        lambda position, user: college_services.dual_position_recognize(position=position, actor=user),
        _("The dual position is recognised."),
    )


@login_required
@require_POST
def practice_log_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        PracticeLogPolicy(),
        PracticeLog.objects.select_related("dual_position"),
        pk,
        "confirm",
        lambda log, user: college_services.practice_log_confirm(log=log, actor=user),
        _("The practice hours are confirmed."),
    )


@login_required
@require_POST
def employment_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        EmploymentPolicy(),
        Employment.objects.select_related("learner"),
        pk,
        "confirm",
        lambda employment, user: careers.employment_confirm(employment=employment, actor=user),
        _("The employment is confirmed."),
    )


@login_required
@require_POST
def ip_agreement_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        IpAgreementPolicy(),
        IpAgreement.objects.select_related("project"),
        pk,
        "accept",
        lambda agreement, user: careers.ip_agreement_accept(agreement=agreement, actor=user),
        _("You accepted the IP terms."),
    )
