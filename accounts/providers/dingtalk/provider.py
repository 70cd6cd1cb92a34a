from typing import Any

from allauth.socialaccount.providers.dingtalk.provider import DingTalkProvider as AllauthDingTalkProvider

from ..phones import e164
from .views import Adapter


class DingTalkProvider(AllauthDingTalkProvider):
    oauth2_adapter_class = Adapter

    def verified_phones(self, data: dict[str, Any]) -> list[str]:
        """A DingTalk account is its mobile number (verified by SMS when it was made); its
        ``stateCode`` is the country calling code. The e-mail DingTalk returns is whatever the
        person typed, unverified, so it is not used."""
        phone = e164(data.get("mobile"), data.get("stateCode") or "86")
        return [phone] if phone else []


provider_classes = [DingTalkProvider]
