"""Jobs commit what they did, roll back a dry run or a failure, and never stop the scheduler."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask
from sqlalchemy import select

from bolig import create_app
from bolig.audit.models import AuditEvent
from bolig.audit.operations import record
from bolig.db import db
from jobs import schedule
from jobs.runner import MISFIRE_GRACE_SECONDS, Job, build_scheduler, run_job, run_scheduled


class Records(logging.Handler):
    """Keeps the records a logger emits (the test run may have pytest's logging plugin off)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def runner_log() -> Iterator[Records]:
    handler = Records()
    logger = logging.getLogger("jobs.runner")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


@pytest.fixture
def bare_app(tmp_path: Path) -> Flask:
    """An app for tests that never touch its database."""
    return create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}", "SECRET_KEY": "test"})


def recording_job(action: str, *, fail: bool = False) -> Job:
    """A job that writes one audit event, and then fails if asked."""

    def body(*, now: datetime, dry_run: bool) -> int:
        record(None, action, None)
        db.session.flush()
        if fail:
            raise RuntimeError("the job broke")
        return 1

    return Job(id="test.record", func=body, trigger="interval", trigger_args={"seconds": 15}, description="Records")


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_run_job_commits_the_work_under_the_job_origin(app: Flask, runner_log: Records) -> None:
    assert run_job(app, recording_job("test.job.commit")) == 1
    [event] = events("test.job.commit")
    assert (event.address, event.actor_label) == ("job:test.record", "job:test.record")
    assert "job test.record: 1 item(s)" in [r.getMessage() for r in runner_log.records if r.levelno == logging.INFO]


def test_the_body_gets_an_aware_utc_now_and_the_dry_run_flag(app: Flask) -> None:
    seen: list[tuple[datetime, bool]] = []

    def body(*, now: datetime, dry_run: bool) -> int:
        seen.append((now, dry_run))
        return 0

    job = Job(id="test.args", func=body, trigger="cron", trigger_args={"minute": "*/5"}, description="")
    run_job(app, job, dry_run=True)
    [(now, dry_run)] = seen
    assert now.utcoffset() == timedelta(0)
    assert dry_run is True


def test_a_dry_run_rolls_the_work_back(app: Flask) -> None:
    assert run_job(app, recording_job("test.job.dry"), dry_run=True) == 1
    assert events("test.job.dry") == []


def test_a_failing_job_is_rolled_back_and_re_raised_by_run_job(app: Flask) -> None:
    with pytest.raises(RuntimeError, match="the job broke"):
        run_job(app, recording_job("test.job.fail", fail=True))
    assert events("test.job.fail") == []


def test_under_the_scheduler_a_failure_is_logged_with_the_job_id_and_does_not_propagate(
    app: Flask, runner_log: Records
) -> None:
    run_scheduled(app, recording_job("test.job.scheduled", fail=True))
    assert events("test.job.scheduled") == []
    [failure] = [r for r in runner_log.records if r.levelno == logging.ERROR]
    assert "test.record" in failure.getMessage()
    assert failure.exc_info is not None
    assert isinstance(failure.exc_info[1], RuntimeError)


def test_build_scheduler_registers_each_job_by_id_with_its_trigger(bare_app: Flask) -> None:
    jobs = [
        recording_job("unused"),
        Job(id="test.cron", func=lambda **_: 0, trigger="cron", trigger_args={"minute": "*/5"}, description="Cron"),
    ]
    scheduler = build_scheduler(bare_app, jobs)
    assert str(scheduler.timezone) == "Europe/Oslo"
    registered = {job.id: job for job in scheduler.get_jobs()}
    assert set(registered) == {"test.record", "test.cron"}
    interval, cron = registered["test.record"], registered["test.cron"]
    assert isinstance(interval.trigger, IntervalTrigger)
    assert interval.trigger.interval == timedelta(seconds=15)
    assert isinstance(cron.trigger, CronTrigger)
    assert str(cron.trigger.fields[cron.trigger.FIELD_NAMES.index("minute")]) == "*/5"
    assert str(cron.trigger.timezone) == "Europe/Oslo"
    for job in (interval, cron):
        assert (job.max_instances, job.coalesce, job.misfire_grace_time) == (1, True, MISFIRE_GRACE_SECONDS)
        assert job.func is run_scheduled
    assert interval.args[:2] == (bare_app, jobs[0])


def test_build_scheduler_refuses_two_jobs_with_one_id(bare_app: Flask) -> None:
    job = recording_job("unused")
    with pytest.raises(ValueError, match=r"unique: test\.record"):
        build_scheduler(bare_app, [job, job])


def test_build_scheduler_refuses_a_mistyped_trigger_argument(bare_app: Flask) -> None:
    job = Job(id="test.bad", func=lambda **_: 0, trigger="interval", trigger_args={"second": 15}, description="")
    with pytest.raises(TypeError):
        build_scheduler(bare_app, [job])


def test_the_schedule_builds(bare_app: Flask) -> None:
    scheduler = build_scheduler(bare_app, schedule.JOBS)
    assert [job.id for job in scheduler.get_jobs()] == [job.id for job in schedule.JOBS]


def test_run_once_with_an_unknown_id_names_the_known_ones(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "JOBS", (recording_job("unused"),))
    result = app.test_cli_runner().invoke(args=["jobs", "run-once", "no.such.job"])
    assert result.exit_code == 2
    assert "unknown job 'no.such.job'" in result.output
    assert "known jobs: test.record" in result.output


def test_run_once_runs_the_job_and_prints_the_count(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "JOBS", (recording_job("test.job.cli"),))
    result = app.test_cli_runner().invoke(args=["jobs", "run-once", "test.record"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "test.record: 1 item(s)"
    assert len(events("test.job.cli")) == 1


def test_run_once_dry_run_leaves_nothing_behind(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "JOBS", (recording_job("test.job.cli-dry"),))
    result = app.test_cli_runner().invoke(args=["jobs", "run-once", "test.record", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "1 item(s) (dry run, rolled back)" in result.output
    assert events("test.job.cli-dry") == []


def test_run_once_reports_a_failure_and_exits_non_zero(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(schedule, "JOBS", (recording_job("test.job.cli-fail", fail=True),))
    result = app.test_cli_runner().invoke(args=["jobs", "run-once", "test.record"])
    assert result.exit_code == 1
    assert "job test.record failed: the job broke" in result.output
    assert events("test.job.cli-fail") == []


def test_list_prints_each_id_trigger_and_description(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    cron = Job(id="test.cron", func=lambda **_: 0, trigger="cron", trigger_args={"minute": "*/5"}, description="Cron")
    monkeypatch.setattr(schedule, "JOBS", (recording_job("unused"), cron))
    result = app.test_cli_runner().invoke(args=["jobs", "list"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["test.record", "interval", "seconds=15", "Records"]
    assert lines[1].split() == ["test.cron", "cron", "minute=*/5", "Cron"]
