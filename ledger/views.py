"""The ledger's page actions: a college administrator submits evidence."""

from decimal import Decimal
from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import User
from accounts.pages import act, back_to, form_errors, run

from . import services as ledger_services
from .models import Evidence
from .permissions import EvidencePolicy
from .services import known_indicator_codes


class EvidenceForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("Indicator"))
    value = forms.DecimalField(label=gettext_lazy("Value"), max_digits=16, decimal_places=4)
    occurred_on = forms.DateField(
        label=gettext_lazy("Occurred on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=gettext_lazy("Note or document reference"), max_length=2000)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicator"].choices = [(c, c) for c in sorted(known_indicator_codes())]  # type: ignore[attr-defined]


@login_required
@require_POST
def evidence_submit(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    form = EvidenceForm(request.POST)
    college = user.college
    if college is None or not user.is_college_admin:
        raise PermissionDenied(_("Only a college's administrators submit its evidence."))
    if not form.is_valid():
        form_errors(request, form)
        return back_to(request)
    data = form.cleaned_data
    return run(
        request,
        lambda: ledger_services.evidence_submit(
            actor=user,
            college=college,
            indicator=data["indicator"],
            value=Decimal(data["value"]),
            occurred_on=data["occurred_on"],
            note=data["note"],
        ),
        _("The evidence was submitted for verification."),
    )


@login_required
@require_POST
def evidence_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    note = request.POST.get("note", "")[:2000]
    if action == "verify":
        call, success = ledger_services.evidence_verify, _("Verified.")
    else:
        call, success = ledger_services.evidence_reject, _("Rejected.")
    # Verifying and rejecting are one permission: the evaluator's.
    return act(
        request,
        EvidencePolicy(),
        Evidence.objects.all(),
        pk,
        "verify",
        lambda evidence, user: call(evidence=evidence, actor=user, note=note),
        success,
    )
