"""A token per municipality that changes with its places, so what is worked out from them can be kept.

Any change to what decides a municipality's free places (its settings, shelters, categories, agreements,
inspections, capacity reports, holds and stays) renews the municipality's `availability_version` in the
same transaction, as its last statement: the row is locked only for the moment before the commit, after
every other lock the transaction takes, so two transactions never wait on each other through it. A reader
that reads the token first and then the places can keep what it worked out under that token; when the token
differs, something changed. Changes made with SQL outside bolig do not renew it; the cache that relies on it
also forgets after a minute (bolig.matching.operations).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, UOWTransaction

from bolig.cases.models import Hold, Stay
from bolig.db import db
from bolig.municipalities.models import Municipality, new_version
from bolig.shelters.models import CapacityReport, Inspection, PlaceCategory, QualityAgreement, Shelter

# Each has a municipality_id, a column or a property through its parents.
CHANGING_AVAILABILITY = (Municipality, Shelter, PlaceCategory, QualityAgreement, Inspection, CapacityReport, Hold, Stay)
_CHANGED = "availability_changed"


def availability_version(municipality_id: int) -> int | None:
    """The municipality's current token (None if there is no such municipality)."""
    return db.session.scalar(select(Municipality.availability_version).where(Municipality.id == municipality_id))


def has_unsaved_changes() -> bool:
    """Whether the session's transaction changed some municipality's places and has not committed yet."""
    db.session.flush()
    return bool(db.session.info.get(_CHANGED))


@event.listens_for(Session, "after_flush")
def _note_changes(session: Session, _context: UOWTransaction) -> None:
    touched = [i for i in (*session.new, *session.deleted) if isinstance(i, CHANGING_AVAILABILITY)]
    touched += [i for i in session.dirty if isinstance(i, CHANGING_AVAILABILITY) and session.is_modified(i)]
    if touched:
        session.info.setdefault(_CHANGED, set()).update(i.municipality_id for i in touched)


@event.listens_for(Session, "before_commit")
def _renew(session: Session) -> None:
    session.flush()
    changed = session.info.pop(_CHANGED, None)
    if changed:
        session.execute(
            update(Municipality)
            .where(Municipality.id.in_(sorted(changed)))
            .values(availability_version=new_version())
            .execution_options(synchronize_session=False)
        )


@event.listens_for(Session, "after_rollback")
def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(_CHANGED, None)
