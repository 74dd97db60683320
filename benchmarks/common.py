"""The demo databases on PostgreSQL and the worker processes that measure in them.

Two databases are kept between runs: ``hjemvej_bench`` with the national demo (about 23,000
citizens and 100,000 stays in Demo Kommune) and ``hjemvej_bench_small`` with the small demo. Each
is created, migrated and filled on first use (``hjemvej demo [--scale national]
--allow-demo-users``), reused by every benchmark after that, and dropped and made again when the
demo generator's source has changed.

A benchmark measures in a process of its own (a ``benchmarks.<name>_worker`` module): it sets
``DATABASE_URL`` before Django starts and prints one JSON object, which :func:`measure_in` reads.

The server is ``postgres://postgres@127.0.0.1:5432`` unless ``HJEMVEJ_BENCH_POSTGRES`` says
otherwise, and the databases' names come from ``HJEMVEJ_BENCH_DATABASE`` when it is set.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.registry import Check, Context, Measurement, Report

SERVER = os.environ.get("HJEMVEJ_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")


@dataclass(frozen=True)
class Database:
    label: str  # national, small
    name: str
    demo_args: tuple[str, ...]

    @property
    def url(self) -> str:
        return f"{SERVER}/{self.name}"


#: The national database's name, and with ``_small`` the small one's: another name keeps a bench of
#: one's own beside others' on a shared server.
NAME = os.environ.get("HJEMVEJ_BENCH_DATABASE", "hjemvej_bench")
NATIONAL = Database("national", NAME, ("--scale", "national"))
SMALL = Database("small", f"{NAME}_small", ())
DATABASES = (NATIONAL, SMALL)


class BenchError(Exception):
    """A step before the measurement failed; the message says which, in Danish."""


def _demo_fingerprint(root: Path) -> str:
    """Return a hash of the demo generator's source: when it changes, the data are made anew."""
    digest = hashlib.sha256()
    demo = root / "hjemvej" / "demo"
    sources = sorted(demo.rglob("*.py"))
    if not sources:  # moved again: a hash of nothing would never change
        raise BenchError(f"demoens kilde findes ikke i {demo}")
    for path in sources:
        digest.update(path.relative_to(demo).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _admin_sql(*statements: str) -> list[tuple[object, ...]]:
    """Run statements on the server's ``postgres`` database (autocommit); return the last rows."""
    import psycopg

    try:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=5) as conn:
            rows: list[tuple[object, ...]] = []
            for statement in statements:
                cursor = conn.execute(statement.encode())
                rows = cursor.fetchall() if cursor.description else []
            return rows
    except psycopg.Error as exc:
        raise BenchError(f"PostgreSQL på {SERVER} svarer ikke som ventet: {exc}") from None


@functools.cache
def _developer_keys() -> dict[str, str]:
    """Return the keys of this checkout's embedded trial (``var/``), made on first use.

    With ``DATABASE_URL`` set Hjemvej refuses to start without its keys; the bench databases are
    made and kept with these, so every run reads them with the same CPR key.
    """
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    code = "import hjemvej.settings as s; print(s.SECRET_KEY); print(s.CPR_KEY)"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    secret, cpr_key = done.stdout.split()
    return {"HJEMVEJ_SECRET_KEY": secret, "HJEMVEJ_CPR_KEY": cpr_key}


def environment(**extra: str) -> dict[str, str]:
    """Return this process's environment for a child, with DEBUG off: measure as served.

    The workers sign in with the test client's ``force_login``, which gives no second factor: the
    pages are measured, not the code page a local account would be sent to first.
    """
    env = {**_developer_keys(), **os.environ, **extra, "HJEMVEJ_LOCAL_TOTP": "0"}
    env.pop("HJEMVEJ_DEBUG", None)
    return env


def _hjemvej(ctx: Context, db: Database, *args: str) -> str:
    """Run ``hjemvej`` against the database; return its output or raise with its last lines."""
    done = subprocess.run(
        [str(ctx.root / ".venv" / "bin" / "hjemvej"), *args],
        cwd=ctx.root,
        env=environment(DATABASE_URL=db.url),
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        tail = " | ".join((done.stderr or done.stdout).strip().splitlines()[-3:])
        raise BenchError(f"hjemvej {' '.join(args)} ({db.name}) fejlede: {tail}")
    return done.stdout


def ensure_database(ctx: Context, db: Database, report: Report) -> None:
    """Create, migrate and fill the database when needed; keep it between runs."""
    marker = ctx.bench_dir / f"{db.name}.json"
    wanted = {"demo": _demo_fingerprint(ctx.root), "args": list(db.demo_args)}
    exists = bool(_admin_sql(f"SELECT 1 FROM pg_database WHERE datname = '{db.name}'"))
    current = json.loads(marker.read_text(encoding="utf-8")) if marker.exists() else None
    if exists and current != wanted:
        # Changed, or made by another checkout (no marker here): its data are not known.
        print(f"Demoens kilde er ændret eller ukendt: {db.name} dannes forfra …")
        _admin_sql(f'DROP DATABASE "{db.name}" WITH (FORCE)')
        exists = False
    if not exists:
        _admin_sql(f'CREATE DATABASE "{db.name}"')
    _hjemvej(ctx, db, "migrate", "--noinput", "-v", "0")
    start = time.perf_counter()
    printed = _hjemvej(ctx, db, "demo", "--if-empty", "--allow-demo-users", *db.demo_args)
    if printed.strip():
        seconds = time.perf_counter() - start
        print(f"Dannede demodata i {db.name} på {seconds:.0f} s")
        target = 180.0 if db.label == "national" else None
        report.measurements.append(
            Measurement(
                f"{db.label}: hjemvej demo {' '.join(db.demo_args)}".strip(), seconds, "s", target
            )
        )
    marker.write_text(json.dumps(wanted), encoding="utf-8")


def measure_in(
    ctx: Context,
    db: Database,
    report: Report,
    module: str,
    *,
    what: str,
    error_prefix: str = "",
    runs: int | None = None,
    warmup: int | None = None,
) -> dict[str, object] | None:
    """Make the database ready and run ``benchmarks.<module>`` in it; return what it printed.

    On failure add the failed check "<label>: data og måling" and return None: ``what`` names
    the measurement when the worker failed or printed no JSON object, and an ``error`` the worker
    reports itself follows ``error_prefix``.
    """
    command = [sys.executable, "-m", f"benchmarks.{module}", "--database-url", db.url]
    if runs is not None:
        command += ["--runs", str(runs)]
    if warmup is not None:
        command += ["--warmup", str(warmup)]
    try:
        ensure_database(ctx, db, report)
        return _run_worker(ctx, command, what=what, error_prefix=error_prefix)
    except BenchError as exc:
        report.checks.append(Check(f"{db.label}: data og måling", False, str(exc)))
        return None


def _run_worker(
    ctx: Context, command: list[str], *, what: str, error_prefix: str
) -> dict[str, object]:
    """Run a worker; return the JSON object it printed last, or raise what went wrong."""
    done = subprocess.run(
        command, cwd=ctx.root, env=environment(), capture_output=True, text=True, check=False
    )
    lines = done.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1]) if lines else None
    except json.JSONDecodeError:
        result = None
    if isinstance(result, dict) and "error" in result:
        raise BenchError(f"{error_prefix}{result['error']}")
    if not isinstance(result, dict) or done.returncode != 0:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        raise BenchError(f"{what} fejlede (exit {done.returncode}): {tail}")
    return result


def measure_each(
    ctx: Context, report: Report, module: str, *, runs: int, warmup: int
) -> dict[str, dict[str, object]]:
    """Measure in every demo database; return the results by label, leaving out a failed one."""
    results: dict[str, dict[str, object]] = {}
    for db in DATABASES:
        result = measure_in(
            ctx,
            db,
            report,
            module,
            what=f"målingen i {db.name}",
            error_prefix=f"{db.name}: ",
            runs=runs,
            warmup=warmup,
        )
        if result is not None:
            results[db.label] = result
    return results


def part(result: dict[str, object], key: str) -> dict[str, object]:
    """Return the worker's result for one page or step."""
    value = result[key]
    assert isinstance(value, dict)
    return value


def served(
    report: Report, name: str, page: dict[str, object], *, runs: int, target: float | None
) -> bool:
    """Check that the page answered 200 and add its median time; return whether it did."""
    ok = page["status"] == 200
    report.checks.append(Check(f"{name} svarer 200", ok, "" if ok else f"HTTP {page['status']}"))
    median = page["median_ms"]
    assert isinstance(median, float)
    report.measurements.append(
        Measurement(f"{name} (median of {runs})", median if ok else None, "ms", target)
    )
    return ok


def queries(report: Report, name: str, page: dict[str, object]) -> None:
    """Add the number of queries of one request of the page."""
    count = page["queries"]
    assert isinstance(count, int)
    report.measurements.append(Measurement(f"{name}: queries", float(count), "queries"))
