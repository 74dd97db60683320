"""``hjemvej serve``: the production server (gunicorn with ``hjemvej.wsgi``).

Usage::

    HJEMVEJ_BIND=127.0.0.1:8000 HJEMVEJ_WORKERS=4 hjemvej serve

``HJEMVEJ_BIND`` is the address to listen on (default ``127.0.0.1:8000``: behind a proxy on the
same machine); ``HJEMVEJ_WORKERS`` the number of worker processes (default twice the cores plus
one, at most 8). gunicorn's access log stays off: it would carry the query string, and Hjemvej logs
every request itself without it. Run ``hjemvej migrate`` and ``hjemvej collectstatic`` first
(docs/operations.md).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from typing import Any

from hjemvej.core.management.cli import DanishCommand, Fejl

DEFAULT_BIND = "127.0.0.1:8000"
MAX_DEFAULT_WORKERS = 8


def default_workers() -> int:
    """Return gunicorn's rule of thumb, twice the cores plus one, at most 8."""
    return min(2 * (os.cpu_count() or 1) + 1, MAX_DEFAULT_WORKERS)


def gunicorn_command(env: Mapping[str, str]) -> list[str]:
    """Return the command line that starts gunicorn as the environment asks."""
    bind = env.get("HJEMVEJ_BIND", "").strip() or DEFAULT_BIND
    workers_text = env.get("HJEMVEJ_WORKERS", "").strip()
    try:
        workers = int(workers_text) if workers_text else default_workers()
    except ValueError:
        workers = 0
    if workers < 1:
        raise Fejl(f"HJEMVEJ_WORKERS skal være et helt tal større end 0, ikke '{workers_text}'.")
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "hjemvej.wsgi:application",
    ]


class Command(DanishCommand):
    """Start the production server."""

    help = (
        "Start produktionsserveren (gunicorn). Adresse fra HJEMVEJ_BIND (standard 127.0.0.1:8000), "
        "antal arbejdsprocesser fra HJEMVEJ_WORKERS. Se docs/operations.md."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        """Replace this process with gunicorn (signals from systemd then reach gunicorn)."""
        command = gunicorn_command(os.environ)
        bind, workers = (
            command[command.index("--bind") + 1],
            command[command.index("--workers") + 1],
        )
        self.stdout.write(f"Hjemvej starter på {bind} med {workers} arbejdsprocesser (gunicorn).")
        self.stdout.flush()
        os.execv(command[0], command)  # noqa: S606 - our own interpreter, a fixed argument list
