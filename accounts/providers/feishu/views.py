"""Feishu: allauth's adapter and client with their endpoints under the configured base
address (the international Lark is the same API at https://open.larksuite.com)."""

from typing import Any

from allauth.socialaccount.providers.feishu.client import FeishuOAuth2Client
from allauth.socialaccount.providers.feishu.views import FeishuOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView

from .. import base_url


class Adapter(FeishuOAuth2Adapter):
    @property
    def api(self) -> str:
        return base_url(self.get_provider(), "API_URL")

    @property
    def authorization_url(self) -> str:
        return self.api + "/open-apis/authen/v1/index"

    @property
    def authorize_url(self) -> str:
        return self.authorization_url

    @property
    def access_token_url(self) -> str:
        return self.api + "/open-apis/authen/v1/access_token"

    @property
    def user_info_url(self) -> str:
        return self.api + "/open-apis/authen/v1/user_info"

    def get_client(self, request: Any, app: Any) -> FeishuOAuth2Client:
        client = super().get_client(request, app)
        client.app_access_token_url = self.api + "/open-apis/auth/v3/app_access_token/internal/"
        return client


oauth2_login = OAuth2LoginView.adapter_view(Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(Adapter)
