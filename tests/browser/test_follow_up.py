"""A family staying in temporary housing: the board says no step is planned, and the worker plans and records one."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, start_as


def test_the_first_step_toward_a_permanent_home(page: Page) -> None:
    start_as(page, "saksbehandler.bergen@demo.bolig.no")
    page.get_by_role("link", name="Uten plass: tavla").tap()
    expect(page.get_by_role("heading", name="Bor midlertidig uten planlagt steg")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Fatima Ali").last.tap()
    expect_heading(page, "Fatima Ali")
    expect(page.get_by_text("Ingen steg er planlagt ennå.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Hva", exact=True).select_option(label="Visning av bolig")
    page.get_by_label("Klokkeslett").fill("14:00")
    page.get_by_label("Hvor (hvis ikke hos NAV)").fill("Nygårdsgaten 5")
    page.get_by_role("button", name="Planlegg steget").tap()
    expect(page.get_by_text("Steget er planlagt.")).to_be_visible()
    step = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Visning av bolig"))
    expect(step.get_by_text("Nygårdsgaten 5")).to_be_visible()
    expect(step.get_by_text("Planlagt")).to_be_visible()
    assert_accessible(page)

    step.get_by_text("Registrer hvordan det gikk").tap()
    step.get_by_label("Hva kom ut av det (hvis noe)").fill("Likte leiligheten og søker på den.")
    step.get_by_role("button", name="Gjennomført").tap()
    expect(page.get_by_text("Lagret.")).to_be_visible()
    step = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Visning av bolig"))
    expect(step.get_by_text("Likte leiligheten og søker på den.")).to_be_visible()
    expect(step.get_by_text("Gjennomført")).to_be_visible()
    assert_accessible(page)
