"""The council report as content: figures, tables, charts and texts, before PDF or xlsx.

``council_report`` gathers everything once; ``pdf.render_pdf`` and ``xlsx.render_xlsx`` lay it out.
Money stays in øre until a renderer formats it, so the xlsx cells are numbers and the PDF text is
Danish kroner, both from the same values.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from hjemvej.accounts.models import Municipality
from hjemvej.core import charts
from hjemvej.core.charts import Chart
from hjemvej.core.formatting import danish_number, persons, whole_kroner
from hjemvej.core.law import UsedParameter
from hjemvej.economy.reports import graphics
from hjemvej.economy.reports.extras import (
    Cell,
    Extra,
    Money,
    TableBlock,
    budget_extra,
    forecast_extra,
    scenarios_extra,
)
from hjemvej.economy.reports.flows import FlowsSection, flows_section
from hjemvej.economy.reports.outcomes import outcomes_extra
from hjemvej.economy.reports.selectors import (
    SHELTER_PARAMETERS,
    SUPPORT_PARAMETERS,
    CostChange,
    Drivers,
    Overview,
    Period,
    ShelterRow,
    overview,
    parameters_in_force,
)
from hjemvej.economy.reports.support import SupportFigures, support_figures
from hjemvej.economy.reports.texts import Section, rules_account
from hjemvej.rules import change
from hjemvej.rules.parameters import ParameterSet, default_parameters
from hjemvej.rules.shelter.model import Readings

#: The first year the shelter parameters all have a value (own payment from 2018).
FIRST_YEAR = 2018
TREND_YEARS = 5
MIN_TREND_YEARS = 3

Progress = Callable[[str], None]


@dataclass
class CouncilReport:
    """Everything the council report says, in the order it says it."""

    municipality: Municipality
    year: int
    as_of: date
    params: ParameterSet
    readings: Readings
    overview: Overview
    period: Period
    previous: Period | None
    trend: list[Period]
    months: list[Period]
    drivers: Drivers
    shelters: list[ShelterRow]
    support: SupportFigures
    parameters: list[UsedParameter]
    account: list[Section]
    summary: list[str]
    extras: list[Extra]
    charts: list[Chart]
    flows: FlowsSection
    change: CostChange | None = None  # the last two whole years' change split by cause

    @property
    def title(self) -> str:
        return f"Hjemløshed og boformer: økonomi {self.period.label}"

    @property
    def not_enacted(self) -> list[UsedParameter]:
        """Return the parameter values used that are not enacted law, oldest first."""
        return [p for p in self.parameters if not p.enacted]


def report_year_problem(year: int, today: date) -> str:
    """Return why a report for the year cannot be made (Danish), or ''."""
    if year < FIRST_YEAR:
        return f"Der er ingen rapport for {year}: reglerne findes i Hjemvej fra {FIRST_YEAR}."
    if year > today.year:
        return f"Året {year} er ikke begyndt endnu."
    return ""


#: What each cause of a change is called, by direction (up, down).
CAUSES = {
    "volume": ("flere personer på boformer", "færre personer på boformer"),
    "length": ("flere overnatninger pr. person", "færre overnatninger pr. person"),
    "price": ("en højere udgift pr. overnatning", "en lavere udgift pr. overnatning"),
}


def signed_kroner(oere: int) -> str:
    """Return an amount with its sign, "+1.234 kr." or "−1.234 kr." (a minus sign, not a dash)."""
    return ("+" if oere >= 0 else "−") + whole_kroner(abs(oere))


def change_rows(found: CostChange) -> list[tuple[str, int]]:
    """Return the causes of the change and their amounts (øre), then the gross and net change."""
    if found.split is None:
        return []
    rows = [
        (CAUSES[name][0 if amount >= 0 else 1].capitalize(), amount)
        for name, amount in found.split.effects.items()
    ]
    rows.append(("Ændring i bruttoudgiften", found.split.change))
    rows.append(
        ("Egenbetaling (mere egenbetaling sænker nettoudgiften)", -found.own_payment_change)
    )
    rows.append(("Statsrefusion (mere refusion sænker nettoudgiften)", -found.reimbursement_change))
    rows.append(("Ændring i nettoudgiften", found.net_change))
    return rows


def change_text(found: CostChange) -> str:
    """Return the change of the gross cost and its causes in one Danish sentence (or why not).

    Amounts keep their "kr." on the same line (no-break space), and none ends the sentence.
    """
    before, after = found.before.label, found.after.label
    if found.split is None:
        return (
            f"Ændringen i bruttoudgiften fra {before} til {after} kan ikke deles op i personer, "
            "længde og pris, fordi et af årene ikke havde overnatninger."
        )
    split = found.split

    def amount(oere: int) -> str:
        return signed_kroner(oere).replace(" kr.", "\u00a0kr.")

    word = "steg" if split.change >= 0 else "faldt"
    parts = [
        f"{amount(value)}{' skyldtes' if index == 0 else ''} {CAUSES[name][0 if value >= 0 else 1]}"
        for index, (name, value) in enumerate(split.effects.items())
    ]
    total = whole_kroner(abs(split.change)).replace(" kr.", "\u00a0kr.")
    return (
        f"Fra {before} til {after} {word} bruttoudgiften med {total}: {parts[0]}, {parts[1]} "
        f"og {parts[2]}."
    )


def change_facts(found: CostChange) -> list[tuple[str, str, str]]:
    """Return the three factors of each year's gross cost, as Danish text (before, after)."""
    if found.split is None:
        return []
    a, b = found.split.before, found.split.after

    def per_person(y: change.Year) -> str:
        return danish_number(Decimal(y.nights) / y.persons, 1)

    def per_night(y: change.Year) -> str:
        return whole_kroner(round(y.gross_cost / y.nights))

    return [
        ("Personer med overnatning på boform", danish_number(a.persons), danish_number(b.persons)),
        ("Overnatninger pr. person", per_person(a), per_person(b)),
        ("Bruttoudgift pr. overnatning", per_night(a), per_night(b)),
    ]


def _change(now: int, before: int) -> str:
    if before == 0:
        return ""
    diff = Decimal(now - before) * 100 / Decimal(before)
    word = "mere" if diff >= 0 else "mindre"
    return f" Det er {danish_number(abs(diff), 1)} % {word} end året før."


def _summary(
    period: Period, previous: Period | None, drivers: Drivers, support: SupportFigures
) -> list[str]:
    """Return the summary: the net cost first, then what makes it up and what drives it.

    An amount never ends a sentence: "kr." would swallow the full stop.
    """
    t = period.total
    compare = previous is not None and not period.partial
    lines = [
        f"Kommunens nettoudgift til ophold på boformer var {whole_kroner(t.net_cost)} "
        f"{period.during}."
        + (_change(t.net_cost, previous.total.net_cost) if compare and previous else ""),
        f"Bruttoudgiften var {whole_kroner(t.gross_cost)}, og borgerne betalte "
        f"{whole_kroner(t.own_payment)} i egenbetaling. Staten refunderede "
        f"{whole_kroner(t.reimbursement)} efter § 177.",
        f"Det svarer til {persons(period.full_year_persons)} helårspersoner. "
        f"{persons(period.external_full_year_persons)} af dem var på boformer uden for "
        "kommunen.",
    ]
    if drivers.days:
        lines.append(
            f"{charts.percent(drivers.days_over_120, drivers.days)} af dagene var i ophold på "
            f"over 120 dage. {charts.percent(drivers.days_over_365, drivers.days)} var i ophold "
            "på over et år."
        )
    if drivers.days_past_cap:
        lines.append(
            f"{danish_number(drivers.days_past_cap)} dage gav ingen refusion, fordi "
            f"loftet var nået. Kommunen mistede derfor {whole_kroner(drivers.reimbursement_lost)} "
            "i refusion."
        )
    if support.courses:
        lines.append(
            f"Støtteforløb kostede {whole_kroner(support.cost)}, og staten refunderede "
            f"{whole_kroner(support.reimbursement)} efter § 176 a."
        )
    if period.incomplete_note:
        lines.append(period.incomplete_note)
    return lines


def council_report(
    municipality: Municipality,
    *,
    year: int,
    as_of: date,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
    progress: Progress | None = None,
) -> CouncilReport:
    """Gather the year's figures, the trend, budget, forecast, scenarios, charts and texts."""
    say = progress or (lambda _step: None)
    params = params or default_parameters()
    readings = readings or Readings()
    first = max(year - TREND_YEARS + 1, FIRST_YEAR)
    say("Beregner ophold, udgift og refusion")
    view = overview(
        municipality,
        start=date(first, 1, 1),
        end=date(year + 1, 1, 1),
        as_of=as_of,
        params=params,
        readings=readings,
    )
    trend = [view.year(y) for y in range(first, year + 1)]
    while len(trend) > MIN_TREND_YEARS and trend[0].total.days == 0:
        trend.pop(0)
    period = trend[-1]
    previous = trend[-2] if len(trend) > 1 else None
    drivers = view.drivers(period.start, period.end)
    whole = [p for p in trend if not p.partial]
    cost_change = view.cost_change(whole[-2], whole[-1]) if len(whole) >= 2 else None
    say("Beregner støtteforløb (§ 176 a)")
    support = support_figures(
        municipality, start=period.start, end=date(year + 1, 1, 1), as_of=as_of, params=params
    )
    say("Henter budget, prognose og scenarier")
    extras = [
        outcomes_extra(municipality, year, as_of),
        budget_extra(municipality, year, as_of),
        forecast_extra(municipality, as_of),
        scenarios_extra(municipality, as_of),
    ]
    say("Tæller den navngivne liste")
    flows = flows_section(municipality, year=year, as_of=as_of, params=params)
    say("Tegner grafer")
    months = view.monthly(period.start, date(year + 1, 1, 1))
    shelters = view.shelters(period.start, period.end, limit=None)
    report_charts = [graphics.yearly_cost(trend), graphics.monthly_cost(months, size=(8.0, 3.6))]
    report_charts.append(graphics.monthly_persons(months, size=(8.0, 3.6)))
    if shelters:
        report_charts.append(graphics.shelters_net(shelters[:10]))
    span_start = trend[0].start
    span_end = max(date(year + 1, 1, 1), as_of)
    used = _merge(
        parameters_in_force(
            params, (*SHELTER_PARAMETERS, *SUPPORT_PARAMETERS), span_start, span_end
        ),
        *(extra.parameters for extra in extras),
        flows.parameters,
    )
    return CouncilReport(
        municipality=municipality,
        year=year,
        as_of=as_of,
        params=params,
        readings=readings,
        overview=view,
        period=period,
        previous=previous,
        trend=trend,
        months=months,
        drivers=drivers,
        shelters=shelters,
        support=support,
        parameters=used,
        account=rules_account(params, readings, start=span_start, end=span_end),
        summary=_summary(period, previous, drivers, support),
        extras=extras,
        charts=report_charts,
        flows=flows,
        change=cost_change,
    )


def _merge(*groups: Sequence[UsedParameter]) -> list[UsedParameter]:
    """Return the parameter values of every group once, by parameter and date."""
    seen: dict[tuple[str, date], UsedParameter] = {}
    for group in groups:
        for used in group:
            seen.setdefault((used.value.name, used.value.valid_from), used)
    return sorted(seen.values(), key=lambda u: (u.value.name, u.value.valid_from))


#: The header of ``parameter_rows``: a value's period is its first and its last day.
PARAMETER_HEADER = (
    "Parameter",
    "Nøgle",
    "Værdi",
    "Gælder fra",
    "Gælder til og med",
    "Status",
    "Kilde",
)


def parameter_rows(used: Sequence[UsedParameter]) -> list[tuple[str, ...]]:
    """Return one row per parameter value (``PARAMETER_HEADER``), with its last day in force."""
    return [
        (
            u.title,
            u.value.name,
            u.value.display,
            f"{u.value.valid_from:%d.%m.%Y}",
            f"{u.value.valid_to - timedelta(days=1):%d.%m.%Y}" if u.value.valid_to else "",
            u.notice,
            u.value.reference,
        )
        for u in used
    ]


__all__ = ["Cell", "CouncilReport", "Extra", "Money", "TableBlock", "council_report"]


def support_rows(support: SupportFigures) -> list[list[Cell]]:
    """Return the support table's rows (method, courses, cost, reimbursement, net) and the total."""
    rows: list[list[Cell]] = [
        [
            line.label,
            line.courses,
            Money(line.cost),
            Money(line.reimbursement),
            Money(line.net_cost),
        ]
        for line in support.lines
    ]
    rows.append(
        [
            "I alt",
            support.courses,
            Money(support.cost),
            Money(support.reimbursement),
            Money(support.net_cost),
        ]
    )
    return rows
