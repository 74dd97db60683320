"""Charts for pages and reports: matplotlib on Agg, rendered to PNG or SVG bytes.

One helper for the economy's pages, the council report (PDF, xlsx), the forecast and the
statistics, so they look alike (it stands in core so that every room above may draw). Charts are
drawn on ``matplotlib.figure.Figure`` directly (no pyplot state: safe in threads) with the Agg
canvas. Numbers are Danish (1.234.567; 12,5), colours are the Okabe–Ito palette that
colour-blind readers can tell apart, and bars also carry a hatch pattern, so no meaning rests on
colour alone. A chart is never the only way to a number: the page shows the same numbers in a table
beside it, and the image has an ``alt`` text.

Usage::

    chart = bar_chart(["jan.", "feb."], [Series("Nettoudgift", [123_00, 456_00])], unit="oere",
                      title="Nettoudgift pr. måned")
    png_bytes = render_png(chart)
    svg_bytes = render_svg(chart)
    src = data_uri(svg_bytes, "image/svg+xml")   # for <img src="..."> (CSP allows data: images)
"""

from __future__ import annotations

import base64
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Literal

import matplotlib

matplotlib.use("Agg")  # before anything imports pyplot; the helpers below never do

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from hjemvej.core.formatting import MONTHS, MONTHS_SHORT, danish_number

#: Okabe & Ito (2008): distinguishable with every common colour-vision deficiency.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermillion
    "#F0E442",  # yellow
    "#000000",  # black
)
#: A pattern per series, so bars differ without colour (WCAG 1.4.1).
HATCHES: tuple[str, ...] = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")
#: How much of a bar's colour a part of a period shows (a month counted only to the report's date).
PARTIAL_ALPHA = 0.35
#: Entries side by side in a legend below the chart.
LEGEND_COLUMNS = 4
#: Line styles and markers for the same reason.
LINE_STYLES: tuple[str, ...] = ("-", "--", "-.", ":")
MARKERS: tuple[str, ...] = ("o", "s", "^", "D", "v", "P")

#: What the values of a chart are: ``oere`` (money in øre, shown as kroner), ``persons`` (full-year
#: persons, two decimals), ``days``/``count`` (whole numbers), ``percent`` (0–100).
Unit = Literal["oere", "persons", "days", "count", "percent"]

# --- Danish numbers (the formats themselves are in hjemvej.core.formatting) ----------------------


def millions(oere: int, decimals: int = 1) -> str:
    """Return øre as millions of kroner: 2.589,1 mio. kr."""
    return f"{danish_number(Decimal(oere) / 100_000_000, decimals)} mio. kr."


def percent(part: int | float | Decimal, whole: int | float | Decimal, decimals: int = 1) -> str:
    """Return ``part`` as a percentage of ``whole`` in Danish: 12,5 % (— when whole is 0)."""
    if not whole:
        return "–"
    return f"{danish_number(Decimal(str(part)) * 100 / Decimal(str(whole)), decimals)} %"


def month_label(month: date, *, long: bool = False, year: bool = True) -> str:
    """Return a month as Danish text: "jan. 2025" or "januar 2025"."""
    name = (MONTHS if long else MONTHS_SHORT)[month.month - 1]
    return f"{name} {month.year}" if year else name


# --- Chart data ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """One named row of values, in the chart's unit (øre for money)."""

    label: str
    values: Sequence[float | int | Decimal]


@dataclass(frozen=True)
class Band:
    """An uncertainty band drawn behind the lines, e.g. a forecast's 10–90 % interval."""

    label: str
    low: Sequence[float | int | Decimal]
    high: Sequence[float | int | Decimal]


@dataclass(frozen=True)
class Scale:
    """How money is shown on an axis: divide øre by ``divisor`` and write ``label``."""

    divisor: int
    label: str
    decimals: int


def money_scale(largest_oere: float) -> Scale:
    """Return kroner, 1.000 kr. or mio. kr., whichever keeps the axis readable."""
    kr = abs(largest_oere) / 100
    if kr >= 2_000_000:
        return Scale(100 * 1_000_000, "mio. kr.", 1)
    if kr >= 20_000:
        return Scale(100 * 1_000, "1.000 kr.", 0)
    return Scale(100, "kr.", 0)


def _axis_text(unit: Unit, scale: Scale | None) -> tuple[str, FuncFormatter]:
    if unit == "oere":
        assert scale is not None
        s = scale
        return s.label, FuncFormatter(lambda v, _: danish_number(v / s.divisor, s.decimals))
    if unit == "persons":
        return "helårspersoner", FuncFormatter(lambda v, _: danish_number(v, 1))
    if unit == "percent":
        return "%", FuncFormatter(lambda v, _: danish_number(v, 0))
    label = "dage" if unit == "days" else "antal"
    return label, FuncFormatter(lambda v, _: danish_number(v, 0))


def _new_figure(width: float, height: float) -> tuple[Figure, Axes]:
    # Fixed margins (set in ``_finish``) instead of a layout engine: a third of the drawing time.
    figure = Figure(figsize=(width, height), dpi=100)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", color="#d0d0d0", linewidth=0.6)
    axes.set_axisbelow(True)
    return figure, axes


def _largest(series: Sequence[Series], stacked: bool) -> float:
    if not series or not series[0].values:
        return 0.0
    if stacked:
        return max(
            max(
                sum(float(v) for v in vals if float(v) > 0)
                for vals in zip(*(s.values for s in series), strict=True)
            ),
            0.0,
        )
    return max(abs(float(v)) for s in series for v in s.values)


def _categories_axis(axes: Axes, categories: Sequence[str], every: int | None) -> bool:
    """Label the category axis (at most ~16 labels); return whether the labels are rotated."""
    count = len(categories)
    step = every or max(1, -(-count // 16))  # at most ~16 labels
    positions = list(range(0, count, step))
    axes.set_xticks(positions, [categories[i] for i in positions])
    rotated = count > 8 or max((len(c) for c in categories), default=0) * count > 90
    if rotated:
        for label in axes.get_xticklabels():
            label.set_rotation(45)
            label.set_horizontalalignment("right")
    return rotated


def bar_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: Unit = "oere",
    stacked: bool = False,
    size: tuple[float, float] = (8.0, 4.0),
    label_every: int | None = None,
    partial: Sequence[int] = (),
    partial_label: str = "",
) -> Figure:
    """Return bars per category, side by side or stacked, one colour and hatch per series.

    The categories at the indices ``partial`` are parts of a period (a month counted to the
    report's date): their bars are drawn light, and the legend says so in ``partial_label``.
    """
    figure, axes = _new_figure(*size)
    scale = money_scale(_largest(series, stacked)) if unit == "oere" else None
    ylabel, formatter = _axis_text(unit, scale)
    n = max(len(series), 1)
    width = 0.8 if stacked else 0.8 / n
    bottoms = [0.0] * len(categories)
    for i, s in enumerate(series):
        values = [float(v) for v in s.values]
        if stacked:
            xs: list[float] = [float(x) for x in range(len(categories))]
        else:
            xs = [x - 0.4 + width * (i + 0.5) for x in range(len(categories))]
        bars = axes.bar(
            xs,
            values,
            width=width,
            bottom=bottoms if stacked else 0.0,
            label=s.label,
            color=PALETTE[i % len(PALETTE)],
            hatch=HATCHES[i % len(HATCHES)],
            edgecolor="white" if not HATCHES[i % len(HATCHES)] else "#333333",
            linewidth=0.4,
        )
        for index in partial:
            bars.patches[index].set_alpha(PARTIAL_ALPHA)
        if stacked:
            bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    extra: list[Artist] = []
    if partial:
        extra.append(
            Patch(
                facecolor="#999999",
                alpha=PARTIAL_ALPHA,
                edgecolor="#333333",
                linewidth=0.4,
                label=partial_label or "Lys søjle: en del af perioden",
            )
        )
    _finish(axes, figure, categories, title, ylabel, formatter, len(series) > 1, label_every, extra)
    return figure


def hbar_chart(
    categories: Sequence[str],
    series: Series,
    *,
    title: str,
    unit: Unit = "oere",
    size: tuple[float, float] = (8.0, 3.8),
) -> Figure:
    """Return one series as horizontal bars, the first category on top (long names fit)."""
    figure = Figure(figsize=size, dpi=100)
    axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="x", color="#d0d0d0", linewidth=0.6)
    axes.set_axisbelow(True)
    values = [float(v) for v in series.values]
    scale = money_scale(max((abs(v) for v in values), default=0.0)) if unit == "oere" else None
    label, formatter = _axis_text(unit, scale)
    positions = list(range(len(categories)))
    axes.barh(positions, values, height=0.7, color=PALETTE[0], label=series.label)
    axes.set_yticks(positions, list(categories))
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(formatter)
    axes.xaxis.set_major_locator(MaxNLocator(nbins=6))
    axes.set_xlabel(f"{series.label}, {label}")
    axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
    width, height = figure.get_size_inches()
    longest = max((len(c) for c in categories), default=0)
    figure.subplots_adjust(
        left=min((0.085 * longest + 0.3) / width, 0.5),
        right=1 - 0.25 / width,
        top=1 - 0.45 / height,
        bottom=0.6 / height,
    )
    return figure


def line_chart(
    categories: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    unit: Unit = "oere",
    bands: Sequence[Band] = (),
    size: tuple[float, float] = (8.0, 4.0),
    label_every: int | None = None,
    first_dashed_from: int | None = None,
    partial: Sequence[int] = (),
    partial_label: str = "",
) -> Figure:
    """Return lines per series (each its own style and marker), with optional bands behind them.

    ``first_dashed_from``: from this category index on, every line is drawn dashed (a forecast).
    ``partial``: the indices of parts of a period, drawn with a hollow marker (``partial_label``).
    """
    figure, axes = _new_figure(*size)
    everything = [*series, *(Series(b.label, b.high) for b in bands)]
    scale = money_scale(_largest(everything, False)) if unit == "oere" else None
    ylabel, formatter = _axis_text(unit, scale)
    xs = list(range(len(categories)))
    for i, band in enumerate(bands):
        axes.fill_between(
            xs,
            [float(v) for v in band.low],
            [float(v) for v in band.high],
            color=PALETTE[(i + 4) % len(PALETTE)],
            alpha=0.25 + 0.15 * i,
            hatch=HATCHES[(i + 1) % len(HATCHES)],
            edgecolor="#555555",
            linewidth=0.0,
            label=band.label,
        )
    for i, s in enumerate(series):
        values = [float(v) for v in s.values]
        colour, marker = PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)]
        cut = len(xs) if first_dashed_from is None else first_dashed_from + 1
        solid = LINE_STYLES[i % len(LINE_STYLES)] if first_dashed_from is None else "-"
        axes.plot(
            xs[:cut],
            values[:cut],
            linestyle=solid,
            color=colour,
            marker=marker,
            markersize=3.5,
            linewidth=1.8,
            label=s.label,
        )
        if first_dashed_from is not None:
            start = first_dashed_from
            axes.plot(
                xs[start:],
                values[start:],
                linestyle="--",
                color=colour,
                marker=marker,
                markersize=3.5,
                linewidth=1.8,
            )
        if partial:
            axes.plot(
                [xs[i] for i in partial],
                [values[i] for i in partial],
                linestyle="none",
                marker=marker,
                markersize=6,
                markerfacecolor="white",
                markeredgecolor=colour,
                markeredgewidth=1.5,
            )
    extra: list[Artist] = []
    if partial:
        extra.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=6,
                markerfacecolor="white",
                markeredgecolor="#333333",
                label=partial_label or "Åben markør: en del af perioden",
            )
        )
    _finish(
        axes, figure, categories, title, ylabel, formatter, len(everything) > 1, label_every, extra
    )
    return figure


def _finish(
    axes: Axes,
    figure: Figure,
    categories: Sequence[str],
    title: str,
    ylabel: str,
    formatter: FuncFormatter,
    legend: bool,
    label_every: int | None,
    extra: Sequence[Artist] = (),
) -> None:
    axes.set_title(title, loc="left", fontsize=11, fontweight="bold")
    axes.set_ylabel(ylabel)
    axes.yaxis.set_major_formatter(formatter)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=6))
    axes.set_xlim(-0.6, len(categories) - 0.4)
    lo, hi = axes.get_ylim()
    axes.set_ylim(min(lo, 0.0), hi if hi > 0 else 1.0)
    rotated = _categories_axis(axes, categories, label_every)
    width, height = figure.get_size_inches()
    longest = max((len(label.get_text()) for label in axes.get_xticklabels()), default=0)
    labels = 0.1 + (0.075 * longest * 0.71 if rotated else 0.2)  # inches below the axis
    legend = legend or bool(extra)
    handles = [*axes.get_legend_handles_labels()[0], *extra] if legend else []
    rows = -(-len(handles) // LEGEND_COLUMNS)  # a legend of more than 4 entries wraps
    legend_room = 0.35 + 0.22 * (rows - 1) if legend else 0.0
    figure.subplots_adjust(
        left=0.95 / width,
        right=1 - 0.2 / width,
        top=1 - 0.45 / height,
        bottom=min((labels + legend_room + 0.1) / height, 0.6),
    )
    if legend:
        figure.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0.005),
            ncols=LEGEND_COLUMNS,
            frameon=False,
            fontsize=9,
        )


# --- Rendering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chart:
    """A chart and its text alternative (what it shows, in words), as pages and reports show it."""

    figure: Figure
    alt: str
    title: str

    def png(self, dpi: int = 150) -> bytes:
        """Return the chart as PNG."""
        return render_png(self.figure, dpi=dpi)

    def svg_uri(self) -> str:
        """Return the chart as an SVG ``data:`` URI for ``<img src>``."""
        return data_uri(render_svg(self.figure), "image/svg+xml")

    def svg_paths(self) -> str:
        """Return the chart as SVG text with its letters drawn as paths (no font needed)."""
        return render_svg(self.figure, text_as_paths=True).decode()


def render_png(figure: Figure, *, dpi: int = 150) -> bytes:
    """Return the chart as PNG bytes (for PDF and xlsx)."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def render_svg(figure: Figure, *, text_as_paths: bool = False) -> bytes:
    """Return the chart as SVG bytes without a timestamp.

    Text stays text (a third of the size; the browser's sans-serif draws it) unless
    ``text_as_paths``, which needs no font at all where the SVG is shown.
    """
    buffer = io.BytesIO()
    fonttype = "path" if text_as_paths else "none"
    with matplotlib.rc_context({"svg.fonttype": fonttype, "svg.hashsalt": "hjemvej"}):
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def data_uri(content: bytes, mime: str) -> str:
    """Return bytes as a ``data:`` URI for ``<img src>`` (the CSP allows ``img-src data:``)."""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
