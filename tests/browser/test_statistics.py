"""The supervisor's picture: households staying long on the board (R7), and the year's KOSTRA figures (R30)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, log_in


def test_the_supervisor_sees_who_has_stayed_long_and_the_years_figures(page: Page) -> None:
    page.goto("/login")
    assert_accessible(page)
    log_in(page, "leder.bergen@demo.bolig.no")
    expect_heading(page, "Hei, Lise")
    expect(page.get_by_role("heading", name="I natt i Bergen")).to_be_visible()
    expect(page.get_by_role("link", name="2 husstander bor lenge midlertidig")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Tavla").tap()
    expect(page.get_by_role("heading", name="Bor lenge midlertidig")).to_be_visible()
    ola = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Ola Nilsen"))
    expect(ola.get_by_text("Over 3 måneder")).to_be_visible()
    amina = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Amina Hassan"))
    expect(amina.get_by_text("60 døgn eller mer")).to_be_visible()
    expect(amina.get_by_text("Barn i husstanden")).to_be_visible()
    assert_accessible(page)

    amina.get_by_role("link", name="Amina Hassan").tap()
    expect_heading(page, "Amina Hassan")
    expect(page.get_by_text("I midlertidig botilbud sammenhengende i 75 døgn")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Statistikk").tap()
    expect_heading(page, "Statistikk")
    expect(page.get_by_role("table", name="Midlertidig botilbud i")).to_be_visible()
    expect(page.get_by_role("row", name="Husstander med barn som har bodd over 3 måneder")).to_be_visible()
    expect(page.get_by_text("2 husstander har bodd sammenhengende i 60 døgn eller mer.")).to_be_visible()
    assert_accessible(page)

    year = page.get_by_label("År")
    year.select_option(index=0)
    page.get_by_role("button", name="Vis").tap()
    expect_heading(page, "Statistikk")
    expect(page.get_by_role("row", name="Husstander i natthjem, talt for seg")).to_be_visible()
    assert_accessible(page)
