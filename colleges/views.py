"""The roster import page: a college administrator uploads teachers and students from CSV."""

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts import imports
from accounts.models import User
from accounts.policies import UserPolicy

from .roster import COLUMNS, OPTIONAL

MAX_BYTES = 20 * 1024 * 1024


class RosterForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Roster (CSV)"),
        help_text=gettext_lazy("UTF-8 or GB18030, as Excel saves it. The first line names the columns."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    """Upload a roster: it is imported in the background while the next page shows how far it
    has got."""
    user = cast(User, request.user)
    if not UserPolicy().can(user, "import") or user.college is None:
        raise PermissionDenied(_("Only a college's administrators import its roster."))
    form = RosterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", _("At most 20 MB at a time."))
        else:
            job = imports.start("roster", user=user, raw=upload.read(), language=get_language())
            return redirect("import-job", pk=job.pk)
    return render(
        request,
        "colleges/roster_import.html",
        {"form": form, "columns": COLUMNS, "optional": OPTIONAL},
        status=400 if form.errors else 200,
    )
