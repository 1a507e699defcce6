"""API routes that belong to no single area: who am I, and the OpenAPI document."""

from __future__ import annotations

from flask import jsonify
from werkzeug.wrappers import Response

from bolig.api import api_blueprint
from bolig.api.openapi import openapi_document
from bolig.auth.permissions import Permission, acting_user, permission_required, public

bp = api_blueprint("core", __name__)


@bp.get("/me")
@permission_required(Permission.USE_APP)
def me() -> Response:
    user = acting_user()
    return jsonify(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        municipality=user.municipality.number,
        shelters=[shelter.id for shelter in user.shelters],
    )


@bp.get("/openapi.json")
@public
def openapi() -> Response:
    return jsonify(openapi_document())
