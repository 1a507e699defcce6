"""The shelter operator keeps tonight's free places current from a phone: three taps from opening the page."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, start_as

OPERATOR = "tilbyder.oslo@demo.bolig.no"


def open_ila(page: Page) -> None:
    """Log in as the demo operator and open the capacity page of its first shelter."""
    start_as(page, OPERATOR)
    page.get_by_role("link", name="Meld ledige plasser i natt").tap()
    expect_heading(page, "Ledige plasser i natt")
    assert_accessible(page)
    page.get_by_role("link", name="Ila pensjonat").tap()
    expect_heading(page, "Ila pensjonat")
    assert_accessible(page)


def beds(page: Page) -> int:
    return int(page.get_by_role("spinbutton", name="Seng tilbudt").input_value())


def test_operator_raises_tonights_beds_by_one(page: Page) -> None:
    open_ila(page)
    before = beds(page)

    page.get_by_role("link", name="Én til: Seng").tap()  # tap 1 (changes the number in place)
    assert beds(page) == before + 1
    page.get_by_role("button", name="Lagre").tap()  # tap 2

    expect(page.get_by_role("status").filter(has_text="Lagret.")).to_be_visible()
    assert beds(page) == before + 1
    expect(page.get_by_text(f"Lagret: {before + 1} tilbudt")).to_be_visible()
    expect(page.get_by_text("oppdatert akkurat nå").first).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Én færre: Seng").tap()
    page.get_by_role("button", name="Lagre").tap()
    expect(page.get_by_text(f"Lagret: {before} tilbudt")).to_be_visible()
    assert_accessible(page)


def test_the_page_works_without_javascript(page_without_javascript: Page) -> None:
    page = page_without_javascript
    open_ila(page)
    before = beds(page)

    page.get_by_role("link", name="Én til: Seng").tap()  # reloads with the new number, not yet saved
    expect(page.get_by_text("Ikke lagret ennå.")).to_be_visible()
    assert beds(page) == before + 1
    assert_accessible(page)

    page.get_by_role("button", name="Lagre").tap()
    expect(page.get_by_text(f"Lagret: {before + 1} tilbudt")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/shelters/\d+/capacity\?night=\d{4}-\d\d-\d\d$"))
    assert_accessible(page)


def test_a_count_above_the_maximum_is_refused_in_plain_words(page: Page) -> None:
    open_ila(page)
    page.get_by_role("spinbutton", name="Seng tilbudt").fill("99")
    page.get_by_role("button", name="Lagre").tap()
    expect(page.get_by_text("Seng: det er plass til høyst 12 her.")).to_be_visible()
    assert_accessible(page)


def test_tomorrow_is_one_tap_away(page: Page) -> None:
    open_ila(page)
    page.get_by_role("link", name="I morgen", exact=True).tap()
    expect(page.get_by_text("I morgen natt")).to_be_visible()
    assert_accessible(page)
