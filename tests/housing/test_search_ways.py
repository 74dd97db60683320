"""The dwelling search when nothing fits: why (in kroner), and each way forward computed.

A citizen on kontanthjælp (7.100 kr. after tax, basic rate with single supplement) can pay a
few hundred kroner in rent with the standard budget of 6.900 kr.; every available dwelling costs
more. The page says so, and works out what the budget floor, the housing benefit and other
dwelling types and areas would give, with a link back to the payment capacity. Age-restricted
dwelling types (ungdomsbolig, ældrebolig) are warned about, never hidden.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.citizens.models import Citizen
from hjemvej.housing import services
from hjemvej.rules.affordability import (
    CASH_BENEFIT_RATES,
    Household,
    Income,
    affordable_rent,
    payment_capacity,
)
from hjemvej.rules.parameters import default_parameters, format_kroner
from tests import factories
from tests.housing import world as build
from tests.housing.conftest import TODAY, World, login

pytestmark = pytest.mark.django_db

CASH = [
    Income(
        kind="cash_benefit",
        monthly_after_tax=710_000,
        rates=(CASH_BENEFIT_RATES["basic"], CASH_BENEFIT_RATES["single_supplement"]),
    )
]


def plain(html: str) -> str:
    """Return the page's text without tags, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def kr(oere: int) -> str:
    return f"{format_kroner(oere)} kr."


def _citizen_on_cash_benefit(world: World, born: date | None) -> Citizen:
    cw = world.case_worker
    person = factories.citizen(cw, first_name="Kontant", last_name="Hjælp")
    Citizen.objects.filter(pk=person.pk).update(birth_date=born)
    build.cash_benefit(cw, person)
    return person


def _other_kinds(world: World) -> None:
    cw = world.case_worker
    owner = build.landlord(cw, "Boligselskabet Nord")
    build.dwelling(
        cw, owner, address="Ungevej 5", rent="2000", utilities="200", area_m2=30,
        postcode="8200", kind="youth",
    )  # fmt: skip
    build.dwelling(
        cw, owner, address="Skævvej 7", rent="1600", utilities="200", area_m2=25,
        postcode="8210", kind="skaev",
    )  # fmt: skip


def test_nothing_fits_explains_why_and_computes_every_way_forward(
    world: World, client: Client
) -> None:
    _other_kinds(world)
    person = _citizen_on_cash_benefit(world, date(1985, 5, 1))  # 41 years old
    login(client, world.case_worker)
    html = client.get(reverse("housing:search", kwargs={"pk": person.pk})).content.decode()
    text = plain(html)

    best = affordable_rent(incomes=CASH, household=Household(), area_m2=None, on=TODAY)
    assert best.feasible
    assert best.max_rent < 180_000  # below every available dwelling
    # Why: the affordable rent against the cheapest available dwelling, in kroner.
    assert "Hvorfor ingen bolig passer" in text
    assert f"Den højeste husleje med forbrug, Kontant Hjælp kan betale, er {kr(best.max_rent)}" in (
        text
    )
    cheapest = 180_000  # Skævvej 7
    assert f"Den billigste ledige bolig koster {kr(cheapest)} (Skævvej 7)" in text
    assert f"{kr(cheapest - best.max_rent)} mere end betalingsevnen" in text

    # The budget floor: what rent would be affordable if the budget were set to the floor.
    floor = default_parameters().money("affordability.budget.floor", TODAY)
    at_floor = affordable_rent(
        incomes=CASH, household=Household(), area_m2=None, on=TODAY, budget=floor
    )
    within_floor = sum(1 for total in (180_000, 220_000, 320_000) if total <= at_floor.max_rent)
    assert (
        f"Med budgettet sat til gulvet på {kr(floor)} i stedet for {kr(best.budget)} er den "
        f"højeste betalbare husleje med forbrug {kr(at_floor.max_rent)}" in text
    )
    assert f"{within_floor} ledige boliger koster højst det" in text
    assert "affordability.budget.floor" not in text  # named by its title, not its key

    # Housing benefit: already in the capacity; how much it adds at the cheapest dwelling.
    at_cheapest = payment_capacity(
        incomes=CASH, rent=cheapest, household=Household(), area_m2=25, on=TODAY
    )
    assert (
        f"Ved den billigste bolig ({kr(cheapest)}, 25 m²) giver boligsikringen "
        f"{kr(at_cheapest.housing_benefit.monthly)} om måneden" in text
    )
    assert f"rådighedsbeløbet bliver {kr(at_cheapest.disposable_amount)}" in text
    assert (
        f"{kr(at_cheapest.budget - at_cheapest.disposable_amount)} under budgettet på "
        f"{kr(at_cheapest.budget)}" in text
    )

    # Other dwelling types and areas: what is available, and with the age remark.
    table = re.search(r'<table[^>]*class="[^"]*ways-kinds.*?</table>', html, re.S)
    assert table is not None
    rows = plain(table.group(0))
    assert "Skæv bolig 8210 1 1.800,00 kr." in rows
    assert "Ungdomsbolig 8200 1 2.200,00 kr." in rows
    assert "Almen familiebolig 8000 1 3.200,00 kr." in rows
    assert "Borgeren er 41 år" in rows

    # And the way back to the payment capacity.
    back = reverse("housing:citizen", kwargs={"pk": person.pk}) + "#betalingsevne"
    assert f'href="{back}"' in html


def test_with_no_rent_affordable_the_floor_is_still_worked_out(
    world: World, client: Client
) -> None:
    cw = world.case_worker
    person = factories.citizen(cw, first_name="Lav", last_name="Indkomst")
    services.income_add(
        actor=cw,
        citizen=person,
        data=services.IncomeData(
            kind="cash_benefit",
            monthly_after_tax=Decimal("6000"),
            valid_from=date(2026, 1, 1),
            rates=("basic",),
        ),
    )
    login(client, cw)
    text = plain(client.get(reverse("housing:search", kwargs={"pk": person.pk})).content.decode())
    assert "Ingen husleje er betalbar" in text
    assert "Den højeste husleje med forbrug, Lav Indkomst kan betale, er 0,00 kr." in text
    assert "Med budgettet sat til gulvet på 4.000,00 kr." in text
    assert "Den billigste ledige bolig koster 3.200,00 kr. (Østergade 2, st.)" in text


def test_a_filter_that_leaves_nothing_says_so_and_points_to_other_areas(
    world: World, client: Client
) -> None:
    _other_kinds(world)
    person = _citizen_on_cash_benefit(world, date(1990, 1, 1))
    login(client, world.case_worker)
    text = plain(
        client.get(
            reverse("housing:search", kwargs={"pk": person.pk}), {"postnummer": "9999"}
        ).content.decode()
    )
    assert "Der er ingen ledige boliger med disse filtre." in text
    assert "Andre boligtyper og områder" in text
    assert "Skæv bolig 8210" in text


def test_an_ungdomsbolig_in_the_list_warns_a_41_year_old(world: World, client: Client) -> None:
    cw = world.case_worker
    owner = build.landlord(cw, "Ungdomsboligerne")
    build.dwelling(cw, owner, address="Kollegievej 1", rent="800", utilities="100", kind="youth")
    build.dwelling(cw, owner, address="Plejevej 2", rent="700", utilities="100", kind="senior")
    person = factories.citizen(cw, first_name="Ung", last_name="Nok")
    Citizen.objects.filter(pk=person.pk).update(birth_date=date(1985, 5, 1))
    services.income_add(
        actor=cw,
        citizen=person,
        data=services.IncomeData(
            kind="cash_benefit",
            monthly_after_tax=Decimal("9500"),
            valid_from=date(2026, 1, 1),
            rates=("basic", "single_supplement"),
        ),
    )
    login(client, cw)
    html = client.get(reverse("housing:search", kwargs={"pk": person.pk})).content.decode()
    text = plain(html)
    assert "Kollegievej 1" in text  # warned, never hidden
    assert "Plejevej 2" in text
    assert "Boligen er en ungdomsbolig. Borgeren er 41 år" in text
    assert "Boligen er en ældrebolig. Borgeren er 41 år" in text
    assert "Må ikke anvises" not in text
    assert "Hvorfor ingen bolig passer" not in text
