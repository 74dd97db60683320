"""The § 176 a claim: support courses and § 107 stays priced by the engine, cut to the period.

The numbers are the support figures' (``support.support_entries``, ``rules_stays`` and the engine
``support_reimbursement`` per citizen, every course, § 107 stay and § 110 stay of the citizen in),
so a claim of a calendar year shows what the figures page shows for that year. The engine prices
whole calendar months and rounds each once; a period that starts inside a month takes the course's
total counted to the period's end less its total counted to the period's start, so the months are
rounded as the engine rounds them and claims of consecutive periods add up exactly to the year.

A line is kept for every course and § 107 stay with days in the period, also when nothing of it is
reimbursed: its basis then says why (the engine's ``reason``).

``support_fingerprint`` hashes every input of the engine for the claim's citizens (their courses,
§ 107 stays and § 110 stays) and which citizens are in: any change to them (or a course of a new
citizen in the period) shows the claim out of date. It hashes the whole of each citizen's records,
not only the days before the claim's as-of day, because § 176 a reads a citizen's history as a
whole (decisions against discharges, the § 107 route): a later change may show the claim out of
date although its lines stay the same, never the other way round.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet

from hjemvej.core import law
from hjemvej.core.law import used_values
from hjemvej.economy.models import SupportClaim, SupportClaimLine
from hjemvej.economy.selectors.claims import (
    ClaimStatus,
    acting_moved,
    claim_as_of,
    parameter_record,
    rule_key,
)
from hjemvej.economy.selectors.common import SUPPORT_PARAMETERS, parameters_used
from hjemvej.economy.selectors.support import Entry, inputs_digest, support_entries
from hjemvej.rules.parameters import ParameterSet, ParameterValue
from hjemvej.rules.support import METHOD_LABELS, CourseResult, SupportCourse, support_reimbursement
from hjemvej.rules.support import Stay as SupportStay
from hjemvej.support.rules_rows import rules_stays

#: The head of the data fingerprint: what kind of claim, and its form (change it with the form).
FINGERPRINT_HEAD = ("sel176a", 1)


@dataclass(frozen=True)
class SupportLineData:
    """One course's or § 107 stay's line as computed (money in øre)."""

    course_pk: int
    citizen_pk: int
    pseudonym: str
    method: str
    method_label: str
    decided_on: date
    start: date
    end: date | None
    monthly_cost: int
    days: int
    reimbursed_days: int
    cost: int
    reimbursement: int
    basis: str
    rule_versions: list[str]

    @property
    def net_cost(self) -> int:
        """Return cost − reimbursement in øre."""
        return self.cost - self.reimbursement


@dataclass
class SupportClaimComputation:
    """A § 176 a claim before it is stored."""

    start: date
    end: date
    as_of: date
    parameter_set: str
    parameters: list[dict[str, str | None]]
    data_fingerprint: str
    courses_in: int
    lines: list[SupportLineData] = field(default_factory=list)

    def total(self, key: str) -> int:
        """Return the sum of one field over the lines."""
        return sum(int(getattr(line, key)) for line in self.lines)


@dataclass(frozen=True)
class _Inputs:
    """The engine's inputs of a claim: the entries of the citizens in it, and their stays."""

    entries: list[Entry]
    stays: dict[int, list[SupportStay]]
    running: set[str]  # the rules' ids of the courses with days in the period

    @property
    def fingerprint(self) -> str:
        return inputs_digest(FINGERPRINT_HEAD, [e[0] for e in self.entries], self.stays)

    @property
    def citizens(self) -> set[int]:
        return {int(e[0].citizen_id) for e in self.entries}


def _inputs(municipality_id: int, start: date, as_of: date) -> _Inputs:
    """Return the courses and § 107 stays running on a day of ``[start, as_of)`` with every
    record of their citizens, as the support figures read them."""
    entries = support_entries(municipality_id)
    running = {
        c.course_id for c, _, _ in entries if c.start < as_of and (c.end is None or c.end > start)
    }
    citizens = {int(c.citizen_id) for c, _, _ in entries if c.course_id in running}
    chosen = [e for e in entries if int(e[0].citizen_id) in citizens]
    return _Inputs(chosen, rules_stays(citizens), running)


def support_fingerprint(municipality_id: int, start: date, as_of: date) -> str:
    """Return the SHA-256 of every input of a claim of ``[start, as_of)`` (module docstring)."""
    return _inputs(municipality_id, start, as_of).fingerprint


def compute_support_claim(
    municipality_id: int, *, start: date, end: date, today: date, params: ParameterSet
) -> SupportClaimComputation:
    """Compute every course's and § 107 stay's § 176 a reimbursement in ``[start, end)``; raise
    ValueError (a parameter without a value, a record the rules refuse) when it cannot be."""
    as_of = claim_as_of(end, today)
    inputs = _inputs(municipality_id, start, as_of)
    by_citizen: dict[int, list[SupportCourse]] = defaultdict(list)
    info: dict[str, Entry] = {}
    for entry in inputs.entries:
        info[entry[0].course_id] = entry
        by_citizen[int(entry[0].citizen_id)].append(entry[0])
    lines: list[SupportLineData] = []
    used: list[ParameterValue] = []
    for citizen_id, courses in by_citizen.items():
        stays = inputs.stays.get(citizen_id, [])
        results = support_reimbursement(courses, stays, as_of=as_of, params=params)
        before = _counted_before(courses, stays, start, params)
        for result in results:
            if result.course_id not in inputs.running:
                continue
            course, pk, pseudonym = info[result.course_id]
            totals = _totals(result)
            earlier = before.get(result.course_id, (0, 0, 0, 0))
            days, reimbursed_days, cost, reimbursement = (
                a - b for a, b in zip(totals, earlier, strict=True)
            )
            if days <= 0:
                continue
            values = _values_used(result, course, start, as_of, params)
            used.extend(values)
            lines.append(
                SupportLineData(
                    course_pk=pk,
                    citizen_pk=citizen_id,
                    pseudonym=pseudonym,
                    method=result.method,
                    method_label=METHOD_LABELS[result.method],
                    decided_on=course.decision_date,
                    start=course.start,
                    end=course.end,
                    monthly_cost=course.monthly_cost,
                    days=days,
                    reimbursed_days=reimbursed_days,
                    cost=cost,
                    reimbursement=reimbursement,
                    basis=result.basis,
                    rule_versions=[rule_key(v.name, v.valid_from) for v in values],
                )
            )
    lines.sort(key=lambda line: (line.pseudonym, line.start, line.method, line.course_pk))
    in_force = [u.value for u in parameters_used(params, SUPPORT_PARAMETERS, start, as_of)]
    records = [parameter_record(u) for u in used_values([*in_force, *used], params)]
    return SupportClaimComputation(
        start=start,
        end=end,
        as_of=as_of,
        parameter_set=params.fingerprint,
        parameters=records,
        data_fingerprint=inputs.fingerprint,
        courses_in=len(inputs.entries),
        lines=lines,
    )


def _totals(result: CourseResult) -> tuple[int, int, int, int]:
    """Return a course's days, reimbursed days, cost and reimbursement (øre) over its rows."""
    rows = result.rows
    return (
        sum(r.days for r in rows),
        sum(r.reimbursed_days for r in rows),
        sum(r.cost for r in rows),
        sum(r.reimbursement for r in rows),
    )


def _counted_before(
    courses: list[SupportCourse], stays: list[SupportStay], start: date, params: ParameterSet
) -> dict[str, tuple[int, int, int, int]]:
    """Return each course's totals counted to ``start`` (not included), as the engine rounds
    them: the same inputs, counted to the period's first day."""
    earlier = [c for c in courses if c.start < start]
    if not earlier:
        return {}
    results = support_reimbursement(courses, stays, as_of=start, params=params)
    return {r.course_id: _totals(r) for r in results if r.rows}


def _values_used(
    result: CourseResult, course: SupportCourse, start: date, as_of: date, params: ParameterSet
) -> list[ParameterValue]:
    """Return the parameter values of the reimbursement periods that cover the course on a day
    of the period (the rate, the period's length), each once, in the order met."""
    lo = max(start, course.start)
    hi = min(as_of, course.end or as_of)
    seen: dict[str, ParameterValue] = {}
    for period in result.periods:
        if not period.covers(result.course_id) or period.start >= hi or period.end <= lo:
            continue
        for value in period.parameters:
            seen.setdefault(rule_key(value.name, value.valid_from), value)
        rate = params[period.parameters[0].name] if period.parameters else None
        if rate is not None:
            a, b = max(lo, period.start, rate.first_date), min(hi, period.end)
            for value in rate.between(a, b) if a < b else ():
                seen.setdefault(rule_key(value.name, value.valid_from), value)
    return list(seen.values())


# --- Reading claims back ----------------------------------------------------------------------


def support_claims_for(municipality_id: int) -> QuerySet[SupportClaim]:
    """Return the municipality's § 176 a claims, newest first."""
    return SupportClaim.objects.filter(municipality_id=municipality_id).select_related(
        "created_by", "municipality"
    )


def support_claim_lines(claim: SupportClaim) -> QuerySet[SupportClaimLine]:
    """Return the claim's lines in the order of the page and the exports."""
    return claim.lines.order_by("pseudonym", "start", "method", "course_pk")


def support_claim_status(claim: SupportClaim, *, params: ParameterSet | None = None) -> ClaimStatus:
    """Compare the claim's fingerprints with the current records and parameters."""
    params = params or law.current_parameters()
    inputs = _inputs(claim.municipality_id, claim.period_start, claim.as_of)
    current = inputs.fingerprint
    data_changed = current != claim.data_fingerprint
    return ClaimStatus(
        data_changed=data_changed,
        acting_changed=data_changed and acting_moved(claim, inputs.citizens),
        parameters_changed=params.fingerprint != claim.parameter_set,
        current_parameter_set=params.fingerprint,
        current_data_fingerprint=current,
        incomplete=claim.as_of < claim.period_end,
    )
