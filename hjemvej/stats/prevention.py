"""Prevention counted apart from the list: citizens at risk of homelessness, year by year.

For a calendar year ``[1 January, 1 January next)`` and the municipality's citizens
(docs/statistics.md, "Prevention"):

- **new**: risks noted in the year, and the citizens they belong to;
- **open at year end**: risks noted before the year's end and not ended by it (``ended_on`` after
  the last day, or none), counted as of ``as_of`` when the year is in progress;
- **ended**: risks ended in the year, by outcome (averted, became homeless, moved away or other);
- **onto the list**: of the citizens with a risk noted in the year, those whose first such risk's
  window ``[noted_on, noted_on + N months)`` has passed by ``as_of`` are followed; the share of them
  who came onto the by-name list (an entry) in the window. N is ``outcomes.prevention.months``
  (assumed, 6), read on the first day of the year.

Counts of persons and risks only: no names, no pseudonyms, so economists see the same page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    ListEventKind,
    RiskOfHomelessness,
    RiskOutcome,
)
from hjemvej.rules.dates import add_months
from hjemvej.rules.parameters import ParameterSet, ParameterValue, default_parameters

MONTHS = "outcomes.prevention.months"


@dataclass(frozen=True)
class PreventionYear:
    """One year of prevention for the municipality's citizens."""

    year: int
    as_of: date
    window: ParameterValue
    months: int
    new_risks: int = 0
    new_citizens: int = 0
    open_at_end: int = 0
    ended: dict[str, int] = field(default_factory=dict)  # RiskOutcome value -> risks
    followed: int = 0  # citizens whose window has passed
    onto_list: int = 0  # of those, came onto the list in the window
    not_yet_followed: int = 0  # citizens whose window runs past ``as_of``

    @property
    def averted(self) -> int:
        """Return the risks ended in the year as averted."""
        return self.ended.get(RiskOutcome.AVERTED, 0)

    @property
    def became_homeless(self) -> int:
        """Return the risks ended in the year because the citizen became homeless."""
        return self.ended.get(RiskOutcome.BECAME_HOMELESS, 0)

    @property
    def ended_otherwise(self) -> int:
        """Return the risks ended in the year otherwise (moved away, other)."""
        return sum(self.ended.values()) - self.averted - self.became_homeless

    @property
    def share_onto_list(self) -> Decimal | None:
        """Return the percentage of followed citizens who came onto the list (one decimal)."""
        if not self.followed:
            return None
        share = Decimal(100 * self.onto_list) / Decimal(self.followed)
        return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def prevention_year(
    citizens: QuerySet[Citizen], year: int, *, as_of: date, params: ParameterSet | None = None
) -> PreventionYear:
    """Return the year's prevention figures for the citizens (three queries)."""
    params = params or default_parameters()
    first, stop = date(year, 1, 1), date(year + 1, 1, 1)
    end = min(stop, as_of + timedelta(days=1))  # the first day not counted
    months = params.count(MONTHS, first)
    risks = list(
        RiskOfHomelessness.objects.filter(citizen__in=citizens, noted_on__lt=end).values_list(
            "citizen_id", "noted_on", "ended_on", "outcome"
        )
    )
    new = [(c, noted) for c, noted, _e, _o in risks if noted >= first]
    ended: dict[str, int] = dict.fromkeys(RiskOutcome.values, 0)
    for _c, _n, ended_on, outcome in risks:
        if ended_on is not None and first <= ended_on < end:
            ended[outcome] = ended.get(outcome, 0) + 1
    open_at_end = sum(1 for _c, _n, e, _o in risks if e is None or e >= end)
    first_noted: dict[int, date] = {}
    for citizen_id, noted in sorted(new, key=lambda pair: pair[1]):
        first_noted.setdefault(citizen_id, noted)
    windows = {c: (noted, add_months(noted, months)) for c, noted in first_noted.items()}
    followed = {c for c, (_start, until) in windows.items() if until <= as_of + timedelta(days=1)}
    entries = ByNameListEvent.objects.filter(
        citizen_id__in=sorted(followed), kind=ListEventKind.ENTERED
    ).values_list("citizen_id", "date")
    onto = {c for c, day in entries if windows[c][0] <= day < windows[c][1]}
    return PreventionYear(
        year=year,
        as_of=as_of,
        window=params.at(MONTHS, first),
        months=months,
        new_risks=len(new),
        new_citizens=len(first_noted),
        open_at_end=open_at_end,
        ended=ended,
        followed=len(followed),
        onto_list=len(onto),
        not_yet_followed=len(first_noted) - len(followed),
    )
