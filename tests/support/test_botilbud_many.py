"""``botilbud_stays_add_many`` writes what ``botilbud_stay_add`` writes, stay by stay."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.support.botilbud import (
    BotilbudRefused,
    botilbud_build,
    botilbud_stay_add,
    botilbud_stays_add_many,
)
from hjemvej.support.models import BotilbudStay
from tests import factories
from tests.bulk_same import written

TODAY = factories.TODAY

pytestmark = pytest.mark.django_db


def _stays(first: Citizen, second: Citizen) -> list[dict[str, object]]:
    return [
        {
            "citizen": first,
            "provider": " Botilbuddet Åbo ",
            "decided_on": date(2025, 2, 1),
            "start": date(2025, 2, 1),
            "end": date(2025, 6, 1),
            "monthly_cost": Decimal("42000.50"),
            "note": "akut",
        },
        {
            "citizen": second,
            "provider": "Skovly",
            "decided_on": date(2025, 3, 1),
            "start": date(2025, 2, 20),
            "end": None,
            "monthly_cost": Decimal(0),
        },
        {
            "citizen": first,
            "provider": "Åbo",
            "decided_on": date(2025, 6, 1),
            "start": date(2025, 6, 1),
            "end": None,
            "monthly_cost": Decimal("30000"),
        },
    ]


def test_the_bulk_variant_writes_the_same_stays_and_audit_entries(worker: User) -> None:
    first = factories.citizen(worker)
    second = factories.citizen(worker, cpr="0202852345")
    stays = _stays(first, second)

    def one_by_one() -> list[Citizen]:
        for stay in stays:
            botilbud_stay_add(actor=worker, today=TODAY, **stay)  # type: ignore[arg-type]
        return [first, second]

    def in_bulk() -> list[Citizen]:
        checked = [botilbud_build(actor=worker, today=TODAY, **s) for s in stays]  # type: ignore[arg-type]
        botilbud_stays_add_many(actor=worker, stays=checked)
        return [first, second]

    single = written(one_by_one, (BotilbudStay,))
    bulk = written(in_bulk, (BotilbudStay,))
    assert len(single["support.BotilbudStay"]) == 3
    assert single["support.BotilbudStay"][0]["provider"] == "Botilbuddet Åbo"
    assert len(single["audit"]) == 3
    assert single["chain_broken"] == []
    assert bulk == single


def test_an_overlap_in_the_batch_or_with_a_recorded_stay_is_refused_with_its_index(
    worker: User,
) -> None:
    first = factories.citizen(worker)
    second = factories.citizen(worker, cpr="0202852345")
    stays = _stays(first, second)
    botilbud_stay_add(actor=worker, today=TODAY, **stays[1])  # type: ignore[arg-type]
    checked = [botilbud_build(actor=worker, today=TODAY, **s) for s in stays]  # type: ignore[arg-type]
    with pytest.raises(BotilbudRefused) as refused:
        botilbud_stays_add_many(actor=worker, stays=checked)
    assert refused.value.index == 1
    assert refused.value.field == "start"
    assert "kan ikke overlappe" in refused.value.message
    assert BotilbudStay.objects.count() == 1


def test_the_build_refuses_what_the_form_refuses(worker: User) -> None:
    citizen = factories.citizen(worker)
    with pytest.raises(DomainError) as refused:
        botilbud_build(
            actor=worker,
            citizen=citizen,
            provider="Åbo",
            decided_on=date(2025, 7, 1),
            start=date(2025, 2, 1),
            end=date(2025, 6, 1),
            monthly_cost=Decimal(0),
            today=TODAY,
        )
    assert refused.value.field == "decided_on"
