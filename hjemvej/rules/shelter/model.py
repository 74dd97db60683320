"""Inputs and results of the shelter rules (§ 110 stays, § 177 reimbursement)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

import numpy as np
import numpy.typing as npt

WindowReading = Literal["anchored", "rolling365"]
CapReading = Literal["per_day", "window_start"]
DaysReading = Literal["nights", "dates"]

#: ``discharged`` of a stay that is still open; ``daily_rate``/``own_payment`` "not given".
MISSING = -1

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Readings:
    """The readings of SEL § 177 that the law leaves open (docs/rules.md); defaults first."""

    window: WindowReading = "anchored"
    cap: CapReading = "per_day"
    days: DaysReading = "nights"

    def describe(self) -> str:
        """Return the readings as written on the command line."""
        return f"window={self.window}, cap={self.cap}, days={self.days}"

    @classmethod
    def parse(cls, items: Sequence[str]) -> Readings:
        """Parse ``KEY=VALUE`` items; raise ValueError with a Danish message when wrong."""
        allowed: dict[str, tuple[str, ...]] = {
            "window": ("anchored", "rolling365"),
            "cap": ("per_day", "window_start"),
            "days": ("nights", "dates"),
        }
        chosen: dict[str, str] = {}
        for item in items:
            key, _, value = item.partition("=")
            if key not in allowed:
                raise ValueError(f"ukendt læsning '{key}' (kendte: {', '.join(allowed)})")
            if value not in allowed[key]:
                raise ValueError(
                    f"læsningen {key} kan være {' eller '.join(allowed[key])}, ikke '{value}'"
                )
            chosen[key] = value
        return cls(**chosen)  # type: ignore[arg-type]


@dataclass(frozen=True)
class RateSchedule:
    """A shelter's daily rate over time: ``rates[i]`` øre from ``starts[i]`` (ordinals, sorted)."""

    starts: tuple[int, ...]
    rates: tuple[int, ...]

    def rate_on(self, ordinal: int) -> int:
        """Return the rate in øre on the day, or raise when the schedule has none yet."""
        found = MISSING
        for start, rate in zip(self.starts, self.rates, strict=True):
            if start <= ordinal:
                found = rate
        if found == MISSING:
            raise ValueError(f"ingen takst den {date.fromordinal(ordinal).isoformat()}")
        return found


@dataclass(frozen=True)
class OtherStays:
    """Stays of a table's citizens that someone else pays: they only fill the § 177 windows.

    The cap counts a citizen's days across all § 110 stays on any shelter (SEL § 177; docs/rules.md,
    "Across municipal borders"), also the days another municipality paid. Such stays (or the part
    of a stay another municipality pays) are no figures of the table: they cost it nothing and
    earn it nothing, but a day of theirs in a window uses the window's cap. Columns as in
    ``StayTable``; ``citizen`` uses the table's citizen codes.
    """

    citizen: IntArray
    admitted: IntArray
    discharged: IntArray
    qualifies: BoolArray

    def __len__(self) -> int:
        return len(self.citizen)


@dataclass
class StayTable:
    """Stays as columns, one row per stay in input order.

    Dates are proleptic ordinals (``date.toordinal()``). ``discharged`` is ``MISSING`` for an open
    stay. ``daily_rate`` is øre per day, or ``MISSING`` to use ``rate_schedules[shelter]``.
    ``own_payment`` is øre per day, or ``MISSING`` for the statutory rate (0 when waived).
    ``qualifies`` is False for a shelter not registered on Tilbudsportalen: its days cost but earn
    no reimbursement and do not count towards the cap. ``others`` are stays of the same citizens
    that someone else pays (``OtherStays``): the engine counts their days in the windows and
    reports only the table's own rows.
    """

    stay_id: list[str]
    citizen_id: list[str]
    citizen: IntArray  # a dense code per citizen, 0..n_citizens-1
    admitted: IntArray
    discharged: IntArray
    daily_rate: IntArray
    own_payment: IntArray
    qualifies: BoolArray
    shelter: IntArray = field(default_factory=lambda: np.empty(0, dtype=np.int64))
    rate_schedules: tuple[RateSchedule, ...] = ()
    others: OtherStays | None = None

    def __len__(self) -> int:
        return len(self.stay_id)

    def joined(self) -> StayTable:
        """Return the table with its others' rows after its own (no others: the table itself).

        The others' rows have no rate or own payment (they are never priced); row i < len(self)
        is the table's own row i.
        """
        others = self.others
        if others is None or not len(others):
            return self
        missing = np.full(len(others), MISSING, dtype=np.int64)
        return StayTable(
            stay_id=self.stay_id + [""] * len(others),
            citizen_id=self.citizen_id + [""] * len(others),
            citizen=np.concatenate([self.citizen, others.citizen]),
            admitted=np.concatenate([self.admitted, others.admitted]),
            discharged=np.concatenate([self.discharged, others.discharged]),
            daily_rate=np.concatenate([self.daily_rate, missing]),
            own_payment=np.concatenate([self.own_payment, missing]),
            qualifies=np.concatenate([self.qualifies, others.qualifies]),
            shelter=np.concatenate([self.shelter, missing]) if len(self.shelter) else self.shelter,
            rate_schedules=self.rate_schedules,
        )

    @classmethod
    def from_rows(cls, rows: Sequence[StayRow]) -> StayTable:
        """Build a table from row objects (the plain path, tests, the apps)."""
        codes: dict[str, int] = {}
        citizen = [codes.setdefault(r.citizen_id, len(codes)) for r in rows]
        schedules: list[RateSchedule] = []
        shelter_codes: dict[RateSchedule, int] = {}
        shelter: list[int] = []
        rates: list[int] = []
        for r in rows:
            if isinstance(r.daily_rate, RateSchedule):
                shelter.append(shelter_codes.setdefault(r.daily_rate, len(shelter_codes)))
                if len(shelter_codes) > len(schedules):
                    schedules.append(r.daily_rate)
                rates.append(MISSING)
            else:
                shelter.append(MISSING)
                rates.append(r.daily_rate)
        return cls(
            stay_id=[r.stay_id for r in rows],
            citizen_id=[r.citizen_id for r in rows],
            citizen=np.array(citizen, dtype=np.int64),
            admitted=np.array([r.admitted.toordinal() for r in rows], dtype=np.int64),
            discharged=np.array(
                [r.discharged.toordinal() if r.discharged else MISSING for r in rows],
                dtype=np.int64,
            ),
            daily_rate=np.array(rates, dtype=np.int64),
            own_payment=np.array(
                [MISSING if r.own_payment is None else r.own_payment for r in rows],
                dtype=np.int64,
            ),
            qualifies=np.array([r.qualifies for r in rows], dtype=np.bool_),
            shelter=np.array(shelter, dtype=np.int64),
            rate_schedules=tuple(schedules),
        )

    def take(self, rows: IntArray) -> StayTable:
        """Return the table of the given rows only, in that order."""
        return StayTable(
            stay_id=[self.stay_id[int(i)] for i in rows],
            citizen_id=[self.citizen_id[int(i)] for i in rows],
            citizen=self.citizen[rows],
            admitted=self.admitted[rows],
            discharged=self.discharged[rows],
            daily_rate=self.daily_rate[rows],
            own_payment=self.own_payment[rows],
            qualifies=self.qualifies[rows],
            shelter=self.shelter[rows] if len(self.shelter) else self.shelter,
            rate_schedules=self.rate_schedules,
            others=self.others,
        )

    def rows(self) -> list[StayRow]:
        """Return the table as row objects."""
        out: list[StayRow] = []
        for i in range(len(self)):
            rate: int | RateSchedule = int(self.daily_rate[i])
            if rate == MISSING:
                rate = self.rate_schedules[int(self.shelter[i])]
            discharged = int(self.discharged[i])
            own = int(self.own_payment[i])
            out.append(
                StayRow(
                    stay_id=self.stay_id[i],
                    citizen_id=self.citizen_id[i],
                    admitted=date.fromordinal(int(self.admitted[i])),
                    discharged=None if discharged == MISSING else date.fromordinal(discharged),
                    daily_rate=rate,
                    own_payment=None if own == MISSING else own,
                    qualifies=bool(self.qualifies[i]),
                )
            )
        return out


@dataclass(frozen=True)
class StayRow:
    """One stay as a plain object (øre per day)."""

    stay_id: str
    citizen_id: str
    admitted: date
    discharged: date | None
    daily_rate: int | RateSchedule
    own_payment: int | None = None  # None: the statutory rate; 0: waived
    qualifies: bool = True


@dataclass
class StayResults:
    """Per stay, in the table's row order: days and money in øre."""

    days: IntArray
    reimbursed_days: IntArray
    gross_cost: IntArray
    own_payment: IntArray
    reimbursement: IntArray

    @property
    def net_cost(self) -> IntArray:
        """Return gross cost − own payment − reimbursement per stay."""
        result: IntArray = self.gross_cost - self.own_payment - self.reimbursement
        return result
