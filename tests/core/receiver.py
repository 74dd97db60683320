"""A Sentry-compatible receiver on 127.0.0.1 for the error-report tests: a real HTTP server.

It accepts what sentry-sdk posts to ``/api/<project>/envelope/`` (gzip or plain), keeps each
envelope's bytes, and answers 200 as Sentry and GlitchTip do.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class Receiver:
    """The server, its port and the envelopes it received."""

    def __init__(self) -> None:
        self.envelopes: list[bytes] = []
        self.paths: list[str] = []
        received = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                received.paths.append(self.path)
                received.envelopes.append(body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port: int = self.server.server_address[1]
        self.dsn = f"http://key@127.0.0.1:{self.port}/1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Receiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def text(self) -> str:
        """Return every envelope received, decoded, one after another."""
        return "\n".join(e.decode("utf-8") for e in self.envelopes)

    def events(self, *, at_least: int = 0, wait: float = 0) -> list[dict[str, Any]]:
        """Return the events (items of type ``event``), waiting up to ``wait`` s for that many."""
        deadline = time.monotonic() + wait
        while True:
            found = [item for e in self.envelopes for item in _events(e)]
            if len(found) >= at_least or time.monotonic() >= deadline:
                return found
            time.sleep(0.1)


def _events(envelope: bytes) -> list[dict[str, Any]]:
    """Return the event items of one envelope (a header line, then item header and payload)."""
    lines = envelope.split(b"\n")[1:]
    events = []
    for header, payload in zip(lines[::2], lines[1::2], strict=False):
        if header.strip() and json.loads(header).get("type") == "event":
            events.append(json.loads(payload))
    return events
