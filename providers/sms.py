"""Text messages: one face (`SmsSender`), three bodies (Twilio, the console for demos, an outbox for tests)."""

from __future__ import annotations

import logging
import re
import threading
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal, Protocol, Self, runtime_checkable
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import TwilioRestException, TwilioServiceException
from twilio.http.http_client import TwilioHttpClient
from twilio.http.response import Response
from twilio.rest import Client

STATUS_CALLBACK_PATH = "/webhooks/twilio/status"

# ASCII digits only: `\d` would also accept Arabic-Indic and other digits no network routes.
E164 = re.compile(r"\+[1-9][0-9]{6,14}")
INVALID_NUMBER = "21211"
UNSUBSCRIBED = "21610"

log = logging.getLogger("bolig.sms")

# The SDK logs each request's URL, query parameters and headers at INFO, and listing messages puts phone numbers in
# the query; its client is given this logger, which lets only warnings through, so no number reaches the logs.
_sdk_log = logging.getLogger("bolig.sms.twilio_http")
_sdk_log.setLevel(logging.WARNING)


class SmsError(Exception):
    """A text message was not sent; `code` is the provider's error code or a short name."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


class TemporarySmsError(SmsError):
    """The provider was busy, down or did not answer in time: send the message again later."""


class PermanentSmsError(SmsError):
    """The provider refused the message (a bad number, an opted-out recipient, bad credentials): never retry."""


@runtime_checkable
class SmsSender(Protocol):
    """Sends one text message to one phone number."""

    def send(self, to: str, body: str) -> str:
        """Send `body` to `to` (E.164, e.g. +4791234567); the provider's message id, or an `SmsError`."""
        ...


def is_e164(number: str) -> bool:
    """Whether a number is written as E.164: a plus, a country code and at most 15 digits in all."""
    return E164.fullmatch(number) is not None


def masked(number: str) -> str:
    """A number with all but its last three digits hidden, for logs and error messages."""
    hidden = sum(char.isdigit() for char in number) - 3
    shown = []
    for char in number:
        if char.isdigit():
            shown.append("•" if hidden > 0 else char)
            hidden -= 1
        else:
            shown.append(char)
    return "".join(shown)


# Twilio's error messages repeat the number they refused ("The 'To' number +4791234567 is not a valid phone number").
_NUMBER_IN_TEXT = re.compile(r"\+?[0-9]{7,15}")


def _without_numbers(text: str) -> str:
    return _NUMBER_IN_TEXT.sub(lambda found: masked(found.group()), text)


def _require_e164(to: str) -> None:
    if not is_e164(to):
        # The same code Twilio answers with, so callers treat every sender's refusal alike.
        raise PermanentSmsError(INVALID_NUMBER, f"{masked(to)!r} is not a phone number in E.164 form (+4791234567)")


class _HttpClient(TwilioHttpClient):
    """The SDK's own HTTP client, sending to another base URL when one is given, and logging only warnings."""

    def __init__(self, *, api_base: str | None, timeout: float) -> None:
        super().__init__(timeout=timeout, logger=_sdk_log)
        self._base = urlsplit(api_base.rstrip("/")) if api_base else None

    def request(  # noqa: PLR0917 - the SDK calls it with this signature
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> Response:
        """Make the request the SDK asks for, on the configured base URL."""
        if self._base is not None:
            # Scheme and host both change: TWILIO_EDGE or TWILIO_REGION in the environment can make the SDK's host
            # api.dublin.ie1.twilio.com as well as api.twilio.com.
            target = urlsplit(url)
            url = urlunsplit(
                (self._base.scheme, self._base.netloc, self._base.path + target.path, target.query, target.fragment)
            )
        return super().request(
            method,
            url,
            params=params,
            data=data,
            headers=headers,
            auth=auth,
            timeout=timeout,
            allow_redirects=allow_redirects,
        )

    def close(self) -> None:
        """Close the kept-alive connections."""
        if self.session is not None:
            self.session.close()


class TwilioSmsSender:
    """Sends through Twilio's Programmable Messaging API with the official SDK, from a number or a Messaging Service."""

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        *,
        from_number: str | None = None,
        messaging_service_sid: str | None = None,
        status_callback: str | None = None,
        api_base: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        if not account_sid or not auth_token:
            # The SDK would quietly fall back to TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN from the environment.
            raise ValueError("Twilio needs an account SID and an auth token")
        if (from_number is None) == (messaging_service_sid is None):
            raise ValueError("Twilio needs exactly one of from_number and messaging_service_sid")
        if not timeout > 0:
            raise ValueError(f"the timeout must be a positive number of seconds, not {timeout!r}")
        self._sender: dict[str, str] = (
            {"from_": from_number} if from_number is not None else {"messaging_service_sid": str(messaging_service_sid)}
        )
        if status_callback:
            self._sender["status_callback"] = status_callback
        self._http = _HttpClient(api_base=api_base, timeout=timeout)
        self._client = Client(account_sid, auth_token, http_client=self._http)

    def send(self, to: str, body: str) -> str:
        """Hand the message to Twilio; its SID (SM…), which the status callback names later."""
        try:
            message = self._client.messages.create(to=to, body=body, **self._sender)
        except (TwilioRestException, TwilioServiceException) as error:
            # `from None`: the SDK's exception repeats the refused number, and tracebacks end up in logs.
            raise _mapped(error, to) from None
        except requests.Timeout as error:
            raise TemporarySmsError("timeout", f"Twilio did not answer in time: {error}") from error
        except requests.ConnectionError as error:
            raise TemporarySmsError("network", f"Twilio could not be reached: {error}") from error
        return str(message.sid)

    def close(self) -> None:
        """Close the kept-alive connections to Twilio."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _mapped(error: TwilioRestException | TwilioServiceException, to: str) -> SmsError:
    status = int(error.status)
    code = str(error.code if error.code is not None else status)
    if isinstance(error, TwilioServiceException):
        said = " ".join(part for part in (error.title, error.detail) if part)
    else:
        said = str(error.msg)
    message = f"Twilio answered {status} ({code}): {_without_numbers(said.replace(to, masked(to)))}"
    # A 4xx is Twilio refusing this very message; anything else (a 429, a 5xx, a redirect from a misconfigured proxy)
    # may pass later, and a message must not be dropped for it.
    if 400 <= status < 500 and status != 429:
        return PermanentSmsError(code, message)
    return TemporarySmsError(code, message)


class ConsoleSmsSender:
    """Sends nothing and notes each message in the log: the default, for demos and development.

    The log gets the masked number and the length, never the text: a message says where a person sleeps
    tonight, and logs are read by more people, for longer, than anyone who may see it. The text is on the
    SMS page (/sms), for those allowed to read it, and the reading is audit-logged.
    """

    def send(self, to: str, body: str) -> str:
        """Log that a message went to the masked number, and how long it was; a made-up id."""
        _require_e164(to)
        log.info("SMS to %s: %d characters, shown at /sms", masked(to), len(body))
        return f"console-{uuid.uuid4().hex}"


@dataclass(frozen=True)
class SentSms:
    """One message the fake sender accepted."""

    to: str
    body: str
    sid: str


class FakeSmsSender:
    """Keeps each message in `outbox` instead of sending it; `fail_next` makes the next sends fail, for retry tests."""

    def __init__(self) -> None:
        self.outbox: list[SentSms] = []
        self._failures: deque[SmsError] = deque()
        self._lock = threading.Lock()

    def fail_next(self, *errors: SmsError) -> None:
        """Make the next sends raise these errors, one each, in order."""
        with self._lock:
            self._failures.extend(errors)

    def send(self, to: str, body: str) -> str:
        """Put the message in the outbox; a Twilio-like SID."""
        with self._lock:
            if self._failures:
                raise self._failures.popleft()
            _require_e164(to)
            sent = SentSms(to, body, f"SM{uuid.uuid4().hex}")
            self.outbox.append(sent)
        return sent.sid


GSM_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# Each is sent as an escape septet and the character: two septets.
GSM_EXTENSION = frozenset("\f^{}\\[]~|€")

# Septets (GSM-7) or UTF-16 code units (UCS-2): what fits in one message, and in each part of a longer one, whose
# user data header takes 7 septets / 3 code units.
_LIMITS = {"GSM-7": (160, 153), "UCS-2": (70, 67)}


@dataclass(frozen=True)
class Segments:
    """How a text is encoded, in how many parts it is sent, and its length in septets or UTF-16 code units."""

    encoding: Literal["GSM-7", "UCS-2"]
    parts: int
    length: int


def segments(body: str) -> Segments:
    """How many parts a text is sent in, as GSM 03.38 counts them; each part is billed as one message."""
    encoding: Literal["GSM-7", "UCS-2"]
    if all(char in GSM_BASIC or char in GSM_EXTENSION for char in body):
        encoding = "GSM-7"
        sizes = [2 if char in GSM_EXTENSION else 1 for char in body]
    else:
        encoding = "UCS-2"
        sizes = [2 if ord(char) > 0xFFFF else 1 for char in body]
    length = sum(sizes)
    single, per_part = _LIMITS[encoding]
    if length <= single:
        return Segments(encoding, 1, length)
    # A character is never cut between two parts (an escape and its character, or the two halves of a surrogate
    # pair), as phones do: a part may end a unit short, so a long text can need one part more than length / 153.
    parts, used = 1, 0
    for size in sizes:
        if used + size > per_part:
            parts, used = parts + 1, 0
        used += size
    return Segments(encoding, parts, length)


def _setting(config: Mapping[str, Any], key: str, default: str | None = None) -> str | None:
    value = config.get(key, default)
    return None if value is None else str(value).strip() or None


def _url(value: str, setting: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"BOLIG_{setting} must be an http(s) URL such as https://bolig.example.no, not {value!r}")
    return value


def sms_sender_from_config(config: Mapping[str, Any]) -> SmsSender:
    """The sender the configuration names in SMS_BACKEND: "console" (the default), "twilio" or "fake"."""
    kind = (_setting(config, "SMS_BACKEND", "console") or "console").lower()
    if kind == "console":
        return ConsoleSmsSender()
    if kind == "fake":
        return FakeSmsSender()
    if kind != "twilio":
        raise ValueError(f"BOLIG_SMS_BACKEND must be 'console', 'twilio' or 'fake', not {kind!r}")

    missing = [f"BOLIG_{key}" for key in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if not _setting(config, key)]
    if missing:
        raise ValueError(
            f"SMS_BACKEND is twilio but {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not set: "
            "copy them from the Twilio console"
        )
    from_number = _setting(config, "TWILIO_FROM")
    service = _setting(config, "TWILIO_MESSAGING_SERVICE_SID")
    if from_number is None and service is None:
        raise ValueError(
            "SMS_BACKEND is twilio but no sender is set: set BOLIG_TWILIO_FROM (a Twilio number or sender ID) "
            "or BOLIG_TWILIO_MESSAGING_SERVICE_SID (MG…)"
        )
    if from_number is not None and service is not None:
        raise ValueError("set only one of BOLIG_TWILIO_FROM and BOLIG_TWILIO_MESSAGING_SERVICE_SID, not both")
    api_base = _setting(config, "TWILIO_API_BASE")
    public_url = _setting(config, "PUBLIC_URL")
    # Without a public address Twilio has nowhere to report delivery; messages are still sent.
    status_callback = _url(public_url, "PUBLIC_URL").rstrip("/") + STATUS_CALLBACK_PATH if public_url else None
    return TwilioSmsSender(
        str(_setting(config, "TWILIO_ACCOUNT_SID")),
        str(_setting(config, "TWILIO_AUTH_TOKEN")),
        from_number=from_number,
        messaging_service_sid=service,
        status_callback=status_callback,
        api_base=_url(api_base, "TWILIO_API_BASE") if api_base else None,
    )
