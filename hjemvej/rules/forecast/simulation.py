"""Simulate the runs: open and new stays' days and money, then the reimbursement at its rate."""

from __future__ import annotations

import numpy as np

from hjemvej.rules.forecast.model import BASIS, ForecastInput, Simulation, month_bounds
from hjemvej.rules.forecast.new_stays import _admission_rates, _new_stays
from hjemvej.rules.forecast.open_stays import _open_stays


def simulate(data: ForecastInput, *, runs: int, rng: np.random.Generator) -> Simulation:
    """Simulate ``runs`` futures of the municipality's shelter days and costs (SEL §§ 110, 177)."""
    if runs < 1:
        raise ValueError("der skal være mindst én kørsel")
    months, month_days, bounds = month_bounds(data.start, data.end)
    n_days = int(bounds[-1])
    n_months = len(months)
    shape = (runs, n_months)
    days = np.zeros(shape)
    external_days = np.zeros(shape)
    gross = np.zeros(shape)
    own = np.zeros(shape)
    reimbursed_amount = np.zeros(shape)  # øre before the rate and the calibration

    history = data.history
    order = np.argsort(history.lengths, kind="stable")
    sorted_lengths = history.lengths[order].astype(np.int64)
    expected = _admission_rates(data, months, month_days, bounds)
    needs_lengths = len(data.open_stays) > 0 or bool(expected.sum() > 0)
    if needs_lengths and not len(sorted_lengths):
        raise ValueError(
            "ingen afsluttede ophold i de seneste 12 måneder at trække opholdslængder fra"
        )

    if len(data.open_stays):
        _open_stays(
            data,
            sorted_lengths,
            bounds,
            runs,
            rng,
            out=(days, external_days, gross, own, reimbursed_amount),
        )
    if expected.sum() > 0:
        _new_stays(
            data,
            expected,
            bounds,
            runs,
            rng,
            out=(days, external_days, gross, own, reimbursed_amount),
        )
    reimbursement = reimbursed_amount * (data.basis_points / BASIS) * data.calibration
    simulated_days = np.diff(bounds)
    assert n_days == int(simulated_days.sum())
    return Simulation(
        months=months,
        month_days=month_days,
        simulated_days=simulated_days,
        days=days,
        external_days=external_days,
        gross_cost=gross,
        own_payment=own,
        reimbursement=reimbursement,
    )
