"""The forecast chart: actual months so far, then the median and the 10–90 % band ahead.

Drawn on ``matplotlib.figure.Figure`` with the Agg canvas (no pyplot state), with the shared
economy chart style (``hjemvej.core.charts``: Danish numbers, colour-blind-safe colours, hatched
bands, line styles and markers so nothing rests on colour alone). The page shows the same numbers
in a table and gives the image an alt text (``alt_text``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from hjemvej.core import charts
from hjemvej.core.formatting import danish_number, persons, whole_kroner
from hjemvej.economy.budgets.models import Measure
from hjemvej.economy.budgets.results import ForecastResult, is_money

#: What each chart shows: the measure's title and the lines drawn (measure, label).
CHARTS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    Measure.FULL_YEAR_PERSONS: (
        "Helårspersoner pr. måned",
        (
            (Measure.FULL_YEAR_PERSONS, "i alt"),
            (Measure.FULL_YEAR_PERSONS_EXTERNAL, "uden for kommunen"),
        ),
    ),
    Measure.NET_COST: (
        "Nettoudgift til ophold pr. måned",
        ((Measure.NET_COST, "nettoudgift"),),
    ),
    Measure.GROSS_COST: ("Bruttoudgift pr. måned", ((Measure.GROSS_COST, "bruttoudgift"),)),
    Measure.TOTAL_NET_COST: (
        "Samlet nettoudgift pr. måned (ophold, bostøtte, botilbud og hjælp)",
        ((Measure.TOTAL_NET_COST, "samlet nettoudgift"),),
    ),
}


@dataclass(frozen=True)
class _Line:
    label: str
    actual: list[float]  # NaN where there is no complete actual month
    median: list[float]  # NaN before the forecast
    low: list[float]
    high: list[float]


def _lines(result: ForecastResult, chart: str) -> tuple[list[date], list[_Line]]:
    complete = [h for h in result.history if not h.partial]
    months = [h.month for h in complete] + [m.month for m in result.months]
    nan = math.nan
    lines: list[_Line] = []
    for measure, label in CHARTS[chart][1]:
        actual = [float(h.value(measure)) for h in complete] + [nan] * len(result.months)
        ahead = [m.band(measure) for m in result.months]
        before = [nan] * len(complete)
        lines.append(
            _Line(
                label=label,
                actual=actual,
                median=before + [float(b.p50) for b in ahead],
                low=before + [float(b.p10) for b in ahead],
                high=before + [float(b.p90) for b in ahead],
            )
        )
    return months, lines


def forecast_figure(result: ForecastResult, chart: str = Measure.FULL_YEAR_PERSONS) -> Figure:
    """Return the chart of one measure (``CHARTS``): actuals, the median and the band ahead."""
    title, _ = CHARTS[chart]
    months, lines = _lines(result, chart)
    figure = Figure(figsize=(8.0, 4.2), dpi=100, layout="constrained")
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#d0d0d0", linewidth=0.6)
    axes.set_axisbelow(True)
    money = is_money(chart)
    values = [v for line in lines for v in (*line.actual, *line.high) if not math.isnan(v)]
    largest = max((abs(v) for v in values), default=0.0)
    scale = charts.money_scale(largest) if money else None
    divisor = scale.divisor if scale else 1
    xs = list(range(len(months)))
    for i, line in enumerate(lines):
        colour = charts.PALETTE[i % len(charts.PALETTE)]
        marker = charts.MARKERS[i % len(charts.MARKERS)]
        axes.fill_between(
            xs,
            [v / divisor for v in line.low],
            [v / divisor for v in line.high],
            color=colour,
            alpha=0.18,
            hatch=charts.HATCHES[(i + 1) % len(charts.HATCHES)],
            edgecolor=colour,
            linewidth=0.0,
            label=f"{line.label}: 10–90 % af forløbene",
        )
        axes.plot(
            xs,
            [v / divisor for v in line.actual],
            linestyle="-",
            color=colour,
            marker=marker,
            markersize=3.5,
            linewidth=1.8,
            label=f"{line.label}: faktisk",
        )
        axes.plot(
            xs,
            [v / divisor for v in line.median],
            linestyle="--",
            color=colour,
            marker=marker,
            markerfacecolor="white",
            markersize=3.5,
            linewidth=1.8,
            label=f"{line.label}: prognose (median)",
        )
    first_ahead = len(months) - len(result.months)
    if result.months:
        axes.axvline(first_ahead - 0.5, color="#333333", linewidth=0.8, linestyle=":")
        axes.annotate(
            f"Beregnet {result.as_of:%d.%m.%Y}",
            xy=(first_ahead - 0.4, 1.0),
            xycoords=("data", "axes fraction"),
            fontsize=8,
            va="top",
        )
    axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
    if scale is not None:
        axes.set_ylabel(scale.label)
        decimals = scale.decimals
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: danish_number(v, decimals)))
    else:
        axes.set_ylabel("helårspersoner")
        axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _: danish_number(v, 0)))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6))
    _, high = axes.get_ylim()
    axes.set_ylim(0.0, high if high > 0 else 1.0)
    axes.set_xlim(-0.6, max(len(months), 1) - 0.4)
    step = max(1, -(-len(months) // 14))
    ticks = list(range(0, len(months), step))
    axes.set_xticks(ticks, [charts.month_label(months[i]) for i in ticks])
    for label in axes.get_xticklabels():
        label.set_rotation(45)
        label.set_horizontalalignment("right")
    figure.legend(loc="outside lower center", ncols=3, frameon=False, fontsize=8)
    return figure


def forecast_png(result: ForecastResult, chart: str = Measure.FULL_YEAR_PERSONS) -> bytes:
    """Return the forecast chart as PNG bytes (for reports: PDF, xlsx)."""
    return charts.render_png(forecast_figure(result, chart))


def forecast_svg(result: ForecastResult, chart: str = Measure.FULL_YEAR_PERSONS) -> bytes:
    """Return the forecast chart as SVG bytes (for the page)."""
    return charts.render_svg(forecast_figure(result, chart))


def alt_text(result: ForecastResult, chart: str = Measure.FULL_YEAR_PERSONS) -> str:
    """Return the chart's alt text: what it shows and where the median ends, in Danish."""
    title, lines = CHARTS[chart]
    if result.problem or not result.months:
        return f"{title}: ingen prognose. {result.problem}".strip()
    first = result.history[0].month if result.history else result.months[0].month
    last = result.months[-1]
    parts = []
    for measure, label in lines:
        band = last.band(measure)
        parts.append(
            f"{label} {_value(band.p50, measure)} (10–90 %: {_value(band.p10, measure)} til "
            f"{_value(band.p90, measure)})"
        )
    return (
        f"{title}: faktiske tal fra {charts.month_label(first, long=True)} og prognose til "
        f"{charts.month_label(last.month, long=True)} med bånd for 10–90 % af de simulerede "
        f"forløb. Medianen i {charts.month_label(last.month, long=True)}: {'; '.join(parts)}. "
        "Alle tal står i tabellerne på siden."
    )


def _value(value: object, measure: str) -> str:
    if is_money(measure):
        return whole_kroner(int(value))  # type: ignore[call-overload]
    return persons(value)  # type: ignore[arg-type]
