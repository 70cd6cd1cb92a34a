"""The login page: allauth's, answering 429 once failed attempts are rate limited."""

from typing import Any

from allauth.account import views as allauth_views
from django.http import HttpResponse


class LoginView(allauth_views.LoginView):
    """allauth's login, answering 429 (not the form again) once failures are rate limited."""

    def form_invalid(self, form: Any) -> HttpResponse:
        response = super().form_invalid(form)
        if any(error.code == "too_many_login_attempts" for error in form.non_field_errors().as_data()):
            response.status_code = 429
        return response
