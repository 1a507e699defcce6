"""Outside the burnt-out block, the worker's phone knows where she is: one tap drops the pin."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, start_as

# Just north of Oslo S, where the gazetteer has no name for a back yard.
POSITION = {"latitude": 59.9139, "longitude": 10.7522}


def open_intake(page: Page) -> None:
    start_as(page, "saksbehandler.oslo@demo.bolig.no")
    page.goto("/cases/new")
    expect_heading(page, "Noen trenger en plass i natt")
    assert_accessible(page)


def test_use_my_position_drops_the_pin(page: Page) -> None:
    page.context.grant_permissions(["geolocation"])
    page.context.set_geolocation(POSITION)
    open_intake(page)
    page.get_by_role("button", name="Bruk min posisjon").tap()
    expect(page.get_by_role("status").filter(has_text="Posisjonen er funnet")).to_be_visible()
    expect(page.get_by_label("Hvor er de nå?")).to_have_value("Min posisjon (59.91390, 10.75220)")
    page.get_by_label("Navn", exact=True).fill("Lars Moe")
    page.get_by_role("button", name="Finn en plass").tap()
    expect_heading(page, "Lars Moe")
    expect(page.get_by_text("nå ved Min posisjon (59.91390, 10.75220)")).to_be_visible()
    expect(page.get_by_text("km unna").first).to_be_visible()
    assert_accessible(page)


def test_without_javascript_there_is_no_position_button(page_without_javascript: Page) -> None:
    open_intake(page_without_javascript)
    expect(page_without_javascript.get_by_role("button", name="Bruk min posisjon")).to_be_hidden()
