"""The simulation's input from the stays: today's prices, the cap's steps and the calibration."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from hjemvej.economy.budgets.results import ForecastBasis
from hjemvej.economy.budgets.selectors.common import month_start
from hjemvej.rules import forecast as model
from hjemvej.rules.dates import month_start_plus
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter.model import MISSING, IntArray, RateSchedule
from hjemvej.rules.shelter.periods import CAP, OWN_PAYMENT, RATE
from hjemvej.stats.stays import MunicipalityStays


def _rate_today(schedule: RateSchedule, ordinal: int) -> int:
    """Return a shelter's rate on the day (its first rate if none is in force yet; 0 if none)."""
    try:
        return schedule.rate_on(ordinal)
    except ValueError:
        return schedule.rates[0] if schedule.rates else 0


def _prices_today(
    stays: MunicipalityStays, as_of: date, params: ParameterSet
) -> tuple[IntArray, IntArray, IntArray]:
    """Return each stay's daily rate, own payment and reimbursable amount at today's prices."""
    table = stays.table
    ordinal = as_of.toordinal()
    rate = table.daily_rate.copy()
    uses_schedule = rate == MISSING
    if uses_schedule.any():
        by_shelter = np.array(
            [_rate_today(s, ordinal) for s in table.rate_schedules] or [0], dtype=np.int64
        )
        rate[uses_schedule] = by_shelter[table.shelter[uses_schedule]]
    own = table.own_payment.copy()
    own[own == MISSING] = params.money(OWN_PAYMENT, as_of)
    own = np.minimum(own, rate)
    reimbursable = np.where(table.qualifies, rate - own, 0).astype(np.int64)
    return rate, own, reimbursable


def cap_steps(params: ParameterSet) -> tuple[model.CapStep, ...]:
    """Return the § 177 day cap's values over time as the forecast's steps."""
    steps: list[model.CapStep] = []
    for value in params[CAP].values:
        cap = value.value
        if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int)):
            raise ValueError(f"{CAP}: {value.display} er ikke et antal dage")
        steps.append(model.CapStep(value.valid_from, cap))
    return tuple(steps)


def forecast_input(
    stays: MunicipalityStays,
    actuals_reimbursed_days: int,
    *,
    as_of: date,
    end: date,
    params: ParameterSet,
) -> tuple[model.ForecastInput, ForecastBasis]:
    """Return the simulation's input from the stays, and what it rests on (for the page)."""
    table = stays.table
    ordinal = as_of.toordinal()
    history_end = month_start(as_of)
    history_start = month_start_plus(history_end, -12)
    lo, hi = history_start.toordinal(), history_end.toordinal()
    rate, own, reimbursable = _prices_today(stays, as_of, params)
    admitted = table.admitted
    discharged = table.discharged
    is_open = (admitted <= ordinal) & ((discharged == MISSING) | (discharged > ordinal))
    completed = (discharged != MISSING) & (discharged >= lo) & (discharged < hi)
    edges = np.array(
        [month_start_plus(history_start, k).toordinal() for k in range(13)], dtype=np.int64
    )
    admissions = np.diff(np.searchsorted(np.sort(admitted), edges, side="left"))
    lengths = np.maximum(discharged[completed] - admitted[completed], 1)
    caps = cap_steps(params)
    # Calibrate the model's reimbursed days against the engine's over the same 12 months.
    stop = np.where(discharged == MISSING, ordinal, np.maximum(discharged, admitted + 1))
    stop = np.minimum(stop, ordinal)
    eligible = table.qualifies & (stop > admitted)
    model_days = model.model_reimbursed_days(admitted[eligible], stop[eligible], lo, hi, caps)
    calibration = actuals_reimbursed_days / model_days if model_days else 1.0
    data = model.ForecastInput(
        start=as_of,
        end=end,
        open_stays=model.OpenStays(
            age=(ordinal - admitted[is_open]).astype(np.int64),
            external=stays.external[is_open],
            rate=rate[is_open],
            own=own[is_open],
            reimbursable=reimbursable[is_open],
        ),
        history=model.History(
            monthly_admissions=admissions.astype(np.int64),
            first_month=history_start.month,
            lengths=lengths.astype(np.int64),
            external=stays.external[completed],
            rate=rate[completed],
            own=own[completed],
            reimbursable=reimbursable[completed],
        ),
        caps=caps,
        basis_points=int(params.percent(RATE, as_of) * 100),
        calibration=calibration,
    )
    weight = lengths.astype(np.float64)
    mean_rate = float((rate[completed] * weight).sum() / weight.sum()) if len(weight) else 0.0
    basis = ForecastBasis(
        history_start=history_start,
        history_end=history_end,
        open_stays=int(is_open.sum()),
        open_external=int((is_open & stays.external).sum()),
        admissions_per_month=Decimal(float(admissions.mean())).quantize(Decimal("0.1")),
        completed_stays=len(lengths),
        mean_length=(
            Decimal(float(lengths.mean())).quantize(Decimal("0.1")) if len(lengths) else Decimal(0)
        ),
        median_length=int(np.median(lengths)) if len(lengths) else 0,
        mean_daily_rate=round(mean_rate),
        calibration=Decimal(calibration).quantize(Decimal("0.001"), ROUND_HALF_UP),
        engine_reimbursed_days=actuals_reimbursed_days,
        model_reimbursed_days=model_days,
    )
    return data, basis
