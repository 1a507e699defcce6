"""Every 15 seconds: send what is due in the SMS outbox, one message at a time."""

from __future__ import annotations

from datetime import datetime

from flask import current_app

from bolig.db import db
from bolig.notifications.models import SmsStatus
from bolig.notifications.operations import due_messages, give_up_overdue, release_claims, send_next


def run(*, now: datetime, dry_run: bool = False) -> int:
    """Send every message due by now, each recorded as soon as the provider answers; returns how many went."""
    if dry_run:
        return len(due_messages(now))
    sender = current_app.extensions["sms"]
    give_up_overdue(now)
    db.session.commit()
    sent = 0
    while (message := send_next(sender, now, commit=db.session.commit)) is not None:
        status = message.status
        db.session.commit()
        if status == SmsStatus.QUEUED:
            # The provider is busy or out of reach: the rest wait for the next run instead of each waiting out
            # a timeout.
            break
        sent += status == SmsStatus.SENT
    return sent


def recover(*, now: datetime, dry_run: bool = False) -> int:
    """At start, holding the scheduler lock: messages a dead process was sending go back in the queue."""
    return release_claims(now)
