"""Every 15 seconds: send what is due in the SMS outbox, one message per transaction."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from bolig.db import db
from bolig.notifications.operations import due_messages, send_next


def run(*, now: datetime, dry_run: bool = False) -> int:
    """Send every message due by now; each is committed as soon as the provider has it."""
    if dry_run:
        return len(due_messages(now))
    sender = current_app.extensions["sms"]
    sent = 0
    while send_next(sender, now) is not None:
        db.session.commit()
        sent += 1
    return sent
