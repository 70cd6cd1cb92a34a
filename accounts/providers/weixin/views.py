"""WeChat: on a computer, the open platform's QR-code login (``/connect/qrconnect``, scope
``snsapi_login``); inside WeChat, the official account's web authorisation
(``/connect/oauth2/authorize``, scope ``snsapi_userinfo``), with the app whose settings say
``in_wechat`` (accounts.social picks the app by the browser)."""

from typing import Any

from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from allauth.socialaccount.providers.weixin.client import WeixinOAuth2Client
from allauth.socialaccount.providers.weixin.views import WeixinOAuth2Adapter

from .. import base_url


class Client(WeixinOAuth2Client):
    in_wechat = False

    def get_redirect_url(self, authorization_url: str, scope: Any, extra_params: Any) -> str:
        url = super().get_redirect_url(authorization_url, scope, extra_params)
        # The official account's authorisation page wants this fragment, or it shows an error.
        return url + "#wechat_redirect" if self.in_wechat else url


class Adapter(WeixinOAuth2Adapter):
    access_token_method = "GET"  # noqa: S105 - the HTTP method, as WeChat documents it
    client_class = Client

    @property
    def access_token_url(self) -> str:
        return base_url(self.get_provider(), "API_URL") + "/sns/oauth2/access_token"

    @property
    def profile_url(self) -> str:
        return base_url(self.get_provider(), "API_URL") + "/sns/userinfo"

    @property
    def authorize_url(self) -> str:
        provider = self.get_provider()
        path = "/connect/oauth2/authorize" if provider.in_wechat else "/connect/qrconnect"
        return base_url(provider, "OPEN_URL") + path

    def get_client(self, request: Any, app: Any) -> Client:
        client: Client = super().get_client(request, app)
        client.in_wechat = bool(app.settings.get("in_wechat"))
        return client


oauth2_login = OAuth2LoginView.adapter_view(Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(Adapter)
