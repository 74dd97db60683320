"""Forecast episodes with a monthly cost: § 85 a support courses and § 107 stays, by simulation.

The model, in plain words:

1. **How long an episode lasts.** Lengths follow the Kaplan–Meier (product-limit) estimate from
   the history: every episode's days, a completed one's length as an event and a running one's
   age as censored ("lasted more than this"). Support courses last long (an ICM course runs for
   years), so the completed ones alone would be biased short; Kaplan–Meier counts what the running
   ones tell too. Where the curve does not reach 0 (the longest episodes are still running), the
   mass left means "lasts beyond the forecast's end".
2. **Who is in an episode on the first day.** An open episode with a known end (``planned_end``)
   ends then. An open-ended one of age ``a`` draws its total length from the Kaplan–Meier curve
   conditional on lasting more than ``a``: ``P(T > t | T > a) = S(t) / S(a)``, by inverse
   transform (the first event time ``t`` with ``S(t) ≤ u · S(a)``, ``u`` uniform; none: beyond the
   forecast). The length is never shorter than its age + 1. When ``S(a)`` is 0 (the history says
   every episode had ended by ``a``, yet this one runs), the data hold no evidence of its end and
   it lasts beyond the forecast's end.
3. **Who starts.** Starts in each month are Poisson distributed with the mean of the last 12
   months' monthly starts (``seasonal``: the same calendar month's count a year ago instead); a
   partial first month gets its share of simulated days. A start has a start day uniform within
   the month's simulated days, a length from the Kaplan–Meier curve and a monthly cost from the
   costs of the episodes started in the 12 months. At national scale that is hundreds of starts a
   month, so (as the shelter forecast does) the lengths and the costs are grouped into classes of
   about equal probability (at most ``LENGTH_CLASSES`` × ``COST_CLASSES``): the starts of a month
   in a class are Poisson with the month's mean × the class's probability (independent counts
   that add up to the month's Poisson total), and each class keeps the exact mix of its lengths
   and the uniform start day, so the expected days in every later month are exact; only the
   variation within a class is averaged (a class costs its mean monthly cost).
4. **What a month costs.** As the law engine prices a course month (``rules.support.money``):
   monthly cost × the episode's days in the calendar month / the month's calendar days.
5. **What the state reimburses.** An open episode: its days before ``reimbursed_until`` (the end
   of its § 176 a period) at ``basis_points``. A new episode: its cost × ``new_share`` (the
   reimbursement's share of the cost, which the caller computes with the law engine).
6. **Runs.** ``runs`` independent runs with the generator passed in; the same seed gives the same
   result.

An episode occupies the days ``[s, e)`` counted from the forecast's first day. Money is øre; the
simulated money is float and rounded once, where the percentiles are taken. Vectorised with numpy:
the open episodes of all runs are added to one histogram per run of end days (``np.bincount``),
which gives each month's days by running sums; an open episode older than the curve's last event
time lasts beyond the forecast in every run and needs no draw. National scale (6,000 open courses,
400 starts a month, 500 runs over three years) takes a fraction of a second.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import numpy as np

from hjemvej.rules.forecast.grants import _check_history, expected_counts
from hjemvej.rules.forecast.model import (
    BASIS,
    BoolArray,
    FloatArray,
    IntArray,
    month_bounds,
)
from hjemvej.rules.forecast.open_stays import _month_sums

#: At most this many classes of lengths and of monthly costs for new episodes (``_new_episodes``).
LENGTH_CLASSES = 32
COST_CLASSES = 8


@dataclass(frozen=True)
class OpenEpisodes:
    """The episodes running on the forecast's first day, one element each."""

    age: IntArray  # days from the episode's start to the forecast's start, ≥ 0
    planned_end: IntArray  # days from the forecast's start to a known end (> 0), or −1: open-ended
    monthly_cost: IntArray  # øre per whole calendar month, ≥ 0
    reimbursed_until: IntArray  # days from the forecast's start to the end of § 176 a (0: none)

    def __post_init__(self) -> None:
        n = len(self.age)
        if not all(
            len(a) == n for a in (self.planned_end, self.monthly_cost, self.reimbursed_until)
        ):
            raise ValueError("de åbne forløb skal have lige mange værdier i hver kolonne")
        if not n:
            return
        if int(self.age.min()) < 0:
            raise ValueError("et åbent forløbs alder kan ikke være negativ")
        if bool(((self.planned_end < 1) & (self.planned_end != -1)).any()):
            raise ValueError(
                "et åbent forløbs planlagte slut skal ligge efter prognosens start (eller være -1)"
            )
        if int(self.monthly_cost.min()) < 0:
            raise ValueError("et åbent forløbs månedlige udgift kan ikke være negativ")
        if int(self.reimbursed_until.min()) < 0:
            raise ValueError(
                "et åbent forløbs refusionsperiode kan ikke slutte før prognosens start"
            )

    @classmethod
    def empty(cls) -> OpenEpisodes:
        """Return no open episodes."""
        nothing = np.zeros(0, dtype=np.int64)
        return cls(nothing, nothing, nothing, nothing)

    def __len__(self) -> int:
        return len(self.age)


@dataclass(frozen=True)
class EpisodeHistory:
    """The episodes' lengths and the last 12 months' starts and their monthly costs."""

    durations: IntArray  # every episode's days: a completed one's length, a running one's age
    completed: BoolArray  # True: completed (an event); False: still running (censored)
    monthly_starts: IntArray  # 12 counts of episodes started per month, oldest first
    first_month: int  # calendar month (1–12) of ``monthly_starts[0]``
    new_monthly_cost: IntArray  # øre per month of each episode started in the 12 months

    def __post_init__(self) -> None:
        _check_history(self.monthly_starts, self.first_month, "nye forløb")
        if len(self.durations) != len(self.completed):
            raise ValueError("forløbenes varigheder og afslutninger skal være lige mange")
        if len(self.durations) and int(self.durations.min()) < 0:
            raise ValueError("et forløbs varighed kan ikke være negativ")
        if bool((self.durations[self.completed.astype(bool)] < 1).any()):
            raise ValueError("et afsluttet forløb varer mindst én dag")
        if len(self.new_monthly_cost) and int(self.new_monthly_cost.min()) < 0:
            raise ValueError("et nyt forløbs månedlige udgift kan ikke være negativ")

    @classmethod
    def empty(cls, first_month: int = 1) -> EpisodeHistory:
        """Return a history without episodes."""
        nothing = np.zeros(0, dtype=np.int64)
        return cls(
            nothing, np.zeros(0, dtype=bool), np.zeros(12, dtype=np.int64), first_month, nothing
        )


@dataclass(frozen=True)
class EpisodeInput:
    """Everything the episodes' simulation needs; no database, no clock."""

    start: date  # the first simulated day
    end: date  # the day after the last simulated day
    open: OpenEpisodes
    history: EpisodeHistory
    basis_points: int  # reimbursement rate of an open episode's reimbursed days (5000 = 50 %)
    new_share: float  # reimbursement ÷ cost for new episodes (from the law engine)
    seasonal: bool = False  # starts by the calendar month a year ago, not the 12 months' mean

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError("prognosens slutdato skal ligge efter startdatoen")
        if not 0 <= self.basis_points <= BASIS:
            raise ValueError("refusionssatsen skal ligge mellem 0 og 100 %")
        if not (math.isfinite(self.new_share) and 0.0 <= self.new_share <= 1.0):
            raise ValueError("nye forløbs refusionsandel skal ligge mellem 0 og 1")


@dataclass(frozen=True)
class EpisodeSimulation:
    """Per run and month: episode-days and money of the simulated days ``[start, end)`` only.

    Arrays have shape ``(runs, months)``; money is øre (float). ``days`` are episode-days: divided
    by the month's simulated days they are the average number of running episodes.
    """

    months: list[date]  # first day of each calendar month
    month_days: IntArray  # calendar days of each month
    simulated_days: IntArray  # days of each month that lie in [start, end)
    days: FloatArray
    cost: FloatArray
    reimbursement: FloatArray

    @property
    def runs(self) -> int:
        """Return the number of runs."""
        return int(self.days.shape[0])

    @property
    def net_cost(self) -> FloatArray:
        """Return cost − reimbursement per run and month."""
        result: FloatArray = self.cost - self.reimbursement
        return result


def kaplan_meier(durations: IntArray, completed: BoolArray) -> tuple[IntArray, FloatArray]:
    """Event times (sorted, unique) and the survival just after each (product-limit estimator).

    At each time ``t`` with ``d`` completed episodes, the ``n`` episodes of duration ≥ ``t`` are at
    risk (one censored at ``t`` too: it lasted more than ``t``), and ``S`` falls by ``1 − d / n``.
    """
    if len(durations) != len(completed):
        raise ValueError("forløbenes varigheder og afslutninger skal være lige mange")
    times, inverse = np.unique(durations, return_inverse=True)
    events = np.bincount(inverse, weights=completed.astype(np.float64), minlength=len(times))
    leaving = np.bincount(inverse, minlength=len(times))
    at_risk = len(durations) - (np.cumsum(leaving) - leaving)
    has_event = events > 0
    factors = 1.0 - events[has_event] / at_risk[has_event].astype(np.float64)
    survival: FloatArray = np.cumprod(factors).astype(np.float64)
    event_times: IntArray = times[has_event].astype(np.int64)
    return event_times, survival


def km_lengths(
    times: IntArray, survival: FloatArray, ages: IntArray, u: FloatArray, *, beyond: int
) -> IntArray:
    """Draw total lengths ``> ages`` from ``S(t) / S(age)`` by inverse transform of ``u``.

    ``u`` is uniform on [0, 1), shaped like ``ages`` (or broadcast to it). A draw that falls in
    the mass the curve keeps after its last event time (or with ``S(age) = 0``) is ``beyond``.
    """
    if not len(times):
        return np.full(np.broadcast(ages, u).shape, beyond, dtype=np.int64)
    below = np.searchsorted(times, ages, side="right")  # event times ≤ age
    at_age = np.where(below > 0, survival[np.maximum(below - 1, 0)], 1.0)
    # The first event time whose survival is ≤ u · S(age) (survival is non-increasing).
    index = np.searchsorted(-survival, -(u * at_age), side="left")
    found = (index < len(times)) & (at_age > 0)
    picked = times[np.minimum(index, len(times) - 1)]
    lengths: IntArray = np.where(found, np.maximum(picked, ages + 1), beyond).astype(np.int64)
    return lengths


def _starts(
    data: EpisodeInput, months: list[date], month_days: IntArray, simulated: IntArray
) -> FloatArray:
    """Return the expected starts per simulated month (a partial month pro rata of its days)."""
    history = data.history
    return expected_counts(
        history.monthly_starts,
        history.first_month,
        months,
        month_days,
        simulated,
        seasonal=data.seasonal,
    )


def simulate_episodes(
    data: EpisodeInput, *, runs: int, rng: np.random.Generator
) -> EpisodeSimulation:
    """Simulate ``runs`` futures of episodes' days, cost and refunds (SEL §§ 85 a, 107, 176 a)."""
    if runs < 1:
        raise ValueError("der skal være mindst én kørsel")
    months, month_days, bounds = month_bounds(data.start, data.end)
    simulated_days = np.diff(bounds)
    n_days = int(bounds[-1])
    width = n_days + 1
    history = data.history
    expected = _starts(data, months, month_days, simulated_days)
    open_ended = data.open.planned_end == -1
    if (bool(open_ended.any()) or expected.sum() > 0) and not len(history.durations):
        raise ValueError("ingen forløb i historikken at trække forløbenes varighed fra")
    if expected.sum() > 0 and not len(history.new_monthly_cost):
        raise ValueError("ingen nye forløb i de seneste 12 måneder at trække månedlig udgift fra")
    times, survival = kaplan_meier(history.durations, history.completed)

    # One histogram per run of the days where weights begin (−) and end (+): days of [s, e) in
    # month t are G_t(e) − G_t(s), so Σ weight · days per month is one pass of running sums.
    size = runs * width
    days = np.zeros(size, dtype=np.float64)
    cost = np.zeros(size, dtype=np.float64)
    reimbursed = np.zeros(size, dtype=np.float64)
    run_base = np.arange(runs, dtype=np.int64) * width

    def add(hist: FloatArray, first: IntArray | None, last: IntArray, weights: FloatArray) -> None:
        """Add ``weights`` over ``[first, last)`` (keys of run and day; None: from day 0)."""
        if first is None:  # G_t(0) = 0 in every month: nothing to take away
            hist += np.bincount(last, weights=weights, minlength=size)
            return
        keys = np.concatenate((last, first))
        hist += np.bincount(keys, weights=np.concatenate((weights, -weights)), minlength=size)

    episodes = data.open
    if len(episodes):
        ends = np.broadcast_to(episodes.planned_end, (runs, len(episodes))).copy()
        # Past the last event time the curve is flat: such an episode lasts beyond the forecast
        # in every run, so only the younger ones need a draw.
        last_event = int(times[-1]) if len(times) else -1
        ends[:, open_ended & (episodes.age >= last_event)] = n_days
        drawn = np.flatnonzero(open_ended & (episodes.age < last_event))
        if len(drawn):
            age = episodes.age[drawn]
            u = rng.random((runs, len(drawn)))
            total = km_lengths(times, survival, age, u, beyond=n_days + int(age.max()) + 1)
            ends[:, drawn] = total - age
        ends = np.minimum(ends, n_days)
        end_keys = (run_base[:, None] + ends).ravel()
        price = np.broadcast_to(episodes.monthly_cost.astype(np.float64), ends.shape).ravel()
        add(days, None, end_keys, np.ones(len(end_keys), dtype=np.float64))
        add(cost, None, end_keys, price)
        until = (run_base[:, None] + np.minimum(ends, episodes.reimbursed_until)).ravel()
        add(reimbursed, None, until, price * (data.basis_points / BASIS))

    def per_month(hist: FloatArray) -> FloatArray:
        return _month_sums(hist.reshape(runs, width), bounds)

    new_days, new_cost = _new_episodes(data, times, survival, expected, bounds, runs, rng)
    return EpisodeSimulation(
        months=months,
        month_days=month_days,
        simulated_days=simulated_days,
        days=per_month(days) + new_days,
        cost=(per_month(cost) + new_cost) / month_days,
        reimbursement=(per_month(reimbursed) + new_cost * data.new_share) / month_days,
    )


def _classes(probabilities: FloatArray, count: int) -> IntArray:
    """Return a class (0 … < count) per value, in order, of about equal probability each."""
    total = float(probabilities.sum())
    if total <= 0:
        return np.zeros(len(probabilities), dtype=np.int64)
    middle = (np.cumsum(probabilities) - probabilities / 2) / total
    found: IntArray = np.minimum((middle * count).astype(np.int64), count - 1)
    return found


def _new_episodes(
    data: EpisodeInput,
    times: IntArray,
    survival: FloatArray,
    expected: FloatArray,
    bounds: IntArray,
    runs: int,
    rng: np.random.Generator,
) -> tuple[FloatArray, FloatArray]:
    """Return the new episodes' days and cost × days (øre·days) per run and month.

    Lengths and monthly costs are grouped into classes of about equal probability (at most
    ``LENGTH_CLASSES`` × ``COST_CLASSES``); the starts of a month in a class are Poisson with the
    month's mean × the class's probability (independent Poisson counts that add up to the month's
    Poisson total). A class keeps the exact mix of its lengths and the uniform start day within
    the month, so the expected days in every later month are exact; only the variation within a
    class is averaged (its mean cost).
    """
    n_months = len(bounds) - 1
    n_days = int(bounds[-1])
    shape = (runs, n_months)
    if expected.sum() <= 0:
        return np.zeros(shape), np.zeros(shape)
    # The Kaplan–Meier masses: each event time, then "beyond the forecast".
    before = np.concatenate(([1.0], survival[:-1])) if len(survival) else np.zeros(0)
    mass = np.concatenate((before - survival, [survival[-1] if len(survival) else 1.0]))
    lengths = np.concatenate((times, [n_days])).astype(np.int64)
    keep = mass > 0
    mass, lengths = mass[keep], lengths[keep]
    length_class = _classes(mass, LENGTH_CLASSES)
    n_length = int(length_class.max()) + 1
    costs = np.sort(data.history.new_monthly_cost.astype(np.float64))
    cost_class = _classes(np.ones(len(costs)), COST_CLASSES)
    n_cost = int(cost_class.max()) + 1
    cost_share = np.bincount(cost_class, minlength=n_cost) / len(costs)
    cost_mean = np.bincount(cost_class, weights=costs, minlength=n_cost) / np.maximum(
        np.bincount(cost_class, minlength=n_cost), 1
    )
    length_share = np.bincount(length_class, weights=mass, minlength=n_length)
    # Expected days in each month t of one episode started in month m, of length class k.
    per_class = np.zeros((n_months, n_length, n_months))
    weights = mass / np.where(length_share[length_class] > 0, length_share[length_class], 1.0)
    low_t, high_t = bounds[:-1], bounds[1:]
    for m in range(n_months):
        if expected[m] <= 0:
            continue
        starts = np.arange(int(bounds[m]), int(bounds[m + 1]))
        ends = np.minimum(starts[:, None] + lengths[None, :], n_days)  # (starts, lengths)
        overlap = np.clip(
            np.minimum(ends[:, :, None], high_t) - np.maximum(starts[:, None, None], low_t),
            0,
            None,
        )  # (starts, lengths, months)
        mean_days = overlap.mean(axis=0) * weights[:, None]  # (lengths, months)
        for k in range(n_length):
            per_class[m, k] = mean_days[length_class == k].sum(axis=0)
    rates = expected[:, None, None] * length_share[None, :, None] * cost_share[None, None, :]
    counts = rng.poisson(np.broadcast_to(rates, (runs, *rates.shape)))  # (runs, m, k, c)
    by_length = counts.sum(axis=3).reshape(runs, -1).astype(np.float64)
    priced = (counts * cost_mean).sum(axis=3).reshape(runs, -1)
    matrix = per_class.reshape(-1, n_months)
    new_days: FloatArray = by_length @ matrix
    new_cost: FloatArray = priced @ matrix
    return new_days, new_cost
