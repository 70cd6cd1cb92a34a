"""A stand-in for Alibaba Cloud's and Tencent Cloud's SMS gateways: a real HTTP server on
127.0.0.1 (a free port) that answers ``SendSms`` as each provider does.

It checks every request the way the provider does, independently of the portal's code: for
Alibaba, the RPC signature (HMAC-SHA1 over the sorted, RFC 3986-encoded query, with the
secret and "&"); for Tencent, the TC3-HMAC-SHA256 signature of the canonical request rebuilt
from what arrived (method, path, the signed headers, the body's hash), and the credential
scope's date and service. A request with a wrong signature is answered with the provider's
own error (``SignatureDoesNotMatch``, ``AuthFailure.SignatureFailure``) and not recorded.

Accepted messages are recorded (``messages``: provider, phone as sent, code). ``fail`` makes
the next answers a refusal (``"refuse"``) or no answer in time (``"hang"``, longer than the
portal's timeout).
"""

import base64
import datetime
import hashlib
import hmac
import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

KEY_ID = "standin-key-id"
SECRET = "standin-secret-Zz9"


@dataclass
class Sent:
    provider: str
    phone: str
    code: str
    sign_name: str
    template: str


@dataclass
class Gateway:
    url: str = ""
    messages: list[Sent] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # why requests were refused
    failing: str = ""  # "", "refuse" or "hang"
    hang_seconds: float = 3.0

    def fail(self, how: str) -> None:
        self.failing = how

    def codes_for(self, phone_digits: str) -> list[str]:
        """The codes sent to a number (its last 11 digits are compared)."""
        return [m.code for m in self.messages if m.phone.endswith(phone_digits[-11:])]


def _enc(value: str) -> str:
    return urllib.parse.quote(value, safe="-_.~")


def _alibaba_expected(params: dict[str, str]) -> str:
    query = "&".join(f"{_enc(k)}={_enc(v)}" for k, v in sorted(params.items()) if k != "Signature")
    to_sign = "GET&%2F&" + _enc(query)
    return base64.b64encode(
        hmac.new((SECRET + "&").encode(), to_sign.encode(), hashlib.sha1).digest()
    ).decode()


def _tencent_expected(handler: BaseHTTPRequestHandler, body: bytes, signed: list[str], date: str) -> str:
    headers = "".join(
        f"{name}:{(handler.headers.get(name) or '').strip().lower() if name == 'x-tc-action' else (handler.headers.get(name) or '').strip()}\n"
        for name in signed
    )
    canonical = "\n".join(
        [
            handler.command,
            urllib.parse.urlsplit(handler.path).path or "/",
            "",
            headers,
            ";".join(signed),
            hashlib.sha256(body).hexdigest(),
        ]
    )
    timestamp = handler.headers.get("X-TC-Timestamp", "")
    to_sign = f"TC3-HMAC-SHA256\n{timestamp}\n{date}/sms/tc3_request\n{hashlib.sha256(canonical.encode()).hexdigest()}"

    def mac(key: bytes, text: str) -> bytes:
        return hmac.new(key, text.encode(), hashlib.sha256).digest()

    key = mac(mac(mac(("TC3" + SECRET).encode(), date), "sms"), "tc3_request")
    return hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()


def _handler(gateway: Gateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _answer(self, status: int, body: dict[str, Any]) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _tencent_error(self, code: str, message: str) -> None:
            """Tencent Cloud answers an API error with 200 and the error in the body."""
            self._answer(200, {"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "r"}})

        def _hang(self) -> bool:
            if gateway.failing == "hang":
                time.sleep(gateway.hang_seconds)
                return True
            return False

        def do_GET(self) -> None:  # Alibaba: the parameters in the query string
            params = {
                k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query).items()
            }
            if self._hang():
                return
            required = {
                "AccessKeyId",
                "Action",
                "PhoneNumbers",
                "SignName",
                "TemplateCode",
                "Signature",
                "SignatureNonce",
                "Timestamp",
                "Version",
                "SignatureMethod",
                "SignatureVersion",
            }
            missing = required - set(params)
            if missing:
                gateway.rejected.append(f"alibaba: missing {sorted(missing)}")
                return self._answer(400, {"Code": "MissingParameter", "Message": str(sorted(missing))})
            if params["AccessKeyId"] != KEY_ID:
                gateway.rejected.append("alibaba: unknown key")
                return self._answer(
                    404,
                    {"Code": "InvalidAccessKeyId.NotFound", "Message": "Specified access key is not found."},
                )
            if not hmac.compare_digest(params["Signature"], _alibaba_expected(params)):
                gateway.rejected.append("alibaba: signature")
                return self._answer(
                    400,
                    {
                        "Code": "SignatureDoesNotMatch",
                        "Message": "Specified signature is not matched with our calculation.",
                    },
                )
            stamp = datetime.datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=datetime.UTC
            )
            if abs((datetime.datetime.now(datetime.UTC) - stamp).total_seconds()) > 900:
                gateway.rejected.append("alibaba: timestamp")
                return self._answer(400, {"Code": "InvalidTimeStamp.Expired", "Message": "expired"})
            if params["Action"] != "SendSms" or params["Version"] != "2017-05-25":
                return self._answer(400, {"Code": "InvalidAction", "Message": params["Action"]})
            if gateway.failing == "refuse":
                return self._answer(
                    200,
                    {
                        "Code": "isv.BUSINESS_LIMIT_CONTROL",
                        "Message": "触发分钟级流控Permits:1",
                        "RequestId": "r",
                    },
                )
            code = json.loads(params.get("TemplateParam") or "{}").get("code", "")
            gateway.messages.append(
                Sent("alibaba", params["PhoneNumbers"], code, params["SignName"], params["TemplateCode"])
            )
            return self._answer(
                200, {"Code": "OK", "Message": "OK", "BizId": "900619746936498440^0", "RequestId": "r"}
            )

        def do_POST(self) -> None:  # Tencent: JSON body, TC3-HMAC-SHA256 in Authorization
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self._hang():
                return
            auth = self.headers.get("Authorization", "")
            try:
                algorithm, rest = auth.split(" ", 1)
                parts = dict(p.strip().split("=", 1) for p in rest.split(","))
                key_id, date, service, terminator = parts["Credential"].split("/")
                signed = parts["SignedHeaders"].split(";")
            except (ValueError, KeyError):
                gateway.rejected.append("tencent: authorization")
                return self._tencent_error("AuthFailure.SignatureFailure", "bad Authorization")
            timestamp = int(self.headers.get("X-TC-Timestamp") or 0)
            day = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d")
            if (
                algorithm != "TC3-HMAC-SHA256"
                or service != "sms"
                or terminator != "tc3_request"
                or date != day
                or "content-type" not in signed
                or "host" not in signed
            ):
                gateway.rejected.append("tencent: scope")
                return self._tencent_error("AuthFailure.SignatureFailure", "scope")
            if key_id != KEY_ID:
                gateway.rejected.append("tencent: unknown key")
                return self._tencent_error("AuthFailure.SecretIdNotFound", "key")
            if abs(time.time() - timestamp) > 300:
                gateway.rejected.append("tencent: timestamp")
                return self._tencent_error("AuthFailure.SignatureExpire", "expired")
            if not hmac.compare_digest(parts["Signature"], _tencent_expected(self, body, signed, date)):
                gateway.rejected.append("tencent: signature")
                return self._tencent_error(
                    "AuthFailure.SignatureFailure", "The provided credentials could not be validated."
                )
            if (
                self.headers.get("X-TC-Action") != "SendSms"
                or self.headers.get("X-TC-Version") != "2021-01-11"
            ):
                return self._tencent_error("InvalidAction", "action")
            data = json.loads(body)
            phone = data["PhoneNumberSet"][0]
            if gateway.failing == "refuse":
                status = {
                    "Code": "LimitExceeded.PhoneNumberDailyLimit",
                    "Message": "daily limit",
                    "PhoneNumber": phone,
                }
                return self._answer(200, {"Response": {"SendStatusSet": [status], "RequestId": "r"}})
            code = (data.get("TemplateParamSet") or [""])[0]
            gateway.messages.append(Sent("tencent", phone, code, data["SignName"], data["TemplateId"]))
            status = {
                "Code": "Ok",
                "Message": "send success",
                "PhoneNumber": phone,
                "SerialNo": "s",
                "Fee": 1,
            }
            return self._answer(200, {"Response": {"SendStatusSet": [status], "RequestId": "r"}})

    return Handler


class StandIn:
    def __init__(self) -> None:
        self.gateway = Gateway()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.gateway))
        self.server.daemon_threads = True
        self.gateway.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Gateway:
        self.thread.start()
        return self.gateway

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()
