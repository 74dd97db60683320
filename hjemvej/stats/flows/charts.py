"""The list over time as charts, each with a text alternative that says what it shows.

Two charts with the shared helper (``core.charts``): lines of the citizens on the list at each
month's end and the long-term homeless among them, with the municipality's targets as flat
lines; and bars of the month's inflow and outflow side by side. The month in progress is drawn
with a hollow marker or a light bar. The same numbers stand in the page's tables.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hjemvej.core import charts
from hjemvej.core.charts import Chart
from hjemvej.core.formatting import MONTHS, danish_number
from hjemvej.stats.flows.selectors import MonthFlow
from hjemvej.stats.flows.targets import TargetLine

TABLE = "Tallene står i tabellen."


def month_name(month: MonthFlow, *, long: bool = False) -> str:
    """Return "jan. 2026" (``long``: "januar 2026"), a part month with its days: "(1.–21.)"."""
    name = charts.month_label(month.month, long=long)
    return f"{name} ({month.month.day}.–{month.last_day.day}.)" if month.partial else name


def _partial(months: Sequence[MonthFlow]) -> list[int]:
    return [i for i, m in enumerate(months) if m.partial]


def _part_text(months: Sequence[MonthFlow], marker: str) -> str:
    return " ".join(
        f"{MONTHS[m.month.month - 1].capitalize()} {m.month.year} er kun talt til og med "
        f"{m.last_day.day}. og {marker}."
        for m in months
        if m.partial
    )


def _extremes(
    what: str, months: Sequence[MonthFlow], value: Callable[[MonthFlow], int], words: str
) -> str:
    """Return "Flest på listen: marts 2026 (52); færrest: ..." over the whole months."""
    whole = [m for m in months if not m.partial] or list(months)
    high, low = max(whole, key=value), min(whole, key=value)
    most, least = words.split("/")
    return (
        f"{most} {what}: {month_name(high, long=True)} ({danish_number(value(high))}); "
        f"{least}: {month_name(low, long=True)} ({danish_number(value(low))})."
    )


def stock_chart(
    months: Sequence[MonthFlow],
    targets: Sequence[TargetLine] = (),
    *,
    size: tuple[float, float] = (8.0, 4.0),
) -> Chart:
    """Return lines of the citizens on the list at each month's end, the long-term, the targets."""
    title = "Borgere på listen ved månedens udgang"
    series = [
        charts.Series("På listen", [m.on_list_end for m in months]),
        charts.Series("Heraf langvarigt hjemløse", [m.long_term_end for m in months]),
        *(charts.Series(t.label, [t.target] * len(months)) for t in targets),
    ]
    figure = charts.line_chart(
        [month_name(m) for m in months],
        series,
        title=title,
        unit="count",
        size=size,
        partial=_partial(months),
        partial_label="Åben markør: måneden er ikke slut",
    )
    what = (
        "Kurvediagram over borgere på listen ved hver måneds udgang og de langvarigt hjemløse "
        "blandt dem"
    )
    if not months:
        return Chart(figure, f"{what}. Ingen måneder.", title)
    first, last = months[0], months[-1]
    parts = [
        f"{what}, {month_name(first, long=True)} til {month_name(last, long=True)}.",
        _extremes("på listen", months, lambda m: m.on_list_end, "Flest/færrest"),
        f"På listen var {danish_number(first.on_list_end)} ved udgangen af "
        f"{month_name(first, long=True)} og {danish_number(last.on_list_end)} ved udgangen af "
        f"{month_name(last, long=True)}; langvarigt hjemløse {danish_number(first.long_term_end)} "
        f"og {danish_number(last.long_term_end)}.",
        *(f"Vandret linje: {t.label}." for t in targets),
        _part_text(months, "har en åben markør"),
        TABLE,
    ]
    return Chart(figure, " ".join(p for p in parts if p), title)


def movement_chart(months: Sequence[MonthFlow], *, size: tuple[float, float] = (8.0, 4.0)) -> Chart:
    """Return bars of each month's inflow and outflow, side by side."""
    title = "Tilgang til og afgang fra listen pr. måned"
    figure = charts.bar_chart(
        [month_name(m) for m in months],
        [
            charts.Series("Kom på listen", [m.inflow for m in months]),
            charts.Series("Gik af listen", [m.outflow for m in months]),
        ],
        title=title,
        unit="count",
        size=size,
        partial=_partial(months),
        partial_label="Lys søjle: måneden er ikke slut",
    )
    what = "Søjlediagram over hvor mange der kom på og gik af listen hver måned"
    if not months:
        return Chart(figure, f"{what}. Ingen måneder.", title)
    first, last = months[0], months[-1]
    inflow, outflow = sum(m.inflow for m in months), sum(m.outflow for m in months)
    parts = [
        f"{what}, {month_name(first, long=True)} til {month_name(last, long=True)}.",
        f"I alt kom {danish_number(inflow)} på og {danish_number(outflow)} gik af listen.",
        _extremes("kom på", months, lambda m: m.inflow, "Flest/færrest"),
        _extremes("gik af", months, lambda m: m.outflow, "Flest/færrest"),
        _part_text(months, "er tegnet lysere"),
        TABLE,
    ]
    return Chart(figure, " ".join(p for p in parts if p), title)
