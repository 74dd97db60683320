"""``stays_record_many`` writes what ``stay_record`` writes, stay by stay, under the same rules."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, cast

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.history import HistoryRefused
from hjemvej.citizens.models import Citizen, CitizenState
from hjemvej.core.bounds import AUDIT_KEY, NeedsConfirmation, bound_oere
from hjemvej.core.errors import DomainError
from hjemvej.shelters.history import (
    PastStay,
    stay_history_check,
    stay_record,
    stays_record_many,
)
from hjemvej.shelters.models import ExitReason, OwnPayment, Shelter, Stay
from hjemvej.shelters.services import stay_admit
from tests import factories
from tests.bulk_same import written

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db


def test_the_bulk_variant_writes_the_same_stays_states_and_audit_entries(
    worker: User, shelter: Shelter
) -> None:
    first = factories.citizen(worker)
    second = factories.citizen(worker, cpr="0202852345")
    usual = Decimal(bound_oere("bounds.shelter.daily_rate.usual", date(2025, 1, 1))) / 100
    stays = [
        PastStay(first, shelter, date(2025, 1, 1), date(2025, 2, 1), agreed_daily_rate=usual + 1),
        PastStay(
            second, shelter, date(2025, 3, 1), date(2025, 3, 1), exit_reason=ExitReason.AGREEMENT
        ),
        PastStay(first, shelter, date(2025, 2, 1)),
    ]

    def one_by_one() -> list[Citizen]:
        for past in stays:
            stay_record(actor=worker, past=past, today=TODAY, confirmed=True)
        return [first, second]

    def in_bulk() -> list[Citizen]:
        checked = [stay_history_check(p, actor=worker, today=TODAY, confirmed=True) for p in stays]
        stays_record_many(actor=worker, stays=checked)
        return [first, second]

    single = written(one_by_one, (Stay, CitizenState))
    bulk = written(in_bulk, (Stay, CitizenState))
    assert len(single["shelters.Stay"]) == 3
    assert single["shelters.Stay"][0]["exit_reason"] == ExitReason.UNKNOWN  # as a discharge
    first_entry = cast(tuple[Any, ...], single["audit"][0])  # (action, user, …, detail)
    assert first_entry[5][AUDIT_KEY] == [
        {"field": "agreed_daily_rate", "bound": "bounds.shelter.daily_rate.usual"}
    ]
    assert single["chain_broken"] == []
    assert bulk == single


def test_a_past_stay_is_held_to_the_admission_rules(worker: User, shelter: Shelter) -> None:
    citizen = factories.citizen(worker)
    statutory = Decimal(bound_oere("shelter.own_payment.daily", date(2025, 1, 1))) / 100
    reduced = PastStay(
        citizen,
        shelter,
        date(2025, 1, 1),
        own_payment=OwnPayment.REDUCED,
        own_payment_reduced=statutory + 1,
    )
    with pytest.raises(DomainError) as refused:
        stay_history_check(reduced, actor=worker, today=TODAY)
    assert refused.value.field == "own_payment_reduced"
    with pytest.raises(DomainError) as refused_too:  # the same rule, from the same function
        stay_admit(
            actor=worker,
            citizen=citizen,
            shelter=shelter,
            admitted=date(2025, 1, 1),
            today=TODAY,
            own_payment=OwnPayment.REDUCED,
            own_payment_reduced=statutory + 1,
        )
    assert refused_too.value.message == refused.value.message
    usual = Decimal(bound_oere("bounds.shelter.daily_rate.usual", date(2025, 1, 1))) / 100
    with pytest.raises(NeedsConfirmation):
        stay_history_check(
            PastStay(citizen, shelter, date(2025, 1, 1), agreed_daily_rate=usual + 1),
            actor=worker,
            today=TODAY,
        )


def test_a_stay_sharing_a_night_refuses_them_all(worker: User, shelter: Shelter) -> None:
    citizen = factories.citizen(worker)
    checked = [
        stay_history_check(p, actor=worker, today=TODAY)
        for p in (
            PastStay(citizen, shelter, date(2025, 1, 1), date(2025, 2, 1)),
            PastStay(citizen, shelter, date(2025, 1, 31), date(2025, 1, 31)),  # one night
        )
    ]
    with pytest.raises(HistoryRefused) as refused:
        stays_record_many(actor=worker, stays=checked)
    assert refused.value.index == 1
    assert not Stay.objects.exists()
