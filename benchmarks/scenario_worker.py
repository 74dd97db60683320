"""Time scenarios on the national demo, in a process of its own (``bench_scenario`` runs it).

Usage: ``python -m benchmarks.scenario_worker --database-url URL [--runs 5] [--warmup 1]``.
Sets ``DATABASE_URL`` before Django starts; as ``oekonomi`` of Demo Kommune it times
``run_scenario`` (server side: the data read, both computations, the result) for three law and
three practice scenarios, then the scenario page itself with Django's test ``Client`` inside a
transaction that is rolled back (nothing is left in the database). It checks the fast § 176 a
pricing against ``support_reimbursement`` on every course, year by year. Prints one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from benchmarks.registry import timings
from benchmarks.worker_common import setup_worker


class _Rollback(Exception):
    """Raised to roll the page measurement's transaction back."""


def main(argv: Sequence[str] | None = None) -> int:
    """Time the scenarios and the page; print JSON."""
    args = setup_worker(argv, "Mål scenarier på de nationale demodata.", runs=5, warmup=1)
    from django.db import transaction
    from django.test import Client
    from django.urls import reverse

    from hjemvej.accounts.models import User
    from hjemvej.core.dates import today
    from hjemvej.economy.scenarios.courses import _by_engine, load_support, support_by_year
    from hjemvej.economy.scenarios.models import Scenario
    from hjemvej.economy.scenarios.selectors import run_scenario
    from hjemvej.economy.scenarios.services import scenario_create
    from hjemvej.economy.scenarios.spec import Practice, ScenarioSpec
    from hjemvej.rules.parameters import Override, default_parameters
    from hjemvej.rules.shelter import Readings
    from hjemvej.rules.support import SupportReadings

    user = User.objects.get(username="oekonomi")
    assert user.municipality_id is not None
    params = default_parameters()
    as_of = today()
    horizon = as_of.year + 4
    specs: dict[str, tuple[str, ScenarioSpec]] = {
        "law: loft 90 dage fra 01.04.2026": (
            "law",
            ScenarioSpec(
                "law", horizon, (Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),)
            ),
        ),
        "law: uden udvidelsen af § 176 a (alle § 85 a-forløb)": (
            "law",
            ScenarioSpec(
                "law",
                horizon,
                (Override("support.extension.all_situations", False, date(2026, 7, 1)),),
            ),
        ),
        "law: rullende 365 dage": (
            "law",
            ScenarioSpec("law", horizon, (), Readings(window="rolling365")),
        ),
        "practice: ophold 10 dage kortere": (
            "practice",
            ScenarioSpec("practice", horizon, practice=Practice("shorter_stays", days=10)),
        ),
        "practice: 18 helårspersoner færre eksternt": (
            "practice",
            ScenarioSpec(
                "practice",
                horizon,
                practice=Practice("fewer_external", persons=Decimal(18), start_year=as_of.year + 1),
            ),
        ),
        "practice: 10 borgere om året med CTI": (
            "practice",
            ScenarioSpec(
                "practice",
                horizon,
                practice=Practice(
                    "housing_first",
                    method="cti",
                    citizens_per_year=10,
                    start_year=as_of.year + 1,
                    compare_days=120,
                ),
            ),
        ),
    }
    result: dict[str, Any] = {"as_of": as_of.isoformat(), "horizon": horizon, "scenarios": {}}
    for label, (kind, spec) in specs.items():
        scenario = Scenario(
            municipality_id=user.municipality_id,
            name=label,
            kind=kind,
            parameters=spec.to_json(params),
        )
        outcome = run_scenario(scenario, as_of)
        times = timings(partial(run_scenario, scenario, as_of), args.runs, args.warmup)
        result["scenarios"][label] = {
            "kind": kind,
            "median_s": statistics.median(times),
            "times_s": [round(t, 3) for t in times],
            "summary": outcome.summary,
            "years": len(outcome.rows),
        }

    # The page: save, open (run again), roll back.
    law = specs["law: loft 90 dage fra 01.04.2026"][1]
    page: dict[str, Any] = {}
    try:
        with transaction.atomic():
            saved = scenario_create(actor=user, name="Benchmark: loft 90", spec=law)
            client = Client()
            client.force_login(user)
            url = reverse("economy:scenario", kwargs={"pk": saved.pk})
            response = client.get(url)
            times = timings(lambda: client.get(url), args.runs, args.warmup)
            page = {
                "url": url,
                "status": response.status_code,
                "median_s": statistics.median(times),
                "times_s": [round(t, 3) for t in times],
            }
            raise _Rollback
    except _Rollback:
        pass
    result["page"] = page

    # The fast § 176 a pricing against the engine itself, every course, both rule sets.
    support = load_support(user.municipality_id, until=as_of)
    end = date(horizon + 1, 1, 1)
    first = min((c.start.year for c in support.courses), default=as_of.year)
    checks = {}
    for label, overrides in (
        ("gældende regler", ()),
        (
            "uden udvidelsen",
            (Override("support.extension.all_situations", False, date(2026, 7, 1)),),
        ),
    ):
        p = params.with_overrides(overrides)
        fast = support_by_year(support, first_year=first, last_year=horizon, as_of=end, params=p)
        slow = _by_engine(
            support,
            first_year=first,
            last_year=horizon,
            as_of=end,
            p=p,
            readings=SupportReadings(),
        )
        checks[label] = {
            "equal": fast == slow,
            "courses": len(support.courses),
            "reimbursement": sum(v.reimbursement for v in slow.values()),
        }
    result["support_checks"] = checks
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
