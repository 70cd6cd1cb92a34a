"""WeCom (企业微信) sign-in for the members of one organisation, on allauth's OAuth2 classes.

On a computer the person scans a QR code (``/wwlogin/sso/login``); inside the WeCom app the
page asks WeCom directly (``/connect/oauth2/authorize``, scope ``snsapi_privateinfo``). Either
way WeCom sends back a ``code``, which is not exchanged for a user's token as in OAuth2: the
portal takes the app's own token (``/cgi-bin/gettoken`` with the organisation's id and the
app's secret), asks who the code belongs to (``/cgi-bin/auth/getuserinfo``: their member id
and, when granted, a ``user_ticket``), and with the ticket reads the member's mobile number
and mailboxes (``/cgi-bin/auth/getuserdetail``)."""

from typing import Any

from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.providers.oauth2.client import OAuth2Client, OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2Adapter, OAuth2CallbackView, OAuth2LoginView
from django.http import HttpRequest
from django.utils.http import urlencode

from .. import base_url


def _checked(response: Any) -> dict[str, Any]:
    """WeCom answers 200 with ``errcode`` not 0 when it refuses."""
    response.raise_for_status()
    data = response.json()
    if not isinstance(data, dict) or data.get("errcode", 0) != 0:
        raise OAuth2Error(f"WeCom refused: {response.content!r}")
    return data


def in_wecom(request: HttpRequest) -> bool:
    return "wxwork" in request.headers.get("User-Agent", "").lower()


class Client(OAuth2Client):
    agent_id = ""
    api = ""
    in_app = False

    def get_redirect_url(self, authorization_url: str, scope: Any, extra_params: Any) -> str:
        if self.in_app:
            params = {
                "appid": self.consumer_key,
                "redirect_uri": self.callback_url,
                "response_type": "code",
                "scope": " ".join(scope),
                "state": self.state,
                "agentid": self.agent_id,
            }
            return f"{authorization_url}?{urlencode(params)}#wechat_redirect"
        params = {
            "login_type": "CorpApp",
            "appid": self.consumer_key,
            "agentid": self.agent_id,
            "redirect_uri": self.callback_url,
            "state": self.state,
        }
        return f"{authorization_url}?{urlencode(params)}"

    def get_access_token(self, code: str, pkce_code_verifier: Any = None, extra_data: Any = None) -> dict:
        with get_adapter().get_requests_session() as session:
            app_token = _checked(
                session.get(
                    self.api + "/cgi-bin/gettoken",
                    params={"corpid": self.consumer_key, "corpsecret": self.consumer_secret},
                )
            )
            who = _checked(
                session.get(
                    self.api + "/cgi-bin/auth/getuserinfo",
                    params={"access_token": app_token["access_token"], "code": code},
                )
            )
        if not who.get("userid"):
            # Someone from outside the organisation: WeCom gives an openid only.
            raise OAuth2Error("Not a member of the organisation")
        return {
            "access_token": app_token["access_token"],
            "expires_in": app_token.get("expires_in"),
            "userid": who["userid"],
            "user_ticket": who.get("user_ticket", ""),
        }


class Adapter(OAuth2Adapter):
    provider_id = "wecom"
    client_class = Client
    access_token_method = "GET"  # noqa: S105 - the HTTP method of the app token request

    @property
    def api(self) -> str:
        return base_url(self.get_provider(), "API_URL")

    @property
    def access_token_url(self) -> str:
        return self.api + "/cgi-bin/gettoken"

    @property
    def authorize_url(self) -> str:
        provider = self.get_provider()
        if in_wecom(self.request):
            return base_url(provider, "OPEN_URL") + "/connect/oauth2/authorize"
        return base_url(provider, "LOGIN_URL") + "/wwlogin/sso/login"

    def get_client(self, request: HttpRequest, app: Any) -> Client:
        client: Client = super().get_client(request, app)
        client.agent_id = str(app.settings.get("agent_id", ""))
        client.api = self.api
        client.in_app = in_wecom(request)
        return client

    def parse_token(self, data: dict) -> Any:
        token = super().parse_token(data)
        token.token_secret = ""
        return token

    def complete_login(self, request: HttpRequest, app: Any, token: Any, **kwargs: Any) -> Any:
        response = kwargs.get("response") or {}
        extra_data: dict[str, Any] = {"userid": response["userid"], "corpid": app.client_id}
        if response.get("user_ticket"):
            with get_adapter().get_requests_session() as session:
                detail = _checked(
                    session.post(
                        self.api + "/cgi-bin/auth/getuserdetail",
                        params={"access_token": token.token},
                        json={"user_ticket": response["user_ticket"]},
                    )
                )
            detail.pop("errcode", None)
            detail.pop("errmsg", None)
            extra_data.update(detail)
        return self.get_provider().sociallogin_from_response(request, extra_data)


oauth2_login = OAuth2LoginView.adapter_view(Adapter)
oauth2_callback = OAuth2CallbackView.adapter_view(Adapter)
