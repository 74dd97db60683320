"""The housing demo: built through the services on top of the small demo, varied and fast."""

from __future__ import annotations

import random

import pytest

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.demo import build as demo
from hjemvej.demo.common import DEMO_CODE
from hjemvej.demo.small_base import Demo
from hjemvej.demo.small_housing import play_housing
from hjemvej.housing.models import (
    Dwelling,
    Grant,
    GrantDecision,
    HousingOffer,
    IncomeSource,
    OfferStatus,
    Tenancy,
    TenancyEnd,
    TenancyRisk,
)
from hjemvej.shelters.models import Shelter
from tests.housing.conftest import TODAY

pytestmark = pytest.mark.django_db


def _demo_context() -> tuple[Demo, list[Citizen], dict[str, User]]:
    municipality_citizens = list(
        Citizen.objects.filter(acting_municipality__code=DEMO_CODE).order_by("pk")
    )
    municipality = municipality_citizens[0].acting_municipality
    shelters = list(Shelter.objects.order_by("pk"))
    internal = [i for i, s in enumerate(shelters) if s.municipality_id == municipality.pk]
    logins = {u.username: u for u in User.objects.filter(municipality=municipality)}
    context = Demo(
        actor=User.objects.get(username="demo"),
        municipality=municipality,
        shelters=shelters,
        internal=internal,
        external=[i for i in range(len(shelters)) if i not in internal],
        workers=[],
        favourite_worker=logins.get("bostoette"),
        today=TODAY,
    )
    return context, municipality_citizens, logins


def test_the_housing_demo(monkeypatch: pytest.MonkeyPatch) -> None:
    # The small demo calls the way-out stages itself; here they wait so this one runs alone.
    for stage in ("play_housing", "play_methods", "play_followup", "play_tasks"):
        monkeypatch.setattr(f"hjemvej.demo.small.{stage}", lambda *_: "", raising=False)
    demo.create(today=TODAY, citizens=150, say=lambda _: None, allow_demo_users=True)
    context, citizens, logins = _demo_context()
    line = play_housing(random.Random(7), context, citizens, logins)
    assert line.startswith("Boliger: ")
    assert Dwelling.objects.count() >= 30
    assert IncomeSource.objects.count() > 60
    statuses = set(HousingOffer.objects.values_list("status", flat=True))
    assert {OfferStatus.OFFERED, OfferStatus.DECLINED, OfferStatus.ACCEPTED} <= statuses
    assert Tenancy.objects.filter(move_out__isnull=True).exists()
    assert Tenancy.objects.filter(end_reason=TenancyEnd.EVICTED).exists()
    assert TenancyRisk.objects.filter(resolved_on__isnull=True).exists()
    kinds = set(Grant.objects.values_list("kind", flat=True))
    assert len(kinds) >= 5
    assert Grant.objects.filter(decision=GrantDecision.REFUSED).exists()
    assert Grant.objects.filter(decided_on__year=TODAY.year).count() > 10
    # The same seed gives the same line.
    assert f"lejemål: {Tenancy.objects.count()}" in line
