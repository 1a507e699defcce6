"""The JSON API (v1): bearer tokens, errors as {"error": {...}}, the OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, g, request

from bolig.auth.operations import user_for_token
from bolig.db import db
from bolig.extensions import csrf


def api_blueprint(name: str, import_name: str) -> Blueprint:
    """A blueprint under /api/v1 whose routes see only the bearer token's user, never a session."""
    blueprint = Blueprint(f"api_{name}", import_name, url_prefix="/api/v1")
    csrf.exempt(blueprint)  # no cookie is trusted here, so there is nothing to forge
    blueprint.before_request(_authenticate_bearer)
    return blueprint


def _authenticate_bearer() -> None:
    scheme, _, credentials = request.headers.get("Authorization", "").partition(" ")
    g.api_user = user_for_token(credentials.strip()) if scheme.lower() == "bearer" else None
    if g.api_user is not None and db.session.dirty:
        db.session.commit()  # the token's last use
