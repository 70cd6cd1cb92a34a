"""Mobile numbers and the SMS that carry codes to them.

``normalise`` turns what a person types into the E.164 form the portal stores
(``13812345678`` and ``+86 138 1234 5678`` both become ``+8613812345678``). ``send_code``
sends a code through the gateway the settings choose (``SMS_BACKEND``):

- ``console``: writes the message to the log (the default, for development and the demo);
- ``alibaba``: Alibaba Cloud SMS (``dysmsapi``, ``SendSms``), signed with the RPC signature
  (HMAC-SHA1 over the sorted, percent-encoded query);
- ``tencent``: Tencent Cloud SMS (``sms``, ``SendSms`` 2021-01-11), signed with
  TC3-HMAC-SHA256.

Both providers are called over HTTPS with the standard library. A refusal, an error or a
timeout raises ``SmsFailed`` (logged here), which the pages turn into a clear message.
"""

import base64
import datetime
import hashlib
import hmac
import json
import logging
import re
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Mainland China's mobile numbers: 11 digits starting 13 to 19.
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
_E164 = re.compile(r"\+[1-9]\d{6,14}")


def normalise(raw: str) -> str:
    """The E.164 form of a mobile number: a mainland Chinese mobile number with or without
    +86 (spaces, dashes and brackets allowed), or another country's number starting with +.
    Anything else is a ``ValidationError`` saying what is expected."""
    text = re.sub(r"[\s\-().\u00a0]", "", str(raw or ""))
    if text.startswith("00"):
        text = "+" + text[2:]
    if _CN_MOBILE.fullmatch(text):
        return "+86" + text
    if text.startswith("+86"):
        if _CN_MOBILE.fullmatch(text[3:]):
            return text
    elif _E164.fullmatch(text):
        return text
    raise ValidationError(
        _(
            "Enter a mobile number: 11 digits such as 13812345678, or with its country code such as +86 138 1234 5678."
        ),
        code="invalid_phone",
    )


def masked(phone: str) -> str:
    """A number as the logs show it: +86138****5678."""
    return phone[:-8] + "****" + phone[-4:] if len(phone) > 8 else "****"


class SmsFailed(Exception):
    """The gateway refused the message, answered with an error or did not answer in time."""


@dataclass(frozen=True)
class Message:
    phone: str  # E.164
    code: str

    def text(self) -> str:
        return _("Your Chanjiao code is %(code)s. It expires soon; do not share it.") % {"code": self.code}


class ConsoleBackend:
    """Writes each message to the log: nothing leaves the machine."""

    def send(self, message: Message) -> None:
        logger.warning("SMS to %s: %s", message.phone, message.text())


def _percent(value: str) -> str:
    # RFC 3986, as Alibaba Cloud's signature wants it: only A-Z a-z 0-9 - _ . ~ unescaped.
    return urllib.parse.quote(value, safe="-_.~")


def alibaba_signature(params: dict[str, str], secret: str, method: str = "GET") -> str:
    """Alibaba Cloud's RPC signature (version 1.0, HMAC-SHA1) of a request's parameters."""
    query = "&".join(f"{_percent(k)}={_percent(v)}" for k, v in sorted(params.items()) if k != "Signature")
    string_to_sign = f"{method}&{_percent('/')}&{_percent(query)}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def _hmac256(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def tencent_signature(
    *, secret: str, service: str, host: str, action: str, timestamp: int, payload: bytes, content_type: str
) -> str:
    """Tencent Cloud's TC3-HMAC-SHA256 signature of a POST to ``/`` with a JSON body,
    signing the content-type, host and x-tc-action headers."""
    date = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d")
    canonical = "\n".join(
        [
            "POST",
            "/",
            "",
            f"content-type:{content_type}\nhost:{host}\nx-tc-action:{action.lower()}\n",
            "content-type;host;x-tc-action",
            hashlib.sha256(payload).hexdigest(),
        ]
    )
    scope = f"{date}/{service}/tc3_request"
    string_to_sign = (
        f"TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{hashlib.sha256(canonical.encode()).hexdigest()}"
    )
    key = _hmac256(_hmac256(_hmac256(f"TC3{secret}".encode(), date), service), "tc3_request")
    return hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()


def _open(request: urllib.request.Request, provider: str) -> dict[str, Any]:
    if not request.full_url.startswith(("https://", "http://")):
        raise SmsFailed(f"{provider}: SMS_ENDPOINT must be an http(s) address")
    try:
        with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT) as response:  # noqa: S310
            body = response.read()
    except urllib.error.HTTPError as error:
        body = error.read()
        if not body:
            raise SmsFailed(f"{provider} answered HTTP {error.code}") from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise SmsFailed(f"{provider} did not answer: {error}") from error
    try:
        answer = json.loads(body)
    except ValueError as error:
        raise SmsFailed(f"{provider} answered something other than JSON") from error
    if not isinstance(answer, dict):
        raise SmsFailed(f"{provider} answered something unexpected")
    return answer


class AlibabaBackend:
    """Alibaba Cloud SMS: ``SendSms`` of ``dysmsapi`` (2017-05-25), the code as the template's
    ``code`` parameter."""

    def send(self, message: Message) -> None:
        # Alibaba wants mainland numbers without +86, others with their country code, no "+".
        phone = message.phone[3:] if message.phone.startswith("+86") else message.phone.lstrip("+")
        params = {
            "AccessKeyId": settings.SMS_ACCESS_KEY_ID,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": settings.SMS_REGION or "cn-hangzhou",
            "SignName": settings.SMS_SIGN_NAME,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": uuid.uuid4().hex,
            "SignatureVersion": "1.0",
            "TemplateCode": settings.SMS_TEMPLATE_CODE,
            "TemplateParam": json.dumps({"code": message.code}),
            "Timestamp": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = alibaba_signature(params, settings.SMS_ACCESS_KEY_SECRET)
        endpoint = settings.SMS_ENDPOINT or "https://dysmsapi.aliyuncs.com/"
        url = endpoint.rstrip("/") + "/?" + urllib.parse.urlencode(params, quote_via=urllib.parse.quote)
        request = urllib.request.Request(url, method="GET")  # noqa: S310 (the settings' https endpoint)
        answer = _open(request, "Alibaba Cloud SMS")
        if answer.get("Code") != "OK":
            raise SmsFailed(f"Alibaba Cloud SMS refused: {answer.get('Code')} {answer.get('Message')}")


class TencentBackend:
    """Tencent Cloud SMS: ``SendSms`` (2021-01-11), the code as the template's only parameter."""

    def send(self, message: Message) -> None:
        endpoint = settings.SMS_ENDPOINT or "https://sms.tencentcloudapi.com/"
        host = urllib.parse.urlsplit(endpoint).netloc
        payload = json.dumps(
            {
                "PhoneNumberSet": [message.phone],
                "SmsSdkAppId": settings.SMS_APP_ID,
                "SignName": settings.SMS_SIGN_NAME,
                "TemplateId": settings.SMS_TEMPLATE_CODE,
                "TemplateParamSet": [message.code],
            }
        ).encode()
        content_type = "application/json; charset=utf-8"
        timestamp = int(time.time())
        signature = tencent_signature(
            secret=settings.SMS_ACCESS_KEY_SECRET,
            service="sms",
            host=host,
            action="SendSms",
            timestamp=timestamp,
            payload=payload,
            content_type=content_type,
        )
        date = datetime.datetime.fromtimestamp(timestamp, datetime.UTC).strftime("%Y-%m-%d")
        headers = {
            "Authorization": (
                f"TC3-HMAC-SHA256 Credential={settings.SMS_ACCESS_KEY_ID}/{date}/sms/tc3_request, "
                f"SignedHeaders=content-type;host;x-tc-action, Signature={signature}"
            ),
            "Content-Type": content_type,
            "Host": host,
            "X-TC-Action": "SendSms",
            "X-TC-Timestamp": str(timestamp),
            "X-TC-Version": "2021-01-11",
            "X-TC-Region": settings.SMS_REGION or "ap-guangzhou",
        }
        request = urllib.request.Request(endpoint, data=payload, headers=headers, method="POST")  # noqa: S310
        answer = _open(request, "Tencent Cloud SMS").get("Response") or {}
        error = answer.get("Error")
        if error:
            raise SmsFailed(f"Tencent Cloud SMS refused: {error.get('Code')} {error.get('Message')}")
        statuses = answer.get("SendStatusSet") or [{}]
        if statuses[0].get("Code") != "Ok":
            raise SmsFailed(
                f"Tencent Cloud SMS refused: {statuses[0].get('Code')} {statuses[0].get('Message')}"
            )


BACKENDS: dict[str, type[Any]] = {
    "console": ConsoleBackend,
    "alibaba": AlibabaBackend,
    "tencent": TencentBackend,
}


def backend() -> Any:
    name = settings.SMS_BACKEND
    if name not in BACKENDS:
        raise SmsFailed(f"Unknown SMS_BACKEND {name!r}: use one of {', '.join(BACKENDS)}")
    return BACKENDS[name]()


def send_code(phone: str, code: str) -> None:
    """Send ``code`` to ``phone`` (E.164); ``SmsFailed``, logged, when it could not go."""
    try:
        backend().send(Message(phone, code))
    except SmsFailed as error:
        logger.error("SMS to %s not sent: %s", masked(phone), error)
        raise
    logger.info("SMS with a code sent to %s through %s", masked(phone), settings.SMS_BACKEND)
