"""A building fire on a phone: three households in rows, the proposed places, one tap to hold them all."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, start_as


def test_a_fire_with_three_households(page: Page) -> None:
    start_as(page, "saksbehandler.bergen@demo.bolig.no")
    page.get_by_role("link", name="Uten plass: tavla").tap()
    expect_heading(page, "Uten plass")
    assert_accessible(page)
    page.get_by_role("link", name="Mange husstander samtidig").tap()
    expect_heading(page, "Mange husstander samtidig")
    assert_accessible(page)

    page.get_by_label("Hva skjedde").fill("Brann i Nygårdsgaten 20")
    page.get_by_label("Hvor er de nå?").fill("Bergen stasjon")
    for row, (name, adults, children) in enumerate((("Hansen", "1", ""), ("Dahl", "2", "3"), ("Lie", "1", ""))):
        household = page.get_by_role("group", name=f"Husstand {row + 1}")
        household.get_by_label("Navn").fill(name)
        household.get_by_label("Voksne").fill(adults)
        household.get_by_label("Barnas alder").fill(children)
    page.get_by_role("button", name="Foreslå plasser").tap()

    expect_heading(page, "Brann i Nygårdsgaten 20")
    expect(page.get_by_text("3 husstander")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Hvorfor midlertidig botilbud er riktig for barnefamiliene").fill("Brann i bygården")
    page.get_by_role("button", name="Bekreft og hold plassene").tap()
    expect(page.get_by_text("har fått plass.")).to_be_visible()
    expect(page.get_by_role("heading", name="Har plass")).to_be_visible()
    assert_accessible(page)


def test_a_list_pasted_from_a_spreadsheet(page: Page) -> None:
    start_as(page, "saksbehandler.trondheim@demo.bolig.no")
    page.goto("/incidents/new")
    expect_heading(page, "Mange husstander samtidig")
    assert_accessible(page)
    page.get_by_label("Hva skjedde").fill("Vannskade i Kongens gate 30")
    page.get_by_label("Hvor er de nå?").fill("Trondheim S")
    page.get_by_text("Lim inn en liste").tap()
    page.get_by_label("Én husstand per linje").fill("Nora Aas\t1\t\t\nOle Berg\t2\t6\tja\n")
    page.get_by_role("button", name="Foreslå plasser").tap()
    expect_heading(page, "Vannskade i Kongens gate 30")
    expect(page.get_by_text("2 husstander")).to_be_visible()
    assert_accessible(page)
