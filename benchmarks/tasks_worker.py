"""Measure the follow-up pages and ``hjemvej tasks`` in one database, in a process of its own.

Usage: ``python -m benchmarks.tasks_worker --database-url URL [--runs 5] [--warmup 1]``.
Sets ``DATABASE_URL`` before Django starts and, with the test ``Client`` (server side, no
network), times each page as a first load: the cache is cleared before every request, so the
§ 177 days are counted anew each time (the task engine keeps them ten minutes otherwise). The
pages: the task list for the manager ``leder`` (every task of the municipality) and for a case
worker and a support worker ("mine"), the weekly follow-up, and a citizen's follow-up tab (a
citizen in a stay tonight with several stays). ``hjemvej tasks --as-of … --format csv`` runs as a
command of its own (Django's start included). Prints one JSON object.
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
from pathlib import Path
from typing import Any

from benchmarks.worker_common import fail, page_with_queries, setup_worker

ROOT = Path(__file__).resolve().parent.parent
MANAGER = "leder"
CASE_WORKER = "raadgiver"
CLI_RUNS = 3


class ColdClient:
    """A logged-in test ``Client`` that clears the cache before every request: a first load."""

    def __init__(self, client: Any) -> None:
        self.client = client

    def get(self, url: str) -> Any:
        """Clear the cache, then request the page."""
        from django.core.cache import cache

        cache.clear()
        return self.client.get(url)


def _cli(database_url: str, as_of: str, runs: int) -> dict[str, object]:
    """Time ``hjemvej tasks --as-of … --format csv`` as its own process; check its header."""
    command = [str(ROOT / ".venv" / "bin" / "hjemvej"), "tasks", "--as-of", as_of]
    command += ["--format", "csv"]
    env = {**os.environ, "DATABASE_URL": database_url}
    env.pop("HJEMVEJ_DEBUG", None)
    times: list[float] = []
    done = None
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            break
    assert done is not None
    lines = done.stdout.splitlines()
    return {
        "command": " ".join(["hjemvej", *command[1:]]),
        "exit_code": done.returncode,
        "header": lines[0] if lines else "",
        "rows": max(len(lines) - 1, 0),
        "median_s": statistics.median(times),
        "times_s": [round(t, 3) for t in times],
        "error": " | ".join(done.stderr.strip().splitlines()[-3:]),
    }


def measure(args: argparse.Namespace) -> dict[str, object]:
    """Measure every page and the command; return the worker's JSON object (or an error)."""
    from django.db.models import Count, Exists, OuterRef, Q
    from django.test import Client
    from django.urls import reverse

    from hjemvej.accounts.models import Role, User
    from hjemvej.citizens.models import Citizen
    from hjemvej.core import dates
    from hjemvej.followup.tasks import open_tasks
    from hjemvej.shelters.models import Stay, StayType

    manager = User.objects.filter(username=MANAGER).first()
    if manager is None:
        return {"error": f"brugeren '{MANAGER}' findes ikke"}
    today = dates.today()
    # The case worker responsible for most citizens (the demo may have none: then raadgiver).
    busiest = (
        Citizen.objects.filter(acting_municipality=manager.municipality)
        .exclude(case_worker=None)
        .values("case_worker")
        .annotate(n=Count("pk"))
        .order_by("-n", "case_worker")
        .first()
    )
    case_worker = User.objects.filter(
        **({"pk": busiest["case_worker"]} if busiest else {"username": CASE_WORKER})
    ).first()
    support_worker = (
        User.objects.filter(role=Role.SUPPORT_WORKER, municipality=manager.municipality)
        .annotate(n=Count("courses", distinct=True))
        .order_by("-n", "username")
        .first()
    )
    tonight = Stay.objects.filter(
        citizen_id=OuterRef("pk"),
        stay_type=StayType.STAY,
        admitted__lte=today,
        shelter__on_tilbudsportalen=True,
    ).filter(Q(discharged__isnull=True) | Q(discharged__gt=today))
    citizen = (
        Citizen.objects.filter(acting_municipality=manager.municipality, merged_into__isnull=True)
        .filter(Exists(tonight))
        .annotate(n_stays=Count("stays"))
        .filter(n_stays__gte=3)
        .order_by("pk")
        .first()
    )
    if case_worker is None or support_worker is None or citizen is None:
        return {"error": "ingen sagsbehandler, støttemedarbejder eller borger i et ophold i nat"}
    tasks_url = reverse("followup:task_list")
    pages: dict[str, tuple[User, str]] = {
        "manager_all": (manager, tasks_url),
        "case_worker_mine": (case_worker, f"{tasks_url}?vis=mine"),
        "support_worker_mine": (support_worker, f"{tasks_url}?vis=mine"),
        "weekly": (case_worker, reverse("followup:weekly")),
        "citizen_tab": (case_worker, reverse("followup:citizen", kwargs={"pk": citizen.pk})),
    }
    result: dict[str, object] = {
        "today": today.isoformat(),
        "citizens": Citizen.objects.filter(acting_municipality=manager.municipality).count(),
        "users": {key: user.username for key, (user, _) in pages.items()},
        "citizen_id": citizen.pk,
        "tasks": {
            "manager_all": len(open_tasks(user=manager, today=today)),
            "case_worker_mine": len(open_tasks(user=case_worker, today=today, mine=True)),
            "support_worker_mine": len(open_tasks(user=support_worker, today=today, mine=True)),
            "citizen_tab": len(open_tasks(user=case_worker, today=today, citizen=citizen)),
        },
    }
    # The tab counts one citizen's days: the same tasks as the whole list has for the citizen.
    whole = [r for r in open_tasks(user=case_worker, today=today) if r.citizen_id == citizen.pk]
    result["citizen_tab_equals_list"] = (
        open_tasks(user=case_worker, today=today, citizen=citizen) == whole
    )
    for key, (user, url) in pages.items():
        client = Client()
        client.force_login(user)
        result[key] = page_with_queries(ColdClient(client), url, args.runs, args.warmup)
    result["cli"] = _cli(args.database_url, today.isoformat(), min(args.runs, CLI_RUNS))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the follow-up pages as first loads and the command; print JSON."""
    args = setup_worker(argv, "Mål opfølgningens sider og 'hjemvej tasks'.", runs=5, warmup=1)
    result = measure(args)
    if "error" in result:
        return fail(str(result["error"]))
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
