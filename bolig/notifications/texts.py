"""What the pages call each kind of SMS and each state it can be in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from bolig.notifications.models import SmsKind, SmsStatus

KIND_LABELS = {
    SmsKind.HOLD_CREATED: _l("Place held"),
    SmsKind.HOLD_REMINDER: _l("Reminder before the hold ends"),
    SmsKind.HOLD_RELEASED: _l("Place released"),
    SmsKind.DECISION: _l("New decision"),
    SmsKind.FOLLOW_UP: _l("Follow-up reminder"),
    SmsKind.CAPACITY_REMINDER: _l("Capacity reminder"),
    SmsKind.ESCALATION: _l("Waiting too long"),
    SmsKind.DECLINED: _l("Place declined"),
    SmsKind.EXCLUSION_REQUESTED: _l("The shelter asks to end a stay"),
    SmsKind.UNDECIDED: _l("No decision yet today"),
    SmsKind.REPLY: _l("Reply"),
}

STATUS_LABELS = {
    SmsStatus.QUEUED: _l("Waiting to be sent"),
    SmsStatus.SENDING: _l("Being sent"),
    SmsStatus.SENT: _l("Sent"),
    SmsStatus.DELIVERED: _l("Delivered"),
    SmsStatus.FAILED: _l("Could not be sent"),
    SmsStatus.CANCELLED: _l("Not sent: no longer needed"),
    SmsStatus.RECEIVED: _l("Received"),
}


def mask_phone(phone: str) -> str:
    """A number as staff lists show it: the last three digits, enough to tell two apart."""
    return "" if not phone else "•••• " + phone[-3:]
