"""23:10: a family of four and a dog after a fire, from the phone to a held bed, and the shelter marks arrival."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, expect_heading, log_in, start_as

CASEWORKER = "saksbehandler.oslo@demo.bolig.no"
OPERATOR = "tilbyder.oslo@demo.bolig.no"


def test_the_2310_flow(page: Page) -> None:
    start_as(page, CASEWORKER)

    # Taps and required fields are counted for the closing note: 1 tap to the form.
    page.get_by_role("link", name="Ny sak: noen trenger en plass i natt").tap()
    expect_heading(page, "Noen trenger en plass i natt")
    assert_accessible(page)
    page.get_by_label("Hvor er de nå?").fill("Storgata 10")  # required
    page.get_by_label("Navn", exact=True).fill("Amina Hansen")  # required
    page.get_by_label("Voksne", exact=True).fill("2")
    page.get_by_label("Barnas alder").fill("4, 9")
    page.get_by_label("Har dyr med seg").check()
    page.get_by_text("Kontakt, identitet og søknaden").tap()
    page.get_by_label("Mobilnummer").fill("912 34 567")
    page.get_by_label("Sier ja til SMS om plassen").check()
    page.get_by_role("button", name="Finn en plass").tap()

    expect_heading(page, "Amina Hansen")
    option = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Familiehuset Tøyen"))
    expect(option).to_contain_text("kvalitetsavtale")
    expect(option).to_contain_text("en familieenhet for husstanden")
    expect(option).to_contain_text("dyr kan bo her")
    expect(page.get_by_text("botilbud passer ikke")).to_be_visible()
    # The SMS the family will get, and what it costs, before anything is sent.
    option.get_by_text("SMS til Amina: 2 SMS, GSM-7").tap()
    expect(option).to_contain_text("NAV har en plass til deg i natt: Familiehuset Tøyen")
    expect(option).to_contain_text("Svar JA når du er på vei")
    assert_accessible(page)
    option.get_by_label("Hvorfor midlertidig botilbud er riktig for denne husstanden").fill(
        "Brann i leiligheten i natt"
    )
    option.get_by_role("button", name="Hold denne plassen").tap()

    expect(page.get_by_role("heading", name="Plass holdt hos Familiehuset Tøyen")).to_be_visible()
    expect(page.get_by_text("Plassen er holdt for Amina.")).to_be_visible()
    expect(page.get_by_role("region", name="SMS")).to_contain_text("Plass holdt av")
    assert_accessible(page)

    page.get_by_role("button", name="Logg ut").tap()
    expect_heading(page, "Logg inn i bolig")
    assert_accessible(page)
    log_in(page, OPERATOR)
    expect_heading(page, "Hei, Tor")
    assert_accessible(page)
    page.get_by_role("link", name="Ankomster").first.tap()
    expect_heading(page, "Kommer og bor")
    arrival = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Amina"))
    expect(arrival).to_contain_text("4 personer")
    expect(arrival).not_to_contain_text("Hansen")  # the operator sees the first name only
    assert_accessible(page)
    arrival.get_by_role("button", name="Ankommet: Amina").tap()
    expect(page.get_by_text("Lagret.")).to_be_visible()
    staying = page.get_by_role("listitem").filter(has=page.get_by_role("heading", name="Amina"))
    expect(staying).to_contain_text("Familiehuset Tøyen")
    expect(staying).to_contain_text("til natten")
    assert_accessible(page)


def test_the_sms_page_shows_the_demo_address_message(page: Page) -> None:
    page.goto("/login")
    assert_accessible(page)
    log_in(page, "admin.oslo@demo.bolig.no")
    sms_link = page.get_by_role("link", name="SMS", exact=True)
    expect(sms_link).to_be_visible()
    assert_accessible(page)
    sms_link.tap()
    expect_heading(page, "SMS")
    held = page.get_by_role("listitem").filter(has_text="til •••• 012").filter(has_text="Plass holdt av")
    expect(held).to_contain_text("Plass holdt av")
    expect(held).to_contain_text("NAV har en plass til deg i natt")
    expect(held).to_contain_text("GSM-7")
    assert_accessible(page)
