"""The production server: gunicorn, and static files hashed and compressed by collectstatic."""

from __future__ import annotations

import json
import subprocess
import time
import tomllib
import urllib.request
from pathlib import Path

from hjemvej.core.management.commands.serve import gunicorn_command
from tests.processes import HJEMVEJ, KEY_A, ROOT, SECRET, environment, free_port, settings_in


def test_gunicorn_is_a_locked_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert any(d.startswith("gunicorn") for d in project["project"]["dependencies"])
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    assert "gunicorn" in {p["name"] for p in lock["package"]}


def test_serve_binds_and_scales_from_the_environment() -> None:
    command = gunicorn_command({"HJEMVEJ_BIND": "0.0.0.0:9000", "HJEMVEJ_WORKERS": "5"})
    assert command[-1] == "hjemvej.wsgi:application"
    assert command[command.index("--bind") + 1] == "0.0.0.0:9000"
    assert command[command.index("--workers") + 1] == "5"
    default = gunicorn_command({})
    assert default[default.index("--bind") + 1] == "127.0.0.1:8000"
    assert int(default[default.index("--workers") + 1]) >= 2
    # gunicorn's access log would carry the query string (a query may hold a CPR number).
    assert "--access-logfile" not in default


def test_debug_is_off_unless_asked_for() -> None:
    assert settings_in(environment(), "DEBUG") == {"DEBUG": False}
    assert settings_in(environment(HJEMVEJ_DEBUG="1"), "DEBUG") == {"DEBUG": True}


def test_hjemvej_serve_answers(tmp_path: Path) -> None:
    port = free_port()
    env = environment(HJEMVEJ_VAR_DIR=str(tmp_path), HJEMVEJ_BIND=f"127.0.0.1:{port}")
    server = subprocess.Popen(
        [str(HJEMVEJ), "serve"],
        cwd=ROOT,
        env={**env, "HJEMVEJ_WORKERS": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/helbred/live") as r:
                    assert r.status == 200
                    assert r.read() == b"ok"
                    break
            except OSError:
                assert server.poll() is None, server.communicate()[0]
                assert time.monotonic() < deadline
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_collectstatic_gives_hashed_and_compressed_files(tmp_path: Path) -> None:
    static = tmp_path / "static"
    env = environment(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        HJEMVEJ_SECRET_KEY=SECRET,
        HJEMVEJ_CPR_KEY=KEY_A,
        HJEMVEJ_STATIC_ROOT=str(static),
    )
    done = subprocess.run(
        [str(HJEMVEJ), "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    manifest = json.loads((static / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/dkfds/css/dkfds.min.css"]
    assert hashed != "vendor/dkfds/css/dkfds.min.css"
    assert (static / hashed).is_file()
    assert (static / f"{hashed}.gz").is_file()
    storage = settings_in(env, "STORAGES", "WHITENOISE_USE_FINDERS")
    assert storage["STORAGES"]["staticfiles"]["BACKEND"].endswith(
        "CompressedManifestStaticFilesStorage"
    )
    assert storage["WHITENOISE_USE_FINDERS"] is False
    # Without collectstatic (make run, the tests) the apps' folders are served as they are.
    plain = settings_in(environment(HJEMVEJ_STATIC_ROOT=str(tmp_path / "none")), "STORAGES")
    assert plain["STORAGES"]["staticfiles"]["BACKEND"].endswith(".StaticFilesStorage")
