"""DingTalk: allauth's adapter with its endpoints under the configured base addresses."""

from allauth.socialaccount.providers.dingtalk.views import DingTalkOAuth2Adapter
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView

from .. import base_url


class Adapter(DingTalkOAuth2Adapter):
    @property
    def authorize_url(self) -> str:
        return base_url(self.get_provider(), "LOGIN_URL") + "/oauth2/auth"

    @property
    def access_token_url(self) -> str:
        return base_url(self.get_provider(), "API_URL") + "/v1.0/oauth2/userAccessToken"

    @property
    def profile_url(self) -> str:
        return base_url(self.get_provider(), "API_URL") + "/v1.0/contact/users/me"


oauth2_login = OAuth2LoginView.adapter_view(Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(Adapter)
