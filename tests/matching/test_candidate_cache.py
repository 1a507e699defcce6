"""The places gathered for a search are kept while the municipality's availability token stands, and no longer.

Each change that decides free places renews the token when it commits; time alone (a hold's expiry, a count
turning stale at the day's deadline) ends a kept answer too. Every test compares with what the database says.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from sqlalchemy import event, update

from bolig.auth.models import Role
from bolig.cases.models import Hold
from bolig.cases.operations import cancel_hold, extend_stay, hold_place, mark_arrived
from bolig.db import db, utcnow
from bolig.matching.operations import CANDIDATES_KEPT, Search, find_matches, gather_candidates
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Channel, PlaceCategory, Shelter
from bolig.shelters.operations import CategorySpec, add_inspection, report_capacity, update_shelter
from bolig.shelters.versions import availability_version
from bolig.timeutil import oslo_moment, parse_clock
from tests.factories import make_case, make_shelter, make_user

YEAR = (date(2000, 1, 1), date(2100, 1, 1))


def _free(municipality: Municipality, night: date, now: datetime) -> dict[str, int]:
    return {c.shelter_name: c.free_by_night[night] for c in gather_candidates(municipality.id, [night], now=now)}


def _setup(municipality: Municipality, beds: int = 2) -> tuple[Shelter, date, datetime]:
    shelter = make_shelter(municipality, name="Tak", agreement=YEAR, categories=(CategorySpec("bed", 5),))
    now = utcnow()
    tonight = municipality.tonight(now)
    report_capacity(shelter, tonight, {"bed": beds}, today=tonight, channel=Channel.WEB, actor=None, now=now)
    db.session.commit()
    return shelter, tonight, now


def _hold(municipality: Municipality, category: PlaceCategory, night: date, now: datetime) -> Hold:
    case = make_case(municipality, youngest_adult_age=40)
    assert case.created_by is not None
    return hold_place(case, category, first_night=night, nights=1, actor=case.created_by, now=now, today=night)


def test_a_committed_change_renews_the_token_and_a_rolled_back_one_does_not(municipality: Municipality) -> None:
    shelter, tonight, now = _setup(municipality)
    before = availability_version(municipality.id)
    _hold(municipality, shelter.categories[0], tonight, now)
    db.session.rollback()
    assert availability_version(municipality.id) == before
    _hold(municipality, shelter.categories[0], tonight, now)
    db.session.commit()
    assert availability_version(municipality.id) != before


def test_work_that_leaves_places_alone_keeps_the_token(municipality: Municipality) -> None:
    _setup(municipality)
    before = availability_version(municipality.id)
    make_case(municipality)  # a client and a case, audit-logged: no place changes
    db.session.commit()
    assert availability_version(municipality.id) == before


def test_only_the_municipality_whose_places_changed_gets_a_new_token(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    shelter, tonight, now = _setup(municipality)
    other_before = availability_version(other_municipality.id)
    _hold(municipality, shelter.categories[0], tonight, now)
    db.session.commit()
    assert availability_version(other_municipality.id) == other_before


def test_each_kind_of_change_is_seen_by_the_next_search(municipality: Municipality) -> None:
    shelter, tonight, now = _setup(municipality, beds=3)
    operator = make_user(Role.ADMIN, municipality)
    assert _free(municipality, tonight, now) == {"Tak": 3}

    hold = _hold(municipality, shelter.categories[0], tonight, now)
    db.session.commit()
    assert _free(municipality, tonight, now) == {"Tak": 2}

    cancel_hold(hold, actor=operator, now=now)
    db.session.commit()
    assert _free(municipality, tonight, now) == {"Tak": 3}

    stay = mark_arrived(_hold(municipality, shelter.categories[0], tonight, now), actor=operator, now=now)
    db.session.commit()
    assert _free(municipality, tonight, now) == {"Tak": 2}
    tomorrow = tonight + timedelta(days=1)
    report_capacity(shelter, tomorrow, {"bed": 3}, today=tonight, channel=Channel.WEB, actor=None, now=now)
    db.session.commit()
    both = [tonight, tomorrow]
    assert [c.free_by_night for c in gather_candidates(municipality.id, both, now=now)] == [{tonight: 2, tomorrow: 3}]
    extend_stay(stay, 1, actor=operator, now=now)
    db.session.commit()
    assert [c.free_by_night for c in gather_candidates(municipality.id, both, now=now)] == [{tonight: 2, tomorrow: 2}]

    report_capacity(shelter, tonight, {"bed": 5}, today=tonight, channel=Channel.WEB, actor=None, now=now)
    db.session.commit()
    assert _free(municipality, tonight, now) == {"Tak": 4}

    update_shelter(shelter, {"name": "Tak over hodet"}, actor=operator)
    db.session.commit()
    assert _free(municipality, tonight, now) == {"Tak over hodet": 4}

    # R6: a failed inspection makes the shelter a fallback from the next search on.
    kinds = [c.quality for c in gather_candidates(municipality.id, [tonight], now=now)]
    add_inspection(shelter.agreements[0], tonight, "Tilsyn", False, today=tonight, actor=None, findings="Brannalarm")
    db.session.commit()
    assert kinds == [True]
    assert [c.quality for c in gather_candidates(municipality.id, [tonight], now=now)] == [False]


def test_the_own_transaction_sees_its_changes_before_committing_and_nothing_of_them_after_a_rollback(
    municipality: Municipality,
) -> None:
    shelter, tonight, now = _setup(municipality)
    assert _free(municipality, tonight, now) == {"Tak": 2}
    _hold(municipality, shelter.categories[0], tonight, now)
    assert _free(municipality, tonight, now) == {"Tak": 1}
    db.session.rollback()
    assert _free(municipality, tonight, now) == {"Tak": 2}


def test_a_hold_stops_counting_at_its_expiry_though_nothing_was_written(municipality: Municipality) -> None:
    shelter, tonight, now = _setup(municipality)
    hold = _hold(municipality, shelter.categories[0], tonight, now)
    db.session.commit()
    assert _free(municipality, tonight, now) == {"Tak": 1}
    assert _free(municipality, tonight, hold.expires_at - timedelta(seconds=1)) == {"Tak": 1}
    assert _free(municipality, tonight, hold.expires_at) == {"Tak": 2}
    # An answer kept for a later moment is not an answer for an earlier one.
    assert _free(municipality, tonight, now) == {"Tak": 1}


def test_a_count_turns_stale_at_the_deadline_though_nothing_was_written(municipality: Municipality) -> None:
    shelter, tonight, _ = _setup(municipality)
    deadline = oslo_moment(tonight, parse_clock(str(municipality.setting("capacity_stale_after"))))
    reported = deadline - timedelta(hours=3)
    report_capacity(shelter, tonight, {"bed": 2}, today=tonight, channel=Channel.WEB, actor=None, now=reported)
    db.session.commit()
    [early] = gather_candidates(municipality.id, [tonight], now=reported)
    [late] = gather_candidates(municipality.id, [tonight], now=deadline)
    assert (early.stale, late.stale) == (False, True)


def test_a_change_made_with_sql_outside_bolig_shows_within_the_time_kept(municipality: Municipality) -> None:
    shelter, tonight, now = _setup(municipality)
    assert _free(municipality, tonight, now) == {"Tak": 2}
    db.session.execute(update(Shelter).where(Shelter.id == shelter.id).values(name="Omdøpt"))
    db.session.commit()
    assert _free(municipality, tonight, now) == {"Tak": 2}
    assert _free(municipality, tonight, now + CANDIDATES_KEPT) == {"Omdøpt": 2}


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements sent inside the block."""
    sent: list[str] = []

    def seen(*args: object) -> None:
        sent.append(str(args[2]))

    event.listen(db.engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(db.engine, "before_cursor_execute", seen)


def test_a_search_answers_from_the_places_kept_under_the_token_its_case_was_read_with(
    municipality: Municipality,
) -> None:
    shelter, tonight, now = _setup(municipality)
    case = make_case(municipality, youngest_adult_age=40)
    db.session.commit()
    search = Search.of(case)
    assert search.availability_version == availability_version(municipality.id)
    find_matches(search, tonight, 1, now=now)
    with statements() as sent:
        again = find_matches(search, tonight, 1, now=now)
    assert sent == []  # not even the token is asked for again
    assert [o.candidate.free_by_night[tonight] for o in again.options] == [2]

    _hold(municipality, shelter.categories[0], tonight, now)
    db.session.commit()
    fresh = Search.of(case)
    assert fresh.availability_version != search.availability_version
    assert [o.candidate.free_by_night[tonight] for o in find_matches(fresh, tonight, 1, now=now).options] == [1]
    # A search made before the change finds nothing kept under its token any more: it reads the token again
    # and answers from the places kept under that one, and leaves them kept for the searches after it.
    with statements() as sent:
        old = find_matches(search, tonight, 1, now=now)
    assert len(sent) == 1
    assert [o.candidate.free_by_night[tonight] for o in old.options] == [1]
    with statements() as sent:
        find_matches(fresh, tonight, 1, now=now)
    assert sent == []
