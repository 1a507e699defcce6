"""Errors that operations raise for input they refuse, whatever the caller (view, API, CLI)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence


class InvalidInput(ValueError):
    """Input refused, with a message per field in the user's language; nothing was changed.

    `disclosed` writes to the audit log what the refusal itself tells the user about a client (that a national id
    number is known, that an application is open): the caller runs it after rolling the refused change back, so
    the refusal is logged like any other read of a client's record (R24)."""

    def __init__(self, errors: Mapping[str, str], *, disclosed: Sequence[Callable[[], object]] = ()) -> None:
        self.errors = {field: str(message) for field, message in errors.items()}
        self.disclosed = tuple(disclosed)
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))
