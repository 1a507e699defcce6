"""Factories: build what a test needs through the same operations the app uses."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, time, timedelta

from bolig.auth.models import Role, User
from bolig.auth.operations import create_user
from bolig.cases.models import Case, Hold
from bolig.cases.operations import CaseInput, create_case, hold_place
from bolig.db import db, utcnow
from bolig.decisions.models import Appeal, Decision
from bolig.decisions.operations import draft, issue, record_delivery, register_appeal, update_draft
from bolig.followups.models import FollowUp
from bolig.followups.operations import FollowUpInput, plan_follow_up
from bolig.guarantees.models import CashDeposit, GuaranteeClaim
from bolig.guarantees.operations import DepositInput, GuaranteeInput, issue_guarantee, pay_deposit, register_claim
from bolig.municipalities.models import Municipality
from bolig.municipalities.operations import create_municipality, create_office, get_municipality
from bolig.shelters.models import Channel, PlaceKind, Shelter
from bolig.shelters.operations import CategorySpec, add_agreement, add_inspection, create_shelter, report_capacity
from bolig.timeutil import oslo_moment, oslo_today

PASSWORD = "correct horse battery"
_counter = itertools.count(1)

KNOWN = {"0301": ("Oslo", "Oslo"), "4601": ("Bergen", "Vestland"), "5001": ("Trondheim", "Trøndelag")}


def make_municipality(number: str = "0301") -> Municipality:
    existing = get_municipality(number)
    if existing is not None:
        return existing
    name, county = KNOWN.get(number, (f"Kommune {number}", "Innlandet"))
    municipality = create_municipality(number, name, county, actor=None)
    create_office(municipality, f"NAV {name}", actor=None)
    return municipality


def make_user(role: Role = Role.CASEWORKER, municipality: Municipality | None = None, **kwargs: object) -> User:
    municipality = municipality or make_municipality()
    n = next(_counter)
    user = create_user(
        str(kwargs.pop("email", f"{role.value}{n}@{municipality.number}.test.no")),
        str(kwargs.pop("name", f"Test {role.value.title()} {n}")),
        role,
        municipality,
        password=str(kwargs.pop("password", PASSWORD)),
        actor=None,
        **kwargs,  # type: ignore[arg-type]
    )
    db.session.flush()
    return user


def make_shelter(
    municipality: Municipality | None = None,
    *,
    name: str = "",
    categories: tuple[CategorySpec, ...] = (CategorySpec(PlaceKind.BED, 10), CategorySpec(PlaceKind.FAMILY_UNIT, 3)),
    agreement: tuple[date, date] | None = None,
    operators: tuple[User, ...] = (),
    **values: object,
) -> Shelter:
    """A shelter with beds and family units; with `agreement`, a quality agreement that passed inspection."""
    municipality = municipality or make_municipality()
    n = next(_counter)
    shelter = create_shelter(
        municipality,
        {"name": name or f"Shelter {n}", "address": f"Testveien {n}", "latitude": 59.91, "longitude": 10.75, **values},
        categories=categories,
        actor=None,
    )
    if agreement is not None:
        contract = add_agreement(shelter, agreement[0], agreement[1], {}, actor=None)
        add_inspection(contract, agreement[0], "Inspector", True, today=agreement[0], actor=None)
    for operator in operators:
        operator.shelters.append(shelter)
    db.session.flush()
    return shelter


def make_case(municipality: Municipality | None = None, *, worker: User | None = None, **values: object) -> Case:
    """An open case for one adult in Oslo, registered by a caseworker."""
    municipality = municipality or make_municipality()
    worker = worker or make_user(Role.CASEWORKER, municipality)
    data = CaseInput(client_name=str(values.pop("client_name", "Kari Nordmann")), latitude=59.91, longitude=10.75)
    for key, value in values.items():
        setattr(data, key, value)
    return create_case(municipality, data, actor=worker, now=utcnow())


def make_case_with_hold(municipality: Municipality, actor: User | None = None) -> Hold:
    """A case holding a bed tonight, at a shelter the actor operates when the actor is an operator."""
    operators = (actor,) if actor is not None and actor.role == Role.OPERATOR else ()
    shelter = make_shelter(municipality, agreement=(date(2000, 1, 1), date(2100, 1, 1)), operators=operators)
    now = utcnow()
    tonight = municipality.tonight(now)
    report_capacity(shelter, tonight, {"bed": 5}, today=tonight, channel=Channel.WEB, actor=None, now=now)
    case = make_case(municipality)
    worker = case.created_by
    assert worker is not None
    return hold_place(case, shelter.categories[0], first_night=tonight, nights=1, actor=worker, now=now, today=tonight)


def make_decision(municipality: Municipality, *, outcome: str = "grant", issued: bool = True) -> Decision:
    """A decision on a case with a held place; issued with a letter (a stand-in PDF) unless `issued` is False."""
    hold = make_case_with_hold(municipality)
    worker = hold.case.created_by
    assert worker is not None
    now = utcnow()
    decision = draft(hold.case, outcome, actor=worker, now=now)
    update_draft(decision, {"reasoning": "Husstanden har ikke noe sted å bo i natt."}, actor=worker)
    if issued:
        issue(decision, actor=worker, now=now, render=lambda _decision: b"%PDF-1.7 test")
    return decision


def make_appeal(municipality: Municipality) -> Appeal:
    """An appeal, received today, on a decision the client got today."""
    decision = make_decision(municipality)
    worker = decision.case.created_by
    assert worker is not None
    now = utcnow()
    today = oslo_today(now)
    record_delivery(decision, "in_person", today, actor=worker, now=now)
    return register_appeal(decision, today, "post", "Jeg klager.", actor=worker, now=now)


def make_follow_up(municipality: Municipality) -> FollowUp:
    """A meeting at NAV in two days for a new case's household."""
    case = make_case(municipality)
    assert case.created_by is not None
    due = oslo_moment(oslo_today(utcnow()) + timedelta(days=2), time(10))
    return plan_follow_up(case, FollowUpInput(kind="meeting", due_at=due), actor=case.created_by, now=utcnow())


def make_guarantee_claim(municipality: Municipality) -> GuaranteeClaim:
    """A landlord's claim, just received, on a two-month guarantee for a new case's lease (document not drawn)."""
    case = make_case(municipality)
    worker = case.created_by
    assert worker is not None
    today = oslo_today(utcnow())
    lease = GuaranteeInput(
        landlord_name="Utleie AS", rental_address="Storgata 5", monthly_rent=10_000, lease_starts_on=today, months=2
    )
    guarantee = issue_guarantee(case, lease, actor=worker, now=utcnow(), render=lambda _guarantee: b"%PDF-1.7")
    return register_claim(guarantee, today, 1_000, "Ubetalt leie", actor=worker, now=utcnow())


def deposit_input(**changes: object) -> DepositInput:
    """A cash deposit of two months' rent NAV pays today, as a grant, into the tenant's deposit account."""
    today = oslo_today(utcnow())
    data = DepositInput(
        landlord_name="Utleie AS",
        rental_address="Storgata 5",
        monthly_rent=12_500,
        lease_starts_on=today,
        amount=25_000,
        account_number="8601 11 17947",
        bank="Sparebanken Øst",
        paid_on=today,
        account_in_tenant_name=True,
    )
    return replace(data, **changes)  # type: ignore[arg-type]


def make_deposit(municipality: Municipality, **changes: object) -> CashDeposit:
    """A cash deposit (deposit_input) for the lease of a new case."""
    case = make_case(municipality, client_name="Kari Nordmann")
    assert case.created_by is not None
    return pay_deposit(case, deposit_input(**changes), actor=case.created_by, now=utcnow())
