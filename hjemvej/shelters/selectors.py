"""Reads of shelters and stays, and the bridge from stays to the law engine."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from hjemvej.citizens.models import Citizen
from hjemvej.rules.parameters import ParameterSet, default_parameters
from hjemvej.rules.shelter import (
    CitizenExplanation,
    RateSchedule,
    Readings,
    StayResults,
    StayRow,
    StayTable,
    reimburse_plain,
)
from hjemvej.shelters.models import OwnPayment, ShelterRate, Stay


def to_oere(kroner: Decimal) -> int:
    """Return kroner (two decimals, from the database) as integer øre."""
    return int(kroner * 100)


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


def stay_row(stay: Stay, schedules: dict[int, RateSchedule], citizen_id: str) -> StayRow:
    """Return the engine's view of one stay (needs ``stay.shelter`` loaded)."""
    if stay.agreed_daily_rate is not None:
        rate: int | RateSchedule = to_oere(stay.agreed_daily_rate)
    else:
        rate = schedules.get(stay.shelter_id, RateSchedule((), ()))
    own: int | None = None
    if stay.own_payment == OwnPayment.WAIVED:
        own = 0
    elif stay.own_payment == OwnPayment.REDUCED and stay.own_payment_reduced is not None:
        own = to_oere(stay.own_payment_reduced)
    return StayRow(
        stay_id=str(stay.pk),
        citizen_id=citizen_id,
        admitted=stay.admitted,
        discharged=stay.discharged,
        daily_rate=rate,
        own_payment=own,
        qualifies=stay.shelter.on_tilbudsportalen,
    )


@dataclass
class CitizenReimbursement:
    """The law engine's figures and explanation for one citizen's stays."""

    stays: list[Stay]
    results: StayResults | None
    explanation: CitizenExplanation | None
    problem: str = ""  # Danish, when the figures cannot be computed (e.g. a shelter has no rate)

    def for_stay(self, index: int) -> dict[str, int]:
        """Return one stay's figures in øre."""
        if self.results is None:
            return {}
        r = self.results
        return {
            "days": int(r.days[index]),
            "reimbursed_days": int(r.reimbursed_days[index]),
            "gross_cost": int(r.gross_cost[index]),
            "own_payment": int(r.own_payment[index]),
            "reimbursement": int(r.reimbursement[index]),
            "net_cost": int(r.net_cost[index]),
        }


def citizen_reimbursement(
    citizen: Citizen,
    *,
    as_of: date,
    stays: Sequence[Stay] | None = None,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
) -> CitizenReimbursement:
    """Compute and explain § 177 reimbursement of all the citizen's stays (all shelters)."""
    if stays is None:
        stays = list(Stay.objects.filter(citizen=citizen).select_related("shelter").order_by("admitted"))
    stays = list(stays)
    if not stays:
        return CitizenReimbursement(stays=[], results=None, explanation=None)
    schedules = rate_schedules(s.shelter_id for s in stays)
    key = str(citizen.pk)
    table = StayTable.from_rows([stay_row(s, schedules, key) for s in stays])
    try:
        results, explanations = reimburse_plain(
            table, as_of=as_of, params=params or default_parameters(), readings=readings
        )
    except ValueError as exc:  # a rate or parameter missing for a day of a stay
        return CitizenReimbursement(stays=stays, results=None, explanation=None, problem=str(exc))
    return CitizenReimbursement(stays=stays, results=results, explanation=explanations.get(key))
