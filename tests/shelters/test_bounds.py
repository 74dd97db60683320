"""Plausible values on shelters: daily rates (the shelter's and a stay's agreed rate) and a
reduced own payment, through the services and the admin's rate form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.core.bounds import NeedsConfirmation
from hjemvej.core.errors import DomainError
from hjemvej.shelters.models import OwnPayment, Shelter, ShelterRate, Stay
from hjemvej.shelters.services import shelter_rate_set, stay_admit, stay_update
from tests import factories
from tests.shelters.test_admin import change_data, url

TODAY = factories.TODAY
USUAL = Decimal("5000.00")  # bounds.shelter.daily_rate.usual
MAXIMUM = Decimal("25000.00")  # bounds.shelter.daily_rate.max
STATUTORY = Decimal("96.71")  # shelter.own_payment.daily in 2026
CENT = Decimal("0.01")

pytestmark = pytest.mark.django_db


def admit(worker: User, citizen: Citizen, shelter: Shelter, **kw: Any) -> Stay:
    return stay_admit(
        actor=worker,
        citizen=citizen,
        shelter=shelter,
        admitted=date(2026, 11, 1),
        today=TODAY,
        **kw,
    )


def confirmations(obj: object) -> list[Any]:
    entry = (
        AuditEntry.objects.filter(object_type=obj._meta.label, object_id=str(obj.pk))  # type: ignore[attr-defined]
        .order_by("-pk")
        .first()
    )
    assert entry is not None
    return list(entry.detail.get("confirmed_outside_bounds", []))


# --- The shelter's rate ---------------------------------------------------------------------------


@pytest.mark.parametrize("rate", [USUAL - CENT, USUAL])
def test_a_rate_at_or_under_the_usual_bound_is_set(shelter: Shelter, rate: Decimal) -> None:
    admin = User.objects.get(role=Role.ADMIN)
    saved = shelter_rate_set(
        actor=admin, shelter=shelter, valid_from=date(2026, 7, 1), daily_rate=rate
    )
    assert saved.daily_rate == rate
    assert confirmations(saved) == []


def test_a_rate_over_the_usual_bound_needs_confirmation(shelter: Shelter) -> None:
    admin = User.objects.get(role=Role.ADMIN)
    with pytest.raises(NeedsConfirmation) as caught:
        shelter_rate_set(
            actor=admin, shelter=shelter, valid_from=date(2026, 7, 1), daily_rate=USUAL + CENT
        )
    assert caught.value.field == "daily_rate"
    assert "5.000,00 kr." in caught.value.message
    assert not shelter.rates.filter(valid_from=date(2026, 7, 1)).exists()
    saved = shelter_rate_set(
        actor=admin,
        shelter=shelter,
        valid_from=date(2026, 7, 1),
        daily_rate=USUAL + CENT,
        confirmed=True,
    )
    assert confirmations(saved) == [
        {"field": "daily_rate", "bound": "bounds.shelter.daily_rate.usual"}
    ]


@pytest.mark.parametrize(("rate", "refused"), [(MAXIMUM, False), (MAXIMUM + CENT, True)])
def test_a_rate_over_the_maximum_is_refused_even_confirmed(
    shelter: Shelter, rate: Decimal, refused: bool
) -> None:
    admin = User.objects.get(role=Role.ADMIN)
    if not refused:
        shelter_rate_set(
            actor=admin,
            shelter=shelter,
            valid_from=date(2026, 7, 1),
            daily_rate=rate,
            confirmed=True,
        )
        return
    with pytest.raises(DomainError) as caught:
        shelter_rate_set(
            actor=admin,
            shelter=shelter,
            valid_from=date(2026, 7, 1),
            daily_rate=rate,
            confirmed=True,
        )
    assert not isinstance(caught.value, NeedsConfirmation)
    assert "25.000,00 kr." in caught.value.message
    assert not shelter.rates.filter(valid_from=date(2026, 7, 1)).exists()


# --- A stay's agreed rate and reduced own payment ------------------------------------------------


def test_an_agreed_rate_at_the_usual_bound_is_admitted(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter, agreed_daily_rate=USUAL)
    assert stay.agreed_daily_rate == USUAL


def test_an_agreed_rate_over_the_usual_bound_is_admitted_only_confirmed(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    with pytest.raises(NeedsConfirmation):
        admit(worker, citizen, shelter, agreed_daily_rate=USUAL + CENT)
    assert not Stay.objects.filter(citizen=citizen).exists()
    assert citizen.situations.get().situation == "street"  # nothing half-written
    stay = admit(worker, citizen, shelter, agreed_daily_rate=USUAL + CENT, confirmed=True)
    assert confirmations(stay) == [
        {"field": "agreed_daily_rate", "bound": "bounds.shelter.daily_rate.usual"}
    ]


def test_the_finding_s_agreed_rate_is_refused(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    with pytest.raises(DomainError) as caught:
        admit(worker, citizen, shelter, agreed_daily_rate=Decimal("9999999"), confirmed=True)
    assert caught.value.field == "agreed_daily_rate"
    assert not Stay.objects.filter(citizen=citizen).exists()


@pytest.mark.parametrize(
    ("reduced", "ok"), [(STATUTORY - CENT, True), (STATUTORY, True), (STATUTORY + CENT, False)]
)
def test_a_reduced_own_payment_is_at_most_the_statutory_one(
    worker: User, citizen: Citizen, shelter: Shelter, reduced: Decimal, ok: bool
) -> None:
    kw: dict[str, Any] = {"own_payment": OwnPayment.REDUCED, "own_payment_reduced": reduced}
    if ok:
        assert admit(worker, citizen, shelter, **kw).own_payment_reduced == reduced
        return
    with pytest.raises(DomainError) as caught:
        admit(worker, citizen, shelter, **kw, confirmed=True)
    assert caught.value.field == "own_payment_reduced"
    assert "96,71 kr." in caught.value.message


def test_a_correction_holds_the_same_bounds(
    worker: User, citizen: Citizen, shelter: Shelter
) -> None:
    stay = admit(worker, citizen, shelter)
    common: dict[str, Any] = {
        "actor": worker,
        "stay": stay,
        "admitted": stay.admitted,
        "discharged": None,
        "today": TODAY,
    }
    with pytest.raises(DomainError) as reduced:
        stay_update(**common, own_payment=OwnPayment.REDUCED, own_payment_reduced=STATUTORY + CENT)
    assert reduced.value.field == "own_payment_reduced"
    with pytest.raises(NeedsConfirmation):
        stay_update(**common, agreed_daily_rate=USUAL + CENT)
    stay.refresh_from_db()
    assert stay.agreed_daily_rate is None
    stay_update(**common, agreed_daily_rate=USUAL + CENT, confirmed=True)
    assert confirmations(stay) == [
        {"field": "agreed_daily_rate", "bound": "bounds.shelter.daily_rate.usual"}
    ]


# --- The admin's rate form -----------------------------------------------------------------------


@pytest.fixture
def superuser() -> User:
    user = factories.user("admin", Role.ADMIN)
    user.is_staff = user.is_superuser = True
    user.save()
    return user


def test_the_admin_refuses_a_rate_over_the_maximum(client: Client, superuser: User) -> None:
    shelter = factories.shelter()
    first = shelter.rates.get()
    client.force_login(superuser)
    data = change_data(
        shelter, [(first.pk, "2018-01-01", "1500.00"), (None, "2026-07-01", "25000.01")]
    )
    data["rates-1-confirmed"] = "on"
    response = client.post(url(shelter), data)
    assert response.status_code == 200
    assert "25.000,00 kr." in response.content.decode()
    assert not shelter.rates.filter(valid_from=date(2026, 7, 1)).exists()


def test_the_admin_asks_for_confirmation_and_logs_it(client: Client, superuser: User) -> None:
    shelter = factories.shelter()
    first = shelter.rates.get()
    client.force_login(superuser)
    data = change_data(
        shelter, [(first.pk, "2018-01-01", "1500.00"), (None, "2026-07-01", "5000.01")]
    )
    response = client.post(url(shelter), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Jeg bekræfter beløbet" in page
    assert "mere end sædvanligt" in page
    assert not shelter.rates.filter(valid_from=date(2026, 7, 1)).exists()
    data["rates-1-confirmed"] = "on"
    response = client.post(url(shelter), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    rate = ShelterRate.objects.get(shelter=shelter, valid_from=date(2026, 7, 1))
    assert rate.daily_rate == Decimal("5000.01")
    assert confirmations(rate) == [
        {"field": "daily_rate", "bound": "bounds.shelter.daily_rate.usual"}
    ]


def test_the_admin_saves_a_rate_at_the_usual_bound_without_asking(
    client: Client, superuser: User
) -> None:
    shelter = factories.shelter()
    first = shelter.rates.get()
    client.force_login(superuser)
    data = change_data(shelter, [(first.pk, "2018-01-01", "1500.00"), (None, "2026-07-01", "5000")])
    assert client.post(url(shelter), data).status_code == 302
