"""Late in the evening: a mistyped number is corrected and the address goes to the right phone; an application
that lapsed leaves the board with why."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, open_case_from_board


def test_a_corrected_number_gets_the_address(page: Page) -> None:
    open_case_from_board(page, "saksbehandler.kristiansand@demo.bolig.no", "Per Olsen")
    page.get_by_text("Rett navnet eller nummeret").tap()
    expect(page.get_by_text("Adressen til den reserverte plassen sendes på SMS til et nytt nummer.")).to_be_visible()
    page.get_by_label("Mobilnummer").fill("998 87 766")
    page.get_by_role("button", name="Lagre").tap()
    expect(page.get_by_text("Lagret.")).to_be_visible()
    expect(page.get_by_text("Får SMS på +4799887766, på Norsk bokmål.")).to_be_visible()
    # The address had not gone yet, so it goes to the new number, once.
    sms = page.get_by_role("region", name="SMS")
    expect(sms.get_by_role("listitem").filter(has_text="Plass holdt av")).to_have_count(1)
    assert_accessible(page)


def test_a_lapsed_application_is_closed_without_a_decision(page: Page) -> None:
    open_case_from_board(page, "saksbehandler.kristiansand@demo.bolig.no", "Jonas Berg")
    page.get_by_text("Avslutt saken uten vedtak").tap()
    page.get_by_label("Hvorfor saken avsluttes").select_option(label="De fant et sted å bo selv")
    page.get_by_label("Hva husstanden sa, eller hva som skjedde").fill("Ringte: får bo hos broren sin.")
    page.get_by_role("button", name="Avslutt saken").tap()
    expect(page.get_by_text("Saken er avsluttet.")).to_be_visible()
    expect(page.get_by_text("Ringte: får bo hos broren sin.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Tavle", exact=True).tap()
    expect_heading(page, "Uten plass")
    expect(page.get_by_role("link", name="Jonas Berg")).to_have_count(0)
    assert_accessible(page)

    # Two nights later he is back: a new application for the same person, started from the closed case.
    page.go_back()
    expect_heading(page, "Jonas Berg")
    assert_accessible(page)
    page.get_by_role("link", name="Ny søknad for Jonas").tap()
    expect_heading(page, "Ny søknad for Jonas Berg")
    expect(page.get_by_label("Navn")).to_have_value("Jonas Berg")
    assert_accessible(page)
    page.get_by_label("Hvor er de nå?").fill("Markens gate 20")
    page.get_by_role("button", name="Finn en plass").tap()
    expect_heading(page, "Jonas Berg")
    expect(page.get_by_role("heading", name="Plasser som passer i natt")).to_be_visible()
    assert_accessible(page)
