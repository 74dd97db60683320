"""Generate a synthetic national file of § 110 stays in the ``hjemvej reimbursement`` format.

The shape follows Danmarks Statistik's shelter statistic ("Herberger og forsorgshjem mv.",
statbank tables HERFOR1–3: duration bands 1 day, 2–5, 6–30, 31–119, 120–364, a whole year; persons
by 1, 2, 3–5 and 6+ stays): many short stays (1 day, 2–5, 6–30), a long tail beyond a year, most
citizens with 1–5 stays and a few with 20–60, gaps from none (a transfer) to years, same-day stays,
about 3 % open stays, and daily rates from about 60 shelters. A citizen's stays never share a
night: a stay occupies the nights ``[admitted, discharged)``, a same-day stay the night of its
date, an open stay every night from its admission (so it is always the citizen's last).

Usage: ``python -m benchmarks.generate --out var/bench/national.csv [--seed 1] [--citizens 23000]``
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import numpy.typing as npt

#: Bump whenever the output for a given seed and size changes; the runner regenerates then.
GENERATOR_VERSION = "2"

HEADER = ("citizen_id", "stay_id", "admitted", "discharged", "daily_rate", "own_payment")

FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2028, 12, 31)  # no stay is discharged later than this
OPEN_BEFORE = date(2026, 11, 21)  # open stays are admitted before the benchmark's as_of
OPEN_SHARE = 0.03
N_SHELTERS = 60

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]

# Stays per citizen: most 1–5, a middle group 6–19 and a tail of heavy users with 20–60.
_MAIN_COUNTS = np.array([1, 2, 3, 4, 5], dtype=np.int64)
_MAIN_COUNT_P = np.array([0.38, 0.24, 0.16, 0.12, 0.10])
_GROUP_P = np.array([0.855, 0.125, 0.02])  # main, middle, heavy

# Stay lengths in nights as (lowest, highest) bands, drawn log-uniformly inside a band.
_LENGTH_BANDS = np.array(
    [(0, 0), (1, 1), (2, 5), (6, 30), (31, 119), (120, 364), (365, 1095), (1096, 2200)],
    dtype=np.int64,
)
_LENGTH_P = np.array([0.04, 0.085, 0.11, 0.175, 0.22, 0.24, 0.126, 0.004])
# Heavy users come and go: mostly short stays, so 60 of them fit into ten years.
_HEAVY_LENGTH_P = np.array([0.08, 0.17, 0.25, 0.30, 0.17, 0.03, 0.0, 0.0])

# Gaps between a citizen's stays in days; 0 is a transfer (discharge and admission on one date).
_GAP_BANDS = np.array([(0, 0), (1, 7), (8, 60), (61, 365), (366, 1500)], dtype=np.int64)
_GAP_P = np.array([0.08, 0.15, 0.27, 0.30, 0.20])

_REDUCED_OWN_PAYMENTS = np.array([2000, 2500, 3000, 4500, 5000, 6000, 7550], dtype=np.int64)


def _draw_banded(rng: np.random.Generator, bands: IntArray, p: FloatArray, size: int) -> IntArray:
    """Draw integers: a band by its probability, then log-uniformly inside the band."""
    which = rng.choice(len(bands), size=size, p=p)
    low = bands[which, 0].astype(np.float64)
    high = bands[which, 1].astype(np.float64)
    # log-uniform on [low, high + 1), shifted by one so that a band starting at 0 works
    u = rng.random(size)
    value = np.floor(np.exp(np.log(low + 1) + u * (np.log(high + 2) - np.log(low + 1)))) - 1
    drawn: IntArray = np.clip(value, low, high).astype(np.int64)
    return drawn


def _stays_per_citizen(rng: np.random.Generator, citizens: int) -> IntArray:
    group = rng.choice(3, size=citizens, p=_GROUP_P)
    main = rng.choice(_MAIN_COUNTS, size=citizens, p=_MAIN_COUNT_P)
    middle = rng.integers(6, 20, size=citizens)
    heavy = rng.integers(20, 61, size=citizens)
    counts: IntArray = np.where(group == 0, main, np.where(group == 1, middle, heavy))
    return counts.astype(np.int64)


def _place(
    rng: np.random.Generator, counts: IntArray, lengths: IntArray, gaps: IntArray
) -> tuple[IntArray, IntArray]:
    """Return (admitted, length) as day offsets from FIRST_DAY, fitted into the ten years."""
    available = (LAST_DAY - FIRST_DAY).days
    starts = np.cumsum(counts) - counts
    citizen = np.repeat(np.arange(len(counts)), counts)
    first = np.zeros(len(lengths), dtype=np.bool_)
    first[starts] = True
    gaps = np.where(first, 0, gaps)

    # Too many nights for ten years: shrink the stays (and drop the gaps); a stay shrunk to
    # 0 nights is a same-day stay and still occupies one night, hence the ``- counts``.
    length_sum = np.add.reduceat(lengths, starts)
    over = length_sum > available - counts
    factor = np.where(over, (available - counts) / np.maximum(length_sum, 1), 1.0)
    lengths = np.floor(lengths * factor[citizen]).astype(np.int64)
    gaps = np.where(over[citizen], 0, gaps)
    occupied = np.maximum(lengths, 1)

    # Still too long with the gaps: shrink the gaps.
    occupied_sum = np.add.reduceat(occupied, starts)
    gap_sum = np.add.reduceat(gaps, starts)
    # Fit into a random share of the room so that such citizens do not all span the decade.
    room = np.floor((available - occupied_sum) * rng.uniform(0.6, 1.0, size=len(counts)))
    gap_factor = np.where(gap_sum > room, room / np.maximum(gap_sum, 1), 1.0)
    gaps = np.floor(gaps * gap_factor[citizen]).astype(np.int64)
    span = np.add.reduceat(occupied + gaps, starts)

    offset = np.floor(rng.random(len(counts)) * (available - span + 1)).astype(np.int64)
    previous_occupied = np.concatenate(([0], occupied[:-1]))
    step = np.where(first, offset[citizen], gaps + previous_occupied)
    total = np.cumsum(step)
    base = total[starts] - step[starts]
    admitted: IntArray = total - base[citizen]
    return admitted, lengths


def _shelter_rates(rng: np.random.Generator) -> tuple[IntArray, FloatArray]:
    """Return each shelter's 2019 rate in øre and its popularity."""
    # 1000–2550 kr. in 2019, so that ten years of indexation stay below 3,500 kr.
    base = rng.integers(100_000, 255_001, size=N_SHELTERS).astype(np.int64)
    popularity = 1.0 / np.arange(1, N_SHELTERS + 1) ** 0.8
    return base, popularity / popularity.sum()


def _money(oere: int) -> str:
    return f"{oere // 100}.{oere % 100:02d}"


def generate(seed: int = 1, citizens: int = 23_000) -> list[dict[str, str]]:
    """Return the stays as CSV rows (strings), sorted by admission date."""
    rng = np.random.default_rng(seed)
    counts = _stays_per_citizen(rng, citizens)
    n = int(counts.sum())
    citizen = np.repeat(np.arange(citizens), counts)
    heavy = (counts >= 20)[citizen]
    lengths = np.where(
        heavy,
        _draw_banded(rng, _LENGTH_BANDS, _HEAVY_LENGTH_P, n),
        _draw_banded(rng, _LENGTH_BANDS, _LENGTH_P, n),
    )
    gaps = _draw_banded(rng, _GAP_BANDS, _GAP_P, n)
    admitted, lengths = _place(rng, counts, lengths, gaps)

    # Open stays: a citizen's last stay, admitted before OPEN_BEFORE, recent ones likelier.
    last = np.cumsum(counts) - 1
    open_before = (OPEN_BEFORE - FIRST_DAY).days
    age = open_before - admitted[last]
    weight = np.where(age > 0, np.exp(-np.maximum(age, 0) / 400.0), 0.0)
    wanted = min(round(OPEN_SHARE * n), int(np.count_nonzero(weight)))
    chosen = rng.choice(len(last), size=wanted, replace=False, p=weight / weight.sum())
    is_open = np.zeros(n, dtype=np.bool_)
    is_open[last[chosen]] = True

    # Rates: the shelter's rate in the admission year, indexed 2–3.5 % a year; 5 % of stays
    # carry an agreed rate of their own.
    base, popularity = _shelter_rates(rng)
    growth = rng.uniform(0.02, 0.035, size=N_SHELTERS)
    home = rng.choice(N_SHELTERS, size=citizens, p=popularity)
    elsewhere = rng.choice(N_SHELTERS, size=n, p=popularity)
    shelter = np.where(rng.random(n) < 0.7, home[citizen], elsewhere)
    year = (admitted // 365.25).astype(np.int64)
    rate = np.round(base[shelter] * (1 + growth[shelter]) ** year)
    agreed = rng.random(n) < 0.05
    rate = np.where(agreed, np.round(rate * rng.uniform(0.9, 1.2, size=n)), rate)
    rate_oere = np.clip(rate, 90_000, 350_000).astype(np.int64)

    # Own payment: statutory (empty) 90 %, waived (0) 5 %, a reduced amount 5 %.
    kind = rng.choice(3, size=n, p=[0.90, 0.05, 0.05])
    reduced = rng.choice(_REDUCED_OWN_PAYMENTS, size=n)

    stay_number = np.arange(1, n + 1)
    order = rng.permutation(n)
    order = order[np.argsort(admitted[order], kind="stable")]

    rows: list[dict[str, str]] = []
    for i in order.tolist():
        start = FIRST_DAY + timedelta(days=int(admitted[i]))
        own = "" if kind[i] == 0 else "0" if kind[i] == 1 else _money(int(reduced[i]))
        rows.append(
            {
                "citizen_id": f"B{int(citizen[i]) + 1:06d}",
                "stay_id": f"S{int(stay_number[i]):07d}",
                "admitted": start.isoformat(),
                "discharged": ""
                if is_open[i]
                else (start + timedelta(days=int(lengths[i]))).isoformat(),
                "daily_rate": _money(int(rate_oere[i])),
                "own_payment": own,
            }
        )
    return rows


def write_csv(rows: Sequence[dict[str, str]], path: Path) -> None:
    """Write the rows with the header, comma-separated, ``\\n`` line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=HEADER, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def summary(rows: Sequence[dict[str, str]]) -> dict[str, object]:
    """Return the file's shape: counts, length bands, stays per citizen, own payments."""
    per_citizen: dict[str, int] = {}
    nights: list[int] = []
    open_stays = same_day = 0
    for row in rows:
        per_citizen[row["citizen_id"]] = per_citizen.get(row["citizen_id"], 0) + 1
        if not row["discharged"]:
            open_stays += 1
            continue
        length = (date.fromisoformat(row["discharged"]) - date.fromisoformat(row["admitted"])).days
        same_day += length == 0
        nights.append(length)
    lengths = np.array(nights)
    counts = np.array(list(per_citizen.values()))
    bands = {
        "0 (same day)": int(np.count_nonzero(lengths == 0)),
        "1": int(np.count_nonzero(lengths == 1)),
        "2-5": int(np.count_nonzero((lengths >= 2) & (lengths <= 5))),
        "6-30": int(np.count_nonzero((lengths >= 6) & (lengths <= 30))),
        "31-119": int(np.count_nonzero((lengths >= 31) & (lengths <= 119))),
        "120-364": int(np.count_nonzero((lengths >= 120) & (lengths <= 364))),
        "365-1095": int(np.count_nonzero((lengths >= 365) & (lengths <= 1095))),
        ">1095": int(np.count_nonzero(lengths > 1095)),
    }
    return {
        "citizens": len(per_citizen),
        "stays": len(rows),
        "open_stays": open_stays,
        "same_day_stays": same_day,
        "mean_nights_closed": round(float(lengths.mean()), 1),
        "length_bands": bands,
        "citizens_1_5_stays": int(np.count_nonzero(counts <= 5)),
        "citizens_20_plus_stays": int(np.count_nonzero(counts >= 20)),
        "max_stays": int(counts.max()),
        "own_payment_empty": sum(1 for r in rows if r["own_payment"] == ""),
        "own_payment_waived": sum(1 for r in rows if r["own_payment"] == "0"),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the file from the command line."""
    parser = argparse.ArgumentParser(description="Dan en syntetisk landsfil med § 110-ophold.")
    parser.add_argument("--out", type=Path, required=True, help="CSV-fil der skrives")
    parser.add_argument("--seed", type=int, default=1, help="frø til tilfældighedsgeneratoren")
    parser.add_argument("--citizens", type=int, default=23_000, help="antal borgere")
    parser.add_argument("--stats", action="store_true", help="vis filens fordelinger")
    args = parser.parse_args(argv)
    rows = generate(args.seed, args.citizens)
    write_csv(rows, args.out)
    print(f"Skrev {len(rows)} ophold for {args.citizens} borgere til {args.out}")
    if args.stats:
        for key, value in summary(rows).items():
            print(f"  {key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
