from typing import Any

from allauth.account.models import EmailAddress
from allauth.socialaccount.providers.feishu.provider import FeishuProvider as AllauthFeishuProvider

from ..phones import e164
from .views import Adapter


class FeishuProvider(AllauthFeishuProvider):
    name = "Feishu"
    oauth2_adapter_class = Adapter

    def verified_phones(self, data: dict[str, Any]) -> list[str]:
        """The mobile number a Feishu account signs in with (``+86…``), verified by Feishu."""
        phone = e164(data.get("mobile"))
        return [phone] if phone else []

    def extract_email_addresses(self, data: dict[str, Any]) -> list[EmailAddress]:
        """The enterprise mailbox the organisation gave the person is theirs for certain; the
        personal ``email`` field is not verified, so it is not offered for matching."""
        email = data.get("enterprise_email")
        return [EmailAddress(email=email, verified=True, primary=True)] if email else []


provider_classes = [FeishuProvider]
