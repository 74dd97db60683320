"""Benchmark ``throughput``: the by-name list and a citizen page under load, as in production.

On the national demo database (:mod:`benchmarks.common`, about 23,000 citizens) three production
servers ``hjemvej serve`` (gunicorn, DEBUG off, static files collected, JSON request log) are
started on 127.0.0.1, with 1, 2 and 4 worker processes. The case worker ``raadgiver`` signs in to
each over HTTP, and the load tool ``wrk`` (Debian's package, ``apt-get install wrk``) loads
``/borgere/`` (the by-name list's first page) and ``/borgere/<id>/`` (the citizen page that the
benchmark ``pages`` measures) with that session from 8 connections: after a 3 s warm-up, 10 s per
page and server in 5 rounds of 2 s that take the servers in turn, so that the machine's other work
(a shared machine's load comes and goes) falls on each number of workers alike. Reported per page
and number of workers: requests per second over the rounds, and the 95th percentile of the
response time as the client sees it (queueing in the server included; the median of the rounds').
The single worker is the single-process figure, measured the same way, so the three are
comparable; the benchmark ``pages`` gives the server-side time of one request without load.

Checks: every response 2xx and no connection errors or timeouts (a throughput of error or login
pages would mean nothing), and 4 workers serve more requests per second than 1 (one sync worker
leaves the second core idle while it waits for PostgreSQL; the ratio is reported too). That check
is made only on a machine with at least 2 cores whose load average before the run is under half
its cores: on a shared machine busy with other work (a test suite beside it) the other work decides
the figures, and 4 workers have been measured no faster than 1 there. Target: the 95th percentile
under 1 s with 4 workers. On a 2-core machine 2 and 4 workers come out alike: gunicorn, PostgreSQL
and wrk share the two cores, and 4 workers only move the queue from gunicorn into the operating
system; more workers than cores pay on a larger server, not here.

``make bench`` installs ``wrk`` when it is missing and the machine allows it (root with apt);
without it the benchmark fails with a Danish message naming the package.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.common import NATIONAL, BenchError, Database, environment, measure_in
from benchmarks.registry import Check, Context, Measurement, Report, benchmark

WORKERS = (1, 2, 4)
SECONDS = 10  # per page and number of workers, in ROUNDS turns
ROUNDS = 5
WARMUP_SECONDS = 3
CONNECTIONS = 8
THREADS = 2
P95_TARGET_MS = 1000.0
START_TIMEOUT_S = 60.0
#: 4 workers against 1 is checked only when the load average before the run is under this per core.
QUIET_LOAD = 0.5
USERNAME, PASSWORD = "raadgiver", "demo"
PAGES = (("list", "/borgere/"), ("detail", "/borgere/<id>/"))
MARKER = "HJEMVEJ_WRK "
FAILURES = ("non_2xx", "connect", "read", "write", "timeout")

#: wrk's script: the session cookie from the environment (not on the command line, where ``ps``
#: shows it), every response outside 2xx counted in each thread, and one JSON line at the end.
LUA = """-- Written by benchmarks/bench_throughput.py.
wrk.headers["Cookie"] = os.getenv("HJEMVEJ_WRK_COOKIE")
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  non_2xx = 0
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non_2xx = non_2xx + 1
  end
end

function done(summary, latency, requests)
  local other = 0
  for _, thread in ipairs(threads) do
    other = other + thread:get("non_2xx")
  end
  local e = summary.errors
  io.write(string.format(
    'HJEMVEJ_WRK {"requests": %d, "duration_us": %d, "p50_us": %.0f, "p95_us": %.0f, '
    .. '"max_us": %.0f, "non_2xx": %d, "connect": %d, "read": %d, "write": %d, '
    .. '"timeout": %d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency.max, other, e.connect, e.read, e.write, e.timeout))
end
"""


class Browser:
    """Cookies and CSRF like a browser, over urllib (as ``.ci/smoke.py`` signs in)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, str, bytes]:
        """Return the status, the path finally answered (after redirects) and the body."""
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict[str, str]) -> tuple[int, str, bytes]:
        body = urllib.parse.urlencode(data).encode()
        headers = {"Origin": self.base, "Referer": self.base + path}
        return self._open(urllib.request.Request(self.base + path, data=body, headers=headers))

    def cookies(self) -> str:
        """Return the cookies as a ``Cookie`` header's value."""
        return "; ".join(f"{c.name}={c.value}" for c in self.jar)

    def _open(self, request: urllib.request.Request) -> tuple[int, str, bytes]:
        try:
            with self.opener.open(request, timeout=30) as response:
                final = urllib.parse.urlsplit(response.geturl()).path
                return response.status, final, response.read()
        except urllib.error.HTTPError as error:
            return error.code, urllib.parse.urlsplit(request.full_url).path, error.read()

    def sign_in(self) -> None:
        """Sign in as the demo case worker; raise when the start page does not follow."""
        self.get("/login/")
        token = next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")
        form = {"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token}
        status, _, page = self.post("/login/", form)
        if status != 200 or b"Log af" not in page:
            raise BenchError(f"login som {USERNAME} mislykkedes (HTTP {status})")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _server_environment(ctx: Context, db: Database, **extra: str) -> dict[str, str]:
    """Return the environment of a production server on ``db``, over plain HTTP on 127.0.0.1."""
    env = environment(
        DATABASE_URL=db.url,
        HJEMVEJ_STATIC_ROOT=str(ctx.bench_dir / "static"),
        HJEMVEJ_ALLOWED_HOSTS="127.0.0.1",
        HJEMVEJ_LOG_FORMAT="json",
        **extra,
    )
    for name in ("HJEMVEJ_HTTPS", "HJEMVEJ_PROXY_SSL_HEADER", "HJEMVEJ_CSRF_TRUSTED_ORIGINS"):
        env.pop(name, None)  # secure cookies would not come back over http://
    return env


def _collectstatic(ctx: Context, db: Database) -> None:
    """Collect the static files as an installation does, so pages name them by their hash."""
    try:
        done = subprocess.run(
            [str(ctx.root / ".venv" / "bin" / "hjemvej"), "collectstatic", "--noinput", "-v", "0"],
            cwd=ctx.root,
            env=_server_environment(ctx, db),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BenchError("hjemvej collectstatic blev ikke færdig inden for 300 s") from None
    if done.returncode != 0:
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise BenchError(f"hjemvej collectstatic fejlede: {tail}")


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn and its workers: SIGTERM to the process group, SIGKILL after 30 s."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)
    with contextlib.suppress(ProcessLookupError):  # a worker left behind by its master
        os.killpg(server.pid, signal.SIGKILL)


def _wait_until_live(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = " | ".join(log.read_text(encoding="utf-8").strip().splitlines()[-3:])
            raise BenchError(f"hjemvej serve stoppede ved start (exit {server.returncode}): {tail}")
        try:
            with urllib.request.urlopen(f"{base}/helbred/live", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise BenchError(f"hjemvej serve svarede ikke på /helbred/live inden for {START_TIMEOUT_S:g} s")


@contextmanager
def serving(ctx: Context, db: Database, workers: int) -> Iterator[str]:
    """Run ``hjemvej serve`` with ``workers`` workers on a free port; yield its base URL.

    The server's output (its JSON request log) goes to ``var/bench/throughput-<workers>.log``.
    """
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = _server_environment(
        ctx, db, HJEMVEJ_BIND=f"127.0.0.1:{port}", HJEMVEJ_WORKERS=str(workers)
    )
    log = ctx.bench_dir / f"throughput-{workers}.log"
    with log.open("wb") as out:
        server = subprocess.Popen(
            [str(ctx.root / ".venv" / "bin" / "hjemvej"), "serve"],
            cwd=ctx.root,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn's workers stop with it
        )
        try:
            _wait_until_live(base, server, log)
            yield base
        finally:
            _stop(server)


def wrk(url: str, cookie: str, seconds: int, script: Path) -> dict[str, float]:
    """Load ``url`` with wrk for ``seconds``; return what the script's ``done`` printed."""
    command = [
        "wrk",
        f"--threads={THREADS}",
        f"--connections={CONNECTIONS}",
        f"--duration={seconds}s",
        "--timeout=5s",
        f"--script={script}",
        url,
    ]
    env = {**os.environ, "HJEMVEJ_WRK_COOKIE": cookie}
    try:
        done = subprocess.run(
            command, env=env, capture_output=True, text=True, timeout=seconds + 30, check=False
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"wrk blev ikke færdig inden for {seconds + 30} s") from None
    for line in done.stdout.splitlines():
        if line.startswith(MARKER):
            result: dict[str, float] = json.loads(line[len(MARKER) :])
            return result
    tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
    raise BenchError(f"wrk gav intet resultat (exit {done.returncode}): {tail}")


def _pooled(rounds: list[dict[str, float]]) -> dict[str, float]:
    """Return the rounds of one page and server as one run: sums, and the median round's p95."""
    pooled = {k: sum(r[k] for r in rounds) for k in (*FAILURES, "requests", "duration_us")}
    pooled["p95_us"] = statistics.median(r["p95_us"] for r in rounds)
    return pooled


def load_pages(
    ctx: Context, db: Database, paths: dict[str, str], script: Path
) -> dict[tuple[str, int], dict[str, float]]:
    """Serve with each number of workers at once, sign in to each, and load each page in turns.

    A server waits idle while another is loaded: the rounds alternate between the servers, so
    that the machine's other work (and its changes) falls on every number of workers alike.
    Return wrk's results pooled over the rounds, by page and number of workers.
    """
    rounds: dict[tuple[str, int], list[dict[str, float]]] = {}
    with contextlib.ExitStack() as stack:
        bases = {workers: stack.enter_context(serving(ctx, db, workers)) for workers in WORKERS}
        cookies: dict[int, str] = {}
        for workers, base in bases.items():
            browser = Browser(base)
            browser.sign_in()
            for path in paths.values():
                status, final, _ = browser.get(path)
                if status != 200 or final != path:
                    raise BenchError(f"{path} som {USERNAME}: HTTP {status}, endte på {final}")
            cookies[workers] = browser.cookies()
        for key, path in paths.items():
            for workers, base in bases.items():
                wrk(base + path, cookies[workers], WARMUP_SECONDS, script)
            for _ in range(ROUNDS):
                for workers, base in bases.items():
                    result = wrk(base + path, cookies[workers], SECONDS // ROUNDS, script)
                    rounds.setdefault((key, workers), []).append(result)
    return {page: _pooled(results) for page, results in rounds.items()}


def _failures(result: dict[str, float]) -> str:
    """Return what went wrong in a wrk run, or '' when every response was 2xx."""
    counts = {k: int(result[k]) for k in FAILURES}
    return ", ".join(f"{k} {v}" for k, v in counts.items() if v)


def _name(path: str, workers: int) -> str:
    return f"national: {path}, {workers} worker{'s' if workers > 1 else ''}"


def _unmeasured(report: Report) -> None:
    for workers in WORKERS:
        for _, path in PAGES:
            report.measurements.append(Measurement(f"{_name(path, workers)}: rate", None, "req/s"))


@benchmark("throughput")
def bench_throughput(ctx: Context) -> Report:
    """Load the by-name list and a citizen page under ``hjemvej serve`` with 1, 2 and 4 workers."""
    report = Report()
    db = NATIONAL
    if shutil.which("wrk") is None:
        detail = "lasttestværktøjet wrk mangler: installér det med 'apt-get install wrk'"
        report.checks.append(Check("wrk er installeret", False, detail))
        _unmeasured(report)
        return report
    found = measure_in(ctx, db, report, "throughput_worker", what="opslaget af borgersiden")
    if found is None:  # measure_in has reported why
        _unmeasured(report)
        return report
    try:
        _collectstatic(ctx, db)
    except BenchError as exc:
        report.checks.append(Check("national: collectstatic", False, str(exc)))
        _unmeasured(report)
        return report
    paths = {"list": "/borgere/", "detail": f"/borgere/{found['citizen_id']}/"}
    script = ctx.bench_dir / "throughput.lua"
    script.write_text(LUA, encoding="utf-8")
    rates: dict[tuple[str, int], float] = {}
    busy = os.getloadavg()[0]  # the machine's other work, before the servers start
    try:
        results = load_pages(ctx, db, paths, script)
    except (BenchError, OSError) as exc:
        report.checks.append(Check("national: hjemvej serve og login", False, str(exc)))
        results = {}
    for workers in WORKERS:
        for key, path in PAGES:
            name = _name(path, workers)
            result = results.get((key, workers))
            failures = _failures(result) if result else "ikke målt"
            report.checks.append(Check(f"{name}: every response 2xx", not failures, failures))
            ok = result is not None and not failures
            rate = result["requests"] / (result["duration_us"] / 1e6) if result and ok else None
            p95 = result["p95_us"] / 1000 if result and ok else None
            requests = f"{int(result['requests'])} forespørgsler på {SECONDS} s" if result else ""
            report.measurements.append(Measurement(f"{name}: rate", rate, "req/s", note=requests))
            target = P95_TARGET_MS if workers == 4 else None
            note = f"median af {ROUNDS} runder"
            report.measurements.append(Measurement(f"{name}: p95", p95, "ms", target, note))
            if rate is not None:
                rates[key, workers] = rate
    cores = os.cpu_count() or 1
    for key, path in PAGES:
        one, four = rates.get((key, 1)), rates.get((key, 4))
        ratio = four / one if one and four else None
        name = f"national: {path}: 4 workers / 1 worker"
        report.measurements.append(Measurement(name, ratio, "×"))
        if cores < 2 or busy >= QUIET_LOAD * cores:
            continue  # one core, or the machine's other work decides the figures
        faster = ratio is not None and ratio > 1
        detail = "" if faster else f"1 worker {one or 0:.1f} req/s, 4 workers {four or 0:.1f}"
        report.checks.append(Check(f"national: {path}: 4 workers > 1", faster, detail))
    report.info["national"] = {
        "database": db.name,
        "citizens": found["citizens"],
        "citizen_page": found["citizen_id"],
        "cores": cores,
        "load_average_before": round(busy, 2),
        "load": f"wrk: {CONNECTIONS} forbindelser, {ROUNDS} runder à {SECONDS // ROUNDS} s",
    }
    return report
