"""Form pieces shared by the areas."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import request, url_for

# A field for an amount of money: the phone's number pad, and no autofill.
MONEY = {"inputmode": "numeric", "autocomplete": "off"}


def safe_next(target: str | None, default_endpoint: str = "core.home") -> str:
    """A local path to go on to after a form, never another site (open redirects)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for(default_endpoint)


def referrer_path() -> str | None:
    """The path of the page the user came from, if it was one of ours."""
    ref = request.referrer
    if not ref:
        return None
    parts = urlsplit(ref)
    if parts.netloc and parts.netloc != request.host:
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def whole_number(text: str, *, most: int) -> int | None:
    """A count typed in ASCII digits and at most `most`; None for anything else ("²", "-1", "3,5", "99999999")."""
    text = text.strip()
    if not re.fullmatch(r"[0-9]{1,6}", text):
        return None
    number = int(text)
    return number if number <= most else None


def kroner(text: str | None) -> int | None:
    """Whole kroner as people write them ("12 500", "12500 kr"); None for anything else."""
    cleaned = re.sub(r"[\s\u00a0]|kr$|,-$", "", (text or "").strip().lower())
    return int(cleaned) if re.fullmatch(r"[0-9]{1,9}", cleaned) else None
