"""Per has found a flat: NAV pays the deposit into a deposit account in his name (R19) as a loan (R22), writes
the decision, and when the lease is over, what comes back of the account goes to NAV."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from bolig.db import utcnow
from bolig.timeutil import oslo_today
from tests.browser.conftest import assert_accessible, expect_heading, open_case_from_board


def test_a_cash_deposit_paid_as_a_loan_and_its_decision(page: Page) -> None:
    open_case_from_board(page, "saksbehandler.trondheim@demo.bolig.no", "Per Olsen")
    page.get_by_role("link", name="Betal kontantdepositum").tap()
    expect_heading(page, "Kontantdepositum for Per Olsen")
    assert_accessible(page)

    page.get_by_label("Utleier", exact=True).fill("Trondheim Utleie AS")
    page.get_by_label("Adressen til boligen").fill("Kongens gate 20, 7011 Trondheim")
    page.get_by_label("Månedlig leie (kr)").fill("9 500")
    page.get_by_label("Leieforholdet starter").fill(oslo_today(utcnow()).isoformat())
    page.get_by_label("Depositum NAV betaler (kr)").fill("28 500")
    page.get_by_label("Nummeret til depositumskontoen").fill("8601 11 17947")
    page.get_by_label("Bank", exact=True).fill("SpareBank 1 SMN")
    page.get_by_label("Lån: brukeren betaler det tilbake").check()
    page.get_by_label("Hvorfor lån").fill("Fast jobb fra neste måned; Per vil betale tilbake.")
    page.get_by_role("button", name="Registrer betalingen").tap()
    # Not until the worker has seen that the account is in Per's name.
    summary = page.get_by_role("alert").filter(has_text="Sjekk dette før du sender på nytt")
    expect(summary).to_contain_text("bare inn på en depositumskonto i leietakerens navn")
    assert_accessible(page)
    page.get_by_label("Kontoen er en depositumskonto i leietakerens navn").check()
    page.get_by_role("button", name="Registrer betalingen").tap()
    expect(page.get_by_text("Depositumet er registrert. Skriv vedtaket til Per.")).to_be_visible()
    expect(page.get_by_text("8601.11.17947, SpareBank 1 SMN")).to_be_visible()
    expect(page.get_by_text("Per skylder 28\u00a0500,00\u00a0kr tilbake av depositumet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Skriv vedtaket").tap()
    expect_heading(page, "Vedtak: innvilget kontantdepositum")
    assert_accessible(page)
    page.get_by_label("Begrunnelse og hovedhensyn").fill("Per har fått en egnet bolig og mangler depositum.")
    page.get_by_role("button", name="Fatt vedtaket").tap()
    expect(page.get_by_text("Vedtaket er fattet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kongens gate 20, 7011 Trondheim").tap()
    expect_heading(page, "Kontantdepositum: 28\u00a0500,00\u00a0kr")
    expect(page.get_by_role("link", name="Vedtak om depositumet")).to_be_visible()
    assert_accessible(page)

    # A year on, the lease is over: the landlord took 3 500 for a repair, the rest came back to NAV.
    page.get_by_text("Leieforholdet er slutt: kontoen er betalt ut").tap()
    page.get_by_label("Kom tilbake til NAV (kr)").fill("25 000")
    page.get_by_label("Hva skjedde", exact=True).fill("Utleier fikk 3 500 kr for å male en vegg.")
    page.get_by_role("button", name="Lagre at kontoen er betalt ut").tap()
    expect(page.get_by_text("Lagret: depositumskontoen er betalt ut.")).to_be_visible()
    expect(page.get_by_text("Per skylder 3\u00a0500,00\u00a0kr tilbake av depositumet.")).to_be_visible()
    assert_accessible(page)
