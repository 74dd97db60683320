"""Benchmark ``forecast``: the budget forecast's simulation, and its pages on national data.

1. The pure simulation (:mod:`hjemvej.rules.forecast`) on synthetic national-scale input made here
   from a fixed seed: 2,000 open stays, 1,000 admissions a month, 12,000 completed stays with a
   long-tailed length distribution; 500 runs from 2 January to the end of the year after next
   (three years). Median of 5 after a warm-up; the target is well under a second (0.5 s).
2. In a process of its own (:mod:`benchmarks.forecast_worker`), on the national demo database of
   :mod:`benchmarks.common` (``hjemvej_bench``, made on first use and reused after that):
   ``forecast_for`` (loading about 100,000 stays, the law engine over 13 months, the simulation),
   ``/oekonomi/prognose/``, its chart and ``/oekonomi/budget/`` as the economist ``oekonomi``,
   server side. The issue sets no target for these pages; 2 s, the dashboard's, is used.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from benchmarks.common import NATIONAL, measure_in, part, served
from benchmarks.registry import Check, Context, Measurement, Report, benchmark, median_time
from hjemvej.rules import forecast as model

SIMULATION_TARGET = 0.5  # seconds
PAGE_TARGET_MS = 2000.0
RUNS = 5
SEED = 20261121


def synthetic_input(seed: int = SEED) -> model.ForecastInput:
    """Return national-scale input: 2,000 open stays, 1,000 admissions a month."""
    rng = np.random.default_rng(seed)
    completed = 12_000
    lengths = np.maximum(rng.lognormal(4.2, 1.2, completed).astype(np.int64), 1)
    external = rng.random(completed) < 0.3
    rates = rng.choice(np.array([150_000, 200_000, 250_000], dtype=np.int64), completed)
    own = np.full(completed, 9_671, dtype=np.int64)
    n_open = 2_000
    open_rate = rng.choice(np.array([150_000, 200_000, 250_000], dtype=np.int64), n_open)
    open_own = np.full(n_open, 9_671, dtype=np.int64)
    return model.ForecastInput(
        start=date(2026, 1, 2),
        end=date(2029, 1, 1),
        open_stays=model.OpenStays(
            age=rng.integers(0, 1500, n_open).astype(np.int64),
            external=rng.random(n_open) < 0.3,
            rate=open_rate,
            own=open_own,
            reimbursable=open_rate - open_own,
        ),
        history=model.History(
            monthly_admissions=rng.poisson(1000, 12).astype(np.int64),
            first_month=1,
            lengths=lengths,
            external=external,
            rate=rates,
            own=own,
            reimbursable=rates - own,
        ),
        caps=(model.CapStep(date(2023, 10, 1), 120), model.CapStep(date(2028, 4, 1), 90)),
        basis_points=5000,
        calibration=0.9,
    )


def _simulation(report: Report) -> None:
    data = synthetic_input()

    def once() -> model.Simulation:
        return model.simulate(data, runs=500, rng=np.random.default_rng(1))

    seconds = median_time(once, runs=RUNS, warmup=1)
    report.measurements.append(
        Measurement(
            "simulation: 500 runs × 3 years, 2,000 open stays, 1,000 admissions/month "
            f"(median of {RUNS})",
            seconds,
            "s",
            SIMULATION_TARGET,
        )
    )
    first, second = once(), once()
    report.checks.append(
        Check("simulation: same seed, same result", bool(np.array_equal(first.days, second.days)))
    )
    p10, p50, p90 = model.percentiles(first.days)
    report.checks.append(
        Check("simulation: P10 ≤ P50 ≤ P90", bool((p10 <= p50).all() and (p50 <= p90).all()))
    )


@benchmark("forecast")
def bench_forecast(ctx: Context) -> Report:
    """Time the simulation (target < 0.5 s) and the forecast and budget pages on national data."""
    report = Report()
    _simulation(report)
    result = measure_in(ctx, NATIONAL, report, "forecast_worker", what="målingen af prognosen")
    if result is None:
        return report
    problem = str(result["problem"])
    report.checks.append(Check("national: prognosen kan laves", not problem, problem))
    report.checks.append(Check("national: same seed, same forecast", bool(result["deterministic"])))
    report.checks.append(Check("national: P10 ≤ P50 ≤ P90", bool(result["ordered"])))
    selector = result["selector_ms"]
    assert isinstance(selector, float)
    report.measurements.append(
        Measurement(f"national: forecast_for (median of {RUNS})", selector, "ms", PAGE_TARGET_MS)
    )
    for key in ("forecast", "chart", "budget"):
        page = part(result, key)
        served(report, f"national: {page['url']}", page, runs=RUNS, target=PAGE_TARGET_MS)
    report.info["national"] = {
        "database": NATIONAL.name,
        "open_stays": result["open_stays"],
        "admissions_per_month": result["admissions_per_month"],
    }
    return report
