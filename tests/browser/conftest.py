"""Browser tests: the demo app on a real port, driven by Chromium through Playwright, every page checked with axe.

These tests never request the `app` fixture: the live server has its own database with the demo data committed,
outside the rolled-back transaction the other tests run in.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from bolig.audit.operations import origin
from bolig.db import db
from seed.demo import DEMO_PASSWORD, DEMO_ROLES, load_demo
from tests.conftest import make_test_app
from tests.databases import fresh_database
from tests.live import serve

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


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Werkzeug's test server leaves a static file open when the browser drops the connection mid-file."""
    leak = "ignore:Exception ignored in. <_io.FileIO name='.*/bolig/static/:pytest.PytestUnraisableExceptionWarning"
    for item in items:
        if Path(item.path).is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.filterwarnings(leak))


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
        try:
            with serve(app) as base_url:
                yield base_url
        finally:
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
    checker: Page | None = None

    def loaded(self, url: str) -> None:
        if self.current is not None:
            self.missed.append(self.current)
        self.current = url

    def checked(self) -> None:
        self.current = None

    def unchecked(self) -> list[str]:
        return [*self.missed, *([self.current] if self.current is not None else [])]


_visits: dict[Page, Visits] = {}


def _phone_page(
    browser: Browser, live_server: str, request: pytest.FixtureRequest, *, javascript: bool
) -> Iterator[Page]:
    options: dict[str, Any] = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
    context = browser.new_context(base_url=live_server, locale="nb-NO", java_script_enabled=javascript, **options)
    page = context.new_page()
    visits = _visits[page] = Visits()
    if not javascript:
        # Axe needs JavaScript: it checks what the page without JavaScript shows, in a page of its own.
        visits.checker = browser.new_context(**options).new_page()
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
        if visits.checker is not None:
            visits.checker.context.close()
        context.close()


@pytest.fixture
def page(browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A phone-sized page in a fresh browser context; relative URLs go to the live server.

    At teardown, a failed test leaves a screenshot in tests/browser/artifacts/, and a passed test fails if it
    loaded a page without checking it with `assert_accessible`.
    """
    yield from _phone_page(browser, live_server, request, javascript=True)


@pytest.fixture
def page_without_javascript(browser: Browser, live_server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """The same phone page without the app's JavaScript, as on a locked-down phone or a script lost to bad signal."""
    yield from _phone_page(browser, live_server, request, javascript=False)


def expect_heading(page: Page, text: str) -> None:
    """The page's one main heading reads exactly this."""
    expect(page.get_by_role("heading", level=1)).to_have_text(text)


def log_in(page: Page, email: str, password: str = DEMO_PASSWORD, *, lang: str = "nb") -> None:
    """Fill in the login form on the current page and send it."""
    labels = {"nb": ("E-post", "Passord", "Logg inn"), "en": ("E-mail", "Password", "Log in")}[lang]
    page.get_by_label(labels[0], exact=True).fill(email)
    page.get_by_label(labels[1], exact=True).fill(password)
    page.get_by_role("button", name=labels[2], exact=True).tap()


def start_as(page: Page, email: str) -> None:
    """Log in as a demo user from the login page and land on their home page, greeted by first name, each page
    checked."""
    page.goto("/login")
    assert_accessible(page)
    log_in(page, email)
    prefix = email.split(".", 1)[0]
    first_name = next(name for start, name in DEMO_ROLES.values() if start == prefix).split()[0]
    expect_heading(page, f"Hei, {first_name}")
    assert_accessible(page)


def open_case_from_board(page: Page, email: str, name: str) -> None:
    """As the caseworker: log in, go to the board and open the named household's case, each page checked."""
    start_as(page, email)
    page.get_by_role("link", name="Uten plass: tavla").tap()
    expect_heading(page, "Uten plass")
    assert_accessible(page)
    page.get_by_role("link", name=name).first.tap()
    expect_heading(page, name)
    assert_accessible(page)


@cache
def _axe_source() -> str:
    assert AXE_SCRIPT.is_file(), f"{AXE_SCRIPT} is missing: run `make install` (npm ci) first"
    return AXE_SCRIPT.read_text(encoding="utf-8")


def assert_accessible(page: Page) -> None:
    """Run axe on the loaded page against WCAG 2.1 A and AA, and fail with a readable list of violations; and
    check that the tab's title, which a screen reader reads first, is plain text.

    Axe is injected with `evaluate`, which the page's Content-Security-Policy does not govern, as it should not
    govern a test tool; a script tag would be refused.
    """
    page.wait_for_load_state("load")
    title = page.title()
    assert title.endswith(" – bolig"), f"the tab's title does not name bolig: {title!r}"
    assert "<" not in title, f"the tab's title is not plain text: {title!r}"
    visits = _visits.get(page)
    if visits is not None:
        visits.checked()
    target = page
    if visits is not None and visits.checker is not None:
        target = visits.checker
        html = page.content().replace("<head>", f'<head><base href="{page.url}">', 1)
        target.set_content(html, wait_until="load")
    if not target.evaluate("() => typeof window.axe === 'object'"):
        target.evaluate(_axe_source())
    results: dict[str, Any] = target.evaluate(
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
