"""§ 110 shelter stays: days, cost, own payment and § 177 state reimbursement."""

from hjemvej.rules.shelter.batch import reimburse
from hjemvej.rules.shelter.model import (
    MISSING,
    RateSchedule,
    Readings,
    StayResults,
    StayRow,
    StayTable,
)
from hjemvej.rules.shelter.plain import CitizenExplanation, reimburse_plain

__all__ = [
    "MISSING",
    "CitizenExplanation",
    "RateSchedule",
    "Readings",
    "StayResults",
    "StayRow",
    "StayTable",
    "reimburse",
    "reimburse_plain",
]
