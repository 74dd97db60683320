"""Benchmark ``forecast_episodes``: the pure simulations of support courses, § 107 stays and grants.

On synthetic national-scale input made here from a fixed seed: 2,000 open episodes (a fifth with a
planned end), 3,000 episodes of history (40 % still running, long-tailed lengths), about 60 starts
a month; 500 runs from 2 January to the end of the year after next (36 months). Median of 5 after
a warm-up; the target is 2 s (the episodes are drawn one by one, not as expectations). Grants:
about 60 decisions a month, the same runs and months.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from benchmarks.registry import Check, Context, Measurement, Report, benchmark, median_time
from hjemvej.rules import forecast as model

EPISODES_TARGET = 2.0  # seconds
GRANTS_TARGET = 0.5  # seconds
RUNS = 5
SEED = 20261206
START, END = date(2026, 1, 2), date(2029, 1, 1)


def synthetic_input(seed: int = SEED) -> tuple[model.EpisodeInput, model.GrantHistory]:
    """Return national-scale episodes and grants."""
    rng = np.random.default_rng(seed)
    n_history, n_open = 3_000, 2_000
    durations = np.maximum(rng.lognormal(5.5, 1.0, n_history).astype(np.int64), 1)
    planned = rng.random(n_open) < 0.2
    episodes = model.EpisodeInput(
        start=START,
        end=END,
        open=model.OpenEpisodes(
            age=rng.integers(0, 1500, n_open).astype(np.int64),
            planned_end=np.where(planned, rng.integers(1, 400, n_open), -1).astype(np.int64),
            monthly_cost=rng.integers(500_000, 4_000_000, n_open).astype(np.int64),
            reimbursed_until=rng.integers(0, 200, n_open).astype(np.int64),
        ),
        history=model.EpisodeHistory(
            durations=durations,
            completed=rng.random(n_history) < 0.6,
            monthly_starts=rng.poisson(60, 12).astype(np.int64),
            first_month=1,
            new_monthly_cost=rng.integers(500_000, 4_000_000, 700).astype(np.int64),
        ),
        basis_points=5000,
        new_share=0.3,
    )
    grants = model.GrantHistory(
        monthly_counts=rng.poisson(60, 12).astype(np.int64),
        first_month=1,
        amounts=rng.integers(100_000, 2_000_000, 700).astype(np.int64),
    )
    return episodes, grants


@benchmark("forecast_episodes")
def bench_forecast_episodes(ctx: Context) -> Report:
    """Time the episodes' simulation (target < 2 s) and the grants' (target < 0.5 s)."""
    report = Report()
    episodes, grants = synthetic_input()

    def run_episodes() -> model.EpisodeSimulation:
        return model.simulate_episodes(episodes, runs=500, rng=np.random.default_rng(1))

    def run_grants() -> model.GrantSimulation:
        return model.simulate_grants(grants, START, END, runs=500, rng=np.random.default_rng(1))

    report.measurements.append(
        Measurement(
            f"episodes: 500 runs × 36 months, 2,000 open, about 60 starts/month (median of {RUNS})",
            median_time(run_episodes, runs=RUNS, warmup=1),
            "s",
            EPISODES_TARGET,
        )
    )
    report.measurements.append(
        Measurement(
            f"grants: 500 runs × 36 months, about 60 a month (median of {RUNS})",
            median_time(run_grants, runs=RUNS, warmup=1),
            "s",
            GRANTS_TARGET,
        )
    )
    first, second = run_episodes(), run_episodes()
    report.checks.append(
        Check("episodes: same seed, same result", bool(np.array_equal(first.cost, second.cost)))
    )
    p10, p50, p90 = model.percentiles(first.cost)
    report.checks.append(
        Check("episodes: P10 ≤ P50 ≤ P90", bool((p10 <= p50).all() and (p50 <= p90).all()))
    )
    report.checks.append(
        Check(
            "episodes: 0 ≤ reimbursement ≤ cost",
            bool((first.reimbursement >= -1e-6).all() and (first.net_cost >= -1e-6).all()),
        )
    )
    return report
