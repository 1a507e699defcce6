"""The app on a real loopback port, in a thread, for tests that send real HTTP requests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import cast

from flask import Flask
from werkzeug.serving import ThreadedWSGIServer, make_server


@contextmanager
def serve(app: Flask) -> Iterator[str]:
    """Serve the app threaded on 127.0.0.1 and a free port; yields the base URL."""
    server = cast(ThreadedWSGIServer, make_server("127.0.0.1", 0, app, threaded=True))
    # Closing waits for requests still tearing down, so their database connections are back in the pool.
    server.daemon_threads = False
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
