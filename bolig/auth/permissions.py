"""The one place that decides who may do what to which record: role, municipality, ownership."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import wraps
from typing import Any, Protocol, TypeVar, cast

from flask import g, request
from flask_login import current_user
from sqlalchemy.orm.interfaces import ORMOption
from werkzeug.exceptions import Forbidden, NotFound, Unauthorized

from bolig.auth.models import Role, User
from bolig.municipalities.models import Municipality
from bolig.shelters.models import Shelter

ANY_STAFF = frozenset(Role)


class Permission(StrEnum):
    """Something a user may do; each is granted to a set of roles below."""

    USE_APP = "use_app"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"
    VIEW_SHELTERS = "view_shelters"
    REPORT_CAPACITY = "report_capacity"
    MANAGE_SHELTERS = "manage_shelters"
    HANDLE_CASES = "handle_cases"
    READ_CASES = "read_cases"
    HANDLE_HOLDS = "handle_holds"
    READ_SMS = "read_sms"
    VIEW_STATISTICS = "view_statistics"
    MANAGE_SETTINGS = "manage_settings"


GRANTS: dict[Permission, frozenset[Role]] = {
    Permission.USE_APP: ANY_STAFF,
    Permission.MANAGE_USERS: frozenset({Role.ADMIN}),
    Permission.READ_AUDIT: frozenset({Role.ADMIN, Role.SUPERVISOR}),
    Permission.VIEW_SHELTERS: frozenset({Role.CASEWORKER, Role.SUPERVISOR, Role.ADMIN}),
    Permission.REPORT_CAPACITY: frozenset({Role.OPERATOR, Role.SUPERVISOR, Role.ADMIN}),
    Permission.MANAGE_SHELTERS: frozenset({Role.ADMIN}),
    Permission.HANDLE_CASES: frozenset({Role.CASEWORKER}),
    Permission.READ_CASES: frozenset({Role.CASEWORKER, Role.SUPERVISOR}),
    # An operator marks arrival or no-show at its own shelters, and sees nothing else of the case.
    Permission.HANDLE_HOLDS: frozenset({Role.CASEWORKER, Role.OPERATOR}),
    Permission.READ_SMS: frozenset({Role.ADMIN, Role.SUPERVISOR}),
    # Counts only, never a person: for the supervisor's picture and the year's KOSTRA report (R30).
    Permission.VIEW_STATISTICS: frozenset({Role.ADMIN, Role.SUPERVISOR}),
    Permission.MANAGE_SETTINGS: frozenset({Role.ADMIN}),
}


# Permissions over clients' records: a role without them gets 404, not 403.
CLIENT_RECORDS = frozenset({Permission.HANDLE_CASES, Permission.READ_CASES})


class Owned(Protocol):
    @property
    def municipality_id(self) -> int: ...


def can(actor: User | None, permission: Permission, target: Owned | None = None) -> bool:
    """Whether the actor may do this (to this record); never raises."""
    try:
        require(actor, permission, target)
    except (Unauthorized, Forbidden, NotFound):
        return False
    return True


def require(actor: User | None, permission: Permission, target: Owned | None = None) -> None:
    """Raise unless the actor's role grants the permission and the target is theirs.

    A record of another municipality answers 404, never 403, so its existence does not leak.
    """
    if actor is None or not actor.is_authenticated or not actor.active:
        raise Unauthorized()
    if target is not None and target.municipality_id != actor.municipality_id:
        raise NotFound()
    if target is not None and actor.role == Role.OPERATOR and not _operates(actor, target):
        raise NotFound()
    if actor.role not in GRANTS[permission]:
        # Whether a client's case exists is itself confidential (R24): other roles are told nothing.
        raise NotFound() if permission in CLIENT_RECORDS else Forbidden()


def may_see_address(actor: User, shelter: Shelter) -> bool:
    """A protected shelter's address is for its administrators and its own operators only (R24)."""
    return not shelter.protected or actor.role == Role.ADMIN or shelter in actor.shelters


def _operates(operator: User, target: Owned) -> bool:
    """An operator sees its own shelters and what belongs to them, nothing else of the municipality."""
    if isinstance(target, Municipality):
        return True  # the municipality is the operator's scope, not a record about anyone
    shelter_id = target.id if isinstance(target, Shelter) else getattr(target, "shelter_id", None)
    if shelter_id is None:
        return target is operator or getattr(target, "user_id", None) == operator.id
    return any(shelter.id == shelter_id for shelter in operator.shelters)


def current_actor() -> User | None:
    """The user behind this request: the bearer token's on the API, the session's elsewhere."""
    if request.blueprint is not None and request.blueprint.startswith("api"):
        return cast("User | None", g.get("api_user"))
    if current_user.is_authenticated:
        return cast(User, current_user._get_current_object())
    return None


T = TypeVar("T")


def load_or_404(model: type[T], object_id: int, permission: Permission, *, options: Sequence[ORMOption] = ()) -> T:
    """A record the acting user may act on; 404 when it does not exist or is not theirs to see.

    `options` load what the route will read of it in the same query (joinedload and the like).
    """
    from bolig.db import db, is_id

    obj = db.session.get(model, object_id, options=options) if is_id(object_id) else None
    if obj is None:
        raise NotFound()
    require(acting_user(), permission, obj)  # type: ignore[arg-type]
    return obj


def acting_user() -> User:
    """The user of a request the permission decorator has let in."""
    actor = current_actor()
    if actor is None:
        raise Unauthorized()
    return actor


F = TypeVar("F", bound=Callable[..., Any])


def permission_required(permission: Permission) -> Callable[[F], F]:
    """Let a view run only for a logged-in user whose role grants the permission."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            require(current_actor(), permission)
            return view(*args, **kwargs)

        guarded.permission = permission  # type: ignore[attr-defined]
        return cast(F, guarded)

    return decorate


def public(view: F) -> F:
    """Mark a view as open to anyone, logged in or not (login page, health checks)."""
    view.permission = None  # type: ignore[attr-defined]
    return view


def signed(view: F) -> F:
    """Mark a view that trusts no user, only a signature it checks on each request (webhooks): 403 without."""
    view.permission = None  # type: ignore[attr-defined]
    view.signed = True  # type: ignore[attr-defined]
    return view
