"""Every 15 seconds: send what is due in the SMS outbox, one message per transaction."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from bolig.db import db
from bolig.notifications.models import SmsStatus
from bolig.notifications.operations import due_messages, give_up_overdue, send_next


def run(*, now: datetime, dry_run: bool = False) -> int:
    """Send every message due by now, each committed as soon as the provider has it; returns how many went."""
    if dry_run:
        return len(due_messages(now))
    sender = current_app.extensions["sms"]
    give_up_overdue(now)
    db.session.commit()
    sent = 0
    while (message := send_next(sender, now)) is not None:
        db.session.commit()
        if message.status == SmsStatus.QUEUED:
            # The provider is busy or out of reach: the rest wait for the next run instead of each waiting out
            # a timeout (on SQLite, while holding the database's write lock).
            break
        sent += message.status == SmsStatus.SENT
    return sent
