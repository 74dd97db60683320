"""Stays as the rules take them: one mapping from a stay to the engine's stay row and table.

The citizen's page, the alerts, the economy and the stays file (``hjemvej export stays``) read a
stay here, in one way:

- its rate is the stay's agreed rate, or else the shelter's rates over time (a ``RateSchedule``,
  so a change of the shelter's rate during the stay is carried). The stays file holds one rate a
  stay by design, so it takes the shelter's rate on the admission day (``rate_on_admission``);
- its own payment is ``None`` for the statutory rate (a parameter), 0 when waived, and the
  reduced amount when reduced by decision;
- it qualifies for § 177 reimbursement when its shelter is registered on Tilbudsportalen.

Money is kroner with two decimals in the database and integer øre here. A stay is read as a
``StayRecord``: the columns ``STAY_COLUMNS`` of a stay query (``stay_records``), so the readers
of many stays need no model instances, or ``StayRecord.of`` a stay already loaded.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import NamedTuple

import numpy as np
from django.db.models import QuerySet

from hjemvej.rules.shelter import MISSING, RateSchedule, StayRow, StayTable
from hjemvej.shelters.models import OwnPayment, ShelterRate, Stay

#: The columns a ``StayRecord`` holds, in order, as a stay query names them.
STAY_COLUMNS = (
    "pk",
    "citizen_id",
    "shelter_id",
    "admitted",
    "discharged",
    "agreed_daily_rate",
    "own_payment",
    "own_payment_reduced",
    "shelter__on_tilbudsportalen",
)

#: The rates of a shelter that has none.
NO_RATES = RateSchedule((), ())


def to_oere(kroner: Decimal) -> int:
    """Return kroner (two decimals, from the database) as integer øre."""
    return int(kroner * 100)


class StayRecord(NamedTuple):
    """One stay as the engine reads it: the values of ``STAY_COLUMNS``, in order."""

    pk: int
    citizen_id: int
    shelter_id: int
    admitted: date
    discharged: date | None
    agreed_daily_rate: Decimal | None
    own_payment: str
    own_payment_reduced: Decimal | None
    qualifies: bool  # the shelter is registered on Tilbudsportalen

    @classmethod
    def of(cls, stay: Stay) -> StayRecord:
        """Return a loaded stay's record (needs ``stay.shelter``)."""
        return cls(
            stay.pk,
            stay.citizen_id,
            stay.shelter_id,
            stay.admitted,
            stay.discharged,
            stay.agreed_daily_rate,
            stay.own_payment,
            stay.own_payment_reduced,
            stay.shelter.on_tilbudsportalen,
        )

    @property
    def agreed_rate(self) -> int | None:
        """Return the stay's agreed rate in øre, or None: the shelter's rates apply."""
        return None if self.agreed_daily_rate is None else to_oere(self.agreed_daily_rate)

    @property
    def own_payment_oere(self) -> int | None:
        """Return the own payment per day in øre: None for the statutory rate, 0 when waived."""
        if self.own_payment == OwnPayment.WAIVED:
            return 0
        if self.own_payment == OwnPayment.REDUCED and self.own_payment_reduced is not None:
            return to_oere(self.own_payment_reduced)
        return None


def stay_records(stays: QuerySet[Stay]) -> list[StayRecord]:
    """Return the stays' records in the query's order, in one query."""
    return [StayRecord._make(row) for row in stays.values_list(*STAY_COLUMNS)]


def rate_schedules(shelter_ids: Iterable[int]) -> dict[int, RateSchedule]:
    """Return each shelter's daily rates over time, in one query."""
    starts: dict[int, list[int]] = {}
    rates: dict[int, list[int]] = {}
    for rate in ShelterRate.objects.filter(shelter_id__in=set(shelter_ids)).order_by(
        "shelter_id", "valid_from"
    ):
        starts.setdefault(rate.shelter_id, []).append(rate.valid_from.toordinal())
        rates.setdefault(rate.shelter_id, []).append(to_oere(rate.daily_rate))
    return {sid: RateSchedule(tuple(starts[sid]), tuple(rates[sid])) for sid in starts}


def stay_row(
    record: StayRecord, schedules: Mapping[int, RateSchedule], citizen_id: str | None = None
) -> StayRow:
    """Return the engine's row of one stay; its citizen is named by pk unless ``citizen_id``."""
    agreed = record.agreed_rate
    return StayRow(
        stay_id=str(record.pk),
        citizen_id=str(record.citizen_id) if citizen_id is None else citizen_id,
        admitted=record.admitted,
        discharged=record.discharged,
        daily_rate=schedules.get(record.shelter_id, NO_RATES) if agreed is None else agreed,
        own_payment=record.own_payment_oere,
        qualifies=record.qualifies,
    )


def rate_on_admission(record: StayRecord, schedules: Mapping[int, RateSchedule]) -> int | None:
    """Return the stay's one rate (the stays file): agreed, or the shelter's on the admission day.

    None when the stay has no agreed rate and the shelter had no rate yet that day.
    """
    agreed = record.agreed_rate
    if agreed is not None:
        return agreed
    try:
        return schedules.get(record.shelter_id, NO_RATES).rate_on(record.admitted.toordinal())
    except ValueError:
        return None


def stay_table(
    records: Sequence[StayRecord],
    schedules: Mapping[int, RateSchedule],
    *,
    shelter_ids: Sequence[int] | None = None,
    citizen_id: str | None = None,
) -> StayTable:
    """Return the stays as the engine's table, one row per record, in order (fast: columns).

    The same stays as ``stay_row`` gives them. Shelters are coded by their place in
    ``shelter_ids`` (default: the records' shelters, by pk), and the table's ``rate_schedules``
    hold those shelters' rates in that order. Citizens are coded by pk; ``citizen_id`` names the
    one citizen every row belongs to instead (the citizen's page).
    """
    n = len(records)
    if shelter_ids is None:
        shelter_ids = sorted({r.shelter_id for r in records})
    code_of = {pk: i for i, pk in enumerate(shelter_ids)}
    if citizen_id is None:
        citizen_pk = np.fromiter((r.citizen_id for r in records), dtype=np.int64, count=n)
        citizen = np.unique(citizen_pk, return_inverse=True)[1].astype(np.int64)
        citizen_ids = [str(pk) for pk in citizen_pk.tolist()]
    else:
        citizen = np.zeros(n, dtype=np.int64)
        citizen_ids = [citizen_id] * n
    return StayTable(
        stay_id=[str(r.pk) for r in records],
        citizen_id=citizen_ids,
        citizen=citizen,
        admitted=np.fromiter((r.admitted.toordinal() for r in records), dtype=np.int64, count=n),
        discharged=np.fromiter(
            (MISSING if r.discharged is None else r.discharged.toordinal() for r in records),
            dtype=np.int64,
            count=n,
        ),
        daily_rate=np.fromiter(
            (MISSING if (rate := r.agreed_rate) is None else rate for r in records),
            dtype=np.int64,
            count=n,
        ),
        own_payment=np.fromiter(
            (MISSING if (own := r.own_payment_oere) is None else own for r in records),
            dtype=np.int64,
            count=n,
        ),
        qualifies=np.fromiter((r.qualifies for r in records), dtype=np.bool_, count=n),
        shelter=np.fromiter((code_of[r.shelter_id] for r in records), dtype=np.int64, count=n),
        rate_schedules=tuple(schedules.get(pk, NO_RATES) for pk in shelter_ids),
    )
