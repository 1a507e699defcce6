"""The schedule as data: each job's stable id, its trigger in Oslo time, and the thin body it calls.

Bodies take `now` and `dry_run` and return how many items they acted on. What is due is read from the
database, so a run missed across a restart loses no work.
"""

from __future__ import annotations

from jobs.runner import Job

JOBS: tuple[Job, ...] = ()
