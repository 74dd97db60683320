"""The vocabulary of § 176 a: courses, stays, readings, periods, results and calendar months."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from hjemvej.rules.explain import Step
from hjemvej.rules.parameters import ParameterValue

Method = Literal["cti", "icm", "act", "m_act", "sel85", "sel99", "sel107"]
StayKind = Literal["sel110", "sel107"]
DecisionReading = Literal["on_or_before", "strictly_before"]
Sel107Anchor = Literal["shelter_discharge", "sel107_end"]
# "sel107_end" names the path of stk. 1, nr. 2 (via a § 107 stay), whatever day it counts from.
Basis = Literal["discharge", "sel107_end", "botilbud", "extension"]

HOUSING_FIRST_METHODS: frozenset[str] = frozenset({"cti", "icm", "act", "m_act"})
METHOD_LABELS: dict[str, str] = {
    "cti": "CTI efter § 85 a",
    "icm": "ICM efter § 85 a",
    "act": "ACT efter § 85 a",
    "m_act": "M-ACT efter § 85 a",
    "sel85": "bostøtte efter § 85",
    "sel99": "støtte- og kontaktperson efter § 99",
    "sel107": "midlertidigt botilbud efter § 107",
}

RATE = "support.reimbursement.rate"
PERIOD = "support.reimbursement.period_months"
BOTILBUD_RATE = "support.botilbud.reimbursement.rate"
BOTILBUD_PERIOD = "support.botilbud.reimbursement.period_months"
BOTILBUD_WITHIN = "support.botilbud.reimbursement.within_months"
EXTENSION = "support.extension.all_situations"
EXTENSION_PERIOD = "support.extension.period_months"

Interval = tuple[date, date]


@dataclass(frozen=True)
class SupportCourse:
    """One support course; ``monthly_cost`` is øre per whole calendar month, ``end`` None = open."""

    course_id: str
    citizen_id: str
    method: Method
    decision_date: date
    start: date
    end: date | None
    monthly_cost: int
    homeless_at_start: bool = False  # in any homelessness situation when support began


@dataclass(frozen=True)
class Stay:
    """A § 110 shelter stay (or, with ``kind="sel107"``, a temporary § 107 botilbud stay)."""

    citizen_id: str
    admitted: date
    discharged: date | None
    kind: StayKind = "sel110"


@dataclass(frozen=True)
class SupportReadings:
    """The readings of § 176 a that the wording leaves open; defaults first."""

    # Is a § 85 a/§ 107 decision dated the discharge day itself made "inden udskrivningen"?
    decision: DecisionReading = "on_or_before"
    # The § 107 path (stk. 1, nr. 2): stk. 3 counts the 2 years from the first discharge from the
    # § 110 shelter; "sel107_end" is the alternative reading that counts from the § 107 stay's
    # end, when the § 85 a decision is made (stk. 1 only says when it may be made).
    sel107_anchor: Sel107Anchor = "shelter_discharge"

    def describe(self) -> str:
        """Return the readings as written on the command line."""
        return f"decision={self.decision}, sel107_anchor={self.sel107_anchor}"


@dataclass(frozen=True)
class ReimbursementPeriod:
    """Days ``[start, end)`` on which a course's expenses are reimbursed, and why."""

    start: date
    end: date
    basis: Basis
    anchor: date  # the day the period counts from
    text: str  # short Danish basis: "efter udskrivning den …"
    explanation: str  # the Danish sentence for the step
    parameters: tuple[ParameterValue, ...] = ()


@dataclass(frozen=True)
class MonthRow:
    """One calendar month of a course: days, cost and reimbursement in whole øre."""

    month: date  # the first day of the month
    days: int
    cost: int
    reimbursed_days: int
    reimbursement: int


@dataclass(frozen=True)
class CourseResult:
    """A course's reimbursement periods, monthly rows and explanation."""

    course_id: str
    citizen_id: str
    method: Method
    periods: tuple[ReimbursementPeriod, ...]
    reason: str | None  # why nothing is reimbursable, when ``periods`` is empty
    rows: tuple[MonthRow, ...]
    steps: tuple[Step, ...]

    @property
    def cost(self) -> int:
        """Return the course's cost in øre before ``as_of``."""
        return sum(r.cost for r in self.rows)

    @property
    def reimbursement(self) -> int:
        """Return the course's reimbursement in øre."""
        return sum(r.reimbursement for r in self.rows)

    @property
    def days(self) -> int:
        """Return the number of days with cost."""
        return sum(r.days for r in self.rows)

    @property
    def reimbursed_days(self) -> int:
        """Return the number of days with reimbursement."""
        return sum(r.reimbursed_days for r in self.rows)

    @property
    def basis(self) -> str:
        """Return the basis of reimbursement (or the reason for none) in Danish."""
        return "; ".join(p.text for p in self.periods) or (self.reason or "")


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Return the union of intervals as sorted, disjoint, non-empty intervals."""
    merged: list[Interval] = []
    for lo, hi in sorted(iv for iv in intervals if iv[0] < iv[1]):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def clip(intervals: Iterable[Interval], lo: date, hi: date) -> list[Interval]:
    """Return the parts of the intervals inside ``[lo, hi)``."""
    return [(max(a, lo), min(b, hi)) for a, b in intervals if max(a, lo) < min(b, hi)]
