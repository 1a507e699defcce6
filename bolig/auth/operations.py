"""What staff accounts do: exist, log in, hold API tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from bolig.audit.operations import record
from bolig.auth.models import ApiToken, Role, User
from bolig.db import db, utcnow
from bolig.errors import InvalidInput
from bolig.municipalities.models import Municipality, Office
from bolig.shelters.models import Shelter

_hasher = PasswordHasher()
# Verified against when the e-mail is unknown, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a password anyone has")
MIN_PASSWORD_LENGTH = 12
TOKEN_PREFIX = "bolig_"  # noqa: S105  a public marker that makes leaked keys easy to scan for
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A token's last use is written at most this often, so API reads do not each write a row.
_LAST_USED_RESOLUTION = timedelta(minutes=1)


def normalise_email(email: str) -> str:
    return email.strip().lower()


def get_user_by_email(email: str) -> User | None:
    """The user with this e-mail address (any case), if any."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def create_user(
    email: str,
    name: str,
    role: Role | str,
    municipality: Municipality,
    *,
    password: str,
    office: Office | None = None,
    shelters: Iterable[Shelter] = (),
    actor: User | None,
) -> User:
    """Create a staff account; an operator may be linked to the shelters it acts for."""
    email = normalise_email(email)
    shelters = list(shelters)
    errors: dict[str, str] = {}
    if not _EMAIL.match(email) or len(email) > 254:
        errors["email"] = _l("Enter an e-mail address like name@example.no.")
    elif get_user_by_email(email) is not None:
        errors["email"] = _l("A user with this e-mail address exists already.")
    if not name.strip() or len(name.strip()) > 120:
        errors["name"] = _l("Enter the person's name.")
    if role not in set(Role):
        errors["role"] = _l("Choose one of the roles.")
    if len(password) < MIN_PASSWORD_LENGTH:
        errors["password"] = _l("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    if shelters and role != Role.OPERATOR:
        errors["shelters"] = _l("Only operators act for shelters.")
    if any(shelter.municipality_id != municipality.id for shelter in shelters):
        errors["shelters"] = _l("A shelter belongs to another municipality.")
    if office is not None and office.municipality_id != municipality.id:
        errors["office"] = _l("The office belongs to another municipality.")
    if errors:
        raise InvalidInput(errors)
    user = User(
        email=email,
        name=name.strip(),
        role=str(role),
        municipality=municipality,
        office=office,
        password_hash=_hasher.hash(password),
        active=True,
        shelters=shelters,
    )
    db.session.add(user)
    db.session.flush()
    record(actor, "user.create", user, details={"role": str(role), "shelters": [s.id for s in shelters]})
    return user


def end_sessions(user: User) -> None:
    """End every session of the user, on every device, including copied cookies."""
    user.session_epoch += 1


def set_user_active(user: User, active: bool, *, actor: User) -> None:
    """Let a user log in again, or stop them (and their API tokens) at once."""
    if actor.id == user.id and not active:
        raise InvalidInput({"active": _l("You cannot deactivate yourself.")})
    user.active = active
    end_sessions(user)
    record(actor, "user.activate" if active else "user.deactivate", user)


def authenticate(email: str, password: str) -> User | None:
    """The active user with this e-mail and password, or None; every attempt is logged."""
    user = get_user_by_email(email)
    try:
        _hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        user_ok = False
    else:
        user_ok = user is not None and user.active
    if not user_ok or user is None:
        record(None, "auth.login_failed", user, details={"email": normalise_email(email)[:254]})
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    user.last_login_at = utcnow()
    record(user, "auth.login", user)
    return user


def _hash_token(plaintext: str) -> str:
    # Tokens carry 256 random bits, so a fast hash is enough; argon2 would slow every API call.
    return hashlib.sha256(plaintext.encode()).hexdigest()


def create_token(user: User, name: str, *, actor: User | None) -> tuple[ApiToken, str]:
    """A new API token for a user; the plaintext is returned once and never stored."""
    name = name.strip()
    if not name or len(name) > 80:
        raise InvalidInput(
            {"name": _l("Give the key a name of at most 80 characters, such as the system that will use it.")}
        )
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=_hash_token(plaintext), prefix=plaintext[: len(TOKEN_PREFIX) + 4])
    db.session.add(token)
    db.session.flush()
    record(actor, "token.create", token, municipality_id=user.municipality_id, details={"user_id": user.id})
    return token, plaintext


def revoke_token(token: ApiToken, *, actor: User) -> None:
    """Stop a token from working, at once and for good."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record(actor, "token.revoke", token, municipality_id=token.user.municipality_id)


def user_for_token(plaintext: str) -> User | None:
    """The active user behind a bearer token that has not been revoked."""
    if not plaintext.startswith(TOKEN_PREFIX):
        return None
    token = db.session.scalar(
        select(ApiToken).options(joinedload(ApiToken.user)).where(ApiToken.token_hash == _hash_token(plaintext))
    )
    if token is None or token.revoked_at is not None or not token.user.active:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > _LAST_USED_RESOLUTION:
        token.last_used_at = now
    return token.user


def users_of(municipality_id: int) -> list[User]:
    """Every staff user of a municipality, by name."""
    query = select(User).where(User.municipality_id == municipality_id).order_by(func.lower(User.name))
    return list(db.session.scalars(query))
