"""Run the schedule: `flask jobs run`, `flask jobs run-once JOB_ID`, `flask jobs list`."""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import FrameType
from typing import Any, Literal

import click
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask, current_app
from flask.cli import AppGroup

from bolig.audit.operations import origin
from bolig.db import db, utcnow
from jobs.lock import SchedulerLockTaken, scheduler_lock

logger = logging.getLogger(__name__)

TIMEZONE = "Europe/Oslo"
# A run that starts this late is still worth doing; a later one is skipped, and the next run picks up the
# work, because what is due is read from the database, not from the schedule.
MISFIRE_GRACE_SECONDS = 60

_TRIGGERS: Mapping[str, Callable[..., Any]] = {"interval": IntervalTrigger, "cron": CronTrigger}


@dataclass(frozen=True)
class Job:
    """One entry of the schedule: a body, when to call it, and a stable id."""

    id: str
    func: Callable[..., int]
    trigger: Literal["interval", "cron"]
    trigger_args: Mapping[str, Any]
    description: str

    def describe_trigger(self) -> str:
        """The trigger as one line: `interval seconds=15`, `cron minute=*/5`."""
        return " ".join([self.trigger, *(f"{key}={value}" for key, value in self.trigger_args.items())])


def run_job(app: Flask, job: Job, *, dry_run: bool = False) -> int:
    """Run a job body once in its own app context and transaction; commit unless dry_run; re-raise failures."""
    with app.app_context(), origin(f"job:{job.id}"):
        try:
            count = job.func(now=utcnow(), dry_run=dry_run)
            if dry_run:
                db.session.rollback()
            else:
                db.session.commit()
        except Exception:
            db.session.rollback()
            logger.exception("job %s failed", job.id)
            raise
        finally:
            db.session.remove()
    logger.info("job %s: %d item(s)%s", job.id, count, " (dry run, rolled back)" if dry_run else "")
    return count


@dataclass
class Guard:
    """Whether this scheduler still holds the lock, and what to do once it does not."""

    held: Callable[[], bool] = lambda: True
    lost: threading.Event = field(default_factory=threading.Event)


def run_scheduled(app: Flask, job: Job, guard: Guard | None = None) -> None:
    """Run a job for the scheduler: a failure is logged and rolled back, and the scheduler carries on.

    A scheduler that has lost its lock runs nothing more: another may hold it now.
    """
    guard = guard or Guard()
    if guard.lost.is_set() or not guard.held():
        if not guard.lost.is_set():
            logger.error("Scheduler lock lost: job %s not run; stopping so the scheduler can start again", job.id)
        guard.lost.set()
        return
    # run_job has logged the failure with the job id; the next run tries again.
    with contextlib.suppress(Exception):
        run_job(app, job)


def build_scheduler(app: Flask, jobs: Sequence[Job], guard: Guard | None = None) -> BlockingScheduler:
    """A scheduler in Oslo time with each job registered under its id, kept in memory only."""
    ids = [job.id for job in jobs]
    if duplicates := sorted({id_ for id_ in ids if ids.count(id_) > 1}):
        raise ValueError(f"job ids must be unique: {', '.join(duplicates)}")
    # Memory only: nothing about a run needs to survive a restart, since every item's due time is in its table.
    scheduler = BlockingScheduler(timezone=TIMEZONE, jobstores={"default": MemoryJobStore()})
    for job in jobs:
        scheduler.add_job(
            run_scheduled,
            # Built here rather than from keywords, so a mistyped trigger argument stops the start, not a run.
            trigger=_TRIGGERS[job.trigger](**job.trigger_args, timezone=scheduler.timezone),
            args=(app, job, guard or Guard()),
            id=job.id,
            name=job.description or job.id,
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=MISFIRE_GRACE_SECONDS,
            # A (re)started scheduler catches up at once on whatever fell due while none was running.
            next_run_time=datetime.now(scheduler.timezone),
        )
    return scheduler


jobs_cli = AppGroup("jobs", help="Run the scheduled jobs.")


def _schedule() -> tuple[Job, ...]:
    # Imported here: the schedule imports Job from this module. Read at each call, so tests can swap it.
    from jobs import schedule

    return schedule.JOBS


@jobs_cli.command("run")
def run_command() -> None:
    """Run the scheduler until SIGTERM or SIGINT; a second one waits for the lock."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # Each run already logs "job <id>: <n> item(s)"; APScheduler's own per-run lines would double them.
    logging.getLogger("apscheduler.executors").setLevel(logging.WARNING)
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    with scheduler_lock(app) as held:
        guard = Guard(held)
        scheduler = build_scheduler(app, _schedule(), guard)
        threading.Thread(target=_stop_when_lost, args=(scheduler, guard), name="scheduler-lock", daemon=True).start()
        stopping: list[threading.Thread] = []
        previous: dict[signal.Signals, Any] = {}

        def stop(signum: int, _frame: FrameType | None) -> None:
            # A second signal acts as it normally would, for when a running job will not finish.
            for number, handler in previous.items():
                signal.signal(number, handler)
            logger.info("%s: stopping once running jobs finish", signal.Signals(signum).name)
            # Shut down from another thread: the scheduler's locks are not safe to take in a signal handler,
            # which runs in the middle of whatever the main thread was doing.
            thread = threading.Thread(target=scheduler.shutdown, name="scheduler-shutdown")
            stopping.append(thread)
            thread.start()

        previous.update({number: signal.signal(number, stop) for number in (signal.SIGTERM, signal.SIGINT)})
        try:
            logger.info("Starting the scheduler with %d job(s)", len(scheduler.get_jobs()))
            scheduler.start()
            # start() returns as soon as the scheduler is marked stopped; the lock stays until running jobs end.
            for thread in stopping:
                thread.join()
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)
    logger.info("Scheduler stopped")
    if guard.lost.is_set():
        # A service manager starts it again; it then waits for the lock like any second scheduler.
        raise SystemExit(1)


def _stop_when_lost(scheduler: BlockingScheduler, guard: Guard) -> None:
    guard.lost.wait()
    scheduler.shutdown(wait=False)


@jobs_cli.command("run-once")
@click.argument("job_id")
@click.option("--dry-run", is_flag=True, help="Do the work, report the count, then roll it back.")
def run_once_command(job_id: str, dry_run: bool) -> None:
    """Run one job now and print how many items it acted on."""
    jobs = {job.id: job for job in _schedule()}
    job = jobs.get(job_id)
    if job is None:
        known = ", ".join(sorted(jobs)) or "none"
        raise click.BadParameter(f"unknown job {job_id!r}; known jobs: {known}", param_hint="JOB_ID")
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        # A job run by hand while the scheduler runs could do its work twice: it waits for no one, it refuses.
        with scheduler_lock(app, wait=False):
            count = run_job(app, job, dry_run=dry_run)
    except SchedulerLockTaken:
        raise click.ClickException(f"the scheduler is running and runs {job_id} itself") from None
    except Exception as error:
        raise click.ClickException(f"job {job_id} failed: {error}") from error
    click.echo(f"{job_id}: {count} item(s){' (dry run, rolled back)' if dry_run else ''}")


@jobs_cli.command("list")
def list_command() -> None:
    """List the scheduled jobs: id, trigger, description."""
    for job in _schedule():
        click.echo(f"{job.id:<28} {job.describe_trigger():<28} {job.description}")
