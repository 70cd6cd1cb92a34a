"""A stand-in for the three platforms' group robot webhooks: a real HTTP server on
127.0.0.1 (a free port) that takes messages as WeCom, DingTalk and Feishu do, checks each
platform's signature the way the platform does, records what it took, and can be told to
fail the next N messages.

Paths, as the platforms have them:
- WeCom: ``POST /cgi-bin/webhook/send?key=<key>``;
- DingTalk: ``POST /robot/send?access_token=<token>[&timestamp=<ms>&sign=<sign>]``;
- Feishu: ``POST /open-apis/bot/v2/hook/<id>`` (``timestamp`` and ``sign`` in the body).

A robot is registered with its token and secret (``add``); a message to an unknown token or
with a wrong signature is refused with the platform's own error answer.
"""

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

ONE_HOUR = 3600


@dataclass
class Message:
    platform: str
    token: str
    body: dict[str, Any]
    text: str


@dataclass
class Robots:
    server: ThreadingHTTPServer
    robots: dict[tuple[str, str], str] = field(default_factory=dict)  # (platform, token) → secret
    messages: list[Message] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why each refused request was refused
    fail_next: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def add(self, platform: str, token: str, secret: str = "") -> str:
        """Register a robot; its webhook address."""
        self.robots[platform, token] = secret
        if platform == "wecom":
            return f"{self.base}/cgi-bin/webhook/send?key={token}"
        if platform == "dingtalk":
            return f"{self.base}/robot/send?access_token={token}"
        return f"{self.base}/open-apis/bot/v2/hook/{token}"

    def fail(self, times: int) -> None:
        with self.lock:
            self.fail_next = times

    def wait_for(self, count: int, timeout: float = 30) -> list[Message]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.messages) >= count:
                return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"the stand-in took {len(self.messages)} messages, not {count}")

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def _hmac(key: str, message: str) -> str:
    return base64.b64encode(hmac.new(key.encode(), message.encode(), hashlib.sha256).digest()).decode()


class _Handler(BaseHTTPRequestHandler):
    robots: Robots

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        return

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _refuse(self, platform: str, why: str) -> None:
        self.robots.refused.append(f"{platform}: {why}")
        if platform == "feishu":
            self._answer(
                200, {"code": 19021, "msg": f"sign match fail or timestamp is not within one hour: {why}"}
            )
        elif platform == "dingtalk":
            self._answer(200, {"errcode": 310000, "errmsg": f"sign not match: {why}"})
        else:
            self._answer(200, {"errcode": 93000, "errmsg": f"invalid webhook url: {why}"})

    def do_POST(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qs(parts.query)
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        try:
            body = json.loads(raw)
        except ValueError:
            self._answer(400, {"errcode": 40001, "errmsg": "bad json"})
            return
        if parts.path == "/cgi-bin/webhook/send":
            platform, token = "wecom", query.get("key", [""])[0]
        elif parts.path == "/robot/send":
            platform, token = "dingtalk", query.get("access_token", [""])[0]
        elif parts.path.startswith("/open-apis/bot/v2/hook/"):
            platform, token = "feishu", parts.path.rsplit("/", 1)[-1]
        else:
            self._answer(404, {"errmsg": "no such path"})
            return
        if (platform, token) not in self.robots.robots:
            self._refuse(platform, "unknown token")
            return
        secret = self.robots.robots[platform, token]
        now = time.time()
        if platform == "dingtalk" and secret:
            # DingTalk: timestamp in ms within an hour; sign = Base64(HMAC-SHA256(secret,
            # "timestamp\nsecret")), URL-encoded in the query.
            stamp = query.get("timestamp", [""])[0]
            sign = query.get("sign", [""])[0]
            raw_query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
            if not stamp.isdigit() or abs(now * 1000 - int(stamp)) > ONE_HOUR * 1000:
                self._refuse(platform, "timestamp")
                return
            expected = _hmac(secret, f"{stamp}\n{secret}")
            if not hmac.compare_digest(sign, expected) or unquote_plus(raw_query.get("sign", "")) != expected:
                self._refuse(platform, "sign")
                return
        if platform == "feishu" and secret:
            # Feishu: timestamp in s within an hour; sign = Base64(HMAC-SHA256(key=
            # "timestamp\nsecret", message="")), in the body.
            stamp = str(body.get("timestamp", ""))
            if not stamp.isdigit() or abs(now - int(stamp)) > ONE_HOUR:
                self._refuse(platform, "timestamp")
                return
            if not hmac.compare_digest(str(body.get("sign", "")), _hmac(f"{stamp}\n{secret}", "")):
                self._refuse(platform, "sign")
                return
        with self.robots.lock:
            if self.robots.fail_next > 0:
                self.robots.fail_next -= 1
                self._answer(503, {"errcode": -1, "errmsg": "system busy"})
                return
        if platform == "feishu":
            if body.get("msg_type") != "text" or not isinstance(body.get("content"), dict):
                self._answer(200, {"code": 9499, "msg": "Bad Request"})
                return
            text = body["content"].get("text", "")
            answer: dict[str, Any] = {"code": 0, "msg": "success", "data": {}}
        else:
            if body.get("msgtype") != "text" or not isinstance(body.get("text"), dict):
                self._answer(200, {"errcode": 40008, "errmsg": "invalid message type"})
                return
            text = body["text"].get("content", "")
            answer = {"errcode": 0, "errmsg": "ok"}
        if len(text.encode()) > 2048:
            self._answer(200, {"errcode": 40058, "errmsg": "content exceed max length 2048"})
            return
        self.robots.messages.append(Message(platform, token, body, text))
        self._answer(200, answer)


def start() -> Robots:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    robots = Robots(server)
    handler = type("Handler", (_Handler,), {"robots": robots})
    server.RequestHandlerClass = handler
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return robots
