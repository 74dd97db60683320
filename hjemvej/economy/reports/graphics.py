"""The dashboard's and the report's charts, built from periods with the shared chart helper.

Each function returns a matplotlib ``Figure`` and the Danish ``alt`` text that says what it shows;
the same numbers stand in a table beside every chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from matplotlib.figure import Figure

from hjemvej.core.formatting import persons, whole_kroner
from hjemvej.economy import charts
from hjemvej.economy.reports.selectors import Period, ShelterRow


@dataclass(frozen=True)
class Chart:
    """A chart and its text alternative."""

    figure: Figure
    alt: str
    title: str

    def png(self, dpi: int = 150) -> bytes:
        """Return the chart as PNG."""
        return charts.render_png(self.figure, dpi=dpi)

    def svg_uri(self) -> str:
        """Return the chart as an SVG ``data:`` URI for ``<img src>``."""
        return charts.data_uri(charts.render_svg(self.figure), "image/svg+xml")


def _month_names(periods: Sequence[Period]) -> list[str]:
    return [charts.month_label(date.fromisoformat(p.label + "-01")) for p in periods]


def monthly_cost(periods: Sequence[Period], *, size: tuple[float, float] = (8.0, 4.0)) -> Chart:
    """Return stacked bars per month: net cost, § 177 reimbursement and own payment = gross."""
    title = "Udgift pr. måned: nettoudgift, refusion og egenbetaling"
    figure = charts.bar_chart(
        _month_names(periods),
        [
            charts.Series("Nettoudgift", [p.total.net_cost for p in periods]),
            charts.Series("Statsrefusion (§ 177)", [p.total.reimbursement for p in periods]),
            charts.Series("Egenbetaling", [p.total.own_payment for p in periods]),
        ],
        title=title,
        unit="oere",
        stacked=True,
        size=size,
    )
    alt = _span_alt(
        "Søjlediagram over bruttoudgiften pr. måned delt i nettoudgift, statsrefusion og "
        "egenbetaling",
        periods,
        [("nettoudgift", whole_kroner(p.total.net_cost)) for p in periods],
    )
    return Chart(figure, alt, title)


def monthly_persons(periods: Sequence[Period], *, size: tuple[float, float] = (8.0, 4.0)) -> Chart:
    """Return lines per month: full-year persons in total and on external shelters."""
    title = "Helårspersoner pr. måned"
    figure = charts.line_chart(
        _month_names(periods),
        [
            charts.Series("I alt", [p.full_year_persons for p in periods]),
            charts.Series("På eksterne boformer", [p.external_full_year_persons for p in periods]),
        ],
        title=title,
        unit="persons",
        size=size,
    )
    alt = _span_alt(
        "Kurvediagram over helårspersoner pr. måned i alt og på boformer uden for kommunen",
        periods,
        [("helårspersoner", persons(p.full_year_persons)) for p in periods],
    )
    return Chart(figure, alt, title)


def yearly_cost(periods: Sequence[Period], *, size: tuple[float, float] = (8.0, 3.6)) -> Chart:
    """Return bars per year: gross cost, reimbursement and net cost side by side."""
    title = "Udgift og refusion pr. år"
    figure = charts.bar_chart(
        [f"{p.start.year} til dato" if p.partial else str(p.start.year) for p in periods],
        [
            charts.Series("Bruttoudgift", [p.total.gross_cost for p in periods]),
            charts.Series("Statsrefusion (§ 177)", [p.total.reimbursement for p in periods]),
            charts.Series("Nettoudgift", [p.total.net_cost for p in periods]),
        ],
        title=title,
        unit="oere",
        size=size,
    )
    parts = "; ".join(
        f"{p.label}: brutto {whole_kroner(p.total.gross_cost)}, refusion "
        f"{whole_kroner(p.total.reimbursement)}, netto {whole_kroner(p.total.net_cost)}"
        for p in periods
    )
    return Chart(figure, _sentence(f"Søjlediagram over udgift og refusion pr. år. {parts}"), title)


def shelters_net(rows: Sequence[ShelterRow], *, size: tuple[float, float] = (8.0, 3.8)) -> Chart:
    """Return bars of net cost per shelter, highest first."""
    title = "Nettoudgift pr. boform"
    figure = charts.hbar_chart(
        [_short(r.shelter.name, 34) for r in rows],
        charts.Series("Nettoudgift", [r.amounts.net_cost for r in rows]),
        title=title,
        unit="oere",
        size=size,
    )
    parts = "; ".join(f"{r.shelter.name}: {whole_kroner(r.amounts.net_cost)}" for r in rows)
    return Chart(figure, _sentence(f"Søjlediagram over nettoudgiften pr. boform. {parts}"), title)


def _sentence(text: str) -> str:
    return text if text.endswith(".") else text + "."


def _short(name: str, width: int = 24) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _span_alt(what: str, periods: Sequence[Period], values: Sequence[tuple[str, str]]) -> str:
    if not periods:
        return f"{what}. Ingen måneder med tal."
    first, last = periods[0], periods[-1]
    peak = max(range(len(periods)), key=lambda i: periods[i].total.gross_cost)
    return (
        f"{what} fra {charts.month_label(first.start, long=True)} til "
        f"{charts.month_label(last.start, long=True)}. Første måned: {values[0][0]} "
        f"{values[0][1]}; seneste måned: {values[-1][0]} {values[-1][1]}. Højeste bruttoudgift i "
        f"{charts.month_label(periods[peak].start, long=True)}. Tallene står i tabellen."
    )
