"""The schedule as data: each job's stable id, its trigger in Oslo time, and the thin body it calls.

Bodies take `now` and `dry_run` and return how many items they acted on. What is due is read from the
database, so a run missed across a restart loses no work.
"""

from __future__ import annotations

from jobs import (
    capacity_reminders,
    decision_alerts,
    escalate_unplaced,
    expire_holds,
    hold_reminders,
    retention,
    send_outbox,
)
from jobs.runner import Job

JOBS: tuple[Job, ...] = (
    Job(
        id="send_outbox",
        func=send_outbox.run,
        trigger="interval",
        trigger_args={"seconds": 15},
        description="Send the SMS that are due, retrying failures with backoff",
    ),
    Job(
        id="expire_holds",
        func=expire_holds.run,
        trigger="interval",
        trigger_args={"minutes": 1},
        description="End expired holds, tell the clients and reopen the cases",
    ),
    Job(
        id="hold_reminders",
        func=hold_reminders.run,
        trigger="interval",
        trigger_args={"minutes": 1},
        description="Remind clients 30 minutes before a held place is released",
    ),
    Job(
        id="escalate_unplaced",
        func=escalate_unplaced.run,
        trigger="interval",
        trigger_args={"minutes": 1},
        description="Tell the on-call supervisor of households waiting too long (R5)",
    ),
    Job(
        id="capacity_reminders",
        func=capacity_reminders.run,
        trigger="interval",
        trigger_args={"minutes": 5},
        description="Text operators whose count for tonight is not in by the reminder time",
    ),
    Job(
        id="decision_alerts",
        func=decision_alerts.run,
        trigger="interval",
        trigger_args={"minutes": 5},
        description="Tell the on-call supervisor of today's cases still without a decision (R3)",
    ),
    Job(
        id="retention",
        func=retention.run,
        trigger="cron",
        trigger_args={"hour": 3, "minute": 30},
        description="Destroy closed cases past the retention period that nothing keeps for good (R28)",
    ),
)
