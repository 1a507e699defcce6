"""The OpenAPI document is valid and describes every API route."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate


def test_openapi_document_is_valid_and_complete(app: Flask, client: FlaskClient) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json
    assert document is not None
    validate(document)
    documented = {(path, method.upper()) for path, item in document["paths"].items() for method in item}
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/") and rule.endpoint != "api_core.openapi":
            path = rule.rule.replace("<int:", "{").replace(">", "}")
            routes |= {(path, method) for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    assert routes - documented == set()
