"""The JSON API (v1): bearer tokens, errors as {"error": {...}}, the OpenAPI document."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from flask import Blueprint, Response, g, request
from flask_babel import gettext as _

from bolig.auth.operations import user_for_token
from bolig.db import db
from bolig.errors import InvalidInput
from bolig.extensions import csrf
from bolig.web import BadJson, api_error, roll_back


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /api/v1 whose routes see only the bearer token's user, never a session."""
    blueprint = Blueprint(f"api_{name}", import_name, url_prefix="/api/v1")
    csrf.exempt(blueprint)  # no cookie is trusted here, so there is nothing to forge
    blueprint.before_request(_authenticate_bearer)
    blueprint.register_error_handler(InvalidInput, _invalid_input)
    return blueprint


def json_object() -> dict[str, Any]:
    """The request body as a JSON object; anything else is a 400 in the contract's error shape."""
    try:
        body = request.get_json(silent=True)
    except RecursionError:  # absurdly deep nesting
        body = None
    if not isinstance(body, dict):
        raise BadJson(_("The body must be a JSON object."))
    return body


def not_text(body: dict[str, Any], keys: Iterable[str]) -> dict[str, str]:
    """An error for each of these keys the body gives as something other than text."""
    return {key: _("Write text.") for key in keys if not isinstance(body.get(key, ""), str)}


def iso_date(value: Any, field: str) -> date:
    """A date given as YYYY-MM-DD, else a 422 naming the field."""
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput({field: _("Write the date as YYYY-MM-DD.")}) from None


def _invalid_input(error: InvalidInput) -> tuple[Response, int]:
    roll_back(error)
    message = _("Some values were refused; nothing was changed.")
    return api_error(422, "invalid", message, fields=error.errors)


def _authenticate_bearer() -> None:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    g.api_user = user_for_token(credentials.strip()) if scheme.lower() == "bearer" else None
    if g.api_user is not None and db.session.dirty:
        db.session.commit()  # the token's last use
