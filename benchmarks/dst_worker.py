"""Measure the DST page, its file and ``hjemvej stats dst`` in one database, in its own process.

Usage: ``python -m benchmarks.dst_worker --database-url URL [--runs 5] [--warmup 1]``.
Sets ``DATABASE_URL`` before Django starts. As the administrator ``admin`` (who may make the file
of the municipality's municipal shelters), for the municipal shelter with the most stays in the
last whole quarter: the page ``/statistik/dst/`` with its list of problems, and the file (a POST,
streamed and read to its end), each timed with the test ``Client`` (server side, no network).
``hjemvej stats dst`` runs as a command of its own (Django's start included) and writes the file
to a temporary folder. Checks: the page answers 200, the file and the command's file have one
line per stay admitted or discharged in the quarter (counted here from the stays) and are the
same. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.worker_common import fail, page_with_queries, setup_worker, times_ms

ROOT = Path(__file__).resolve().parent.parent
ADMIN = "admin"
CLI_RUNS = 3


def _cli(database_url: str, shelter: int, quarter: str, runs: int) -> dict[str, object]:
    """Time ``hjemvej stats dst`` as its own process; return its exit code and file."""
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("HJEMVEJ_DEBUG", None)
    times: list[float] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "dst.txt"
        command = [str(ROOT / ".venv" / "bin" / "hjemvej"), "stats", "dst"]
        command += ["--shelter", str(shelter), "--quarter", quarter, "--out", str(out)]
        done = None
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                break
        assert done is not None
        text = ""
        if out.exists():
            with out.open(encoding="utf-8", newline="") as handle:  # keep the file's CRLF
                text = handle.read()
    return {
        "command": " ".join(["hjemvej", *command[1:-1]]) + " FIL",
        "exit_code": done.returncode,
        "text": text,
        "median_s": statistics.median(times),
        "times_s": [round(t, 3) for t in times],
        "error": " | ".join(done.stderr.strip().splitlines()[-3:]),
    }


def measure(args: argparse.Namespace) -> dict[str, object]:
    """Measure the page, the file and the command; return the worker's JSON object."""
    from django.db.models import Count, Q
    from django.test import Client

    from hjemvej.accounts.models import User
    from hjemvej.accounts.policy import dst_shelters_for
    from hjemvej.core import dates
    from hjemvej.shelters.models import Stay
    from hjemvej.stats.dst import Quarter

    admin = User.objects.filter(username=ADMIN).first()
    if admin is None:
        return {"error": f"brugeren '{ADMIN}' findes ikke"}
    today = dates.today()
    quarter = Quarter.containing(today).previous()
    in_quarter = Q(stays__admitted__gte=quarter.start, stays__admitted__lt=quarter.end) | Q(
        stays__discharged__gte=quarter.start, stays__discharged__lt=quarter.end
    )
    shelter = (
        dst_shelters_for(admin)
        .annotate(n=Count("stays", filter=in_quarter, distinct=True))
        .order_by("-n", "pk")
        .first()
    )
    if shelter is None:
        return {"error": "administratoren har ingen kommunal boform at indberette for"}
    expected = (
        Stay.objects.filter(shelter=shelter)
        .filter(
            Q(admitted__gte=quarter.start, admitted__lt=quarter.end)
            | Q(discharged__gte=quarter.start, discharged__lt=quarter.end)
        )
        .count()
    )
    query = {"boform": str(shelter.pk), "kvartal": quarter.key}
    client = Client()
    client.force_login(admin)
    url = f"/statistik/dst/?boform={shelter.pk}&kvartal={quarter.key}"
    page = page_with_queries(client, url, args.runs, args.warmup)

    def file() -> str:
        response = client.post("/statistik/dst/fil/", query)
        if response.status_code != 200:
            return f"HTTP {response.status_code}"
        return b"".join(response.streaming_content).decode("utf-8")  # type: ignore[attr-defined]

    text = file()
    file_times = times_ms(file, args.runs, args.warmup)
    cli = _cli(args.database_url, shelter.pk, quarter.key.replace("K", "Q"), CLI_RUNS)
    cli_text = str(cli.pop("text"))
    return {
        "today": today.isoformat(),
        "shelter": shelter.name,
        "quarter": quarter.key,
        "stays": expected,
        "page": page,
        "file": {
            "lines": max(len(text.splitlines()) - 1, 0),
            "median_ms": statistics.median(file_times),
            "times_ms": [round(t, 2) for t in file_times],
        },
        "cli": {**cli, "lines": max(len(cli_text.splitlines()) - 1, 0)},
        "same_file": cli_text == text,
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the DST page, its file and the command; print JSON."""
    args = setup_worker(argv, "Mål DST-siden, filen og 'hjemvej stats dst'.", runs=5, warmup=1)
    result = measure(args)
    if "error" in result:
        return fail(str(result["error"]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
