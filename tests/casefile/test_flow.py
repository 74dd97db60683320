"""Monthly inflow and outflow of the by-name list are one query over its event log."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.accounts.models import Role
from hjemvej.accounts.policy import citizens_for
from hjemvej.casefile.selectors import list_flow_by_month
from hjemvej.citizens.models import ListEventReason, Situation
from hjemvej.citizens.services import situation_add, situation_end
from tests import factories


@pytest.mark.django_db
def test_inflow_and_outflow_by_month_and_reason(django_assert_num_queries: object) -> None:
    worker = factories.user("rita", Role.CASE_WORKER)
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 1, 10))
    factories.citizen(worker, first_name="Bo", start=date(2026, 1, 20))
    factories.citizen(worker, first_name="Carl", start=date(2026, 3, 5))
    situation_end(
        actor=worker,
        citizen=anna,
        end=date(2026, 2, 14),
        reason=ListEventReason.HOUSED,
        today=factories.TODAY,
    )
    situation_add(
        actor=worker,
        citizen=anna,
        situation=Situation.SOFA,
        start=date(2026, 3, 1),
        today=factories.TODAY,
    )
    with django_assert_num_queries(1):  # type: ignore[operator]
        flow = list_flow_by_month(
            citizens_for(worker), start=date(2026, 1, 1), end=date(2026, 4, 1)
        )
    assert [m.month for m in flow] == [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)]
    assert [(m.inflow, m.outflow) for m in flow] == [(2, 0), (0, 1), (2, 0)]
    assert flow[0].entered == {ListEventReason.NEWLY_IDENTIFIED: 2}
    assert flow[1].left == {ListEventReason.HOUSED: 1}
    assert flow[2].entered == {
        ListEventReason.NEWLY_IDENTIFIED: 1,
        ListEventReason.RETURNED_FROM_HOUSING: 1,
    }
