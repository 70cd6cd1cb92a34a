"""Logging in through WeChat, WeCom, DingTalk or Feishu (allauth's social accounts).

Nobody gets an account by logging in: a first login through a provider is matched to the
one active person whose recorded mobile number (``User.phone``) or e-mail equals a mobile
number or e-mail the provider asserts as verified; the provider's account is then connected
to them and they are logged in (their second factor still asked for, as for a password).
No such person, or more than one, and the login is refused on the login page, nothing
created. A person connects more providers from their profile, and cannot disconnect the last
way they have to log in."""

from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from .models import User

WECHAT_BROWSER = "micromessenger"
# The providers' names as people know them (also in templates/socialaccount/snippets).
PROVIDER_NAMES = {
    "weixin": _("WeChat"),
    "wecom": _("WeCom"),
    "dingtalk": _("DingTalk"),
    "feishu": _("Feishu"),
}


class NotConfigured(SocialApp.DoesNotExist, Http404):
    """A provider this deployment did not configure: its addresses answer 404, and allauth's
    code that looks for an app still sees that there is none."""


def verified_identifiers(sociallogin: SocialLogin) -> tuple[list[str], list[str]]:
    """The mobile numbers (E.164) and e-mails the provider asserts as the person's, verified."""
    provider = sociallogin.account.get_provider()
    data = sociallogin.account.extra_data or {}
    phones_of = getattr(provider, "verified_phones", None)
    phones = list(phones_of(data)) if phones_of else []
    emails = [address.email for address in sociallogin.email_addresses if address.verified and address.email]
    return phones, emails


def match(sociallogin: SocialLogin) -> list[User]:
    """The active people whose mobile number or e-mail is one the provider verified (at most
    two looked up: one is a match, two are too many)."""
    phones, emails = verified_identifiers(sociallogin)
    condition = Q(phone__in=phones) if phones else Q(pk__in=[])
    for email in emails:
        condition |= Q(email__iexact=email)
    return list(User.objects.filter(condition, is_active=True)[:2])


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "no_password": _(
            "This is the only way you have to log in: set a password first, then disconnect it."
        ),
    }

    def is_open_for_signup(self, request: HttpRequest, sociallogin: SocialLogin) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """Connect a first login to the one person it matches, or refuse it."""
        if sociallogin.is_existing or sociallogin.state.get("process") == AuthProcess.CONNECT:
            return  # a known account logs in; a logged-in person connects one (allauth checks)
        people = match(sociallogin)
        if len(people) != 1:
            provider = sociallogin.account.provider
            provider = PROVIDER_NAMES.get(provider, provider)
            if people:
                message = _(
                    "Your %(provider)s account matches more than one person here, so it cannot "
                    "log you in. Log in with your password and connect %(provider)s from your profile."
                )
            else:
                message = _(
                    "No one here has the mobile number or e-mail your %(provider)s account "
                    "gives. Log in with your password and connect %(provider)s from your "
                    "profile, or ask your college or the platform's administrators."
                )
            messages.error(request, message % {"provider": provider})
            raise ImmediateHttpResponse(redirect("account_login"))
        sociallogin.connect(request, people[0])

    def get_app(self, request: HttpRequest, provider: Any, client_id: Any = None) -> SocialApp:
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist as error:
            raise NotConfigured(str(provider)) from error

    def list_apps(self, request: HttpRequest, provider: Any = None, client_id: Any = None) -> list[SocialApp]:
        """Inside WeChat, WeChat's login is the official account's app (``in_wechat``); in any
        other browser, the open platform's QR-code app."""
        apps = super().list_apps(request, provider=provider, client_id=client_id)
        in_wechat = WECHAT_BROWSER in (request.headers.get("User-Agent", "") if request else "").lower()
        return [
            app
            for app in apps
            if app.provider != "weixin" or client_id or bool(app.settings.get("in_wechat")) == in_wechat
        ]
