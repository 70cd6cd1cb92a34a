"""A local stand-in for WeChat, WeCom, DingTalk and Feishu: a real HTTP server on 127.0.0.1
(any free port), in a thread, that answers their authorisation pages, token and user-info
endpoints with the requests and answers the providers document (and allauth's provider code
sends and expects). The portal's real code is pointed at it by settings (``settings_for``).

``person(provider, **profile)`` says who "scans the QR code" next: the authorisation page
redirects straight back to the portal with a fresh code for that person, as the provider does
once the person has confirmed on their phone. Every request is kept in ``requests`` so a test
can check what the portal sent; a wrong client id, secret, code or token is refused the way
the provider refuses it."""

import json
import secrets
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

CREDENTIALS = {
    "weixin": ("wx-app-id", "wx-app-secret"),
    "wecom": ("ww-corp-id", "ww-secret"),
    "dingtalk": ("ding-client-id", "ding-client-secret"),
    "feishu": ("cli_feishu_app", "feishu-app-secret"),
}
WECOM_AGENT_ID = "1000002"


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


@dataclass
class StandIn:
    url: str = ""
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # provider -> next person
    codes: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # code -> (provider, person)
    tokens: dict[str, tuple[str, dict[str, Any]]] = field(default_factory=dict)  # token -> (provider, person)
    requests: list[Seen] = field(default_factory=list)

    def person(self, provider: str, **profile: Any) -> None:
        self.people[provider] = profile

    def paths(self, provider_prefix: str) -> list[str]:
        return [seen.path for seen in self.requests if seen.path.startswith(provider_prefix)]


def settings_for(url: str) -> dict[str, dict[str, object]]:
    """``SOCIALACCOUNT_PROVIDERS`` with all four providers configured and pointed at ``url``."""

    def app(provider: str, **extra: str) -> list[dict[str, object]]:
        client_id, secret = CREDENTIALS[provider]
        return [{"client_id": client_id, "secret": secret, "key": "", "settings": extra}]

    return {
        "weixin": {"APPS": app("weixin"), "OPEN_URL": url, "API_URL": url},
        "wecom": {
            "APPS": app("wecom", agent_id=WECOM_AGENT_ID),
            "LOGIN_URL": url,
            "OPEN_URL": url,
            "API_URL": url,
        },
        "dingtalk": {
            "APPS": app("dingtalk"),
            "LOGIN_URL": url,
            "API_URL": url,
        },
        "feishu": {"APPS": app("feishu"), "API_URL": url},
    }


class Handler(BaseHTTPRequestHandler):
    standin: StandIn

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    # --- plumbing ---------------------------------------------------------------------------
    def _read(self) -> tuple[str, dict[str, str], Any]:
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        body: Any = None
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            raw = self.rfile.read(length).decode()
            if "json" in (self.headers.get("Content-Type") or ""):
                body = json.loads(raw)
            else:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {k: v[0] for k, v in parse_qs(raw).items()}
        self.standin.requests.append(
            Seen(self.command, parts.path, query, {k.lower(): v for k, v in self.headers.items()}, body)
        )
        return parts.path, query, body or {}

    def _json(self, data: Any, status: int = 200) -> None:
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _authorize(
        self, provider: str, query: dict[str, str], client_key: str, code_name: str = "code"
    ) -> None:
        client_id, _secret = CREDENTIALS[provider]
        person = self.standin.people.get(provider)
        if query.get(client_key) != client_id or not query.get("redirect_uri") or person is None:
            self._json({"error": "invalid_request"}, 400)
            return
        code = secrets.token_hex(8)
        self.standin.codes[code] = (provider, person)
        self._redirect(
            f"{query['redirect_uri']}?{urlencode({code_name: code, 'state': query.get('state', '')})}"
        )

    def _take_code(self, provider: str, code: str | None) -> dict[str, Any] | None:
        found = self.standin.codes.pop(code or "", None)  # a code works once
        return found[1] if found and found[0] == provider else None

    def _token_for(self, provider: str, person: dict[str, Any]) -> str:
        token = f"{provider}-{secrets.token_hex(8)}"
        self.standin.tokens[token] = (provider, person)
        return token

    def _person_of(self, provider: str, token: str | None) -> dict[str, Any] | None:
        found = self.standin.tokens.get(token or "")
        return found[1] if found and found[0] == provider else None

    # --- routes -----------------------------------------------------------------------------
    def do_GET(self) -> None:
        path, query, _body = self._read()
        if path == "/connect/qrconnect":  # WeChat, QR code on a computer
            if query.get("scope") != "snsapi_login" or query.get("response_type") != "code":
                return self._json({"errcode": 10003, "errmsg": "invalid scope"}, 400)
            return self._authorize("weixin", query, "appid")
        if path == "/sns/oauth2/access_token":
            app_id, secret = CREDENTIALS["weixin"]
            person = self._take_code("weixin", query.get("code"))
            if query.get("appid") != app_id or query.get("secret") != secret or person is None:
                return self._json({"errcode": 40029, "errmsg": "invalid code"})
            return self._json(
                {
                    "access_token": self._token_for("weixin", person),
                    "expires_in": 7200,
                    "refresh_token": secrets.token_hex(8),
                    "openid": person["openid"],
                    "scope": "snsapi_login",
                    "unionid": person.get("unionid", ""),
                }
            )
        if path == "/sns/userinfo":
            person = self._person_of("weixin", query.get("access_token"))
            if person is None or query.get("openid") != person["openid"]:
                return self._json({"errcode": 40003, "errmsg": "invalid openid"})
            return self._json(
                {
                    "openid": person["openid"],
                    "nickname": person.get("nickname", ""),
                    "sex": 0,
                    "province": "",
                    "city": "",
                    "country": "CN",
                    "headimgurl": "",
                    "privilege": [],
                    "unionid": person.get("unionid", ""),
                }
            )
        if path == "/wwlogin/sso/login":  # WeCom, QR code on a computer
            if query.get("login_type") != "CorpApp" or query.get("agentid") != WECOM_AGENT_ID:
                return self._json({"errcode": 40056, "errmsg": "invalid agentid"}, 400)
            return self._authorize("wecom", query, "appid")
        if path == "/cgi-bin/gettoken":
            corp_id, secret = CREDENTIALS["wecom"]
            if query.get("corpid") != corp_id or query.get("corpsecret") != secret:
                return self._json({"errcode": 40001, "errmsg": "invalid credential"})
            token = f"wecom-app-{secrets.token_hex(8)}"
            self.standin.tokens[token] = ("wecom-app", {})
            return self._json({"errcode": 0, "errmsg": "ok", "access_token": token, "expires_in": 7200})
        if path == "/cgi-bin/auth/getuserinfo":
            if self.standin.tokens.get(query.get("access_token") or "", ("",))[0] != "wecom-app":
                return self._json({"errcode": 40014, "errmsg": "invalid access_token"})
            person = self._take_code("wecom", query.get("code"))
            if person is None:
                return self._json({"errcode": 40029, "errmsg": "invalid code"})
            if not person.get("userid"):  # not a member of the organisation
                return self._json({"errcode": 0, "errmsg": "ok", "openid": person["openid"]})
            ticket = f"ticket-{secrets.token_hex(8)}"
            self.standin.tokens[ticket] = ("wecom-ticket", person)
            return self._json(
                {
                    "errcode": 0,
                    "errmsg": "ok",
                    "userid": person["userid"],
                    "user_ticket": ticket,
                    "expires_in": 1800,
                }
            )
        if path == "/oauth2/auth":  # DingTalk
            if "openid" not in query.get("scope", "").split() or query.get("response_type") != "code":
                return self._json({"code": "invalidScope"}, 400)
            return self._authorize("dingtalk", query, "client_id", code_name="authCode")
        if path == "/v1.0/contact/users/me":
            person = self._person_of("dingtalk", self.headers.get("x-acs-dingtalk-access-token"))
            if person is None:
                return self._json({"code": "InvalidAuthentication", "message": "token invalid"}, 401)
            return self._json(
                {
                    "nick": person.get("nick", ""),
                    "avatarUrl": "",
                    "mobile": person.get("mobile", ""),
                    "openId": person["openId"],
                    "unionId": person.get("unionId", person["openId"]),
                    "email": person.get("email", ""),
                    "stateCode": person.get("stateCode", "86"),
                }
            )
        if path == "/open-apis/authen/v1/index":  # Feishu
            return self._authorize("feishu", query, "app_id")
        if path == "/open-apis/authen/v1/user_info":
            auth = self.headers.get("Authorization", "")
            person = self._person_of("feishu", auth.removeprefix("Bearer "))
            if person is None:
                return self._json({"code": 99991668, "msg": "Invalid access token"}, 401)
            return self._json({"code": 0, "msg": "success", "data": _feishu_user(person)})
        return self._json({"error": "not found"}, 404)

    def do_POST(self) -> None:
        path, query, body = self._read()
        if path == "/v1.0/oauth2/userAccessToken":  # DingTalk
            client_id, secret = CREDENTIALS["dingtalk"]
            person = self._take_code("dingtalk", body.get("code"))
            if (
                body.get("clientId") != client_id
                or body.get("clientSecret") != secret
                or body.get("grantType") != "authorization_code"
                or person is None
            ):
                return self._json({"code": "invalidAuthCode", "message": "code invalid"}, 400)
            return self._json(
                {
                    "accessToken": self._token_for("dingtalk", person),
                    "refreshToken": secrets.token_hex(8),
                    "expireIn": 7200,
                    "corpId": "ding-corp",
                }
            )
        if path == "/open-apis/auth/v3/app_access_token/internal/":  # Feishu
            app_id, secret = CREDENTIALS["feishu"]
            if body.get("app_id") != app_id or body.get("app_secret") != secret:
                return self._json({"code": 10014, "msg": "app secret invalid"})
            token = f"feishu-app-{secrets.token_hex(8)}"
            self.standin.tokens[token] = ("feishu-app", {})
            return self._json(
                {
                    "code": 0,
                    "msg": "ok",
                    "app_access_token": token,
                    "expire": 7200,
                    "tenant_access_token": token,
                }
            )
        if path == "/open-apis/authen/v1/access_token":
            if self.standin.tokens.get(body.get("app_access_token") or "", ("",))[0] != "feishu-app":
                return self._json({"code": 99991663, "msg": "Invalid app access token"})
            person = self._take_code("feishu", body.get("code"))
            if body.get("grant_type") != "authorization_code" or person is None:
                return self._json({"code": 20003, "msg": "invalid code"})
            data = _feishu_user(person) | {
                "access_token": self._token_for("feishu", person),
                "token_type": "Bearer",
                "expires_in": 6900,
                "refresh_token": secrets.token_hex(8),
                "refresh_expires_in": 2591700,
            }
            return self._json({"code": 0, "msg": "success", "data": data})
        if path == "/cgi-bin/auth/getuserdetail":  # WeCom
            if self.standin.tokens.get(query.get("access_token") or "", ("",))[0] != "wecom-app":
                return self._json({"errcode": 40014, "errmsg": "invalid access_token"})
            found = self.standin.tokens.pop(body.get("user_ticket") or "", None)
            if not found or found[0] != "wecom-ticket":
                return self._json({"errcode": 40000, "errmsg": "invalid user_ticket"})
            person = found[1]
            return self._json(
                {
                    "errcode": 0,
                    "errmsg": "ok",
                    "userid": person["userid"],
                    "gender": "0",
                    "avatar": "",
                    "qr_code": "",
                    "mobile": person.get("mobile", ""),
                    "email": person.get("email", ""),
                    "biz_mail": person.get("biz_mail", ""),
                    "address": "",
                }
            )
        return self._json({"error": "not found"}, 404)


def _feishu_user(person: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": person.get("name", ""),
        "en_name": person.get("name", ""),
        "avatar_url": "",
        "avatar_big": "",
        "open_id": person["open_id"],
        "union_id": person.get("union_id", person["open_id"]),
        "email": person.get("email", ""),
        "enterprise_email": person.get("enterprise_email", ""),
        "user_id": person.get("user_id", ""),
        "mobile": person.get("mobile", ""),
        "tenant_key": "tenant",
    }


def start() -> tuple[StandIn, ThreadingHTTPServer]:
    standin = StandIn()
    handler = type("BoundHandler", (Handler,), {"standin": standin})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    standin.url = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return standin, server
