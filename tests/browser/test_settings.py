"""The administrator sets how the municipality works, from a phone: a bad value is explained and nothing is saved."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, log_in


def test_the_administrator_gives_the_supervisor_on_calls_phone_and_words_the_nynorsk_letters(page: Page) -> None:
    page.goto("/login")
    assert_accessible(page)
    log_in(page, "admin.bergen@demo.bolig.no")
    expect_heading(page, "Hei, Ali")
    assert_accessible(page)
    page.get_by_role("link", name="Innstillinger").tap()
    expect_heading(page, "Innstillinger for Bergen")
    expect(page.get_by_label("Hvor lenge en plass holdes (minutter)")).to_have_value("120")
    assert_accessible(page)

    page.get_by_label("Telefonen til lederen på vakt").fill("ring Kari")
    nynorsk = page.get_by_role("group", name="Vedtaksbrev på nynorsk")
    nynorsk.get_by_label("Slik klager du").fill("Klag til {kommune}.")
    page.get_by_role("button", name="Lagre innstillingene").tap()
    summary = page.get_by_role("alert").filter(has_text="Sjekk dette før du sender på nytt")
    expect(summary).to_contain_text("Skriv et norsk telefonnummer, som 55 55 33 33.")
    expect(summary).to_contain_text("Krøllparenteser kan bare inneholde {body}")
    expect(page.get_by_label("Telefonen til lederen på vakt")).to_have_value("ring Kari")
    assert_accessible(page)

    page.get_by_label("Telefonen til lederen på vakt").fill("912 34 567")
    appeal = "Klag skriftleg til NAV-kontoret innan tre veker. Klageinstans er {body}."
    page.get_by_role("group", name="Vedtaksbrev på nynorsk").get_by_label("Slik klager du").fill(appeal)
    page.get_by_role("button", name="Lagre innstillingene").tap()
    expect(page.get_by_text("Lagret.")).to_be_visible()
    expect(page.get_by_label("Telefonen til lederen på vakt")).to_have_value("+4791234567")
    expect(page.get_by_role("group", name="Vedtaksbrev på nynorsk").get_by_label("Slik klager du")).to_have_value(
        appeal
    )
    expect(page.get_by_role("group", name="Vedtaksbrev på bokmål").get_by_label("Slik klager du")).to_have_value("")
    assert_accessible(page)
