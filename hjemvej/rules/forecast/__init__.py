"""Forecast shelter occupancy and costs by simulation: full-year persons, gross and net cost.

The model, in plain words (the forecast page says the same in Danish):

1. **Who is in a shelter on the first day.** Every stay open on the forecast's first day
   (``start``) stays on for a random remaining time. Its total length is drawn from the lengths
   of the stays completed in the last 12 months *that are longer than the stay already is* (its
   age), so a stay that has lasted 200 days is never given a total length of 150. When fewer than
   ``MIN_LONGER`` completed stays are longer than its age, the remaining time is drawn from the
   longest completed stays' excess over the 90 % quantile of lengths (the tail of the
   distribution), since the data hold no better evidence of how such stays end.
2. **Who comes in.** Admissions in each month are Poisson distributed with the mean of the last
   12 months' monthly admissions (``seasonal``: the same calendar month's count instead). A new
   stay draws its length and whether the shelter lies outside the municipality together, as one
   of the stays completed in the last 12 months picked at random (so external stays keep their
   own lengths). Within a month, the admission day is uniform: the model uses the *expected*
   days a stay of that length admitted in that month has in each later month. For speed, the
   completed stays are grouped by kind and length into at most ``2 × MAX_GROUPS`` classes of
   about equally many stays; the counts per class are drawn (independent Poisson counts, which
   add up to the month's Poisson total) and each class keeps the exact mix of its lengths, so
   expected days are exact and only the variation within a class is averaged.
3. **What a day costs.** An open stay costs its own daily rate and own payment as of ``start``
   (rates and own payment are held at today's level: no price adjustment). A new stay costs the
   day-weighted mean daily rate and own payment of the completed stays in its class.
4. **What the state reimburses (§ 177), approximated.** Each stay opens a one-year window on its
   admission day and a new one every 365 days while it lasts; the first ``cap`` days of each
   window are reimbursed, with the cap in force on the day the window opens (no cap: all days).
   For a new stay, the cap is the one in force on the first day of its admission month (plus
   whole years for later windows). Reimbursement is the rate in force on ``start`` (basis
   points) of the reimbursed days' cost after own payment. Because a
   citizen's window really spans all of their stays (a readmission shares the window of the stay
   before it) and shelters not on Tilbudsportalen earn nothing, the model's reimbursed days are
   scaled by ``calibration``: the law engine's reimbursed days in the last 12 months divided by
   this model's reimbursed days for the same stays and months (see ``model_reimbursed_days``).
5. **Runs.** ``runs`` independent runs (default 500) with the generator passed in; each month's
   10th, 50th and 90th percentile over the runs form the band. The same seed gives the same result.

Days are nights as in the law engine: an open stay occupies ``[start, start + remaining)``. Money is
øre; simulated money is float (an expectation within the month) and is rounded once, when the
percentiles are taken. Vectorised with numpy: 500 runs of three years on national data (about 2,000
open stays, 1,000 admissions a month) take a fraction of a second.

Beside the shelter stays, two smaller models with their own docstrings: ``episodes`` forecasts
episodes with a monthly cost (§ 85 a support courses, § 107 stays) with Kaplan–Meier lengths, and
``grants`` forecasts one-off grants and deposit loans as a compound Poisson count per month.
"""

from hjemvej.rules.forecast.episodes import (
    EpisodeHistory,
    EpisodeInput,
    EpisodeSimulation,
    OpenEpisodes,
    kaplan_meier,
    km_lengths,
    simulate_episodes,
)
from hjemvej.rules.forecast.grants import (
    GrantHistory,
    GrantSimulation,
    expected_counts,
    simulate_grants,
)
from hjemvej.rules.forecast.model import (
    BASIS,
    MAX_GROUPS,
    MIN_LONGER,
    PERCENTILES,
    WINDOW_DAYS,
    Accumulators,
    BoolArray,
    CapStep,
    FloatArray,
    ForecastInput,
    History,
    IntArray,
    OpenStays,
    Simulation,
    month_bounds,
    percentiles,
)
from hjemvej.rules.forecast.open_stays import remaining_days
from hjemvej.rules.forecast.reimbursement import model_reimbursed_days
from hjemvej.rules.forecast.simulation import simulate

__all__ = [
    "BASIS",
    "MAX_GROUPS",
    "MIN_LONGER",
    "PERCENTILES",
    "WINDOW_DAYS",
    "Accumulators",
    "BoolArray",
    "CapStep",
    "EpisodeHistory",
    "EpisodeInput",
    "EpisodeSimulation",
    "FloatArray",
    "ForecastInput",
    "GrantHistory",
    "GrantSimulation",
    "History",
    "IntArray",
    "OpenEpisodes",
    "OpenStays",
    "Simulation",
    "expected_counts",
    "kaplan_meier",
    "km_lengths",
    "model_reimbursed_days",
    "month_bounds",
    "percentiles",
    "remaining_days",
    "simulate",
    "simulate_episodes",
    "simulate_grants",
]
