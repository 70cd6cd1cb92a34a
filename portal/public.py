"""Public pages about colleges and enterprises as issuers of credentials, their revocation
lists, and the page where anyone checks a credential."""

import json
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.pages import json_ld, negotiated, wants_json_ld
from colleges.models import College
from courses import openbadges
from enterprises.models import Enterprise

from .verification import verify

ORGANISATIONS: dict[str, Any] = {"colleges": College, "enterprises": Enterprise}
MAX_UPLOAD = 256 * 1024  # a credential is a few kilobytes; this bounds the work of a paste


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@require_GET
def organisation_profile(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """An issuer's address: its Open Badges profile and signing key for machines, a page for
    people."""
    organisation = get_object_or_404(ORGANISATIONS[kind], code=code)
    document = openbadges.issuer_profile_document(organisation, kind, _base_url(request))
    if wants_json_ld(request):
        return json_ld(document)
    return negotiated(
        render(
            request,
            "portal/organisation.html",
            {"organisation": organisation, "kind": kind, "document": document},
        )
    )


@require_GET
def status_list(request: HttpRequest, kind: str, code: str) -> HttpResponse:
    """The issuer's revocation list: a signed BitstringStatusListCredential."""
    organisation = get_object_or_404(ORGANISATIONS[kind], code=code)
    response = json_ld(openbadges.status_list_document(organisation, kind, _base_url(request)))
    response["Cache-Control"] = "no-cache"  # a revocation must be seen at once
    return response


class VerifyForm(forms.Form):
    document = forms.CharField(
        label=gettext_lazy("Paste the credential (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        max_length=MAX_UPLOAD,
    )
    upload = forms.FileField(label=gettext_lazy("…or upload its file"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("document") or ""
        upload = data.get("upload")
        if upload is not None:
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(_("The file is larger than a credential can be."))
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise forms.ValidationError(_("The file is not UTF-8 text.")) from exc
        if not text.strip():
            raise forms.ValidationError(_("Paste a credential or choose its file."))
        try:
            data["parsed"] = json.loads(text)
        except (ValueError, RecursionError) as exc:
            raise forms.ValidationError(_("This is not valid JSON.")) from exc
        return data


@require_http_methods(["GET", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    """Anyone pastes or uploads a credential and sees whether it holds, and why."""
    form = VerifyForm(request.POST or None, request.FILES or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        verdict = verify(form.cleaned_data["parsed"], base_url=_base_url(request))
    return render(request, "portal/verify.html", {"form": form, "verdict": verdict})
