"""Pages of the courses app: enrolment, grading and practice logs, credentials and their
holders' public profiles, and transcripts."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.models import LearnerProfile, User
from accounts.pages import (
    act,
    json_ld,
    negotiated,
    require,
    scoped_or_404,
    wants_json_ld,
)

from . import lifelong as lifelong_services
from . import openbadges
from .lifelong import PROFILE_SECTIONS, transcript
from .models import Credential, TranscriptShare
from .permissions import CredentialPolicy, LearnerPolicy


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


CREDENTIALS = Credential.objects.select_related(
    "learner__learner_profile", "issuer_college", "issuer_enterprise", "revoked_by"
).prefetch_related("skills")


@require_GET
def credential_page(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A credential's public address: the signed Open Badges 3.0 JSON-LD for machines, a page
    for people (an employer checking it, the holder choosing what it shows, the issuer)."""
    credential = get_object_or_404(CREDENTIALS, public_id=public_id)
    if wants_json_ld(request):
        return json_ld(
            openbadges.signed_credential(credential, _base_url(request)),
            download=f"credential-{credential.public_id}.json" if request.GET.get("download") else "",
        )
    user = request.user
    policy = CredentialPolicy()
    context = {
        "credential": credential,
        "is_holder": user.is_authenticated and user.pk == credential.learner_id,
        "can_revoke": policy.can(user, "revoke", credential) and not credential.is_revoked,
        "holder": openbadges.holder_name(credential.learner) if credential.shared else "",
        "profile_url": openbadges.learner_url(openbadges.learner_profile(credential.learner), ""),
    }
    return negotiated(render(request, "courses/credential.html", context))


@login_required
@require_POST
def credential_sharing(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    shared = request.POST.get("shared") == "on"
    show_grade = request.POST.get("show_grade") == "on"
    return act(
        request,
        CredentialPolicy(),
        Credential.objects.all(),
        get_object_or_404(Credential, public_id=public_id).pk,
        "share",
        lambda credential, user: lifelong_services.credential_share(
            credential=credential, actor=user, shared=shared, show_grade=show_grade
        ),
        _("Your choice is saved: the credential's public page shows it now."),
        back="home",
    )


@login_required
@require_POST
def credential_revoke(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return act(
        request,
        CredentialPolicy(),
        Credential.objects.all(),
        get_object_or_404(Credential, public_id=public_id).pk,
        "revoke",
        lambda credential, user: lifelong_services.credential_revoke(
            credential=credential, actor=user, reason=reason
        ),
        _("The credential is revoked: its page and its issuer's revocation list say so."),
        back="home",
    )


@require_GET
def learner_public_profile(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """A learner as the subject of their credentials: what they chose to share, nothing else."""
    profile = get_object_or_404(LearnerProfile.objects.select_related("user"), public_id=public_id)
    if wants_json_ld(request):
        return json_ld(openbadges.learner_profile_document(profile, _base_url(request)))
    shared = list(CREDENTIALS.filter(learner_id=profile.user_id, shared=True))
    return negotiated(
        render(
            request,
            "courses/learner_profile.html",
            {
                "shared": shared,
                "name": openbadges.holder_name(profile.user) if shared else "",
                **{key: rows(profile.user) for key, rows in PROFILE_SECTIONS.items()},
            },
        )
    )


@require_GET
def achievement_page(request: HttpRequest, key: str) -> HttpResponse:
    """An achievement every holder of it shares (a module passed, a certificate held…)."""
    credential = CREDENTIALS.filter(achievement_key=key).order_by("-issued_at").first()
    if credential is None:
        raise Http404(_("No such achievement."))
    base = _base_url(request)
    document = openbadges.achievement_document(credential, base)
    if wants_json_ld(request):
        return json_ld({"@context": [openbadges.W3C_CONTEXT, openbadges.OB_CONTEXT], **document})
    organisation, _path = openbadges.issuer_of(credential)
    return negotiated(
        render(
            request,
            "courses/achievement.html",
            {"achievement": document, "credential": credential, "issuer": organisation},
        )
    )


@login_required
@require_GET
def transcript_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The learner's transcript, with its verification address; as a PDF with ?format=pdf."""
    learner = scoped_or_404(LearnerPolicy(), request, User.objects.filter(role="student"), pk)
    require(LearnerPolicy(), request, "transcript", learner)
    share = TranscriptShare.objects.filter(learner=learner, revoked_at=None).first()
    if request.GET.get("format") == "pdf":
        from .pdf import transcript_pdf

        share = share or lifelong_services.transcript_share(learner=learner)
        content = transcript_pdf(
            transcript(learner),
            as_of=timezone.localdate().isoformat(),
            verify_url=request.build_absolute_uri(reverse("transcript-public", args=[share.token])),
        )
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="transcript-{learner.username}.pdf"'
        return response
    return render(
        request,
        "courses/transcript.html",
        {
            "learner": learner,
            "transcript": transcript(learner),
            "today": timezone.localdate(),
            "share": share,
            "is_learner": request.user.pk == learner.pk,
        },
    )


@login_required
@require_POST
def transcript_sharing(request: HttpRequest, pk: int) -> HttpResponse:
    """The learner shares their transcript at a new address, or withdraws every address."""
    learner = scoped_or_404(LearnerPolicy(), request, User.objects.filter(role="student"), pk)
    if learner.pk != request.user.pk:
        raise PermissionDenied(_("Only the learner decides who may see their transcript."))
    if request.POST.get("action") == "revoke":
        lifelong_services.transcript_share_revoke(learner=learner)
        messages.success(
            request, _("Your transcript is no longer shared: its addresses and QR codes stop working.")
        )
    else:
        lifelong_services.transcript_share(learner=learner)
        messages.success(request, _("Your transcript has a verification address."))
    return redirect("transcript", pk=learner.pk)


@require_GET
def transcript_public(request: HttpRequest, token: str) -> HttpResponse:
    """Where a transcript's QR code leads: the transcript as the portal holds it today."""
    share = get_object_or_404(TranscriptShare.objects.select_related("learner"), token=token, revoked_at=None)
    response = render(
        request,
        "courses/transcript_public.html",
        {"learner": share.learner, "transcript": transcript(share.learner), "today": timezone.localdate()},
    )
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_GET
def my_transcript(request: HttpRequest) -> HttpResponse:
    return redirect("transcript", pk=request.user.pk)
