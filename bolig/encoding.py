"""JSON answers written by orjson: what Flask's own encoder writes, with æ, ø and å as UTF-8, not escaped.

A search answers a hundred places and more, each with its reasons; Python's json module took longer to write
that than the rest of the request. orjson writes the same JSON for every body the API sends (keys sorted,
compact), and hands what it does not know itself (dates, decimals, dataclasses) to Flask's defaults, so every
body keeps its shape. It differs from Python's json only where no answer of ours goes: numbers as keys sort
as text, NaN is written as null, and integers wider than 64 bits are refused. The body says it is UTF-8, for
clients that would guess otherwise. Everything else that writes JSON (the session cookie, templates) keeps
Flask's own encoder.
"""

from __future__ import annotations

from typing import Any, cast

import orjson
from flask import Flask, Response
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (
    orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)
CONTENT_TYPE = "application/json; charset=utf-8"


class OrjsonProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson writing the bodies of answers (jsonify)."""

    def response(self, *args: Any, **kwargs: Any) -> Response:
        indent = (self.compact is None and self._app.debug) or self.compact is False
        obj = self._prepare_response_obj(args, kwargs)
        body = orjson.dumps(obj, default=self.default, option=_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0))
        return cast(Flask, self._app).response_class(body + b"\n", content_type=CONTENT_TYPE)
