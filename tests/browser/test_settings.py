"""The administrator sets how the municipality works, from a phone: a bad value is explained and nothing is saved."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from bolig.db import utcnow
from bolig.timeutil import oslo_today
from tests.browser.conftest import assert_accessible, expect_heading, start_as


def test_the_administrator_gives_the_supervisor_on_calls_phone_and_words_the_nynorsk_letters(page: Page) -> None:
    start_as(page, "admin.bergen@demo.bolig.no")
    page.get_by_role("link", name="Innstillinger").tap()
    expect_heading(page, "Innstillinger for Bergen")
    expect(page.get_by_label("Hvor lenge en plass holdes (minutter)")).to_have_value("120")
    assert_accessible(page)

    page.get_by_label("Telefonen til lederen på vakt").fill("ring Kari")
    nynorsk = page.get_by_role("group", name="Vedtaksbrev på nynorsk")
    nynorsk.get_by_label("Slik klager du").fill("Klag til {kommune}.")
    page.get_by_role("button", name="Lagre innstillingene").tap()
    summary = page.get_by_role("alert").filter(has_text="Sjekk dette før du sender på nytt")
    expect(summary).to_contain_text("Skriv et mobilnummer som kan få SMS, som 912 34 567.")
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


def test_the_administrator_sets_the_municipalitys_own_guideline_rates(page: Page) -> None:
    start_as(page, "admin.kristiansand@demo.bolig.no")
    page.get_by_role("link", name="Innstillinger").tap()
    expect_heading(page, "Innstillinger for Kristiansand")
    assert_accessible(page)
    page.get_by_role("link", name="Veiledende satser for livsopphold").tap()
    expect_heading(page, "Veiledende satser for livsopphold")
    state = page.get_by_role("region", name="Statens satser fra 01.01.2024")
    expect(state).to_contain_text("Gjelder nå")
    expect(state).to_contain_text("7\u00a0850,00\u00a0kr")
    assert_accessible(page)

    next_year = f"{oslo_today(utcnow()).year + 1}-01-01"
    page.get_by_label("Fra", exact=True).fill(next_year)
    for label, amount in [("Enslig voksen", "8 100"), ("Par", "13 500"), ("Person i bofellesskap", "6 800")]:
        page.get_by_label(label, exact=True).fill(amount)
    for label, amount in [("Barn 0–5 år", "3 950"), ("Barn 6–10 år", "4 050"), ("Barn 11–17 år", "fem tusen")]:
        page.get_by_label(label, exact=True).fill(amount)
    page.get_by_role("button", name="Lagre satsene").tap()
    summary = page.get_by_role("alert").filter(has_text="Sjekk dette før du sender på nytt")
    expect(summary).to_contain_text("Skriv hele kroner i måneden, opptil 100 000.")
    assert_accessible(page)

    page.get_by_label("Barn 11–17 år", exact=True).fill("5 300")
    page.get_by_role("button", name="Lagre satsene").tap()
    expect(page.get_by_text("er lagret.")).to_be_visible()
    own = page.get_by_role("region", name=f"Kommunens satser fra 01.01.{oslo_today(utcnow()).year + 1}")
    expect(own).to_contain_text("5\u00a0300,00\u00a0kr")
    expect(state).to_contain_text("Gjelder nå")  # the municipality's own apply from their day
    assert_accessible(page)
