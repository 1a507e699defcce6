"""The same evening the worker writes, issues and hands over the decision; weeks later its appeal goes on to
Statsforvalteren."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, start_as


def test_a_written_decision_the_same_day(page: Page) -> None:
    start_as(page, "saksbehandler.oslo@demo.bolig.no")
    page.get_by_role("link", name="Tavle", exact=True).tap()
    expect_heading(page, "Uten plass")
    assert_accessible(page)
    page.get_by_role("link", name="Per Olsen").first.tap()
    expect_heading(page, "Per Olsen")
    expect(page.get_by_text("Ingen vedtak ennå.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Skriv et vedtak").select_option("grant")
    page.get_by_role("button", name="Start utkastet").tap()
    expect_heading(page, "Vedtak: innvilget midlertidig botilbud")
    expect(page.get_by_text("Skriv begrunnelsen og hovedhensynene.").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Begrunnelse og hovedhensyn").fill("Per har ikke noe sted å bo etter løslatelse i dag.")
    page.get_by_role("button", name="Fatt vedtaket").tap()
    expect(page.get_by_text("Vedtaket er fattet.")).to_be_visible()
    expect(page.get_by_role("link", name="Brevet (PDF)")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Hvordan").select_option("in_person")
    page.get_by_role("button", name="Lagre").tap()
    expect(page.get_by_text("Klagefristen er")).to_be_visible()
    assert_accessible(page)
    # Weeks later Per appeals; the office upholds the decision and sends the appeal on.
    page.get_by_text("Registrer en klage").tap()
    page.get_by_label("Hva brukeren skriver").fill("Jeg vil ha et sted nærmere jobben.")
    page.get_by_role("button", name="Registrer klagen").tap()
    expect(page.get_by_text("Klagen er registrert.")).to_be_visible()
    expect(page.get_by_text("Innen fristen", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Oppretthold og send til Statsforvalteren").tap()
    expect(page.get_by_text("Klagen er sendt til Statsforvalteren.")).to_be_visible()
    expect(page.get_by_role("link", name="Oversendelsesbrevet (PDF)")).to_be_visible()
    assert_accessible(page)
