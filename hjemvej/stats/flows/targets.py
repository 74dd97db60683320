"""The municipality's targets for the list, held against the count at the end of a day.

A target reads »Mål: 0 langvarigt hjemløse senest 31.12.2027; nu 14«: "nu" is the measure's
count at the end of the last day counted (today, on the page).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hjemvej.stats.flows.selectors import MonthFlow
from hjemvej.stats.models import ListTarget, TargetMeasure

#: What each measure counts, as the sentence says it.
NOUNS: dict[str, str] = {
    TargetMeasure.LONG_TERM: "langvarigt hjemløse",
    TargetMeasure.ON_LIST: "borgere på listen",
}


def measured(measure: str, month: MonthFlow) -> int:
    """Return the measure's count at the end of the month's last counted day."""
    return month.long_term_end if measure == TargetMeasure.LONG_TERM else month.on_list_end


@dataclass(frozen=True)
class TargetLine:
    """A target and the count it is held against."""

    measure: str
    target: int
    by_date: date
    now: int
    as_of: date

    @property
    def noun(self) -> str:
        return NOUNS[self.measure]

    @property
    def label(self) -> str:
        """Return the target as the chart's legend says it: Mål: 0 langvarigt hjemløse senest …"""
        return f"Mål: {self.target} {self.noun} senest {self.by_date:%d.%m.%Y}"

    @property
    def sentence(self) -> str:
        """Return »Mål: 0 langvarigt hjemløse senest 31.12.2027; nu 14«."""
        return f"{self.label}; nu {self.now}"

    @property
    def met(self) -> bool:
        return self.now <= self.target

    @property
    def status(self) -> str:
        """Return where the list stands against the target, in a sentence."""
        if self.met:
            return "Målet er nået."
        missing = self.now - self.target
        if self.as_of > self.by_date:
            return f"Fristen er overskredet, og der mangler {missing}."
        return f"Der mangler {missing}."


def target_lines(municipality_id: int, now: MonthFlow) -> list[TargetLine]:
    """Return the municipality's targets held against the counts of ``now``'s last day."""
    targets = ListTarget.objects.filter(municipality_id=municipality_id).order_by("measure")
    order = list(TargetMeasure.values)
    return sorted(
        (
            TargetLine(
                measure=t.measure,
                target=t.target,
                by_date=t.by_date,
                now=measured(t.measure, now),
                as_of=now.last_day,
            )
            for t in targets
        ),
        key=lambda line: order.index(line.measure),
    )
