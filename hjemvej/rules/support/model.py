"""The vocabulary of § 176 a: courses, stays, readings, periods, results and calendar months."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Literal

from hjemvej.rules.explain import Step
from hjemvej.rules.parameters import ParameterValue

Method = Literal["cti", "icm", "act", "m_act", "sel85", "sel99", "sel107"]
StayKind = Literal["sel110", "sel107"]
DecisionReading = Literal["on_or_before", "strictly_before"]
Sel107Anchor = Literal["shelter_discharge", "sel107_end"]
Sel107Decision = Literal["no_deadline", "by_sel107_end"]
Sel107Continuation = Literal["same_day", "next_day"]
MethodChange = Literal["covered", "decided_course_only"]
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
    """The readings of § 176 a that the wording leaves open; defaults first (docs/rules.md)."""

    # Is a § 85 a/§ 107 decision dated the discharge day itself made "inden udskrivningen"?
    decision: DecisionReading = "on_or_before"
    # The § 107 path (stk. 1, nr. 2): stk. 3 counts the 2 years from the first discharge from the
    # § 110 shelter; "sel107_end" is the alternative reading that counts from the § 107 stay's
    # end, when the § 85 a decision is made (stk. 1 only says when it may be made).
    sel107_anchor: Sel107Anchor = "shelter_discharge"
    # The § 107 path: "hvorefter kommunalbestyrelsen har truffet afgørelse ... efter at borgerens
    # ophold i botilbuddet er afsluttet" sets no deadline for the § 85 a decision; the
    # alternative "by_sel107_end" asks for it by the day the § 107 stay ends.
    sel107_decision: Sel107Decision = "no_deadline"
    # "I umiddelbar forlængelse": the § 107 stay begins on the discharge day; the alternative
    # "next_day" also takes a § 107 stay that begins the day after.
    sel107_continuation: Sel107Continuation = "same_day"
    # A later § 85 a course (a change of method) inside a period is covered by it; the
    # alternative "decided_course_only" covers only courses whose own decision qualifies.
    method_change: MethodChange = "covered"

    def describe(self) -> str:
        """Return the readings as written on the command line."""
        return ", ".join(f"{f.name}={getattr(self, f.name)}" for f in fields(self))

    def non_default(self) -> dict[str, str]:
        """Return the readings that differ from the defaults, by name."""
        default = SupportReadings()
        return {
            f.name: str(getattr(self, f.name))
            for f in fields(self)
            if getattr(self, f.name) != getattr(default, f.name)
        }

    @classmethod
    def parse(cls, items: Sequence[str]) -> SupportReadings:
        """Parse ``KEY=VALUE`` items; raise ValueError with a Danish message when wrong."""
        chosen: dict[str, str] = {}
        for item in items:
            key, _, value = item.partition("=")
            if key not in SUPPORT_READINGS:
                known = ", ".join(SUPPORT_READINGS)
                raise ValueError(f"ukendt læsning '{key}' (kendte: {known})")
            if value not in SUPPORT_READINGS[key]:
                values = " eller ".join(SUPPORT_READINGS[key])
                raise ValueError(f"læsningen {key} kan være {values}, ikke '{value}'")
            chosen[key] = value
        return cls(**chosen)  # type: ignore[arg-type]


#: Every reading of § 176 a and its values, the default first.
SUPPORT_READINGS: dict[str, tuple[str, ...]] = {
    "decision": ("on_or_before", "strictly_before"),
    "sel107_anchor": ("shelter_discharge", "sel107_end"),
    "sel107_decision": ("no_deadline", "by_sel107_end"),
    "sel107_continuation": ("same_day", "next_day"),
    "method_change": ("covered", "decided_course_only"),
}


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
    # The courses the period covers; empty: every course of its kind (§ 85 a or § 107).
    courses: tuple[str, ...] = ()

    def covers(self, course_id: str) -> bool:
        """Return whether the period may reimburse the course."""
        return not self.courses or course_id in self.courses


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
