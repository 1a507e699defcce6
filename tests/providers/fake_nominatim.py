"""A fake Nominatim on 127.0.0.1 answering /search in the real JSON wire format, recording what it was asked."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast
from urllib.parse import parse_qs, urlsplit

LICENCE = "Data © OpenStreetMap contributors, ODbL 1.0. http://osm.org/copyright"


def result(
    place_id: int,
    osm: tuple[str, int],
    point: tuple[str, str],
    *,
    kind: tuple[str, str, str],
    name: str,
    display_name: str,
    importance: float,
    boundingbox: tuple[str, str, str, str],
) -> dict[str, object]:
    """One search result as Nominatim's `format=json` writes it: coordinates and box as strings."""
    (osm_type, osm_id), (lat, lon), (category, type_, addresstype) = osm, point, kind
    return {
        "place_id": place_id,
        "licence": LICENCE,
        "osm_type": osm_type,
        "osm_id": osm_id,
        "lat": lat,
        "lon": lon,
        "class": category,
        "type": type_,
        "place_rank": {"suburb": 20, "road": 26}.get(addresstype, 30),
        "importance": importance,
        "addresstype": addresstype,
        "name": name,
        "display_name": display_name,
        "boundingbox": list(boundingbox),
    }


# What the fake knows, by the query lower-cased; anything else finds nothing, as on the real server.
KNOWN: dict[str, list[dict[str, object]]] = {
    "grünerløkka": [
        result(
            88_312_017,
            ("relation", 2_315_697),
            ("59.9226154", "10.7589362"),
            kind=("boundary", "administrative", "suburb"),
            name="Grünerløkka",
            display_name="Grünerløkka, Oslo, Norge",
            importance=0.4975,
            boundingbox=("59.9152311", "59.9378652", "10.7444870", "10.7807416"),
        )
    ],
    "oslo s": [
        result(
            97_102_445,
            ("node", 1_379_211_718),
            ("59.9109398", "10.7502081"),
            kind=("railway", "station", "railway"),
            name="Oslo S",
            display_name="Oslo S, Jernbanetorget, Sentrum, Gamle Oslo, Oslo, 0154, Norge",
            importance=0.5306,
            boundingbox=("59.9059398", "59.9159398", "10.7452081", "10.7552081"),
        )
    ],
    "dronningens gate": [
        result(
            87_004_311,
            ("way", 4_402_281),
            ("59.9104861", "10.7439562"),
            kind=("highway", "pedestrian", "road"),
            name="Dronningens gate",
            display_name="Dronningens gate, Kvadraturen, Sentrum, Oslo, 0152, Norge",
            importance=0.1001,
            boundingbox=("59.9086412", "59.9121903", "10.7431234", "10.7448810"),
        ),
        result(
            91_230_558,
            ("way", 25_922_130),
            ("63.4314519", "10.3960115"),
            kind=("highway", "secondary", "road"),
            name="Dronningens gate",
            display_name="Dronningens gate, Midtbyen, Trondheim, Trøndelag, 7011, Norge",
            importance=0.1001,
            boundingbox=("63.4305187", "63.4322790", "10.3893310", "10.4032411"),
        ),
        result(
            84_551_902,
            ("way", 23_981_004),
            ("58.1455322", "7.9960871"),
            kind=("highway", "residential", "road"),
            name="Dronningens gate",
            display_name="Dronningens gate, Kvadraturen, Kristiansand, Agder, 4610, Norge",
            importance=0.1001,
            boundingbox=("58.1421088", "58.1489911", "7.9930042", "7.9991705"),
        ),
    ],
}


@dataclass(frozen=True)
class Request:
    """One request the fake received."""

    path: str
    params: dict[str, str]
    headers: dict[str, str]


@dataclass
class FakeNominatim:
    """The fake's behaviour, set by a test, and what it was asked."""

    host: str = "127.0.0.1"
    port: int = 0
    status: int = 200
    delay: float = 0.0
    body: bytes | None = None
    requests: list[Request] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    @property
    def domain(self) -> str:
        """What to pass as geopy's `domain`."""
        return f"{self.host}:{self.port}"

    def answer(self, params: dict[str, str]) -> list[dict[str, object]]:
        """The results for a search, bounded to the viewbox when asked, as Nominatim does."""
        found = KNOWN.get(params.get("q", "").strip().casefold(), [])
        if params.get("bounded") == "1" and "viewbox" in params:
            west, south, east, north = (float(value) for value in params["viewbox"].split(","))
            found = [
                place
                for place in found
                if south <= float(str(place["lat"])) <= north and west <= float(str(place["lon"])) <= east
            ]
        return found[: int(params.get("limit", "10"))]


class _Server(ThreadingHTTPServer):
    # Handler threads are joined on close, so none outlives the test.
    daemon_threads = False
    fake: FakeNominatim

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that timed out has hung up before the slow answer: that is the point of the test, not an error.
        pass


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        fake = cast(_Server, self.server).fake
        url = urlsplit(self.path)
        params = {key: values[-1] for key, values in parse_qs(url.query).items()}
        fake.requests.append(Request(url.path, params, dict(self.headers.items())))
        if fake.delay:
            fake.released.wait(fake.delay)
        if url.path != "/search":
            self._send(404, b'{"error": "not found"}')
        elif fake.status != 200:
            self._send(fake.status, b"<html><body>Internal Server Error</body></html>", "text/html")
        else:
            self._send(200, fake.body if fake.body is not None else json.dumps(fake.answer(params)).encode())

    def _send(self, status: int, body: bytes, content_type: str = "application/json; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(fake: FakeNominatim) -> Iterator[FakeNominatim]:
    """Serve a fake Nominatim in a thread for the duration of a `with` block."""
    server = _Server((fake.host, fake.port), _Handler)
    server.fake = fake
    fake.port = server.server_address[1]
    # A short poll lets shutdown return at once instead of after serve_forever's default half second.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, name="fake-nominatim")
    thread.start()
    try:
        yield fake
    finally:
        fake.released.set()  # cut any slow answer short
        server.shutdown()
        thread.join()
        server.server_close()
