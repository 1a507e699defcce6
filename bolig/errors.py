"""Errors that operations raise for input they refuse, whatever the caller (view, API, CLI)."""

from __future__ import annotations

from collections.abc import Mapping


class InvalidInput(ValueError):
    """Input refused, with a message per field in the user's language; nothing was changed."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = {field: str(message) for field, message in errors.items()}
        super().__init__("; ".join(f"{field}: {message}" for field, message in self.errors.items()))
