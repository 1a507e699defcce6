"""Browser tests: the demo app on a real port, driven by Chromium through Playwright, every page checked with axe.

These tests never request the `app` fixture: the live server has its own database with the demo data committed,
outside the rolled-back transaction the other tests run in.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from werkzeug.serving import make_server

from bolig.audit.operations import origin
from bolig.db import db
from seed.demo import load_demo
from tests.conftest import make_test_app
from tests.databases import fresh_database

ROOT = Path(__file__).resolve().parents[2]
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOWN_TARGETS = 3

_REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Generator[None, Any, Any]:
    """Keep each phase's report on the test, so the page fixture knows at teardown whether the test failed."""
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def live_server(database_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of the app serving the demo data from its own fresh database."""
    folder = tmp_path_factory.mktemp(f"browser-{database_kind}")
    with fresh_database(database_kind, folder) as url:
        app = make_test_app(url, folder)
        with app.app_context():
            with origin("seed"):
                load_demo()
            db.session.commit()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
        thread.start()
        try:
            yield f"http://127.0.0.1:{server.server_port}"
        finally:
            server.shutdown()
            thread.join()
            server.server_close()
            with app.app_context():
                db.engine.dispose()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """The Playwright driver, for the whole run."""
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's headless Chromium; Playwright's own browser download is not used."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Visits:
    """The pages a test has loaded, and which of them it has not checked with axe."""

    current: str | None = None
    missed: list[str] = field(default_factory=list)

    def loaded(self, url: str) -> None:
        if self.current is not None:
            self.missed.append(self.current)
        self.current = url

    def checked(self) -> None:
        self.current = None

    def unchecked(self) -> list[str]:
        return [*self.missed, *([self.current] if self.current is not None else [])]


_visits: dict[Page, Visits] = {}


@pytest.fixture
def page(browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A phone-sized page in a fresh browser context; relative URLs go to the live server.

    At teardown, a failed test leaves a screenshot in tests/browser/artifacts/, and a passed test fails if it
    loaded a page without checking it with `assert_accessible`.
    """
    context = browser.new_context(
        base_url=live_server,
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale="nb-NO",
    )
    page = context.new_page()
    visits = _visits[page] = Visits()
    page.on("framenavigated", lambda frame: visits.loaded(frame.url) if frame == page.main_frame else None)
    try:
        yield page
        call = request.node.stash.get(_REPORTS, {}).get("call")
        if call is not None and call.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
            page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
        elif call is not None:
            unchecked = visits.unchecked()
            assert not unchecked, f"pages loaded but not checked with assert_accessible: {', '.join(unchecked)}"
    finally:
        del _visits[page]
        context.close()


@cache
def _axe_source() -> str:
    assert AXE_SCRIPT.is_file(), f"{AXE_SCRIPT} is missing: run `make install` (npm ci) first"
    return AXE_SCRIPT.read_text(encoding="utf-8")


def assert_accessible(page: Page) -> None:
    """Run axe on the loaded page against WCAG 2.1 A and AA, and fail with a readable list of violations.

    Axe is injected with `evaluate`, which the page's Content-Security-Policy does not govern, as it should not
    govern a test tool; a script tag would be refused.
    """
    page.wait_for_load_state("load")
    if page in _visits:
        _visits[page].checked()
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(_axe_source())
    results: dict[str, Any] = page.evaluate(
        "options => axe.run(document, options)",
        {"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    violations: list[dict[str, Any]] = results["violations"]
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(
        _describe(violation) for violation in violations
    )


def _describe(violation: dict[str, Any]) -> str:
    nodes: list[dict[str, Any]] = violation["nodes"]
    targets = [" ".join(map(str, node["target"])) for node in nodes[:SHOWN_TARGETS]]
    more = f" (and {len(nodes) - SHOWN_TARGETS} more)" if len(nodes) > SHOWN_TARGETS else ""
    return (
        f"  {violation['id']} ({violation['impact']}): {violation['help']}\n"
        f"    on {'; '.join(targets)}{more}\n"
        f"    see {violation['helpUrl']}"
    )
