"""A deposit guarantee whose payouts are a loan: the landlord is paid, the client pays it back in parts (R22), and
the guarantee ends with the lease."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from bolig.db import utcnow
from bolig.timeutil import oslo_today
from tests.browser.conftest import assert_accessible, expect_heading, open_case_from_board


def test_a_loan_paid_out_and_paid_back(page: Page) -> None:
    open_case_from_board(page, "saksbehandler.bergen@demo.bolig.no", "Fatima Ali")
    page.get_by_role("link", name="Garanti for nytt leieforhold").tap()
    expect_heading(page, "Depositumsgaranti for Fatima Ali")
    assert_accessible(page)

    page.get_by_label("Utleier", exact=True).fill("Bergen Bolig AS")
    page.get_by_label("Adressen til boligen").fill("Nygårdsgaten 40, 5015 Bergen")
    page.get_by_label("Månedlig leie (kr)").fill("11 000")
    page.get_by_label("Leieforholdet starter").fill(oslo_today(utcnow()).isoformat())
    page.get_by_label("Lån: brukeren betaler det tilbake").check()
    page.get_by_label("Hvorfor lån").fill("Fast inntekt fra januar; familien ønsker å betale tilbake.")
    page.get_by_role("button", name="Utsted garantien").tap()
    expect(page.get_by_text("Garantien er utstedt. Send dokumentet til utleier.")).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Skriv ned et krav").tap()
    page.get_by_label("Krevd beløp (kr)").fill("8 000")
    page.get_by_label("Hva gjelder det").fill("Ubetalt husleie for desember")
    page.get_by_role("button", name="Lagre kravet").tap()
    expect(page.get_by_text("Kravet er skrevet ned.")).to_be_visible()
    assert_accessible(page)
    claim = page.get_by_role("listitem").filter(has_text="Ubetalt husleie for desember")
    claim.get_by_label("Hva leietakeren sa").fill("Enig i kravet.")
    claim.get_by_role("button", name="Lagre hva leietakeren sa").tap()
    claim = page.get_by_role("listitem").filter(has_text="Ubetalt husleie for desember")
    expect(claim).to_contain_text("«Enig i kravet.»")
    assert_accessible(page)
    claim.get_by_role("button", name="Betal utleier").tap()
    expect(
        page.get_by_text("Fatima skylder 8\u00a0000,00\u00a0kr tilbake av utbetalinger gitt som lån.")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Registrer en tilbakebetaling").tap()
    page.get_by_label("Tilbakebetalt beløp (kr)").fill("9 000")
    page.get_by_role("button", name="Lagre tilbakebetalingen").tap()
    expect(page.get_by_role("alert").filter(has_text="Skriv fra 1 til 8\u00a0000 kroner")).to_be_visible()
    assert_accessible(page)
    page.get_by_text("Registrer en tilbakebetaling").tap()
    page.get_by_label("Tilbakebetalt beløp (kr)").fill("3 000")
    page.get_by_label("Merknad (valgfri)").fill("Første avdrag")
    page.get_by_role("button", name="Lagre tilbakebetalingen").tap()
    expect(page.get_by_text("Tilbakebetalingen er lagret.")).to_be_visible()
    expect(page.get_by_text("Fatima skylder 5\u00a0000,00\u00a0kr tilbake")).to_be_visible()
    expect(page.get_by_text("Første avdrag")).to_be_visible()
    assert_accessible(page)

    # A year on, the lease is over and the landlord claims nothing more.
    page.get_by_text("Avslutt garantien: leieforholdet er over").tap()
    page.locator("#end").get_by_label("Hvorfor").fill("Utleier bekrefter at leieforholdet er over uten flere krav.")
    page.get_by_role("button", name="Avslutt garantien").tap()
    expect(page.get_by_text("Garantien er avsluttet.")).to_be_visible()
    expect(page.get_by_text("Utleier bekrefter at leieforholdet er over uten flere krav.")).to_be_visible()
    assert_accessible(page)
