"""The family has found a flat: the caseworker guarantees the deposit on a phone, and later handles a claim."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from bolig.db import utcnow
from bolig.timeutil import oslo_today
from tests.browser.conftest import assert_accessible, expect_heading, open_case_from_board


def test_a_deposit_guarantee_and_a_claim_on_it(page: Page) -> None:
    open_case_from_board(page, "saksbehandler.trondheim@demo.bolig.no", "Fatima Ali")
    page.get_by_role("link", name="Garanti for nytt leieforhold").tap()
    expect_heading(page, "Depositumsgaranti for Fatima Ali")
    assert_accessible(page)

    page.get_by_label("Utleier", exact=True).fill("Trondheim Utleie AS")
    page.get_by_label("Adressen til boligen").fill("Olav Tryggvasons gate 10, 7011 Trondheim")
    page.get_by_label("Månedlig leie (kr)").fill("14 000")
    page.get_by_label("Leieforholdet starter").fill((oslo_today(utcnow()) + timedelta(days=10)).isoformat())
    page.get_by_label("Depositum leietakeren betaler selv (kr)").fill("50000")
    page.get_by_role("button", name="Utsted garantien").tap()
    expect(page.get_by_role("alert")).to_contain_text("mer enn seks måneders leie")
    assert_accessible(page)
    page.get_by_label("Depositum leietakeren betaler selv (kr)").fill("0")
    page.get_by_role("button", name="Utsted garantien").tap()

    expect(page.get_by_text("Garantien er utstedt. Send dokumentet til utleier.")).to_be_visible()
    expect_heading(page, "Depositumsgaranti: 42\u00a0000,00\u00a0kr")
    assert_accessible(page)
    document = page.request.get(page.get_by_role("link", name="Garantidokumentet (PDF)").get_attribute("href") or "")
    assert document.headers["content-type"] == "application/pdf"

    # Granting it is a decision Fatima can appeal (R21): written from the guarantee, then issued.
    page.get_by_role("button", name="Skriv vedtaket").tap()
    expect_heading(page, "Vedtak: innvilget depositumsgaranti")
    assert_accessible(page)
    page.get_by_label("Begrunnelse og hovedhensyn").fill("Familien har funnet en egnet bolig og mangler depositum.")
    page.get_by_role("button", name="Fatt vedtaket").tap()
    expect(page.get_by_text("Vedtaket er fattet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Olav Tryggvasons gate 10, 7011 Trondheim").tap()
    expect(page.get_by_role("link", name="Vedtak om garantien")).to_be_visible()
    assert_accessible(page)

    page.get_by_text("Skriv ned et krav").tap()
    page.get_by_label("Hva gjelder det").fill("Skade på kjøkkenbenk")
    page.get_by_label("Krevd beløp (kr)").fill("6 500")
    page.get_by_label("Krevd beløp (kr)").press("Enter")  # the phone keyboard's Go key sends the form
    expect(page.get_by_text("Kravet er skrevet ned.")).to_be_visible()
    assert_accessible(page)
    claim = page.get_by_role("listitem").filter(has_text="Skade på kjøkkenbenk")
    claim.get_by_label("Hva leietakeren sa").fill("Skaden var der da vi flyttet inn.")
    claim.get_by_role("button", name="Lagre hva leietakeren sa").tap()
    claim = page.get_by_role("listitem").filter(has_text="Skade på kjøkkenbenk")
    expect(claim).to_contain_text("«Skaden var der da vi flyttet inn.»")
    expect(claim.get_by_role("button", name="Betal utleier")).to_be_visible()
    assert_accessible(page)
    claim.get_by_text("Avslå kravet").first.tap()
    claim.get_by_label("Hvorfor").fill("Skaden er dokumentert ved innflytting.")
    claim.get_by_role("button", name="Avslå kravet").tap()
    claim = page.get_by_role("listitem").filter(has_text="Skade på kjøkkenbenk")
    expect(claim).to_contain_text("Avslått")
    assert_accessible(page)
