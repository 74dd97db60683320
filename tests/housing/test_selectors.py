"""The reads other apps call: current tenancy, open risks, move-ins; one query each."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.housing import services
from hjemvej.housing.models import Tenancy
from hjemvej.housing.selectors import current_tenancy, open_tenancy_risks, tenancies_moved_in
from tests import factories
from tests.housing.conftest import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def cw() -> User:
    return factories.user("sagsbehandler", Role.CASE_WORKER)


def lease(cw: User, citizen: Citizen, move_in: date, move_out: date | None = None) -> Tenancy:
    tenancy = services.tenancy_create(
        actor=cw,
        citizen=citizen,
        address=f"Vej {move_in:%Y%m%d}",
        rent_monthly=Decimal(3000),
        lease_signed_on=min(move_in, TODAY),
        move_in=move_in,
        today=TODAY,
    )
    if move_out is not None:
        services.tenancy_end(
            actor=cw, tenancy=tenancy, move_out=move_out, end_reason="evicted", today=TODAY
        )
    return tenancy


def test_current_tenancy_is_closed_open(cw: User) -> None:
    person = factories.citizen(cw)
    first = lease(cw, person, date(2025, 1, 1), date(2026, 3, 1))
    second = lease(cw, person, date(2026, 3, 1))
    assert current_tenancy(person, date(2026, 2, 28)) == first
    assert current_tenancy(person, date(2026, 3, 1)) == second
    assert current_tenancy(person.pk, date(2024, 12, 31)) is None
    future = factories.citizen(cw, first_name="Senere")
    lease(cw, future, date(2026, 12, 1))
    assert current_tenancy(future, TODAY) is None


def test_open_risks_and_move_ins_for_many_citizens_in_one_query(
    cw: User, django_assert_num_queries: Any
) -> None:
    a = factories.citizen(cw, first_name="A")
    b = factories.citizen(cw, first_name="B")
    c = factories.citizen(cw, first_name="C")
    ta = lease(cw, a, date(2026, 1, 1))
    tb = lease(cw, b, date(2026, 2, 1), date(2026, 12, 31))  # evicted ahead
    lease(cw, c, date(2027, 1, 1))
    open_a = services.tenancy_risk_add(
        actor=cw,
        tenancy=ta,
        kind="arrears",
        noted_on=date(2026, 10, 1),
        amount=Decimal(900),
        today=TODAY,
    )
    done = services.tenancy_risk_add(
        actor=cw,
        tenancy=ta,
        kind="demand",
        noted_on=date(2026, 10, 2),
        amount=Decimal(900),
        today=TODAY,
    )
    services.tenancy_risk_resolve(actor=cw, risk=done, resolved_on=TODAY, today=TODAY)
    warning_b = services.tenancy_risk_add(
        actor=cw,
        tenancy=tb,
        kind="eviction_warning",
        noted_on=date(2026, 11, 1),
        deadline=date(2026, 11, 30),
        today=TODAY,
    )
    ids = [a.pk, b.pk, c.pk]
    with django_assert_num_queries(1):
        risks = open_tenancy_risks(ids, today=TODAY)
        assert [r.pk for r in risks] == [open_a.pk, warning_b.pk]
        assert risks[1].tenancy.citizen_id == b.pk
    assert [r.pk for r in open_tenancy_risks(ids)] == [open_a.pk]  # without today: no move-out
    with django_assert_num_queries(1):
        moved = tenancies_moved_in(ids, today=TODAY)
        assert [(t.citizen_id, t.move_in) for t in moved] == [
            (a.pk, date(2026, 1, 1)),
            (b.pk, date(2026, 2, 1)),
        ]
    assert len(tenancies_moved_in(Citizen.objects.filter(pk__in=ids).values("pk"))) == 3
