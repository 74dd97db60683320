"""The council report's section on the by-name list: the year's flows, a chart and a short text.

The figures are the statistics' own (``stats.flows``: the page /statistik/listen/ and ``hjemvej
stats flows``), for the months of the report's year up to the day it is made: the citizens on the
list, who came on and who left and why, the long-term homeless, and the municipality's targets.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from hjemvej.accounts.models import Municipality
from hjemvej.accounts.policy import municipality_citizens
from hjemvej.core.charts import Chart
from hjemvej.core.formatting import count_noun, danish_number, long_date
from hjemvej.core.law import UsedParameter, used_values
from hjemvej.rules.parameters import ParameterSet
from hjemvej.stats.flows.charts import stock_chart
from hjemvej.stats.flows.selectors import MonthFlow, list_flows
from hjemvej.stats.flows.targets import TargetLine, target_lines

HEADING = "Den navngivne liste"
#: The months' table, in the PDF and the xlsx.
HEADER: tuple[str, ...] = (
    "Måned",
    "På listen ved start",
    "Kom på",
    "Gik af",
    "På listen ved udgang",
    "Heraf langvarige",
)


@dataclass
class FlowsSection:
    """The section's text, months, chart and the parameter values it used."""

    heading: str
    paragraphs: list[str]
    months: list[MonthFlow] = field(default_factory=list)
    chart: Chart | None = None
    parameters: list[UsedParameter] = field(default_factory=list)


def flows_section(
    municipality: Municipality, *, year: int, as_of: date, params: ParameterSet
) -> FlowsSection:
    """Return the list's months of the year (to ``as_of``), their chart and the text."""
    last = min(date(year, 12, 1), as_of.replace(day=1))
    flows = list_flows(
        municipality_citizens(municipality.pk),
        first=date(year, 1, 1),
        last=last,
        as_of=as_of,
        params=params,
        municipality_id=municipality.pk,
    )
    months = flows.months
    if not any(m.on_list_start or m.inflow or m.outflow for m in months):
        return FlowsSection(HEADING, [f"Ingen borgere var på den navngivne liste i {year}."])
    targets = target_lines(municipality.pk, months[-1])
    limits = used_values(flows.long_term_limits, params)
    return FlowsSection(
        heading=HEADING,
        paragraphs=flows_text(months, targets, limits),
        months=months,
        chart=stock_chart(months, targets, size=(8.0, 3.6)),
        parameters=limits,
    )


def flows_text(
    months: list[MonthFlow], targets: list[TargetLine], limits: list[UsedParameter]
) -> list[str]:
    """Return the short Danish account: on the list at the end, in and out and why, the targets."""
    first, end = months[0], months[-1]
    year = first.month.year
    whole_year = end.month.month == 12 and not end.partial
    when = f"Ved udgangen af {year}" if whole_year else f"Den {long_date(end.last_day)}"
    entered = {k: sum(m.entered[k] for m in months) for k in first.entered}
    left = {k: sum(m.left[k] for m in months) for k in first.left}
    change = end.on_list_end - first.on_list_start
    compared = (
        "det samme som"
        if change == 0
        else f"{danish_number(abs(change))} {'flere' if change > 0 else 'færre'} end"
    )
    lines = [
        f"{when} var {count_noun(end.on_list_end, 'borger', 'borgere')} på "
        f"kommunens navngivne liste, {compared} ved årets begyndelse "
        f"({danish_number(first.on_list_start)}).",
        f"{count_noun(sum(entered.values()), 'borger', 'borgere')} kom på listen: "
        f"{count_noun(entered['newly_identified'], 'nyidentificeret', 'nyidentificerede')}, "
        f"{danish_number(entered['returned_from_housing'])} vendt tilbage fra bolig og "
        f"{danish_number(entered['returned_from_inactive'])} vendt tilbage fra inaktiv. "
        f"{count_noun(sum(left.values()), 'borger', 'borgere')} gik af listen: "
        f"{danish_number(left['housed'])} fik bolig, {danish_number(left['inactive'])} blev "
        f"{'inaktiv' if left['inactive'] == 1 else 'inaktive'}, "
        f"{danish_number(left['moved_away'])} flyttede fra kommunen, "
        f"{danish_number(left['died'])} døde, og {danish_number(left['no_longer_eligible'])} var "
        "ikke længere omfattet.",
    ]
    limit = limits[-1] if limits else None
    if limit is not None:
        status = "" if limit.enacted else f" (grænsen er en {limit.notice})"
        lines.append(
            f"{danish_number(end.long_term_end)} af dem var langvarigt "
            f"{'hjemløs' if end.long_term_end == 1 else 'hjemløse'}: mere end "
            f"{limit.value.display} i hjemløshed i alt{status}."
        )
    lines.extend(f"{t.sentence}. {t.status}" for t in targets)
    return lines
