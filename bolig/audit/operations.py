"""Write and read the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from bolig.audit.models import AuditEvent
from bolig.db import db

if TYPE_CHECKING:
    from bolig.auth.models import User

# Where the current action comes from: the client's address in a request, else the
# process ("cli", "job", "seed"). Set once by whoever starts the work.
_origin: ContextVar[str] = ContextVar("audit_origin", default="system")


@contextmanager
def origin(address: str) -> Iterator[None]:
    """Attribute the audit events written inside the block to this address or process."""
    token = _origin.set(address)
    try:
        yield
    finally:
        _origin.reset(token)


def set_origin(address: str) -> None:
    """Attribute the rest of this context's audit events (one request) to an address."""
    _origin.set(address)


def record(
    actor: User | None,
    action: str,
    obj: Any,
    *,
    municipality_id: int | None = None,
    client_id: int | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one line to the audit log, in the caller's transaction."""
    event_ = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_label=actor.email if actor is not None else _origin.get(),
        municipality_id=municipality_id if municipality_id is not None else getattr(obj, "municipality_id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(obj.id) if obj is not None and getattr(obj, "id", None) is not None else None,
        client_id=client_id,
        address=_origin.get(),
        details=details or {},
    )
    db.session.add(event_)
    return event_


def recent_events(municipality_id: int, *, limit: int = 200) -> list[AuditEvent]:
    """The latest audit events of one municipality, newest first."""
    query = (
        select(AuditEvent)
        .where(AuditEvent.municipality_id == municipality_id)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))


class AuditLogIsAppendOnly(RuntimeError):
    """Someone tried to change or delete an audit event."""


@event.listens_for(Session, "before_flush")
def _refuse_audit_changes(session: Session, _context: Any, _instances: Any) -> None:
    for obj in (*session.dirty, *session.deleted):
        if isinstance(obj, AuditEvent):
            raise AuditLogIsAppendOnly(f"audit event {obj.id} cannot be changed or deleted")
