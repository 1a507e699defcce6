"""Logging in and out on a phone, in bokmål and in English, with every page checked with axe."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from seed.demo import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, expect_heading, log_in, start_as

CASEWORKER = "saksbehandler.oslo@demo.bolig.no"


def test_caseworker_logs_in(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    expect_heading(page, "Logg inn i bolig")
    assert_accessible(page)

    log_in(page, CASEWORKER, DEMO_PASSWORD)

    expect_heading(page, "Hei, Sara")
    expect(page).to_have_url(re.compile(r"/$"))
    assert_accessible(page)


def test_wrong_password_is_refused(page: Page) -> None:
    page.goto("/login")
    assert_accessible(page)

    log_in(page, CASEWORKER, "not-the-password")

    expect(page.get_by_role("alert")).to_contain_text("E-postadressen eller passordet er feil")
    expect(page).to_have_url(re.compile(r"/login$"))
    expect_heading(page, "Logg inn i bolig")
    assert_accessible(page)


def test_language_switch_holds_through_login(page: Page) -> None:
    page.goto("/login")
    assert_accessible(page)

    page.get_by_role("button", name="English", exact=True).tap()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect_heading(page, "Log in to bolig")
    assert_accessible(page)

    log_in(page, CASEWORKER, DEMO_PASSWORD, lang="en")

    expect_heading(page, "Hello, Sara")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert_accessible(page)

    page.get_by_role("button", name="Norsk (bokmål)", exact=True).tap()

    expect_heading(page, "Hei, Sara")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    assert_accessible(page)


def test_logout_from_the_footer(page: Page) -> None:
    start_as(page, CASEWORKER)

    page.get_by_role("contentinfo").get_by_role("button", name="Logg ut", exact=True).tap()

    expect_heading(page, "Logg inn i bolig")
    expect(page.get_by_role("status")).to_have_text("Du er logget ut.")
    expect(page).to_have_url(re.compile(r"/login$"))
    assert_accessible(page)

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/login\?next=/$"))
    assert_accessible(page)


def test_anyone_reaches_the_accessibility_page_from_the_footer(page: Page) -> None:
    page.goto("/login")
    assert_accessible(page)
    page.get_by_role("contentinfo").get_by_role("link", name="Tilgjengelighet").tap()
    expect_heading(page, "Tilgjengelighet")
    expect(page.get_by_role("link", name="Tilgjengelighetserklæringen på uustatus.no")).to_be_visible()
    assert_accessible(page)
