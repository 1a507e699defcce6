"""A fake Twilio REST API on 127.0.0.1: creates messages in Twilio's wire format, fails on demand, keeps what it got.

Only `POST /2010-04-01/Accounts/{AccountSid}/Messages.json` is served; anything else is Twilio's 404. No pytest here:
a benchmark can run it as well as a test.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import select
import socket
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast
from urllib.parse import parse_qs, urlsplit

from providers.sms import segments

API_VERSION = "2010-04-01"
_MESSAGES = re.compile(rf"/{API_VERSION}/Accounts/(?P<account>[^/]+)/Messages\.json")
# Twilio refuses longer bodies outright instead of splitting them further.
MAX_BODY = 1600
# Twilio's own rule, written here rather than borrowed from the sender the fake is there to check.
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")

# What Twilio answers, by status, when the fake is told to fail: its error code and message.
FAILURES: dict[int, tuple[int, str]] = {
    429: (20429, "Too Many Requests"),
    500: (20500, "An internal server error has occurred"),
    502: (20502, "Bad Gateway"),
    503: (20503, "Service Unavailable"),
    504: (20504, "Gateway Timeout"),
}


def error_body(status: int, code: int, message: str) -> dict[str, object]:
    """An error as Twilio's REST API writes it."""
    return {
        "code": code,
        "message": message,
        "more_info": f"https://www.twilio.com/docs/errors/{code}",
        "status": status,
    }


def new_sid(prefix: str) -> str:
    """A Twilio SID: two letters naming the kind of resource, then 32 hex digits."""
    return prefix + secrets.token_hex(16)


@dataclass(frozen=True)
class Request:
    """One request the fake received, whatever it answered."""

    method: str
    path: str
    form: dict[str, str]
    headers: dict[str, str]


@dataclass(frozen=True)
class Message:
    """One message the fake accepted: what the client posted, and the resource it answered with."""

    sid: str
    to: str
    body: str
    from_: str | None
    messaging_service_sid: str | None
    status_callback: str | None
    resource: dict[str, object]


@dataclass(frozen=True)
class _Answer:
    status: int
    payload: dict[str, object]
    accepted: Message | None = None


class FakeTwilio:
    """The fake's behaviour, set by a test or a benchmark, and what it was sent; safe to read from any thread."""

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        account_sid: str | None = None,
        auth_token: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.account_sid = account_sid or new_sid("AC")
        self.auth_token = auth_token or secrets.token_hex(16)
        self.invalid_numbers: set[str] = set()
        self.unsubscribed_numbers: set[str] = set()
        self.delay = 0.0
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)
        self._in_flight = 0
        self._released = threading.Event()
        self._failures: deque[int] = deque()
        self._down: int | None = None
        self._messages: list[Message] = []
        self._requests: list[Request] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """What to pass as the sender's `api_base`."""
        return f"http://{self.host}:{self.port}"

    @property
    def messages(self) -> list[Message]:
        """The messages accepted so far, oldest first."""
        with self._lock:
            return list(self._messages)

    @property
    def requests(self) -> list[Request]:
        """Every request received so far, oldest first, refused ones included."""
        with self._lock:
            return list(self._requests)

    def fail_next(self, status: int, times: int = 1) -> None:
        """Answer the next `times` requests with this error status (429, 500, 503…) and Twilio's error body."""
        with self._lock:
            self._failures.extend([status] * times)

    def down(self, status: int = 503) -> None:
        """Answer every request with this error status until `up` is called."""
        with self._lock:
            self._down = status

    def up(self) -> None:
        """End an outage begun with `down`."""
        with self._lock:
            self._down = None

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Wait until no request is being answered (a slow one included); False if that took longer than `timeout`."""
        with self._idle:
            return self._idle.wait_for(lambda: self._in_flight == 0, timeout)

    def start(self) -> None:
        """Listen and answer in a background thread."""
        self._released.clear()
        self._server = _Server((self.host, self.port), _Handler)
        self._server.fake = self
        self.port = self._server.server_address[1]
        # A short poll lets shutdown return at once instead of after serve_forever's default half second.
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, name="fake-twilio"
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop listening, cutting any slow answer short, and wait for every handler thread to end."""
        self._released.set()
        if self._server is not None and self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._server.server_close()
        self._server = self._thread = None

    def _received(self, request: Request) -> None:
        with self._lock:
            self._requests.append(request)
            self._in_flight += 1

    def _answered(self) -> None:
        with self._idle:
            self._in_flight -= 1
            self._idle.notify_all()

    def _accept(self, message: Message) -> None:
        with self._lock:
            self._messages.append(message)

    def _wait(self) -> None:
        if self.delay:
            self._released.wait(self.delay)

    def _failure(self) -> int | None:
        with self._lock:
            if self._down is not None:
                return self._down
            return self._failures.popleft() if self._failures else None

    def _authenticated(self, authorization: str | None, account: str) -> bool:
        scheme, _, encoded = (authorization or "").partition(" ")
        if scheme.lower() != "basic":
            return False
        try:
            user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return user == self.account_sid == account and password == self.auth_token

    def _answer(self, method: str, path: str, form: Mapping[str, str], authorization: str | None) -> _Answer:
        """What Twilio would answer to this request, in the order it checks: outage, path, credentials, fields."""
        failure = self._failure()
        if failure is not None:
            code, text = FAILURES.get(failure, (failure, "Error"))
            return _Answer(failure, error_body(failure, code, text))
        found = _MESSAGES.fullmatch(path)
        if method != "POST" or found is None:
            return _Answer(404, error_body(404, 20404, f"The requested resource {path} was not found"))
        if not self._authenticated(authorization, found["account"]):
            return _Answer(401, error_body(401, 20003, "Authenticate"))
        refusal = self._refusal(form)
        if refusal is not None:
            code, text = refusal
            return _Answer(400, error_body(400, code, text))
        message = self._message(form)
        return _Answer(201, message.resource, message)

    def _refusal(self, form: Mapping[str, str]) -> tuple[int, str] | None:
        to, body = form.get("To", ""), form.get("Body", "")
        checks = (
            (not to, 21604, "A 'To' phone number is required."),
            (not form.get("From") and not form.get("MessagingServiceSid"), 21603, "A 'From' phone number is required."),
            (not body, 21602, "Message body is required."),
            (len(body) > MAX_BODY, 21617, "The concatenated message body exceeds the 1600 character limit."),
            # The message repeats the number, as Twilio's does: the sender must keep it out of logs.
            (
                not _E164.fullmatch(to) or to in self.invalid_numbers,
                21211,
                f"The 'To' number {to} is not a valid phone number.",
            ),
            (to in self.unsubscribed_numbers, 21610, "Attempt to send to unsubscribed recipient"),
        )
        return next(((code, text) for refused, code, text in checks if refused), None)

    def _message(self, form: Mapping[str, str]) -> Message:
        sid = new_sid("SM")
        now = format_datetime(datetime.now(UTC))
        from_ = form.get("From") or None
        service = form.get("MessagingServiceSid") or None
        uri = f"/{API_VERSION}/Accounts/{self.account_sid}/Messages/{sid}"
        resource: dict[str, object] = {
            "account_sid": self.account_sid,
            "api_version": API_VERSION,
            "body": form["Body"],
            "date_created": now,
            "date_sent": None,
            "date_updated": now,
            "direction": "outbound-api",
            "error_code": None,
            "error_message": None,
            "from": from_,
            "messaging_service_sid": service,
            # A Messaging Service picks its sender later, so Twilio can count the parts only then.
            "num_media": "0",
            "num_segments": str(segments(form["Body"]).parts) if from_ else "0",
            "price": None,
            "price_unit": "USD",
            "sid": sid,
            "status": "queued" if from_ else "accepted",
            "subresource_uris": {"media": f"{uri}/Media.json", "feedback": f"{uri}/Feedback.json"},
            "to": form["To"],
            "uri": f"{uri}.json",
        }
        return Message(sid, form["To"], form["Body"], from_, service, form.get("StatusCallback"), resource)


class _Server(ThreadingHTTPServer):
    # Handler threads are joined on close, so none outlives the test.
    daemon_threads = False
    fake: FakeTwilio

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that timed out has hung up before the slow answer: that is the point of the test, not an error.
        pass


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self._handle()

    def do_GET(self) -> None:
        self._handle()

    def _handle(self) -> None:
        fake = cast(_Server, self.server).fake
        path = urlsplit(self.path).path
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        form = {key: values[-1] for key, values in parse_qs(raw, keep_blank_values=True).items()}
        fake._received(Request(self.command, path, form, dict(self.headers.items())))
        try:
            fake._wait()
            answer = fake._answer(self.command, path, form, self.headers.get("Authorization"))
            if answer.accepted is not None:
                if self._client_gone():
                    return
                # Recorded before the bytes go out, so a client reading `messages` after its answer finds its own.
                fake._accept(answer.accepted)
            self._send(answer.status, json.dumps(answer.payload).encode())
        finally:
            fake._answered()

    def _client_gone(self) -> bool:
        """Whether the client closed the connection while waiting (it timed out): its message was not accepted."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Twilio-Request-Id", new_sid("RQ"))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def fake_twilio(
    *, account_sid: str | None = None, auth_token: str | None = None, port: int = 0
) -> Iterator[FakeTwilio]:
    """Serve a fake Twilio in a thread for the duration of a `with` block."""
    fake = FakeTwilio(account_sid=account_sid, auth_token=auth_token, port=port)
    fake.start()
    try:
        yield fake
    finally:
        fake.stop()
