"""What the list over time shows, gathered once for the page and the xlsx."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db.models import Min, QuerySet

from hjemvej.citizens.models import ByNameListEvent, Citizen, ListEventReason
from hjemvej.core.charts import Chart
from hjemvej.core.law import UsedParameter, used_values
from hjemvej.stats.flows.charts import movement_chart, stock_chart
from hjemvej.stats.flows.selectors import (
    AGE_BANDS,
    AGE_UNKNOWN,
    INFLOW,
    OUTFLOW,
    SITUATIONS,
    Flows,
    MonthFlow,
    list_flows,
)
from hjemvej.stats.flows.targets import TargetLine, target_lines

REASONS = dict(ListEventReason.choices)


class Row(NamedTuple):
    """A month and its counts in a table's columns."""

    month: MonthFlow
    counts: list[int]


@dataclass(frozen=True)
class FlowsView:
    """The months chosen with their charts, and the targets held against today's counts."""

    municipality_id: int
    flows: Flows
    now: MonthFlow
    targets: list[TargetLine]
    stock: Chart
    movement: Chart

    @property
    def months(self) -> list[MonthFlow]:
        return self.flows.months

    @property
    def inflow_labels(self) -> list[tuple[str, str]]:
        return [(key, str(REASONS[key])) for key in INFLOW]

    @property
    def outflow_labels(self) -> list[tuple[str, str]]:
        return [(key, str(REASONS[key])) for key in OUTFLOW]

    @property
    def reason_rows(self) -> list[Row]:
        """Return each month's inflow and outflow by reason, in the columns' order."""
        return [
            Row(m, [*(m.entered[k] for k in INFLOW), *(m.left[k] for k in OUTFLOW)])
            for m in self.months
        ]

    @property
    def situation_labels(self) -> list[tuple[str, str]]:
        return list(SITUATIONS)

    @property
    def situation_rows(self) -> list[Row]:
        return [Row(m, [m.by_situation[k] for k, _ in SITUATIONS]) for m in self.months]

    @property
    def age_labels(self) -> list[tuple[str, str]]:
        return [(band.key, band.label) for band in (*AGE_BANDS, AGE_UNKNOWN)]

    @property
    def age_rows(self) -> list[Row]:
        keys = [key for key, _ in self.age_labels]
        return [Row(m, [m.by_age[k] for k in keys]) for m in self.months]

    @property
    def limits(self) -> list[UsedParameter]:
        """Return the long-term limits the months used, each with its status."""
        return used_values(self.flows.long_term_limits)


def first_month(citizens: QuerySet[Citizen], today: date) -> date:
    """Return the first month with a list event of the citizens (this month when none)."""
    found = ByNameListEvent.objects.filter(citizen__in=citizens).aggregate(first=Min("date"))
    first: date | None = found["first"]
    return (first or today).replace(day=1)


def flows_view(
    citizens: QuerySet[Citizen], *, municipality_id: int, first: date, last: date, today: date
) -> FlowsView:
    """Return the months from ``first`` to ``last`` counted to today, and today's targets."""
    flows = list_flows(
        citizens, first=first, last=last, as_of=today, municipality_id=municipality_id
    )
    shown_today = flows.months[-1].month == today.replace(day=1)
    now = (
        flows.months[-1]
        if shown_today
        else list_flows(
            citizens, first=today, last=today, as_of=today, municipality_id=municipality_id
        ).months[0]
    )
    targets = target_lines(municipality_id, now)
    return FlowsView(
        municipality_id=municipality_id,
        flows=flows,
        now=now,
        targets=targets,
        stock=stock_chart(flows.months, targets),
        movement=movement_chart(flows.months),
    )
