"""The OpenAPI document is valid and describes every API route."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from openapi_spec_validator import validate


def expand(rule: str) -> list[str]:
    """A Werkzeug rule as OpenAPI paths: <int:id> becomes {id}, <any(a, b):x> one path per choice."""
    rule = re.sub(r"<int:(\w+)>", r"{\1}", rule)
    choice = re.search(r"<any\(([^)]*)\):\w+>", rule)
    if choice is None:
        return [rule]
    return [rule.replace(choice.group(0), option.strip()) for option in choice.group(1).split(",")]


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
            for path in expand(rule.rule):
                routes |= {(path, method) for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}}
    assert routes - documented == set()
