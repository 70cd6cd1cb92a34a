from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.base import ProviderAccount
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider

from ..phones import e164
from .views import Adapter


class WeComAccount(ProviderAccount):
    def get_avatar_url(self) -> str | None:
        return self.account.extra_data.get("avatar")

    def to_str(self) -> str:
        return str(self.account.extra_data.get("name") or self.account.extra_data.get("userid") or "")


class WeComProvider(OAuth2Provider):
    id = "wecom"
    name = "WeCom"
    account_class = WeComAccount
    oauth2_adapter_class = Adapter

    def extract_uid(self, data: dict[str, Any]) -> str:
        """A member id is unique within its organisation only."""
        return f"{data['corpid']}/{data['userid']}"

    def get_default_scope(self) -> list[str]:
        return ["snsapi_privateinfo"]

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"name": data.get("name") or data.get("userid")}

    def verified_phones(self, data: dict[str, Any]) -> list[str]:
        """The mobile number the member signs in to WeCom with (no country code: China's)."""
        phone = e164(data.get("mobile"))
        return [phone] if phone else []

    def extract_email_addresses(self, data: dict[str, Any]) -> list[EmailAddress]:
        """The organisation's mailbox it gave the member (``biz_mail``); the ``email`` an
        administrator typed is not verified."""
        email = data.get("biz_mail")
        return [EmailAddress(email=email, verified=True, primary=True)] if email else []


provider_classes = [WeComProvider]
