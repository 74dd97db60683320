"""Measure the statistics' pages and ``hjemvej stats`` in one database, in a process of its own.

Usage: ``python -m benchmarks.stats_worker --database-url URL [--runs 3] [--warmup 1]``.
Sets ``DATABASE_URL`` before Django starts. The pages are every URL of ``hjemvej.stats.urls``
that takes no argument (found there, so a page added later is measured too), opened with the test
``Client`` (server side) as the manager ``leder`` and the economist ``oekonomi``. The commands are
every ``hjemvej stats`` subcommand that takes no file and whose arguments this worker can fill
with realistic values (``arguments_for``), each run as its own ``hjemvej`` process, as a user runs
it. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from benchmarks.worker_common import fail, page_with_queries, setup_worker

USERS = ("leder", "oekonomi")
#: Options that name a file: a subcommand that takes one is not run here.
FILE_OPTIONS = {"--out", "--file", "--in"}
HJEMVEJ = Path(sys.executable).with_name("hjemvej")


def stats_pages() -> list[tuple[str, str]]:
    """Return (URL name, path) of every statistics page whose URL takes no argument."""
    from django.urls import URLPattern, reverse

    from hjemvej.stats.urls import app_name, urlpatterns

    pages = []
    for pattern in urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name and not pattern.pattern.converters:
            name = f"{app_name}:{pattern.name}"
            pages.append((name, reverse(name)))
    return pages


def arguments_for(
    parser: argparse.ArgumentParser, *, as_of: date, municipality: str, shelter: int
) -> list[str] | None:
    """Return realistic arguments for a subcommand's parser, or None when it is not run.

    The year is last year (a whole year to report on), months the last twelve, a quarter the last
    that has ended, the municipality the demo's and a shelter the one with most of its stays. A
    subcommand that takes a file (a positional argument, or a file to write) is not run here, nor
    one that requires an argument this does not know.
    """
    last_quarter = (as_of.month - 1) // 3 or 4
    quarter_year = as_of.year if (as_of.month - 1) // 3 else as_of.year - 1
    values = {
        "--year": str(as_of.year - 1),
        "--as-of": as_of.isoformat(),
        "--municipality": municipality,
        "--format": "csv",
        "--from": f"{as_of.year - 1}-{as_of.month:02d}",
        "--to": f"{as_of.year}-{as_of.month:02d}",
        "--quarter": f"{quarter_year}-Q{last_quarter}",
        "--shelter": str(shelter),
    }
    args: list[str] = []
    for action in parser._actions:  # argparse offers no public list of a parser's arguments
        if isinstance(action, argparse._HelpAction):
            continue
        if not action.option_strings or set(action.option_strings) & FILE_OPTIONS:
            return None  # a file to read or to write
        option = next((o for o in action.option_strings if o in values), None)
        if option is not None:
            args += [option, values[option]]
        elif action.required:
            return None
    return args


def subcommands(*, as_of: date, municipality: str, shelter: int) -> dict[str, list[str] | None]:
    """Return each ``hjemvej stats`` subcommand and its arguments (None: not run)."""
    from django.core.management.base import CommandParser

    from hjemvej.stats.cli import subcommands as found

    commands: dict[str, list[str] | None] = {}
    for name, module in found().items():
        parser = CommandParser(prog=f"hjemvej stats {name}")
        module.add_arguments(parser)
        commands[name] = arguments_for(
            parser, as_of=as_of, municipality=municipality, shelter=shelter
        )
    return commands


def run_command(name: str, args: list[str], runs: int) -> dict[str, object]:
    """Run ``hjemvej stats NAME ARGS`` ``runs`` times; return the exit code and the times."""
    command = [str(HJEMVEJ), "stats", name, *args]
    times = []
    code = 0
    err = ""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=os.environ)
        times.append(time.perf_counter() - start)
        code = done.returncode
        err = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else ""
    return {
        "args": args,
        "code": code,
        "error": err if code else "",
        "median_s": statistics.median(times),
        "times_s": [round(t, 3) for t in times],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every statistics page as each user, and every subcommand; print JSON."""
    args = setup_worker(argv, "Mål statistikkens sider og kommandoer.", runs=3, warmup=1)
    from django.db.models import Count
    from django.test import Client

    from hjemvej.accounts.models import User
    from hjemvej.core import dates
    from hjemvej.shelters.models import Stay

    users = {u.username: u for u in User.objects.filter(username__in=USERS)}
    missing = [name for name in USERS if name not in users]
    if missing:
        return fail(f"brugerne findes ikke: {', '.join(missing)}")
    municipality = users["leder"].municipality
    if municipality is None:
        return fail("lederen er ikke knyttet til en kommune")
    busiest = (
        Stay.objects.filter(citizen__acting_municipality=municipality)
        .values("shelter_id")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )
    if busiest is None:
        return fail("ingen ophold i demoen")
    pages: dict[str, dict[str, object]] = {}
    for username in USERS:
        client = Client()
        client.force_login(users[username])
        for name, path in stats_pages():
            pages[f"{username} {path}"] = {
                "name": name,
                **page_with_queries(client, path, args.runs, args.warmup),
            }
    commands = subcommands(
        as_of=dates.today(), municipality=municipality.code, shelter=int(busiest["shelter_id"])
    )
    ran = {
        name: run_command(name, found, args.runs) if found is not None else None
        for name, found in commands.items()
    }
    print(
        json.dumps(
            {
                "stays": Stay.objects.filter(citizen__acting_municipality=municipality).count(),
                "pages": pages,
                "commands": ran,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
