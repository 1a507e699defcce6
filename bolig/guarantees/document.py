"""Selvskyldnergaranti for husleieavtale: the guarantee document the landlord gets (R23), in bokmål."""

from __future__ import annotations

from flask import render_template

from bolig.decisions.letters import day_text, kroner, pdf_created, render_pdf, signing_office
from bolig.guarantees.models import DepositGuarantee
from bolig.timeutil import oslo_today

TITLE = "Selvskyldnergaranti for husleieavtale"


def guarantee_pdf(guarantee: DepositGuarantee) -> bytes:
    """The document, tagged A4 (R29). It names the tenant, never their national id (R27)."""
    municipality = guarantee.case.municipality
    html = render_template(
        "guarantees/document.html",
        guarantee=guarantee,
        lang="nb",
        title=TITLE,
        texts={"phone": "Telefon"},
        municipality_line=f"{municipality.name} kommune",
        office=signing_office(municipality, guarantee.issued_by),
        issued_on=day_text(oslo_today(guarantee.issued_at)),
        created=pdf_created(guarantee.issued_at),
        tenant=guarantee.case.client.name,
        starts_on=day_text(guarantee.lease_starts_on),
        valid_until=day_text(guarantee.valid_until),
        rent=kroner(guarantee.monthly_rent),
        amount=kroner(guarantee.amount),
        tenant_deposit=kroner(guarantee.tenant_deposit) if guarantee.tenant_deposit else "",
    )
    return render_pdf(html)
