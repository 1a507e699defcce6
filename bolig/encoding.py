"""JSON answers written by orjson: the JSON Flask's own encoder writes, with æ, ø and å as UTF-8, not escaped.

A search answers a hundred places and more, each with its reasons; Python's json module took longer to write
that than the rest of the request. orjson writes the same JSON (keys sorted, compact), and hands what it does
not know itself (dates, decimals) to Flask's defaults, so every body keeps its shape.
"""

from __future__ import annotations

from typing import Any, cast

import orjson
from flask import Flask, Response
from flask.json.provider import DefaultJSONProvider

_OPTIONS = (
    orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


class OrjsonProvider(DefaultJSONProvider):
    """Flask's JSON provider with orjson writing; reading stays with Flask's (request bodies are small)."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        return self._encode(obj, indent=bool(kwargs.get("indent"))).decode()

    def response(self, *args: Any, **kwargs: Any) -> Response:
        indent = (self.compact is None and self._app.debug) or self.compact is False
        body = self._encode(self._prepare_response_obj(args, kwargs), indent=indent)
        return cast(Flask, self._app).response_class(body + b"\n", mimetype=self.mimetype)

    def _encode(self, obj: Any, *, indent: bool) -> bytes:
        return orjson.dumps(obj, default=self.default, option=_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0))
