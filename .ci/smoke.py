#!/usr/bin/env python3
"""The production smoke test: Hjemvej installed and served as a municipality's IT department would.

On PostgreSQL, from this checkout: install only what running needs (`make install` into a fresh
environment, no developer tools), create a fresh database, migrate, collectstatic, add the small
demo, start `hjemvej serve` (gunicorn, DEBUG off, keys from the environment) on 127.0.0.1, then:
the login page, a stylesheet by its hashed name, the health endpoints, a login, the by-name list,
the API's schema, docs and a token made with `hjemvej apitoken`;
PostgreSQL's connections to the database are ended and the next requests still succeed. Last,
start-up must refuse without the CPR key and with a wrong one.

    python3 .ci/smoke.py   # HJEMVEJ_SMOKE_POSTGRES (server), HJEMVEJ_SMOKE_DATABASE (name)

Standard library only (the fresh environment's Python talks to PostgreSQL). Prints a line per step,
exits non-zero at the first failure.
"""

from __future__ import annotations

import base64
import http.cookiejar
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("HJEMVEJ_SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DATABASE = os.environ.get("HJEMVEJ_SMOKE_DATABASE", "hjemvej_smoke")
STARTED = time.monotonic()


class SmokeError(Exception):
    """A step failed; the message says which."""


def step(text: str) -> None:
    print(f"[{time.monotonic() - STARTED:5.1f} s] {text}", flush=True)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeError(message)


def run(command: list[str], env: dict[str, str], timeout: float = 300) -> str:
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if done.returncode != 0:
        tail = "\n".join((done.stderr or done.stdout).strip().splitlines()[-15:])
        raise SmokeError(f"{' '.join(command[:3])} fejlede ({done.returncode}):\n{tail}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def admin_sql(python: Path, sql: str, *params: str) -> str:
    """Run one statement on the server's postgres database with the installed psycopg."""
    code = (
        "import sys, psycopg\n"
        "with psycopg.connect(sys.argv[1], autocommit=True, connect_timeout=10) as c:\n"
        "    cur = c.execute(sys.argv[2].encode(), sys.argv[3:] or None)\n"
        "    print(len(cur.fetchall()) if cur.description else 0)\n"
    )
    done = subprocess.run(
        [str(python), "-c", code, f"{SERVER}/postgres", sql, *params],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if done.returncode != 0:
        raise SmokeError(f"PostgreSQL på {SERVER}: {done.stderr.strip().splitlines()[-1:]}")
    return done.stdout.strip()


class Browser:
    """Cookies and CSRF like a browser, over urllib."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        return self._open(urllib.request.Request(self.base + path, headers=headers))

    def post(self, path: str, data: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        body = urllib.parse.urlencode(data).encode()
        headers = {"Origin": self.base, "Referer": self.base + path}
        return self._open(urllib.request.Request(self.base + path, data=body, headers=headers))

    def cookie(self, name: str) -> str:
        return next(c.value or "" for c in self.jar if c.name == name)

    def _open(self, request: urllib.request.Request) -> tuple[int, dict[str, str], bytes]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()


def wait_until_live(base: str, server: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SmokeError(f"serveren stoppede ved start:\n{server.communicate()[1][-2000:]}")
        try:
            with urllib.request.urlopen(f"{base}/helbred/live", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise SmokeError("serveren svarede ikke på /helbred/live inden for 60 s")


def refused(command: list[str], env: dict[str, str], wanted: str) -> None:
    """Expect start-up to stop on its own, non-zero, saying ``wanted``."""
    try:
        done = subprocess.run(
            command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=False
        )
    except subprocess.TimeoutExpired:
        raise SmokeError(f"{' '.join(command[-2:])} startede i stedet for at afvise") from None
    output = done.stdout + done.stderr
    expect(done.returncode != 0, f"{' '.join(command[-2:])} sluttede med 0")
    expect(wanted in output, f"beskeden '{wanted}' mangler:\n{output[-2000:]}")


def smoke(work: Path) -> None:
    venv = work / "venv"
    bin_dir = venv / "bin"
    base_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("HJEMVEJ_", "UV_PROJECT")) and k != "DATABASE_URL"
    }
    base_env["HJEMVEJ_VAR_DIR"] = str(work / "var")

    step("Installerer uden udviklerværktøjer (make install) i et nyt miljø …")
    run(["make", "install", f"VENV={venv}"], base_env)
    probe = subprocess.run([str(bin_dir / "python"), "-c", "import pytest"], capture_output=True)
    expect(probe.returncode != 0, "pytest er installeret: det er ikke kun driftsafhængighederne")
    expect((bin_dir / "gunicorn").exists(), "gunicorn er ikke installeret")

    step(f"Opretter en frisk database {DATABASE} …")
    admin_sql(bin_dir / "python", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    admin_sql(bin_dir / "python", f'CREATE DATABASE "{DATABASE}"')

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    cpr_key = base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()
    env = {
        **base_env,
        "DATABASE_URL": f"{SERVER}/{DATABASE}",
        "HJEMVEJ_SECRET_KEY": secrets.token_urlsafe(50),
        "HJEMVEJ_CPR_KEY": cpr_key,
        "HJEMVEJ_STATIC_ROOT": str(work / "static"),
        "HJEMVEJ_ALLOWED_HOSTS": "127.0.0.1",
        "HJEMVEJ_BIND": f"127.0.0.1:{port}",
        "HJEMVEJ_WORKERS": "2",
        # The demo's local login signs in with its password alone: the second factor of local
        # accounts (on by default with DATABASE_URL) is tested in tests/accounts, not here.
        "HJEMVEJ_LOCAL_TOTP": "0",
    }
    hjemvej = str(bin_dir / "hjemvej")
    step("hjemvej migrate …")
    run([hjemvej, "migrate", "--noinput"], env)
    step("hjemvej collectstatic …")
    run([hjemvej, "collectstatic", "--noinput"], env)
    step("hjemvej demo --allow-demo-users (lille demo, login raadgiver) …")
    run([hjemvej, "demo", "--allow-demo-users"], env)

    step(f"Starter hjemvej serve (gunicorn, 2 arbejdsprocesser, DEBUG slået fra) på {base} …")
    server = subprocess.Popen(
        [hjemvej, "serve"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    step("Starter hjemvej worker (baggrundsjob) …")
    worker = subprocess.Popen(
        [hjemvej, "worker"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_until_live(base, server)
        browse(base)
        background_job(base)
        api(base, hjemvej, env)
        step("Afslutter PostgreSQLs forbindelser til databasen (som ved en genstart) …")
        ended = admin_sql(
            bin_dir / "python",
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            DATABASE,
        )
        expect(int(ended) >= 1, "der var ingen forbindelser at afslutte")
        browser = Browser(base)
        login(browser)
        for _ in range(4):  # both workers' kept connections are checked before reuse
            status, _, _ = browser.get("/borgere/")
            expect(status == 200, f"/borgere/ efter afsluttede forbindelser: {status}")
        step(f"  {ended} forbindelser afsluttet; de næste forespørgsler svarer 200")
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        server.send_signal(signal.SIGTERM)
        try:
            _, stderr = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            _, stderr = server.communicate()
    check_logs(stderr)

    step("Start uden HJEMVEJ_CPR_KEY skal afvises …")
    without = {k: v for k, v in env.items() if k != "HJEMVEJ_CPR_KEY"}
    refused([hjemvej, "serve"], without, "HJEMVEJ_CPR_KEY mangler")
    step("Start med en forkert CPR-nøgle skal afvises (hjemvej serve og gunicorn direkte) …")
    wrong = {**env, "HJEMVEJ_CPR_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()}
    message = "HJEMVEJ_CPR_KEY passer ikke til databasen"
    refused([hjemvej, "serve"], wrong, message)
    gunicorn = [str(bin_dir / "gunicorn"), "--bind", f"127.0.0.1:{free_port()}"]
    refused([*gunicorn, "hjemvej.wsgi:application"], wrong, message)
    admin_sql(bin_dir / "python", f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def login(browser: Browser) -> None:
    status, _, _ = browser.get("/login/")
    expect(status == 200, f"/login/: {status}")
    form = {
        "username": "raadgiver",
        "password": "demo",
        "csrfmiddlewaretoken": browser.cookie("csrftoken"),
    }
    status, _, page = browser.post("/login/", form)
    expect(status == 200 and b"Log af" in page, f"login som raadgiver mislykkedes ({status})")


def browse(base: str) -> None:
    browser = Browser(base)
    step("Login-siden …")
    status, headers, page = browser.get("/login/")
    expect(status == 200, f"/login/: {status}")
    sheets = re.findall(rb'href="(/static/[^"]+\.css)"', page)
    expect(bool(sheets), "login-siden henviser ikke til et stylesheet")
    sheet = sheets[0].decode()
    expect(re.search(r"\.[0-9a-f]{12}\.css$", sheet) is not None, f"ikke et hashet navn: {sheet}")
    step(f"Stylesheet med hashet navn {sheet} …")
    status, headers, body = browser.get(sheet, **{"Accept-Encoding": "gzip"})
    expect(status == 200, f"{sheet}: {status}")
    expect(headers.get("Content-Type", "").startswith("text/css"), f"{sheet}: ikke text/css")
    expect(headers.get("Content-Encoding") == "gzip", f"{sheet}: ikke komprimeret")
    expect("immutable" in headers.get("Cache-Control", ""), f"{sheet}: ikke cachet for evigt")
    for path in ("/helbred/live", "/helbred/klar"):
        status, headers, body = browser.get(path)
        expect((status, body) == (200, b"ok"), f"{path}: {status} {body[:40]!r}")
        expect("no-store" in headers.get("Cache-Control", ""), f"{path}: ikke no-store")
        server = headers.get("Server", "")
        expect(not re.search(r"\d", server), f"{path}: Server-headeren viser en version: {server}")
    step("Sundhedstjek: /helbred/live og /helbred/klar svarer ok")
    step("Logger ind som raadgiver og åbner /borgere/ …")
    login(browser)
    status, headers, page = browser.get("/borgere/")
    expect(status == 200, f"/borgere/: {status}")
    expect("no-store" in headers.get("Cache-Control", ""), "/borgere/: ikke no-store")
    expect(bool(headers.get("X-Request-ID")), "/borgere/: ingen X-Request-ID")
    expect(b"Traceback" not in page, "/borgere/ viser en fejlside")


def background_job(base: str) -> None:
    """Export the list through its page: the job waits, the worker makes it, the file comes."""
    step("Henter borgerlisten som CSV gennem et baggrundsjob …")
    browser = Browser(base)
    login(browser)
    form = {"filters": "", "csrfmiddlewaretoken": browser.cookie("csrftoken")}
    status, _, page = browser.post("/borgere/eksport/csv/", form)  # redirected to the job's page
    expect(status == 200, f"eksporten startede ikke: {status}")
    found = re.search(rb'href="(/job/[0-9a-f-]{36}/)"|hx-get="(/job/[0-9a-f-]{36}/)"', page)
    expect(found is not None, "jobbets side viser ikke jobbet")
    assert found is not None
    job = (found.group(1) or found.group(2)).decode()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        status, _, page = browser.get(job)
        expect(status == 200, f"{job}: {status}")
        if b"/fil/" in page or b"kunne ikke" in page:
            break
        time.sleep(0.5)
    expect(f"{job}fil/".encode() in page, f"{job}: jobbet blev ikke færdigt")
    status, headers, body = browser.get(f"{job}fil/")
    expect(status == 200, f"{job}fil/: {status}")
    expect(headers.get("Content-Type", "").startswith("text/csv"), f"{job}fil/: ikke CSV")
    expect(body.startswith(b"\xef\xbb\xbf") and b"Navn" in body[:200], f"{job}fil/: ikke listen")
    expect("no-store" in headers.get("Cache-Control", ""), f"{job}fil/: ikke no-store")
    step(f"  {job}: færdig, {len(body)} bytes hentet")


def api(base: str, hjemvej: str, env: dict[str, str]) -> None:
    """The API: its schema and docs (static files by hashed name), a token made on the server."""
    step("API: /api/v1/openapi.json, /api/v1/docs og en nøgle fra hjemvej apitoken …")
    browser = Browser(base)
    status, headers, body = browser.get("/api/v1/openapi.json")
    expect(status == 200, f"/api/v1/openapi.json: {status}")
    expect(json.loads(body)["openapi"].startswith("3."), "/api/v1/openapi.json: ikke OpenAPI 3")
    status, _, page = browser.get("/api/v1/docs")
    expect(status == 200, f"/api/v1/docs: {status}")
    bundle = re.search(rb'src="(/static/ninja/swagger-ui-bundle\.[0-9a-f]{12}\.js)"', page)
    expect(bundle is not None, "/api/v1/docs henviser ikke til Swagger UI med hashet navn")
    assert bundle is not None
    status, _, _ = browser.get(bundle.group(1).decode())
    expect(status == 200, f"{bundle.group(1).decode()}: {status}")
    status, _, _ = browser.get("/api/v1/mig")
    expect(status == 401, f"/api/v1/mig uden nøgle: {status}")
    token = (
        run([hjemvej, "apitoken", "create", "--user", "raadgiver"], env).strip().splitlines()[-1]
    )
    status, headers, body = browser.get("/api/v1/borgere/?limit=5", Authorization=f"Bearer {token}")
    expect(status == 200, f"/api/v1/borgere/ med nøgle: {status}")
    expect(json.loads(body)["count"] > 0, "/api/v1/borgere/: ingen borgere i demoen")
    expect("no-store" in headers.get("Cache-Control", ""), "/api/v1/borgere/: ikke no-store")
    step("  skema, dokumentation og en nøgle virker; uden nøgle 401")


def check_logs(stderr: str) -> None:
    step("Loglinjer som JSON …")
    lines = []
    for text in stderr.splitlines():
        if text.startswith("{"):
            lines.append(json.loads(text))
    visits = [x for x in lines if x.get("path") == "/borgere/" and x.get("status") == 200]
    expect(bool(visits), f"ingen JSON-loglinje for /borgere/:\n{stderr[-2000:]}")
    expect(visits[0].get("role") == "case_worker", f"rolle mangler i {visits[0]}")
    expect(all("raadgiver" not in json.dumps(x) for x in lines), "et brugernavn står i loggen")
    step(f"  {len(lines)} JSON-linjer; fx {json.dumps(visits[0], ensure_ascii=False)}")


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="hjemvej-smoke-") as work:
        try:
            smoke(Path(work))
        except (SmokeError, subprocess.TimeoutExpired) as exc:
            print(f"RØGTEST FEJLEDE: {exc}", file=sys.stderr)
            return 1
    step("Røgtesten bestod.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
