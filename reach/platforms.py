"""How each platform's custom bot takes a message: the address it must have, the JSON it
reads, how a message is signed, and how it answers.

- WeCom (企业微信群机器人): ``https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…``; the
  key in the address is the only credential; ``{"msgtype": "text", "text": {"content": …}}``;
  answers ``{"errcode": 0, "errmsg": "ok"}``.
- DingTalk (钉钉自定义机器人): ``https://oapi.dingtalk.com/robot/send?access_token=…``; with
  加签, ``timestamp`` (milliseconds) and ``sign`` = Base64(HMAC-SHA256(key=secret,
  message="{timestamp}\\n{secret}")) are added to the query; the same JSON as WeCom; answers
  ``{"errcode": 0, …}``.
- Feishu / Lark (飞书自定义机器人): ``https://open.feishu.cn/open-apis/bot/v2/hook/…``; with
  签名校验, ``timestamp`` (seconds) and ``sign`` = Base64(HMAC-SHA256(key="{timestamp}\\n{secret}",
  message="")) go in the body beside ``{"msg_type": "text", "content": {"text": …}}``; answers
  ``{"code": 0, …}``.

A platform refuses a timestamp more than an hour from its clock, so a message is signed when
it is sent, each attempt afresh.
"""

import base64
import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote_plus, urlsplit

from django.conf import settings

from .models import Platform

# The hosts and paths a platform's webhook has; the hosts can be replaced by the setting
# REACH_WEBHOOK_HOSTS (a stand-in server in tests, a private deployment of the platform).
HOSTS = {
    Platform.WECOM: ("qyapi.weixin.qq.com",),
    Platform.DINGTALK: ("oapi.dingtalk.com",),
    Platform.FEISHU: ("open.feishu.cn", "open.larksuite.com"),
}
PATHS = {
    Platform.WECOM: "/cgi-bin/webhook/send",
    Platform.DINGTALK: "/robot/send",
    Platform.FEISHU: "/open-apis/bot/v2/hook/",
}
# Where the credential is in the address: a query parameter, or the path's last segment.
TOKEN_PARAM = {Platform.WECOM: "key", Platform.DINGTALK: "access_token", Platform.FEISHU: ""}
SIGNED = {Platform.DINGTALK, Platform.FEISHU}
# WeCom takes at most 2048 bytes of text; the others more. A longer message is cut.
MAX_BYTES = 2000


class SendFailed(Exception):
    """The platform did not take the message (network, HTTP status or its own error code)."""


def allowed_hosts(platform: str) -> tuple[str, ...]:
    override = getattr(settings, "REACH_WEBHOOK_HOSTS", [])
    return tuple(override) if override else HOSTS[Platform(platform)]


def address_problem(platform: str, url: str) -> str:
    """Why ``url`` is not a webhook of ``platform`` ("" when it is one)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return "not an address"
    override = bool(getattr(settings, "REACH_WEBHOOK_HOSTS", []))
    host = parts.hostname or ""
    if host not in allowed_hosts(platform):
        return "host"
    if parts.scheme != "https" and not (override and parts.scheme == "http"):
        return "scheme"
    if port is not None and not override:
        return "host"
    path = PATHS[Platform(platform)]
    if platform == Platform.FEISHU:
        if not parts.path.startswith(path) or not parts.path[len(path) :].strip("/"):
            return "path"
    elif parts.path.rstrip("/") != path:
        return "path"
    param = TOKEN_PARAM[Platform(platform)]
    if param and not parse_qs(parts.query).get(param, [""])[0]:
        return "token"
    return ""


def masked(url: str) -> str:
    """An address as it may be shown: its host and the last four characters of its token."""
    parts = urlsplit(url)
    tail = url.rstrip("/")[-4:]
    return f"{parts.scheme}://{parts.hostname}/…{tail}" if parts.hostname else "…"


def _hmac_base64(key: str, message: str) -> str:
    digest = hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    return _hmac_base64(secret, f"{timestamp_ms}\n{secret}")


def feishu_sign(timestamp_s: int, secret: str) -> str:
    return _hmac_base64(f"{timestamp_s}\n{secret}", "")


@dataclass
class Request:
    url: str
    body: dict[str, Any]


def build(platform: str, url: str, secret: str, text: str, *, now: float | None = None) -> Request:
    """The request that posts ``text`` to the robot, signed now."""
    now = time.time() if now is None else now
    text = _cut(text)
    if platform == Platform.FEISHU:
        body: dict[str, Any] = {"msg_type": "text", "content": {"text": text}}
        if secret:
            stamp = int(now)
            body = {"timestamp": str(stamp), "sign": feishu_sign(stamp, secret), **body}
        return Request(url, body)
    body = {"msgtype": "text", "text": {"content": text}}
    if platform == Platform.DINGTALK and secret:
        stamp = int(now * 1000)
        url = f"{url}{'&' if '?' in url else '?'}timestamp={stamp}&sign={quote_plus(dingtalk_sign(stamp, secret))}"
    return Request(url, body)


def _cut(text: str) -> str:
    data = text.encode()
    if len(data) <= MAX_BYTES:
        return text
    return data[: MAX_BYTES - 3].decode(errors="ignore") + "…"


def post(platform: str, url: str, secret: str, text: str) -> None:
    """Post ``text`` to the robot; ``SendFailed`` says why it was not taken (never the
    address or the secret)."""
    request = build(platform, url, secret, text)
    data = json.dumps(request.body, ensure_ascii=False).encode()
    http = urllib.request.Request(  # noqa: S310 (the address was checked against the platform's)
        request.url, data=data, method="POST", headers={"Content-Type": "application/json; charset=utf-8"}
    )
    try:
        with urllib.request.urlopen(http, timeout=settings.REACH_TIMEOUT) as response:  # noqa: S310
            answer = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise SendFailed(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SendFailed(f"network: {type(reason).__name__}") from None
    try:
        answer_json = json.loads(answer)
    except ValueError:
        raise SendFailed("not a JSON answer") from None
    if not isinstance(answer_json, dict):
        raise SendFailed("not a JSON answer")
    code = answer_json.get("code", answer_json.get("errcode", answer_json.get("StatusCode", 0)))
    if code not in (0, "0"):
        message = answer_json.get("msg", answer_json.get("errmsg", answer_json.get("StatusMessage", "")))
        raise SendFailed(f"{code}: {str(message)[:200]}")
