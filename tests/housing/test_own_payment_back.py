"""Own payment paid back for a deposit or an establishment: at most what the stays collected."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.economy.selectors.housing import grant_figures
from hjemvej.housing import services
from hjemvej.housing.models import GrantKind
from hjemvej.housing.own_payment import own_payment_back
from hjemvej.rules.parameters import default_parameters
from hjemvej.shelters.models import OwnPayment
from hjemvej.shelters.services import stay_admit, stay_discharge
from tests import factories
from tests.housing.conftest import TODAY

pytestmark = pytest.mark.django_db

OWN = "shelter.own_payment.daily"


def statutory(on: date) -> int:
    """Return the statutory own payment per day in øre (bek. nr. 1244 af 13. november 2017)."""
    return default_parameters().money(OWN, on)


def stay(cw: User, person: Citizen, admitted: date, discharged: date, **kw: object) -> None:
    made = stay_admit(
        actor=cw,
        citizen=person,
        shelter=factories.shelter(f"Herberget {admitted:%m%d}"),
        admitted=admitted,
        today=TODAY,
        **kw,  # type: ignore[arg-type]
    )
    stay_discharge(actor=cw, stay=made, discharged=discharged, today=TODAY)


def back(amount: str, decided_on: date = TODAY) -> services.GrantData:
    return services.GrantData(
        kind=GrantKind.OWN_PAYMENT_BACK, amount=Decimal(amount), decided_on=decided_on
    )


def test_at_most_the_own_payment_of_the_period_s_stays(cw: User, person: Citizen) -> None:
    stay(cw, person, date(2026, 3, 1), date(2026, 3, 31))  # 30 nights
    paid = own_payment_back(person, TODAY)
    expected = 30 * statutory(date(2026, 3, 1))
    assert paid.total == expected
    assert paid.since == date(2025, 3, 1)  # the citizen came onto the list with the situation
    kroner = Decimal(expected) / 100
    over = f"{kroner + Decimal('0.01')}"
    with pytest.raises(DomainError) as caught:
        services.grant_create(actor=cw, citizen=person, data=back(over), today=TODAY)
    assert caught.value.field == "amount"
    assert "30 ophold" not in caught.value.message  # one stay: "1 ophold"
    assert "1 ophold siden 01.03.2025" in caught.value.message
    grant = services.grant_create(actor=cw, citizen=person, data=back(f"{kroner}"), today=TODAY)
    assert grant.amount == kroner


def test_a_reduced_own_payment_counts_as_reduced(cw: User, person: Citizen) -> None:
    stay(
        cw,
        person,
        date(2026, 4, 1),
        date(2026, 4, 11),
        own_payment=OwnPayment.REDUCED,
        own_payment_reduced=Decimal("20.00"),
    )
    assert own_payment_back(person, TODAY).total == 10 * 2000


def test_stays_before_the_citizen_last_came_onto_the_list_do_not_count(
    cw: User, person: Citizen
) -> None:
    from hjemvej.citizens.services import homelessness_end, situation_add

    stay(cw, person, date(2025, 6, 1), date(2025, 6, 11))
    homelessness_end(actor=cw, citizen=person, on=date(2025, 7, 1), reason="housed", today=TODAY)
    situation_add(actor=cw, citizen=person, situation="street", start=date(2026, 2, 1), today=TODAY)
    stay(cw, person, date(2026, 5, 1), date(2026, 5, 6))
    paid = own_payment_back(person, TODAY)
    assert paid.since == date(2026, 2, 1)
    assert paid.total == 5 * statutory(date(2026, 5, 1))


def test_without_stays_there_is_nothing_to_pay_back(cw: User, person: Citizen) -> None:
    with pytest.raises(DomainError) as caught:
        services.grant_create(actor=cw, citizen=person, data=back("100"), today=TODAY)
    assert caught.value.field == "kind"
    assert "ingen ophold" in caught.value.message
    # A refusal needs no stays: it is recorded with its reason.
    refused = services.GrantData(
        kind=GrantKind.OWN_PAYMENT_BACK,
        amount=Decimal(0),
        decided_on=TODAY,
        decision="refused",
        reason="Kommunen betaler ikke egenbetaling tilbage.",
    )
    services.grant_create(actor=cw, citizen=person, data=refused, today=TODAY)


def test_the_economy_counts_the_own_payment_paid_back(cw: User, person: Citizen) -> None:
    stay(cw, person, date(2026, 3, 1), date(2026, 3, 11))
    amount = Decimal(10 * statutory(date(2026, 3, 1))) / 100
    services.grant_create(actor=cw, citizen=person, data=back(f"{amount}"), today=TODAY)
    figures = grant_figures(cw.municipality_id, year=TODAY.year)  # type: ignore[arg-type]
    total = next(k for k in figures.per_kind if k.column.kind == GrantKind.OWN_PAYMENT_BACK)
    assert total.granted == 1
    assert total.amount == int(amount * 100)


def test_in_bulk_each_citizen_counts_as_alone_in_a_fixed_number_of_queries(
    cw: User, person: Citizen
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from hjemvej.citizens.services import homelessness_end, situation_add
    from hjemvej.housing.own_payment import own_payments_back

    other = factories.citizen(cw, first_name="Bo", start=date(2025, 1, 1))
    never = factories.citizen(cw, first_name="Carl", start=date(2025, 1, 1))
    stay(cw, person, date(2025, 6, 1), date(2025, 6, 11))
    homelessness_end(actor=cw, citizen=person, on=date(2025, 7, 1), reason="housed", today=TODAY)
    situation_add(actor=cw, citizen=person, situation="street", start=date(2026, 2, 1), today=TODAY)
    stay(cw, person, date(2026, 5, 1), date(2026, 5, 6))
    stay(cw, other, date(2026, 3, 1), date(2026, 3, 31))
    stay(cw, other, date(2026, 9, 1), date(2026, 9, 11), own_payment=OwnPayment.WAIVED)
    days = {person.pk: TODAY, other.pk: date(2026, 9, 5), never.pk: TODAY}
    with CaptureQueriesContext(connection) as queries:
        found = own_payments_back(days)
    assert len(queries) == 3  # list events, stays with their shelters, the shelters' rates
    assert set(found) == set(days)
    for citizen in (person, other, never):
        alone = own_payment_back(citizen, days[citizen.pk])
        assert found[citizen.pk].total == alone.total
        assert found[citizen.pk].since == alone.since
        assert [s.pk for s, _ in found[citizen.pk].stays] == [s.pk for s, _ in alone.stays]
    assert found[person.pk].total == 5 * statutory(date(2026, 5, 1))
    assert found[other.pk].total == 30 * statutory(date(2026, 3, 1))  # waived: nothing
    assert found[never.pk].total == 0
