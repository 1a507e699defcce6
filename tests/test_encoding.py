"""The API's JSON is written by orjson, and reads as what Flask's own encoder would have written."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

import pytest
from flask import Flask
from flask.json.provider import DefaultJSONProvider

from bolig.encoding import OrjsonProvider


class Colour(StrEnum):
    RED = "red"


@dataclass
class Point:
    x: int


SAMPLE = {
    "name": "Bjørnstjerne Bjørnson",
    "b": [1, 2.5, None, True],
    "a": (Colour.RED, Decimal("12.50")),
    "on": date(2026, 11, 22),
    "at": datetime(2026, 11, 22, 23, 10, tzinfo=UTC),
    "where": Point(3),
    "free": {7: 1, 3: 0},  # numbers as keys, as a night's places by category id
}


def test_the_same_json_as_flask_writes_keys_sorted_and_compact(app: Flask) -> None:
    ours, flasks = OrjsonProvider(app), DefaultJSONProvider(app)
    with app.test_request_context():
        answer = ours.response(SAMPLE)
    body = answer.get_data()
    assert json.loads(body) == json.loads(flasks.dumps(SAMPLE))
    assert answer.content_type == "application/json; charset=utf-8"
    assert answer.mimetype == "application/json"
    assert body.startswith(b'{"a":["red","12.50"],"at":"Sun, 22 Nov 2026 23:10:00 GMT","b":[1,2.5,null,true],')
    assert b'"free":{"3":0,"7":1}' in body
    assert "Bjørnstjerne".encode() in body  # letters as UTF-8, not escaped
    assert body.endswith(b"}\n")


def test_what_neither_knows_is_refused_alike(app: Flask) -> None:
    with pytest.raises(TypeError):
        DefaultJSONProvider(app).dumps({"x": object()})
    with app.test_request_context(), pytest.raises(TypeError):
        OrjsonProvider(app).response({"x": object()})


def test_the_rest_of_flask_keeps_its_own_encoder(app: Flask) -> None:
    assert app.json.dumps({"name": "Bjørn"}) == '{"name": "Bj\\u00f8rn"}'


def test_the_app_answers_with_it(app: Flask) -> None:
    assert isinstance(app.json, OrjsonProvider)
    app.debug = True
    with app.test_request_context():
        assert app.json.response({"b": 1, "a": 2}).get_data() == b'{\n  "a": 2,\n  "b": 1\n}\n'
