"""The national demo's random shape of the stays, drawn at once with numpy.

How many stays each citizen has, how long they last, the time between them, the shelters, how
each ends and which citizens get a support course: ``draw`` returns it all as arrays, and
``hjemvej.demo.national`` lays the rows out along each citizen's life and writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from hjemvej.demo.small import OTHER_SITUATIONS
from hjemvej.shelters.models import ExitReason
from hjemvej.support.models import CourseKind

IntArray = npt.NDArray[np.int64]

# Stays per citizen: most 1–5, a middle group 6–19 and a few heavy users with 20–40 (mean ≈ 4.3).
_MAIN_COUNTS = np.array([1, 2, 3, 4, 5], dtype=np.int64)
_MAIN_COUNT_P = np.array([0.38, 0.24, 0.16, 0.12, 0.10])
_GROUP_P = np.array([0.85, 0.13, 0.02])
# Stay lengths in nights: (lowest, highest) bands, log-uniform inside a band.
_LENGTH_BANDS = np.array(
    [(1, 1), (2, 5), (6, 30), (31, 119), (120, 364), (365, 1000)], dtype=np.int64
)
_LENGTH_P = np.array([0.11, 0.13, 0.21, 0.23, 0.21, 0.11])
_HEAVY_LENGTH_P = np.array([0.20, 0.30, 0.30, 0.17, 0.03, 0.0])
# Time between stays: 0 is a transfer (discharged and admitted the same day).
_GAP_BANDS = np.array([(0, 0), (1, 7), (8, 60), (61, 365), (366, 1200)], dtype=np.int64)
_GAP_P = np.array([0.08, 0.15, 0.27, 0.30, 0.20])


def _banded(
    rng: np.random.Generator, bands: IntArray, p: npt.NDArray[np.float64], size: int
) -> IntArray:
    which = rng.choice(len(bands), size=size, p=p)
    low = bands[which, 0].astype(np.float64)
    high = bands[which, 1].astype(np.float64)
    value = (
        np.floor(np.exp(np.log(low + 1) + rng.random(size) * (np.log(high + 2) - np.log(low + 1))))
        - 1
    )
    drawn: IntArray = np.clip(value, low, high).astype(np.int64)
    return drawn


@dataclass
class Draws:
    """Everything random about the stays, drawn at once with numpy."""

    counts: IntArray  # stays per citizen
    starts: IntArray  # each citizen's first stay's index
    lengths: IntArray  # nights per stay
    gaps: IntArray  # days before each stay (the first stay's is the initial situation)
    housed_gap: npt.NDArray[np.bool_]  # the time before the stay was spent in a home
    shelter: IntArray
    final: IntArray  # 0 open stay, 1 open situation, 2 housed, 3 inactive
    final_days: IntArray
    situation: IntArray  # index into OTHER_SITUATIONS, per stay (the situation before it)
    final_situation: IntArray
    exit_reason: IntArray
    own_payment: IntArray
    notified: IntArray  # days after admission; -1 not notified
    agreed: npt.NDArray[np.bool_]
    course: IntArray  # -1 none, else index into COURSE_KINDS


COURSE_KINDS = (
    CourseKind.CTI,
    CourseKind.ICM,
    CourseKind.ACT,
    CourseKind.M_ACT,
    CourseKind.SEL85,
    CourseKind.SEL99,
)
EXIT_REASONS = (
    ExitReason.AGREEMENT,
    ExitReason.LEFT,
    ExitReason.EXPELLED,
    ExitReason.OTHER,
    ExitReason.UNKNOWN,
)


def draw(rng: np.random.Generator, citizens: int, n_shelters: int, internal: int) -> Draws:
    """Draw the shape of every citizen's stays."""
    group = rng.choice(3, size=citizens, p=_GROUP_P)
    counts = np.where(
        group == 0,
        rng.choice(_MAIN_COUNTS, size=citizens, p=_MAIN_COUNT_P),
        np.where(
            group == 1, rng.integers(6, 20, size=citizens), rng.integers(20, 41, size=citizens)
        ),
    ).astype(np.int64)
    n = int(counts.sum())
    citizen = np.repeat(np.arange(citizens), counts)
    heavy = (counts >= 20)[citizen]
    lengths = np.where(
        heavy,
        _banded(rng, _LENGTH_BANDS, _HEAVY_LENGTH_P, n),
        _banded(rng, _LENGTH_BANDS, _LENGTH_P, n),
    )
    gaps = _banded(rng, _GAP_BANDS, _GAP_P, n)
    starts = np.cumsum(counts) - counts
    # Before the first stay: an initial situation of 0 (straight into a shelter) to 300 days.
    gaps[starts] = np.where(rng.random(citizens) < 0.3, 0, rng.integers(1, 301, size=citizens))
    # Half the stays in Demo Kommune's shelters, the rest spread over the country.
    popularity = 1.0 / np.arange(1, n_shelters - internal + 1) ** 0.7
    home = rng.choice(internal, size=citizens)
    elsewhere = internal + rng.choice(
        n_shelters - internal, size=n, p=popularity / popularity.sum()
    )
    shelter = np.where(rng.random(n) < 0.5, home[citizen], elsewhere)
    weights = np.array([w for _, w in OTHER_SITUATIONS], dtype=np.float64)
    return Draws(
        counts=counts,
        starts=starts,
        lengths=lengths,
        gaps=gaps,
        housed_gap=(gaps > 60) & (rng.random(n) < 0.3),
        shelter=shelter.astype(np.int64),
        final=rng.choice(4, size=citizens, p=[0.08, 0.55, 0.3, 0.07]),
        final_days=rng.integers(1, 500, size=citizens),
        situation=rng.choice(len(weights), size=n, p=weights / weights.sum()),
        final_situation=rng.choice(len(weights), size=citizens, p=weights / weights.sum()),
        exit_reason=rng.choice(len(EXIT_REASONS), size=n, p=[0.66, 0.18, 0.08, 0.04, 0.04]),
        own_payment=rng.choice(3, size=n, p=[0.90, 0.05, 0.05]),
        notified=np.where(
            rng.random(n) < 0.85,
            rng.integers(0, 3, size=n),
            np.where(rng.random(n) < 0.6, rng.integers(6, 25, size=n), -1),
        ),
        agreed=rng.random(n) < 0.05,
        course=np.where(
            rng.random(citizens) < 0.3, rng.choice(len(COURSE_KINDS), size=citizens), -1
        ),
    )
