"""The dashboard's and the report's charts, built from periods with the shared chart helper.

Each function returns a matplotlib ``Figure`` and the Danish ``alt`` text that says what it shows:
the highest and the lowest value, where the figures went, and which month is only counted in part
(drawn light, or with a hollow marker). The same numbers stand in a table beside every chart.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from hjemvej.core import charts
from hjemvej.core.charts import Chart
from hjemvej.core.formatting import period_text, persons, whole_kroner
from hjemvej.economy.reports.selectors import Period, ShelterRow

TABLE = "Tallene står i tabellen."


def _month_names(periods: Sequence[Period]) -> list[str]:
    """Return the axis labels: "jan. 2026", a part month with its days: "dec. 2026 (1.–4.)"."""
    names = []
    for p in periods:
        name = charts.month_label(p.start)
        names.append(f"{name} ({p.start.day}.–{p.last_day.day}.)" if p.partial else name)
    return names


def _partial(periods: Sequence[Period]) -> list[int]:
    return [i for i, p in enumerate(periods) if p.partial]


def _partial_label(periods: Sequence[Period], what: str) -> str:
    return "; ".join(f"{what}: kun {p.month_text()}" for p in periods if p.partial)


def _trend(
    what: str,
    periods: Sequence[Period],
    value: Callable[[Period], int | float],
    text: Callable[[Period], str],
    name: Callable[[Period], str],
    words: tuple[str, str] = ("Højeste", "laveste"),
) -> str:
    """Return the highest and lowest whole period, and how the first compares to the last.

    A part of a period is left out of the comparison (it would always be the lowest) and said
    plainly instead.
    """
    whole = [p for p in periods if not p.partial]
    parts = [
        f"{p.month_text().capitalize()} er kun en del af måneden og er tegnet lysere."
        for p in periods
        if p.partial
    ]
    if not whole:
        return " ".join(parts)
    high = max(whole, key=value)
    low = min(whole, key=value)
    sentences = [
        f"{words[0]} {what}: {name(high)} ({text(high)}); {words[1]}: {name(low)} ({text(low)})."
    ]
    if len(whole) > 1:
        first, last = whole[0], whole[-1]
        change = value(last) - value(first)
        if change:
            verb = "steg" if change > 0 else "faldt"
            sentences.append(
                f"{what.capitalize()} {verb} fra {text(first)} i {name(first)} til {text(last)} "
                f"i {name(last)}."
            )
        else:
            sentences.append(
                f"{what.capitalize()} var uændret fra {name(first)} til {name(last)} "
                f"({text(last)})."
            )
    return " ".join([*sentences, *parts])


def _span(periods: Sequence[Period]) -> str:
    return period_text(periods[0].start, periods[-1].end)


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
        partial=_partial(periods),
        partial_label=_partial_label(periods, "Lys søjle"),
    )
    what = (
        "Søjlediagram over bruttoudgiften pr. måned delt i nettoudgift, statsrefusion og "
        "egenbetaling"
    )
    if not periods:
        return Chart(figure, f"{what}. Ingen måneder med tal.", title)
    trend = _trend(
        "nettoudgift",
        periods,
        lambda p: p.total.net_cost,
        lambda p: whole_kroner(p.total.net_cost),
        lambda p: p.month_text(),
    )
    return Chart(figure, f"{what}, {_span(periods)}. {trend} {TABLE}", title)


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
        partial=_partial(periods),
        partial_label=_partial_label(periods, "Åben markør"),
    )
    what = "Kurvediagram over helårspersoner pr. måned i alt og på boformer uden for kommunen"
    if not periods:
        return Chart(figure, f"{what}. Ingen måneder med tal.", title)
    trend = _trend(
        "helårspersoner",
        periods,
        lambda p: float(p.full_year_persons),
        lambda p: persons(p.full_year_persons),
        lambda p: p.month_text(),
        words=("Flest", "færrest"),
    ).replace("er tegnet lysere", "har en åben markør")
    return Chart(figure, f"{what}, {_span(periods)}. {trend} {TABLE}", title)


def _year_label(period: Period) -> str:
    return period_text(period.start, period.end) if period.partial else str(period.start.year)


def yearly_cost(periods: Sequence[Period], *, size: tuple[float, float] = (8.0, 3.6)) -> Chart:
    """Return bars per year: gross cost, reimbursement and net cost side by side."""
    title = "Udgift og refusion pr. år"
    figure = charts.bar_chart(
        [_year_label(p) for p in periods],
        [
            charts.Series("Bruttoudgift", [p.total.gross_cost for p in periods]),
            charts.Series("Statsrefusion (§ 177)", [p.total.reimbursement for p in periods]),
            charts.Series("Nettoudgift", [p.total.net_cost for p in periods]),
        ],
        title=title,
        unit="oere",
        size=size,
        partial=_partial(periods),
        partial_label="Lys søjle: året til dato",
    )
    parts = "; ".join(
        f"{_year_label(p)}: brutto {whole_kroner(p.total.gross_cost)}, refusion "
        f"{whole_kroner(p.total.reimbursement)}, netto {whole_kroner(p.total.net_cost)}"
        for p in periods
    )
    whole = [p for p in periods if not p.partial]
    summary = ""
    if len(whole) > 1:
        high = max(whole, key=lambda p: p.total.net_cost)
        low = min(whole, key=lambda p: p.total.net_cost)
        first, last = whole[0], whole[-1]
        change = last.total.net_cost - first.total.net_cost
        verb = "steg" if change > 0 else "faldt" if change < 0 else "var uændret"
        summary = (
            f" Højeste nettoudgift i {high.label}, laveste i {low.label}. Fra {first.label} til "
            f"{last.label} {verb} nettoudgiften."
        )
    partial = "".join(
        f" {_year_label(p)} er året til dato og er tegnet lysere." for p in periods if p.partial
    )
    parts = parts if parts.endswith(".") else parts + "."
    return Chart(
        figure,
        f"Søjlediagram over udgift og refusion pr. år. {parts}{summary}{partial} {TABLE}",
        title,
    )


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
    alt = f"Søjlediagram over nettoudgiften pr. boform, den største først. {parts}"
    alt = alt if alt.endswith(".") else alt + "."
    if rows:
        high, low = rows[0], rows[-1]
        alt += (
            f" Højeste nettoudgift: {high.shelter.name} ({whole_kroner(high.amounts.net_cost)}); "
            f"laveste: {low.shelter.name} ({whole_kroner(low.amounts.net_cost)})."
        )
    return Chart(figure, f"{alt} {TABLE}", title)


def _short(name: str, width: int = 24) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"
