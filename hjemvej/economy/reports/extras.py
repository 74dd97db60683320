"""The report's sections fed by the budget, forecast and scenario parts of the economy.

Where a part cannot give its result (a ``DomainError`` or a ``ValueError``, with a Danish message),
the section says plainly that it is not available, and why, instead of failing the report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from hjemvej.accounts.models import Municipality
from hjemvej.core import charts
from hjemvej.core.charts import Chart
from hjemvej.core.errors import DomainError
from hjemvej.core.formatting import danish_number, persons, whole_kroner
from hjemvej.core.law import UsedParameter, used_values
from hjemvej.economy.budgets.charts import alt_text, forecast_figure
from hjemvej.economy.budgets.selectors import budget_vs_actual, forecast_for
from hjemvej.economy.scenarios.selectors import run_scenario, saved_scenarios

#: Scenarios shown in the report at most (the newest first).
MAX_SCENARIOS = 6
#: What a part of Hjemvej raises when its result cannot be had (its message is Danish).
_PROBLEMS = (DomainError, ValueError)
FAILED = "Ikke tilgængelig: {what} kunne ikke beregnes ({reason})."


@dataclass(frozen=True)
class Money:
    """An amount in øre inside a table: the PDF writes kroner, the xlsx a number."""

    oere: int


Cell = str | int | Decimal | Money | None


@dataclass(frozen=True)
class TableBlock:
    """A table: caption, header and rows of typed cells."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass
class Extra:
    """A section fed by another part of Hjemvej (budget, forecast, scenarios)."""

    heading: str
    available: bool
    paragraphs: list[str] = field(default_factory=list)
    tables: list[TableBlock] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    parameters: list[UsedParameter] = field(default_factory=list)


def _amount(value: int | Decimal | None, money: bool) -> Cell:
    if value is None:
        return None
    return Money(int(value)) if money else Decimal(value)


def _text(value: int | Decimal | None, money: bool) -> str:
    if value is None:
        return "–"
    return whole_kroner(int(value)) if money else persons(Decimal(value))


# --- Budget against actuals ---------------------------------------------------------------------


def budget_extra(municipality: Municipality, year: int, as_of: date) -> Extra:
    """Return the year's budget against actuals (with the forecast for the rest of the year)."""
    heading = f"Budget og forbrug {year}"
    try:
        comparison = budget_vs_actual(municipality.pk, year, as_of)
        return _budget(heading, comparison)
    except _PROBLEMS as exc:
        return Extra(heading, False, [FAILED.format(what="budgetopfølgningen", reason=exc)])


def _budget(heading: str, comparison: Any) -> Extra:
    extra = Extra(heading, True, parameters=list(comparison.parameters))
    if not comparison.has_budget:
        extra.paragraphs.append(
            f"Der er ikke lagt et budget for {comparison.year} i Hjemvej. Tabellen viser "
            "forbruget og prognosen."
        )
    rows: list[tuple[Cell, ...]] = []
    for m in comparison.measures:
        money = bool(m.is_money)
        ytd, whole = m.year_to_date, m.year
        rows.append(
            (
                str(m.label),
                _amount(whole.budget, money),
                _amount(ytd.budget_to_date, money),
                _amount(ytd.actual, money),
                _amount(ytd.difference, money),
                _amount(whole.forecast, money),
            )
        )
        if m.measure == "net_cost" and ytd.difference is not None and ytd.budget_to_date:
            word = "over" if ytd.difference > 0 else "under"
            extra.paragraphs.insert(
                0,
                f"Nettoudgiften til ophold til dato er {_text(ytd.actual, True)}. Det er "
                f"{_text(abs(ytd.difference), True)} ({danish_number(abs(ytd.percent), 1)} "
                f"%) {word} budgettet til dato.",
            )
        if m.measure == "net_cost" and whole.forecast is not None:
            extra.paragraphs.append(
                sentence(
                    "Ifølge prognosen bliver årets nettoudgift til ophold "
                    f"{_text(whole.forecast, True)}"
                )
            )
        if m.measure == "total_net_cost" and whole.forecast is not None:
            extra.paragraphs.append(
                sentence(
                    "Med bostøtte, midlertidige botilbud og hjælp til flytning bliver årets "
                    f"samlede nettoudgift {_text(whole.forecast, True)}"
                )
            )
    extra.tables.append(
        TableBlock(
            f"Budget og forbrug {comparison.year}",
            (
                "Mål",
                "Budget, hele året",
                "Budget til dato",
                "Forbrug til dato",
                "Afvigelse til dato",
                "Forventet, hele året",
            ),
            tuple(rows),
        )
    )
    if comparison.forecast_problem:
        extra.paragraphs.append(f"Prognosen mangler: {comparison.forecast_problem}")
    elif comparison.forecast_runs:
        extra.paragraphs.append(
            "Forventet for hele året er forbruget til dato plus medianen af "
            f"{comparison.forecast_runs} simulerede forløb for resten af året."
        )
    extra.paragraphs.append(
        "Helårspersoner til dato er et gennemsnit over de talte dage; budgettet til dato er "
        "budgettets gennemsnit over de samme dage."
    )
    return extra


# --- The forecast --------------------------------------------------------------------------------


def forecast_extra(municipality: Municipality, as_of: date) -> Extra:
    """Return the forecast to year end and the next years, with its uncertainty."""
    heading = "Prognose"
    try:
        return _forecast(heading, forecast_for(municipality.pk, as_of))
    except _PROBLEMS as exc:
        return Extra(heading, False, [FAILED.format(what="prognosen", reason=exc)])


def _band_text(band: Any, money: bool) -> str:
    if money:
        low, high = charts.millions(int(band.p10)), charts.millions(int(band.p90))
        return f"{low.removesuffix(' mio. kr.')}–{high}"
    return f"{persons(band.p10)}–{persons(band.p90)}"


def sentence(text: str) -> str:
    """Return the text ending in one full stop ("kr." already ends a sentence)."""
    return text if text.endswith(".") else text + "."


def _forecast(heading: str, result: Any) -> Extra:
    extra = Extra(heading, True, parameters=list(result.parameters))
    if result.problem:
        extra.available = False
        extra.paragraphs.append(f"Ikke tilgængelig: {result.problem}")
        return extra
    years = list(result.year_bands)
    if years:
        first = years[0]
        extra.paragraphs.append(
            f"Nettoudgiften til ophold i {first.year} ventes at blive "
            f"{_text(first.net_cost.p50, True)} (med 80 % sandsynlighed "
            f"{_band_text(first.net_cost, True)})."
        )
        if first.has("total_net_cost"):
            total = first.band("total_net_cost")
            extra.paragraphs.append(
                "Med bostøtte, midlertidige botilbud og hjælp til flytning ventes den samlede "
                f"nettoudgift at blive {_text(total.p50, True)} (med 80 % sandsynlighed "
                f"{_band_text(total, True)})."
            )
    extra.paragraphs.append(
        f"Prognosen bygger på opholdene pr. {result.as_of:%d.%m.%Y} og de seneste 12 måneders "
        f"indskrivninger og opholdslængder, simuleret {result.runs} gange. Tallene er medianen; "
        "intervallet dækker 80 % af forløbene (10.–90. percentil)."
    )
    extra.tables.append(
        TableBlock(
            "Prognose pr. år",
            (
                "År",
                "Nettoudgift (median)",
                "Nettoudgift, 10.–90. percentil",
                "Helårspersoner (median)",
                "Helårspersoner, 10.–90. percentil",
                "Heraf eksterne (median)",
            ),
            tuple(
                (
                    str(y.year),
                    Money(int(y.net_cost.p50)),
                    _band_text(y.net_cost, True),
                    Decimal(y.full_year_persons.p50),
                    _band_text(y.full_year_persons, False),
                    Decimal(y.full_year_persons_external.p50),
                )
                for y in years
            ),
        )
    )
    others = [(y.year, o) for y in years for o in y.other_bands]
    if others:
        extra.tables.append(
            TableBlock(
                "Hele indsatsen pr. år: bostøtte, botilbud, hjælp og i alt",
                ("År", "Område", "Median", "10.–90. percentil"),
                tuple(
                    (str(year), o.label, Money(int(o.band.p50)), _band_text(o.band, True))
                    for year, o in others
                ),
            )
        )
    if result.area_problem:
        extra.paragraphs.append(result.area_problem)
    if result.months:
        # The forecast page's own charts, so the report shows what the page shows.
        for measure in ("net_cost", "full_year_persons"):
            figure = forecast_figure(result, measure)
            title = figure.axes[0].get_title(loc="left") if figure.axes else "Prognose"
            extra.charts.append(Chart(figure, str(alt_text(result, measure)), title or "Prognose"))
    return extra


def scenarios_extra(municipality: Municipality, as_of: date) -> Extra:
    """Return the municipality's saved scenarios, each run again on today's data."""
    heading = "Scenarier"
    extra = Extra(heading, True)
    try:
        scenarios = list(saved_scenarios(municipality.pk))
    except _PROBLEMS as exc:
        return Extra(heading, False, [FAILED.format(what="scenarierne", reason=exc)])
    if not scenarios:
        extra.paragraphs.append("Kommunen har ikke gemt nogen scenarier.")
        return extra
    if len(scenarios) > MAX_SCENARIOS:
        extra.paragraphs.append(
            f"Kommunen har gemt {len(scenarios)} scenarier; rapporten viser de "
            f"{MAX_SCENARIOS} nyeste."
        )
    for scenario in scenarios[:MAX_SCENARIOS]:
        name = str(getattr(scenario, "name", scenario))
        try:
            result = run_scenario(scenario, as_of)
            _scenario(extra, name, scenario, result)
        except _PROBLEMS as exc:
            extra.paragraphs.append(FAILED.format(what=f"scenariet »{name}«", reason=exc))
    return extra


def _scenario(extra: Extra, name: str, scenario: Any, result: Any) -> None:
    """Add one scenario: who saved it, what it changes, the summary and its difference per year."""
    author = getattr(scenario, "author", None)
    who = ""
    if author is not None:
        who = f", gemt af {author.get_full_name() or author.get_username()}"
    kind = "lovscenarie" if result.kind == "law" else "praksisscenarie"
    extra.paragraphs.append(f"»{name}« ({kind}{who}).")
    if result.summary:
        extra.paragraphs.append(sentence(str(result.summary)))
    for change in result.changes:
        extra.paragraphs.append(sentence(f"Ændring: {change}"))
    extra.paragraphs.append(sentence(f"Sammenlignet med: {result.base_label}"))
    extra.paragraphs.extend(sentence(str(note)) for note in result.notes)
    extra.parameters.extend(  # the scenario's own values are its changes, told above
        used_values(v for v in result.parameters if not v.enacted and v.status != "scenario")
    )

    def year(row: Any) -> str:
        return f"{row.year} ({row.state_label})" if row.state_label else str(row.year)

    extra.tables.append(
        TableBlock(
            f"»{name}«: nettoudgift pr. år",
            ("År", "Uden scenariet", "Med scenariet", "Forskel", "Forskel, helårspersoner"),
            tuple(
                (
                    year(row),
                    Money(row.base.net_cost),
                    Money(row.scenario.net_cost),
                    Money(row.difference.net_cost),
                    row.difference_full_year_persons,
                )
                for row in result.rows
            ),
        )
    )
