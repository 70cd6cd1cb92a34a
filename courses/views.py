"""The student's and the teacher's dashboards, and the actions they offer."""

from decimal import Decimal
from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from accounts.models import User
from accounts.pages import act, back_to, form_errors, require, run, scoped_or_404
from colleges import services as college_services
from colleges.models import DualPosition

from . import lifelong as lifelong_services
from . import services, signing
from .lifelong import transcript
from .models import Certificate, Credential, Enrollment, Offering
from .permissions import CertificatePolicy, EnrollmentPolicy, LearnerPolicy, OfferingPolicy


class GradeForm(forms.Form):
    grade = forms.DecimalField(
        label=gettext_lazy("Grade"), min_value=Decimal(0), max_value=Decimal(100), decimal_places=2
    )
    passed = forms.BooleanField(label=gettext_lazy("Passed"), required=False)


class PracticeLogForm(forms.Form):
    dual_position = forms.ModelChoiceField(
        queryset=DualPosition.objects.none(), label=gettext_lazy("Enterprise")
    )
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    hours = forms.DecimalField(
        label=gettext_lazy("Hours"), min_value=Decimal("0.25"), max_value=Decimal(24), decimal_places=2
    )
    description = forms.CharField(label=gettext_lazy("What you did"), max_length=2000)

    def __init__(self, *args: object, teacher: User, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["dual_position"].queryset = DualPosition.objects.filter(  # type: ignore[attr-defined]
            user=teacher, status=DualPosition.Status.ACTIVE
        ).select_related("enterprise")


@login_required
@require_POST
def enroll(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        OfferingPolicy(),
        Offering.objects.all(),
        pk,
        "enroll",
        lambda offering, user: services.offering_enroll(offering=offering, learner=user),
        _("You are enrolled."),
    )


@login_required
@require_POST
def grade(request: HttpRequest, pk: int) -> HttpResponse:
    policy = EnrollmentPolicy()
    enrollment = scoped_or_404(
        policy, request, Enrollment.objects.select_related("offering__module__course"), pk
    )
    require(policy, request, "complete", enrollment)
    form = GradeForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return back_to(request)
    return run(
        request,
        lambda: services.enrollment_complete(enrollment=enrollment, actor=request.user, **form.cleaned_data),  # type: ignore[arg-type]
        _("The grade is recorded."),
    )


@login_required
@require_POST
def log_practice(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = PracticeLogForm(request.POST, teacher=user)
    if not form.is_valid():
        form_errors(request, form)
        return back_to(request)
    data = form.cleaned_data
    return run(
        request,
        lambda: college_services.practice_log_submit(
            teacher=user,
            enterprise_id=data["dual_position"].enterprise_id,
            date=data["date"],
            hours=data["hours"],
            description=data["description"],
        ),
        _("Your practice hours were logged."),
    )


@require_GET
def credential_page(request: HttpRequest, pk: int) -> HttpResponse:
    """A credential's public page, where an employer checks it (the JSON-LD is linked)."""
    credential = get_object_or_404(
        Credential.objects.select_related("learner", "issuer_college", "issuer_enterprise").prefetch_related(
            "skills"
        ),
        pk=pk,
    )
    return render(request, "courses/credential.html", {"credential": credential})


@login_required
@require_GET
def transcript_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable transcript (print it to PDF from the browser)."""
    learner = scoped_or_404(LearnerPolicy(), request, User.objects.filter(role="student"), pk)
    require(LearnerPolicy(), request, "transcript", learner)
    if request.GET.get("format") == "pdf":
        from .pdf import transcript_pdf

        college = learner.college.name if learner.college else ""
        content = transcript_pdf(transcript(learner), college=college, as_of=timezone.localdate().isoformat())
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="transcript-{learner.username}.pdf"'
        return response
    return render(
        request,
        "courses/transcript.html",
        {"learner": learner, "transcript": transcript(learner), "today": timezone.localdate()},
    )


@login_required
@require_POST
def certificate_verify(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        CertificatePolicy(),
        Certificate.objects.select_related("learner", "certificate_type"),
        pk,
        "verify",
        lambda certificate, user: lifelong_services.certificate_verify(certificate=certificate, actor=user),
        _("The certificate is verified and its credits are posted."),
    )


@require_GET
def credential_key(request: HttpRequest) -> HttpResponse:
    """The public key credentials are signed with (404 when the portal does not sign)."""
    key = signing.published_key(request.build_absolute_uri("/").rstrip("/"))
    if key is None:
        raise Http404("Credentials are not signed on this portal.")
    return JsonResponse(key)
