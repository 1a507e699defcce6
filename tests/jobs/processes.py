"""`flask jobs run` in a process of its own, as a service manager runs it, for tests that start, stop or kill it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest

from bolig import PROJECT_ROOT


class SchedulerProcess:
    """A running `flask jobs run` with the given environment, its output going to a log file."""

    def __init__(self, env: Mapping[str, str], log_path: Path, *, timeout: float) -> None:
        self.log_path = log_path
        # Every wait is bounded, so a scheduler that hangs fails the test instead of the build.
        self.timeout = timeout
        with log_path.open("a") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "flask", "--app", "app", "jobs", "run"],
                cwd=PROJECT_ROOT,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=output,
                stderr=output,
            )

    @property
    def log(self) -> str:
        return self.log_path.read_text()

    def wait_for(self, text: str) -> None:
        """Wait until the log shows `text`; fail with the log so far if it does not."""
        self.wait_until(lambda: text in self.log, repr(text))

    def wait_until(self, done: Callable[[], bool], what: str, *, every: float = 0.02) -> None:
        """Poll until `done()`; fail with the log if the timeout passes or the scheduler exits first."""
        deadline = time.monotonic() + self.timeout
        while not done():
            # It may have been done just before the scheduler exited, so look once more before failing.
            if self.process.poll() is not None and not done():
                pytest.fail(f"the scheduler exited ({self.process.returncode}) before {what}; log:\n{self.log}")
            if time.monotonic() > deadline:
                pytest.fail(f"no {what} within {self.timeout} s; log:\n{self.log}")
            time.sleep(every)

    def kill(self) -> None:
        """SIGKILL: no handler runs, no transaction is finished, as when a host dies."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(self.timeout)

    def stop(self) -> int:
        """SIGTERM, as a service manager sends; the exit status once it has shut down."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(self.timeout)

    def close(self) -> None:
        """Kill the scheduler if it still runs, and wait for it, so no test leaves one behind."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(self.timeout)


@contextmanager
def scheduler_process(env: Mapping[str, str], log_path: Path, *, timeout: float) -> Iterator[SchedulerProcess]:
    """A scheduler started for the block and closed after it, whether the block fails or not."""
    process = SchedulerProcess(env, log_path, timeout=timeout)
    try:
        yield process
    finally:
        process.close()
