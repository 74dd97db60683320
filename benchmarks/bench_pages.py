"""Benchmark ``pages``: the by-name list and a citizen page with national data on PostgreSQL.

Two PostgreSQL databases are kept between runs: ``hjemvej_bench`` with the national demo (about
23,000 citizens and 100,000 stays) and ``hjemvej_bench_small`` with the small demo. Each is
created, migrated and filled on first use (``hjemvej demo [--scale national] --allow-demo-users``),
and dropped and made again when the demo generator's source has changed. For each database a
separate process (:mod:`benchmarks.pages_worker`) sets ``DATABASE_URL`` before Django starts and
measures ``/borgere/`` and ``/borgere/<id>/`` as ``raadgiver`` with Django's test ``Client``
(server side, median of 15 after a warm-up) and counts each page's queries. The national pages
must be served in under 200 ms, with the same number of queries as on the small demo.

The server is ``postgres://postgres@127.0.0.1:5432`` unless ``HJEMVEJ_BENCH_POSTGRES`` says
otherwise.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.registry import Check, Context, Measurement, Report, benchmark

SERVER = os.environ.get("HJEMVEJ_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432").rstrip("/")
TARGET_MS = 200.0
RUNS = 15
WARMUP = 3
PAGES = (("list", "/borgere/"), ("detail", "/borgere/<id>/"))


@dataclass(frozen=True)
class Database:
    label: str  # national, small
    name: str
    demo_args: tuple[str, ...]

    @property
    def url(self) -> str:
        return f"{SERVER}/{self.name}"


DATABASES = (
    Database("national", "hjemvej_bench", ("--scale", "national")),
    Database("small", "hjemvej_bench_small", ()),
)


class BenchError(Exception):
    """A step before the measurement failed; the message says which, in Danish."""


def _demo_fingerprint(root: Path) -> str:
    """Return a hash of the demo generator's source: when it changes, the data are made anew."""
    digest = hashlib.sha256()
    for path in sorted((root / "hjemvej" / "core" / "demo").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
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


def _hjemvej(ctx: Context, db: Database, *args: str) -> str:
    """Run ``hjemvej`` against the database; return its output or raise with its last lines."""
    env = {**os.environ, "DATABASE_URL": db.url}
    env.pop("HJEMVEJ_DEBUG", None)
    done = subprocess.run(
        [str(ctx.root / ".venv" / "bin" / "hjemvej"), *args],
        cwd=ctx.root,
        env=env,
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
    if exists and current is not None and current != wanted:
        print(f"Demoens kilde er ændret: {db.name} dannes forfra …")
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


def measure(ctx: Context, db: Database) -> dict[str, object]:
    """Run the worker process against the database; return what it measured."""
    env = {**os.environ}
    env.pop("HJEMVEJ_DEBUG", None)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.pages_worker",
            "--database-url",
            db.url,
            "--runs",
            str(RUNS),
            "--warmup",
            str(WARMUP),
        ],
        cwd=ctx.root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    lines = done.stdout.strip().splitlines()
    if not lines:
        tail = " | ".join(done.stderr.strip().splitlines()[-3:])
        raise BenchError(f"målingen i {db.name} fejlede (exit {done.returncode}): {tail}")
    result: dict[str, object] = json.loads(lines[-1])
    if "error" in result:
        raise BenchError(f"{db.name}: {result['error']}")
    return result


def _page(result: dict[str, object], key: str) -> dict[str, object]:
    page = result[key]
    assert isinstance(page, dict)
    return page


@benchmark("pages")
def bench_pages(ctx: Context) -> Report:
    """Time the by-name list and a citizen page on national data; compare query counts."""
    report = Report()
    results: dict[str, dict[str, object]] = {}
    for db in DATABASES:
        try:
            ensure_database(ctx, db, report)
            results[db.label] = measure(ctx, db)
        except BenchError as exc:
            report.checks.append(Check(f"{db.label}: data og måling", False, str(exc)))
    for label, (key, path) in ((db.label, page) for db in DATABASES for page in PAGES):
        result = results.get(label)
        name = f"{label}: {path}"
        if result is None:
            report.measurements.append(
                Measurement(name, None, "ms", TARGET_MS if label == "national" else None)
            )
            continue
        page = _page(result, key)
        status = page["status"]
        served = status == 200
        note = "" if served else f"HTTP {status}"
        if status == 501:
            note = "siden er endnu en pladsholder (HTTP 501)"
        report.checks.append(Check(f"{name} svarer 200", served, note))
        median = page["median_ms"]
        assert isinstance(median, float)
        report.measurements.append(
            Measurement(
                f"{name} (median of {RUNS})",
                median if served else None,
                "ms",
                TARGET_MS if label == "national" else None,
                note,
            )
        )
        queries = page["queries"]
        assert isinstance(queries, int)
        report.measurements.append(Measurement(f"{name}: queries", float(queries), "queries"))
    if len(results) == len(DATABASES):
        for key, path in PAGES:
            national = _page(results["national"], key)["queries"]
            small = _page(results["small"], key)["queries"]
            same = national == small
            detail = "" if same else f"national {national} forespørgsler, small {small}"
            report.checks.append(Check(f"{path}: queries national = small", same, detail))
        report.info.update(
            {
                label: {
                    "database": next(db.name for db in DATABASES if db.label == label),
                    "citizens": result["citizens"],
                    "citizen_page": result["citizen_id"],
                    "citizen_stays": result["citizen_stays"],
                }
                for label, result in results.items()
            }
        )
    return report
