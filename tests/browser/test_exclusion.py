"""The shelter cannot end a stay itself: the operator asks NAV, and the caseworker finds it on the board (R9)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, log_in, start_as


def test_the_operator_asks_nav_to_end_a_stay(page: Page) -> None:
    start_as(page, "tilbyder.kristiansand@demo.bolig.no")
    page.get_by_role("link", name="Ankomster").first.tap()
    expect_heading(page, "Kommer og bor")
    staying = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Fatima"))
    staying.get_by_text("Be NAV avslutte oppholdet").tap()
    assert_accessible(page)
    staying.get_by_label("Hva skjedde", exact=True).fill("Røykte inne og truet nattevakten kl. 23.")
    staying.get_by_role("button", name="Send til NAV").tap()
    expect(page.get_by_text("NAV er bedt om å avslutte oppholdet. NAV hører brukeren og avgjør i dag.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Logg ut").tap()
    expect_heading(page, "Logg inn i bolig")
    assert_accessible(page)
    log_in(page, "saksbehandler.kristiansand@demo.bolig.no")
    expect_heading(page, "Hei, Sara")
    assert_accessible(page)
    page.get_by_role("link", name="Tavle", exact=True).tap()
    expect(page.get_by_role("heading", name="Botilbud som ber om å avslutte et opphold")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Fatima Ali").first.tap()
    expect_heading(page, "Fatima Ali")
    expect(page.get_by_text("«Røykte inne og truet nattevakten kl. 23.» Hør Fatima, og avgjør i dag.")).to_be_visible()
    expect(page.get_by_label("Hva skjedde", exact=True)).to_have_value("Røykte inne og truet nattevakten kl. 23.")
    assert_accessible(page)
