from typing import Any

from allauth.socialaccount.providers.weixin.provider import WeixinProvider as AllauthWeixinProvider

from .views import Adapter


class WeixinProvider(AllauthWeixinProvider):
    name = "WeChat"
    oauth2_adapter_class = Adapter

    @property
    def in_wechat(self) -> bool:
        return bool(self.app and self.app.settings.get("in_wechat"))

    def get_default_scope(self) -> list[str]:
        return ["snsapi_userinfo"] if self.in_wechat else ["snsapi_login"]

    def extract_uid(self, data: dict[str, Any]) -> str:
        """The person's unionid when WeChat gives one: the same for the QR-code app and the
        official account bound to one open platform account (an openid differs by app)."""
        return str(data.get("unionid") or data["openid"])

    def verified_phones(self, data: dict[str, Any]) -> list[str]:
        """WeChat's web login tells neither a mobile number nor an e-mail: a person connects
        WeChat from their profile before logging in with it."""
        return []


provider_classes = [WeixinProvider]
