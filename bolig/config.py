"""Defaults; every key can be set from the environment as BOLIG_<KEY>."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, ClassVar


class DefaultConfig:
    # Embedded default: a SQLite file in the instance folder (see create_app).
    SQLALCHEMY_DATABASE_URI: str | None = None
    # Errors never carry a statement's values (phone numbers, names, messages) into logs.
    SQLALCHEMY_ENGINE_OPTIONS: ClassVar[dict[str, Any]] = {"pool_pre_ping": True, "hide_parameters": True}

    SESSION_COOKIE_NAME = "bolig_session"
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # The session lives while the user is active and ends after this many idle minutes.
    IDLE_TIMEOUT_MINUTES = 30
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session, which idles out on its own

    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = "5 per minute; 30 per hour"

    BABEL_DEFAULT_LOCALE = "nb"
    BABEL_DEFAULT_TIMEZONE = "Europe/Oslo"
    LANGUAGES = ("nb", "en")

    # SMS: "console" logs messages (and the SMS page shows them); "twilio" sends them. The address Twilio
    # calls back and signs (https://bolig.example.kommune.no) must be the public one, not the proxy's view.
    SMS_BACKEND = "console"
    PUBLIC_URL = ""
    TWILIO_ACCOUNT_SID = ""
    TWILIO_AUTH_TOKEN = ""
    TWILIO_FROM = ""
    TWILIO_MESSAGING_SERVICE_SID = ""
    # Senders working the outbox side by side; each holds a database connection while it runs.
    SMS_SENDERS = 4

    # Where the municipality's accessibility statement is published (uustatus.no, R29), and where to report a
    # barrier: shown on the accessibility page, which anyone can read.
    ACCESSIBILITY_STATEMENT_URL = "https://www.uustatus.no/"
    ACCESSIBILITY_CONTACT = ""

    # Number of proxies in front of the app whose X-Forwarded-* headers are trusted.
    PROXY_COUNT = 0
    MAX_CONTENT_LENGTH = 1024 * 1024
