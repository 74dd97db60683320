"""A plain, day-by-day reference of the § 110 stay cost and § 177 reimbursement (an oracle).

Written from SEL § 177 as docs/rules.md (Shelter stays and § 177) states it, not from the engine:
it walks every citizen's days one date at a time in plain Python, so that it is slow and obviously
correct. It takes parameter values only through ``ParameterSet`` (default:
``default_parameters()``).

Money is integer øre. The reimbursement of a stay is accumulated exactly (``Decimal``) as
Σ (rate − own payment) × percent over its reimbursed days and rounded half up to whole øre
once per stay, in :func:`_round_reimbursement`.

Usage::

    python -m benchmarks.reference STAYS.csv --as-of YYYY-MM-DD \\
        [--reading window=anchored|rolling365] [--reading cap=per_day|window_start] \\
        [--reading days=nights|dates] [--out OUT.csv]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from hjemvej.rules.parameters import ParameterSet, default_parameters

INPUT_HEADER = ["citizen_id", "stay_id", "admitted", "discharged", "daily_rate", "own_payment"]
OUTPUT_HEADER = [
    "stay_id",
    "citizen_id",
    "days",
    "reimbursed_days",
    "gross_cost",
    "own_payment",
    "reimbursement",
    "net_cost",
]

RATE = "shelter.reimbursement.rate"
DAY_CAP = "shelter.reimbursement.day_cap"
OWN_PAYMENT = "shelter.own_payment.daily"

ONE_DAY = timedelta(days=1)
ROLLING_DAYS = 365

_READINGS: dict[str, tuple[str, ...]] = {
    "window": ("anchored", "rolling365"),
    "cap": ("per_day", "window_start"),
    "days": ("nights", "dates"),
}


class ReferenceError(ValueError):
    """The input cannot be computed: the message names file, row and field in Danish."""


@dataclass(frozen=True)
class ReferenceReadings:
    """The readings of § 177 the law leaves open (docs/rules.md); kept apart from the engine."""

    window: str = "anchored"
    cap: str = "per_day"
    days: str = "nights"

    @classmethod
    def parse(cls, items: Sequence[str]) -> ReferenceReadings:
        """Parse ``KEY=VALUE`` items such as ``window=rolling365``."""
        chosen: dict[str, str] = {}
        for item in items:
            key, _, value = item.partition("=")
            if key not in _READINGS or value not in _READINGS[key]:
                raise ReferenceError(f"ukendt læsning '{item}'")
            chosen[key] = value
        return cls(**chosen)

    def key(self) -> str:
        """Return a short stable name, e.g. ``anchored-per_day-nights``."""
        return f"{self.window}-{self.cap}-{self.days}"


@dataclass(frozen=True)
class Stay:
    """One input row; money in øre per day, ``own_payment`` None for the statutory rate."""

    index: int
    stay_id: str
    citizen_id: str
    admitted: date
    discharged: date | None
    daily_rate: int
    own_payment: int | None


@dataclass(frozen=True)
class StayResult:
    """One output row; money in øre."""

    stay_id: str
    citizen_id: str
    days: int
    reimbursed_days: int
    gross_cost: int
    own_payment: int
    reimbursement: int

    @property
    def net_cost(self) -> int:
        """Return gross cost − own payment − reimbursement."""
        return self.gross_cost - self.own_payment - self.reimbursement


def _oere(text: str, where: str) -> int:
    try:
        amount = Decimal(text) * 100
    except InvalidOperation:
        raise ReferenceError(f"{where}: '{text}' er ikke et beløb (f.eks. 1834.57)") from None
    if amount != amount.to_integral_value() or amount < 0:
        raise ReferenceError(
            f"{where}: '{text}' skal være et ikke-negativt beløb med højst to decimaler"
        )
    return int(amount)


def _date(text: str, where: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReferenceError(f"{where}: '{text}' er ikke en dato (ÅÅÅÅ-MM-DD)") from None


def read_stays(path: Path) -> list[Stay]:
    """Read the comma/ISO input format (header ``citizen_id,stay_id,admitted,...``)."""
    stays: list[Stay] = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header != INPUT_HEADER:
            raise ReferenceError(f"{path}: overskriften skal være {','.join(INPUT_HEADER)}")
        for line, row in enumerate(reader, start=2):
            if len(row) != len(INPUT_HEADER):
                raise ReferenceError(f"{path}, linje {line}: forventede {len(INPUT_HEADER)} felter")
            citizen_id, stay_id, admitted, discharged, rate, own = row
            where = f"{path}, linje {line}"
            stays.append(
                Stay(
                    index=len(stays),
                    stay_id=stay_id,
                    citizen_id=citizen_id,
                    admitted=_date(admitted, f"{where}, admitted"),
                    discharged=_date(discharged, f"{where}, discharged") if discharged else None,
                    daily_rate=_oere(rate, f"{where}, daily_rate"),
                    own_payment=_oere(own, f"{where}, own_payment") if own else None,
                )
            )
    return stays


def _dates(start: date, end: date) -> Iterator[date]:
    """Yield every date of ``[start, end)``."""
    day = start
    while day < end:
        yield day
        day += ONE_DAY


def anniversary(start: date) -> date:
    """Return the same month and day next year; 29 February gives 1 March."""
    try:
        return start.replace(year=start.year + 1)
    except ValueError:
        return date(start.year + 1, 3, 1)


def _night_end(stay: Stay) -> date | None:
    """Return the first night the stay no longer occupies (None: open, occupies all later)."""
    if stay.discharged is None:
        return None
    return max(stay.discharged, stay.admitted + ONE_DAY)


def _stay_days(stay: Stay, as_of: date, reading: str, claimed: set[date]) -> list[date]:
    """Return the stay's days before ``as_of`` under the days reading (docs/rules.md, Days)."""
    if stay.discharged is None:
        end = as_of
    elif stay.discharged == stay.admitted:
        end = stay.admitted + ONE_DAY  # a same-day stay counts its one date
    elif reading == "dates":
        end = stay.discharged + ONE_DAY  # the discharge date counts too
    else:
        end = stay.discharged
    end = min(end, as_of)
    # Under ``dates`` a transfer date is in both stays' ranges: it stays with the earlier stay.
    return [d for d in _dates(stay.admitted, end) if d not in claimed]


class _DayParameters:
    """Parameter values by date, looked up once per date (the lookups dominate otherwise)."""

    def __init__(self, params: ParameterSet) -> None:
        self.params = params
        self._cache: dict[date, tuple[int | None, Decimal, int]] = {}

    def on(self, day: date) -> tuple[int | None, Decimal, int]:
        """Return (day cap or None, reimbursement percent, statutory own payment in øre)."""
        found = self._cache.get(day)
        if found is None:
            cap = self.params.value(DAY_CAP, day)
            if cap is not None and (isinstance(cap, bool) or not isinstance(cap, int)):
                raise ReferenceError(f"{DAY_CAP}: {cap!r} er ikke et antal dage")
            found = (cap, self.params.percent(RATE, day), self.params.money(OWN_PAYMENT, day))
            self._cache[day] = found
        return found


def _reimbursed_anchored(days: list[date], daily: _DayParameters, cap_reading: str) -> set[date]:
    """Return the reimbursed days: § 177 with windows anchored on their first day."""
    reimbursed: set[date] = set()
    window_start: date | None = None
    window_end: date | None = None
    counted = 0
    for day in days:
        cap = daily.on(day)[0]
        if cap is None:
            reimbursed.add(day)  # no cap in force: reimbursed, no part in any window
            continue
        if window_end is None or day >= window_end:
            window_start, window_end, counted = day, anniversary(day), 0
        assert window_start is not None
        limit = cap if cap_reading == "per_day" else daily.on(window_start)[0]
        assert limit is not None  # a window starts only on a day with a cap
        if counted < limit:
            reimbursed.add(day)
            counted += 1
    return reimbursed


def _reimbursed_rolling(days: list[date], daily: _DayParameters) -> set[date]:
    """Return the reimbursed days: § 177 counting reimbursed days in the 365 days before."""
    reimbursed: set[date] = set()
    recent: deque[date] = deque()  # reimbursed capped days among d-365 … d-1
    for day in days:
        cap = daily.on(day)[0]
        if cap is None:
            reimbursed.add(day)
            continue
        while recent and recent[0] < day - timedelta(days=ROLLING_DAYS):
            recent.popleft()
        if len(recent) < cap:
            reimbursed.add(day)
            recent.append(day)
    return reimbursed


def _round_reimbursement(exact_times_percent: Decimal) -> int:
    """Round Σ (rate − own) × percent / 100 half up to whole øre: the one rounding point."""
    return int((exact_times_percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _check_no_overlap(ordered: list[Stay]) -> None:
    for previous, stay in itertools.pairwise(ordered):
        end = _night_end(previous)
        if end is None or stay.admitted < end:
            raise ReferenceError(
                f"borger {stay.citizen_id}: opholdene {previous.stay_id} og {stay.stay_id} "
                "overlapper (samme nat i to ophold)"
            )


def compute(
    stays: Sequence[Stay],
    as_of: date,
    readings: ReferenceReadings | None = None,
    params: ParameterSet | None = None,
) -> list[StayResult]:
    """Return one result per stay, in input order (SEL § 177; docs/rules.md)."""
    readings = readings or ReferenceReadings()
    daily = _DayParameters(params or default_parameters())
    by_citizen: dict[str, list[Stay]] = {}
    for stay in stays:
        by_citizen.setdefault(stay.citizen_id, []).append(stay)

    results: list[StayResult | None] = [None] * len(stays)
    for citizen_stays in by_citizen.values():
        ordered = sorted(citizen_stays, key=lambda s: (s.admitted, s.index))
        _check_no_overlap(ordered)
        claimed: set[date] = set()
        days_of: dict[int, list[date]] = {}
        for stay in ordered:
            days_of[stay.index] = _stay_days(stay, as_of, readings.days, claimed)
            claimed.update(days_of[stay.index])
        all_days = sorted(claimed)
        if readings.window == "anchored":
            reimbursed = _reimbursed_anchored(all_days, daily, readings.cap)
        else:
            reimbursed = _reimbursed_rolling(all_days, daily)

        for stay in ordered:
            gross = own_total = reimbursed_days = 0
            exact = Decimal(0)
            for day in days_of[stay.index]:
                _, percent, statutory = daily.on(day)
                rate = stay.daily_rate
                own = min(statutory if stay.own_payment is None else stay.own_payment, rate)
                gross += rate
                own_total += own
                if day in reimbursed:
                    reimbursed_days += 1
                    exact += (rate - own) * percent
            results[stay.index] = StayResult(
                stay_id=stay.stay_id,
                citizen_id=stay.citizen_id,
                days=len(days_of[stay.index]),
                reimbursed_days=reimbursed_days,
                gross_cost=gross,
                own_payment=own_total,
                reimbursement=_round_reimbursement(exact),
            )
    return [r for r in results if r is not None]


def format_kroner(oere: int) -> str:
    """Return øre as kroner with a decimal point and two decimals: -1234.05."""
    sign = "-" if oere < 0 else ""
    kroner, rest = divmod(abs(oere), 100)
    return f"{sign}{kroner}.{rest:02d}"


def write_results(results: Sequence[StayResult], path: Path | None) -> None:
    """Write the CLI's output format; to stdout when ``path`` is None."""
    lines = [",".join(OUTPUT_HEADER)]
    for r in results:
        money = (r.gross_cost, r.own_payment, r.reimbursement, r.net_cost)
        fields = [r.stay_id, r.citizen_id, str(r.days), str(r.reimbursed_days)]
        lines.append(",".join(fields + [format_kroner(m) for m in money]))
    text = "\n".join(lines) + "\n"
    if path is None:
        sys.stdout.write(text)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")


def main(argv: Sequence[str] | None = None) -> int:
    """Compute the reference output from the command line."""
    parser = argparse.ArgumentParser(
        description="Referenceberegning af § 177-refusion, dag for dag."
    )
    parser.add_argument("stays", type=Path, help="CSV med ophold")
    parser.add_argument("--as-of", required=True, help="beregningsdato ÅÅÅÅ-MM-DD")
    parser.add_argument("--reading", action="append", default=[], help="f.eks. window=rolling365")
    parser.add_argument("--out", type=Path, help="CSV der skrives (ellers standard-output)")
    args = parser.parse_args(argv)
    try:
        as_of = _date(args.as_of, "--as-of")
        readings = ReferenceReadings.parse(args.reading)
        results = compute(read_stays(args.stays), as_of, readings)
    except ReferenceError as exc:
        print(f"fejl: {exc}", file=sys.stderr)
        return 2
    write_results(results, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
