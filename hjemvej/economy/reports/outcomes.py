"""The council report's section on outcomes: what the work achieved, from the statistics.

The figures are ``hjemvej.stats.outcomes``' (the pages under /statistik/resultater/ and
``hjemvej stats outcomes``): the report year's own measures, and for the measures that follow
citizens after the year (returns to homelessness, housing a year after support began) the latest
year whose citizens have been followed to the end, so the council reads a result, not a count
in progress. A chart of the shares, with its text alternative; the windows used go into the
report's parameters.
"""

from __future__ import annotations

from datetime import date

from hjemvej.accounts.models import Municipality
from hjemvej.core import charts
from hjemvej.core.charts import Chart
from hjemvej.core.formatting import danish_number
from hjemvej.core.law import used_values
from hjemvej.economy.reports.extras import Cell, Extra, TableBlock, sentence
from hjemvej.rules.parameters import default_parameters
from hjemvej.stats.outcomes import (
    BY_KEY,
    OK,
    Figure,
    Records,
    Result,
    period_problem,
    results,
    since,
    value_text,
)

#: The measures of the report year itself, in the order the table shows them.
YEAR_MEASURES = (
    "time_homeless",
    "exits_housing",
    "first_time",
    "stays_by_agreement",
    "admission_to_offer",
    "offer_to_move_in",
)
#: The measures that follow a year's citizens afterwards: shown for the latest year followed.
COHORT_MEASURES = ("returns_any", "returns_shelter", "housing_kept")
#: How many years back the report looks for a year whose citizens are followed to the end.
LOOK_BACK = 3
HEADER = ("Mål", "Tal", "Værdi", "Antal", "Ud af")
WHERE = (
    "Hvert tal er defineret i Hjemvej under Statistik → Resultatmål, hvor man også kan se "
    "borgerne bag tallene."
)


def _row(key: str, figure: Figure) -> tuple[Cell, ...]:
    return (BY_KEY[key].title, figure.label, value_text(figure), figure.count, figure.base)


def _latest_followed(
    municipality: Municipality, year: int, as_of: date, records: Records
) -> dict[tuple[str, str], tuple[int, Figure]]:
    """Return, per cohort figure, the latest year up to ``year`` followed to the end.

    A year with nobody to follow is passed over; a figure no year gives is left out (the table
    then shows this year's: not yet counted).
    """
    found: dict[tuple[str, str], tuple[int, Figure]] = {}
    for back in range(LOOK_BACK):
        cohort = year - back
        if period_problem(cohort, as_of):
            continue
        by_key = results(
            municipality.pk, year=cohort, as_of=as_of, keys=COHORT_MEASURES, records=records
        )
        for key, result in by_key.items():
            for figure in result.figures:
                if figure.status == OK:  # followed to the end, over someone
                    found.setdefault((key, figure.group), (cohort, figure))
    return found


def outcomes_extra(municipality: Municipality, year: int, as_of: date) -> Extra:
    """Return the section on outcomes: the year's measures, the latest followed years, a chart."""
    heading = f"Resultater for borgerne {year}"
    problem = period_problem(year, as_of)
    if problem:
        return Extra(heading, False, [f"Ikke tilgængelig: {problem}"])
    # One reading of the records for the report year and the years looked back to.
    records = Records(municipality.pk, as_of, since(year - LOOK_BACK + 1, default_parameters()))
    own = results(municipality.pk, year=year, as_of=as_of, keys=YEAR_MEASURES, records=records)
    followed = _latest_followed(municipality, year, as_of, records)
    this_year = results(
        municipality.pk, year=year, as_of=as_of, keys=COHORT_MEASURES, records=records
    )
    extra = Extra(heading, True)
    extra.paragraphs.extend(_summary(own, followed))
    if as_of < date(year + 1, 1, 1):
        extra.paragraphs.append(
            f"Året er ikke slut: tallene for {year} omfatter dagene til og med dagen før "
            f"{as_of:%d.%m.%Y}."
        )
    extra.paragraphs.append(WHERE)
    extra.tables.append(
        TableBlock(
            f"Årets resultatmål {year}",
            HEADER,
            tuple(_row(key, f) for key in YEAR_MEASURES for f in own[key].figures),
        )
    )
    rows: list[tuple[Cell, ...]] = []
    counted: list[tuple[str, int, Figure]] = []
    for key in COHORT_MEASURES:
        for figure in this_year[key].figures:
            found = followed.get((key, figure.group))
            if found is None:
                rows.append(_row(key, figure))
                continue
            cohort, shown = found
            counted.append((key, cohort, shown))
            label = f"{shown.label} ({cohort})"
            rows.append((BY_KEY[key].title, label, value_text(shown), shown.count, shown.base))
    extra.tables.append(
        TableBlock(
            "Tilbagefald og bolig efter støtte: det seneste år, hvor borgerne er fulgt til ende",
            HEADER,
            tuple(rows),
        )
    )
    chart = shares_chart(own, counted)
    if chart is not None:
        extra.charts.append(chart)
    used = [v for result in (*own.values(), *this_year.values()) for v in result.used]
    extra.parameters.extend(used_values(used))
    return extra


def _summary(
    own: dict[str, Result], followed: dict[tuple[str, str], tuple[int, Figure]]
) -> list[str]:
    """Return the section's first sentences: the numbers a council member asks for first."""
    lines = []
    exits = own["exits_housing"].figures[0]
    if exits.base:
        lines.append(
            f"{danish_number(exits.count or 0)} af de {danish_number(exits.base)} borgere, der "
            f"gik af hjemløselisten, fik egen bolig ({value_text(exits)})."
        )
    time = own["time_homeless"].figures
    if time[0].base:
        lines.append(
            f"{danish_number(time[0].base)} borgere var i hjemløshed i året, i gennemsnit "
            f"{value_text(time[0]).removesuffix(' dage')} dage i året (median "
            f"{value_text(time[1]).removesuffix(' dage')})."
        )
    back = followed.get(("returns_any", "12"))
    if back is not None and back[1].status == OK:
        cohort, figure = back
        lines.append(
            sentence(
                f"Af dem, der flyttede i egen bolig i {cohort}, var {value_text(figure)} tilbage "
                "i hjemløshed inden for 12 måneder"
            )
        )
    return lines


#: The measures' names on the chart's axis, short enough to stand beside a bar.
SHORT = {
    "exits_housing": "Ud af listen til egen bolig",
    "first_time": "Første gang i hjemløshed",
    "stays_by_agreement": "Udskrevet efter aftale",
    "returns_any": "Tilbage i hjemløshed",
    "returns_shelter": "Nyt ophold på boform",
    "housing_kept": "I egen bolig efter støtte",
}


def shares_chart(own: dict[str, Result], followed: list[tuple[str, int, Figure]]) -> Chart | None:
    """Return horizontal bars of the shares that have a value, with their text alternative.

    ``followed`` are the cohort figures to show, each with the year followed to the end.
    """
    bars: list[tuple[str, str, Figure]] = []
    for key in ("exits_housing", "first_time", "stays_by_agreement"):
        figure = own[key].figures[0]
        if figure.value is not None:
            bars.append((SHORT[key], BY_KEY[key].title, figure))
    for key, cohort, figure in followed:
        if figure.value is None or (key == "housing_kept" and figure.group != "all"):
            continue
        months = f", {figure.group} mdr." if key != "housing_kept" else ""
        long = f"{BY_KEY[key].title}, {figure.label.lower()} ({cohort})"
        bars.append((f"{SHORT[key]}{months} ({cohort})", long, figure))
    if not bars:
        return None
    title = "Resultatmål i procent"
    drawing = charts.hbar_chart(
        [short for short, _, _ in bars],
        charts.Series("Andel", [f.value or 0 for _, _, f in bars]),
        title=title,
        unit="percent",
        size=(8.0, 0.45 * len(bars) + 1.2),
    )
    parts = "; ".join(f"{long}: {value_text(f)}" for _, long, f in bars)
    alt = f"Søjlediagram over resultatmålenes andele i procent. {parts}. Tallene står i tabellen."
    return Chart(drawing, alt, title)
