"""Hjemvej in a process of its own: environments, settings as a process sees them, free ports.

For tests of what only a fresh process shows: settings read from the environment at start-up, a
refused start, the production server.
"""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
HJEMVEJ = ROOT / ".venv" / "bin" / "hjemvej"

#: Keys for tests only (32 bytes in urlsafe base64, as HJEMVEJ_CPR_KEY must be).
KEY_A = base64.urlsafe_b64encode(b"A" * 32).decode()
KEY_B = base64.urlsafe_b64encode(b"B" * 32).decode()
SECRET = "test-secret-key-not-for-production"


def environment(**values: str) -> dict[str, str]:
    """Return this process's environment without Hjemvej's settings, plus ``values``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HJEMVEJ_") and k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")
    }
    return {**env, **values}


def settings_in(env: dict[str, str], *names: str) -> dict[str, Any]:
    """Return the named settings as a fresh process with ``env`` reads them."""
    code = (
        "import json, sys; import hjemvej.settings as s; "
        "print(json.dumps({n: getattr(s, n, None) for n in sys.argv[1:]}, default=str))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, *names],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def hjemvej(
    env: dict[str, str], *args: str, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run the ``hjemvej`` command; return the finished process (never raises on its exit code)."""
    return subprocess.run(
        [str(HJEMVEJ), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port
