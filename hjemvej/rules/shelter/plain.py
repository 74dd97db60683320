"""§ 177 reimbursement day by day, with the explanation of every day range.

This is the readable path: it walks each citizen's days in date order exactly as SEL § 177 and
docs/rules.md (Shelter stays and § 177) state the rules, and groups the days into explained steps.
The batch path (``batch.py``) must give the same numbers; tests hold them to it.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import date
from itertools import groupby

import numpy as np

from hjemvej.rules.explain import Step, danish_date, danish_period
from hjemvej.rules.parameters import ParameterSet, ParameterValue, format_kroner
from hjemvej.rules.shelter.model import MISSING, Readings, StayResults, StayTable
from hjemvej.rules.shelter.money import BASIS
from hjemvej.rules.shelter.periods import (
    CAP,
    OWN_PAYMENT,
    RATE,
    Schedule,
    anniversary_of,
    counted_periods,
)


@dataclass(frozen=True)
class _Day:
    """What the rules decided for one day, and on what grounds."""

    day: date
    row: int
    kind: str  # reimbursed | cap_reached | no_cap | not_qualifying
    rate: int
    own: int
    own_entry: ParameterValue | None  # None: the stay's own (decided) payment
    percent: ParameterValue
    cap: ParameterValue | None
    window: tuple[date, date] | None
    day_in_window: int  # anchored: counted day number in the window; rolling: reimbursed in span

    def signature(self) -> tuple[object, ...]:
        """Return what must be equal for days to share one explained step."""
        return (
            self.row,
            self.kind,
            self.rate,
            self.own,
            self.own_entry,
            self.percent,
            self.cap,
            self.window,
        )


@dataclass
class CitizenExplanation:
    """The explanation of one citizen's reimbursement: steps, per-stay figures and readings."""

    citizen_id: str
    readings: Readings
    as_of: date
    fingerprint: str
    scenario: tuple[str, ...]
    steps: tuple[Step, ...]
    stays: list[dict[str, object]] = field(default_factory=list)

    def as_text(self) -> str:
        """Return the explanation in Danish, one line per step."""
        lines = [
            f"Refusion efter serviceloven § 177 for borger {self.citizen_id}, "
            f"opgjort pr. {danish_date(self.as_of)}",
            f"Læsninger: {self.readings.describe()}; parametersæt {self.fingerprint}",
        ]
        if self.scenario:
            lines.append(f"SCENARIE – ikke gældende regler: {', '.join(self.scenario)}")
        lines.append("")
        lines.extend(f"- {step.text}" for step in self.steps)
        lines.append("")
        for stay in self.stays:
            lines.append(
                f"Ophold {stay['stay_id']}: {stay['days']} dage, heraf {stay['reimbursed_days']} "
                f"med refusion; bruttoudgift {stay['gross_cost']} kr., egenbetaling "
                f"{stay['own_payment']} kr., refusion {stay['reimbursement']} kr., "
                f"nettoudgift {stay['net_cost']} kr."
            )
        return "\n".join(lines)


def reimburse_plain(
    table: StayTable,
    *,
    as_of: date,
    params: ParameterSet,
    readings: Readings | None = None,
) -> tuple[StayResults, dict[str, CitizenExplanation]]:
    """Compute § 177 reimbursement day by day and explain it per citizen (SEL § 177, stk. 1)."""
    readings = readings or Readings()
    n = len(table)
    results = StayResults(*(np.zeros(n, dtype=np.int64) for _ in range(5)))
    numerators = [0] * n
    order, start, end = counted_periods(table, as_of=as_of.toordinal(), days=readings.days)
    caps = Schedule.of(params, CAP)
    own_schedule = Schedule.of(params, OWN_PAYMENT)
    percents = Schedule.of(params, RATE)
    explanations: dict[str, CitizenExplanation] = {}
    for _, group in groupby(order.tolist(), key=lambda row: int(table.citizen[row])):
        rows = list(group)
        days: list[_Day] = []
        window: tuple[date, date] | None = None
        window_cap: ParameterValue | None = None
        counted = used = 0
        recent: deque[int] = deque()  # rolling reading: reimbursed capped days, oldest first
        for row in rows:
            for ordinal in range(int(start[row]), int(end[row])):
                day = date.fromordinal(ordinal)
                rate = _rate(table, row, ordinal)
                own_entry: ParameterValue | None = None
                own = int(table.own_payment[row])
                if own == MISSING:
                    own_entry = own_schedule.entry(ordinal)
                    own = int(own_entry.value)  # type: ignore[arg-type]
                own = min(own, rate)
                percent = percents.entry(ordinal)
                cap: ParameterValue | None = caps.entry(ordinal)
                kind = "reimbursed"
                number = 0
                this_window = None
                if not table.qualifies[row]:
                    kind, cap = "not_qualifying", None
                elif cap is None or cap.value is None:
                    kind = "no_cap"
                elif readings.window == "anchored":
                    if window is None or day >= window[1]:
                        window, window_cap, counted, used = (day, anniversary_of(day)), cap, 0, 0
                    counted += 1
                    number = counted
                    this_window = window
                    limit = cap if readings.cap == "per_day" else window_cap
                    if used < int(limit.value):  # type: ignore[union-attr, arg-type]
                        used += 1
                    else:
                        kind = "cap_reached"
                    cap = limit
                else:
                    while recent and recent[0] < ordinal - 365:
                        recent.popleft()
                    if len(recent) < int(cap.value):  # type: ignore[arg-type]
                        recent.append(ordinal)
                    else:
                        kind = "cap_reached"
                    number = len(recent)
                days.append(
                    _Day(day, row, kind, rate, own, own_entry, percent, cap, this_window, number)
                )
                results.days[row] += 1
                results.gross_cost[row] += rate
                results.own_payment[row] += own
                if kind in ("reimbursed", "no_cap"):
                    results.reimbursed_days[row] += 1
                    numerators[row] += (rate - own) * _basis_points(percent)
        for row in rows:
            results.reimbursement[row] = (numerators[row] + BASIS // 2) // BASIS
        citizen_id = table.citizen_id[rows[0]]
        explanations[citizen_id] = CitizenExplanation(
            citizen_id=citizen_id,
            readings=readings,
            as_of=as_of,
            fingerprint=params.fingerprint,
            scenario=tuple(o.describe() for o in params.overrides),
            steps=tuple(_steps(days, table, readings)),
            stays=[_stay_summary(table, results, row) for row in rows],
        )
    return results, explanations


def _rate(table: StayTable, row: int, ordinal: int) -> int:
    rate = int(table.daily_rate[row])
    if rate == MISSING:
        return table.rate_schedules[int(table.shelter[row])].rate_on(ordinal)
    return rate


def _basis_points(percent: ParameterValue) -> int:
    return int(percent.value * 100)  # type: ignore[operator]


def _stay_summary(table: StayTable, results: StayResults, row: int) -> dict[str, object]:
    net = results.gross_cost[row] - results.own_payment[row] - results.reimbursement[row]
    return {
        "stay_id": table.stay_id[row],
        "days": int(results.days[row]),
        "reimbursed_days": int(results.reimbursed_days[row]),
        "gross_cost": format_kroner(int(results.gross_cost[row])),
        "own_payment": format_kroner(int(results.own_payment[row])),
        "reimbursement": format_kroner(int(results.reimbursement[row])),
        "net_cost": format_kroner(int(net)),
    }


def _steps(days: list[_Day], table: StayTable, readings: Readings) -> list[Step]:
    """Group consecutive days with the same grounds into explained steps."""
    steps: list[Step] = []
    run: list[_Day] = []
    for day in days:
        if run and (
            day.signature() != run[-1].signature()
            or day.day.toordinal() != run[-1].day.toordinal() + 1
        ):
            steps.append(_step(run, table, readings))
            run = []
        run.append(day)
    if run:
        steps.append(_step(run, table, readings))
    return steps


def _step(run: list[_Day], table: StayTable, readings: Readings) -> Step:
    first, last = run[0], run[-1]
    start, end = first.day, date.fromordinal(last.day.toordinal() + 1)
    count = len(run)
    stay_id = table.stay_id[first.row]
    head = f"Ophold {stay_id}, {danish_period(start, end)} ({count} {_dage(count)})"
    net = first.rate - first.own
    own_text = (
        f"egenbetaling {format_kroner(first.own)} kr. (fastsat for opholdet)"
        if first.own_entry is None
        else f"egenbetaling {first.own_entry.display} ({first.own_entry.reference})"
    )
    money = (
        f"Takst {format_kroner(first.rate)} kr. pr. dag, {own_text}; "
        f"refusion {first.percent.display} af {format_kroner(net)} kr. pr. dag "
        f"({first.percent.reference})."
    )
    numbers = (
        f"dag {first.day_in_window}"
        if count == 1
        else f"dag {first.day_in_window}–{last.day_in_window}"
    )
    cap = first.cap
    window = first.window
    cap_text = f"{cap.value} dage ({cap.status_label}; {cap.reference})" if cap else ""
    if first.kind == "not_qualifying":
        reason = "ingen refusion: boformen er ikke registreret på Tilbudsportalen."
    elif first.kind == "no_cap":
        reason = f"refusion for hver dag; intet loft over dage ({cap.reference if cap else ''})."
    elif window is not None:
        window_text = f"i vinduet {danish_period(window[0], window[1])}"
        if first.kind == "reimbursed":
            reason = f"refusion: {numbers} {window_text}; loftet er {cap_text}."
        else:
            reason = f"ingen refusion: {numbers} {window_text}: loftet på {cap_text} er nået."
    elif first.kind == "reimbursed":
        reason = (
            f"refusion: {first.day_in_window}.–{last.day_in_window}. dag med refusion inden for "
            f"365 dage; loftet er {cap_text}."
        )
    else:
        reason = f"ingen refusion: {cap_text} med refusion inden for de seneste 365 dage er nået."
    parameters = tuple(p for p in (first.cap, first.percent, first.own_entry) if p is not None)
    data: dict[str, object] = {
        "stay_id": stay_id,
        "rate": first.rate,
        "own_payment": first.own,
        "reading": readings.describe(),
    }
    if window is not None:
        data |= {"window_start": window[0], "window_end": window[1]}
        data |= {"day_from": first.day_in_window, "day_to": last.day_in_window}
    return Step(
        start=start,
        end=end,
        text=f"{head}: {reason} {money}",
        kind=first.kind,
        parameters=parameters,
        data=data,
    )


def _dage(count: int) -> str:
    return "dag" if count == 1 else "dage"
