"""Every 15 seconds: send what is due in the SMS outbox, several senders side by side, and apply the delivery
reports that came before their message's id was saved."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from flask import Flask, current_app

from bolig.db import db
from bolig.notifications.operations import (
    apply_early_reports,
    cancel_unwanted,
    due_messages,
    give_up_overdue,
    release_claims,
    send_due,
)
from providers.sms import SmsSender

# Messages a sender claims at once: fewer transactions a message, and few enough to share out the work.
BATCH = 20


def run(*, now: datetime, dry_run: bool = False) -> int:
    """Send every message due by now, each recorded as soon as the provider answers; returns how many went.

    BOLIG_SMS_SENDERS senders work side by side, each claiming its own messages, so one slow answer does not
    hold up the rest.
    """
    if dry_run:
        return len(due_messages(now))
    apply_early_reports(now)
    give_up_overdue(now)
    cancel_unwanted()
    release_claims(now)
    db.session.commit()
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    sender: SmsSender = app.extensions["sms"]
    senders = max(1, int(app.config["SMS_SENDERS"]))
    stop = threading.Event()
    if senders == 1:
        return send_due(db.session(), sender, now, stop=stop, batch=BATCH)
    with ThreadPoolExecutor(senders, thread_name_prefix="sms") as pool:
        runs = [pool.submit(_in_context, app, sender, now, stop) for _ in range(senders)]
        return sum(run.result() for run in runs)


def _in_context(app: Flask, sender: SmsSender, now: datetime, stop: threading.Event) -> int:
    # A connection of its own for the whole run: no session to set up, no pool check-out for each message.
    with app.app_context(), db.engine.connect() as connection:
        return send_due(connection, sender, now, stop=stop, batch=BATCH)
