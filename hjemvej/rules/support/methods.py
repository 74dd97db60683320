"""The structure of the Housing First methods (SEL § 85 a): CTI's contact period and phases.

CTI (Critical Time Intervention) runs a contact period from the start of support until the citizen
has a lease or has moved in; then three phases of three months with falling intensity: 1 the
transition, 2 trying out life in one's own home, 3 handing over to the citizen and the network,
when future needs are assessed (Norddjurs Kommune, kvalitetsstandard for Housing First-bostøtte
(CTI); Socialstyrelsens metodebeskrivelse). ICM, ACT and M-ACT are open-ended and reviewed
instead. Periods are closed-open ``[start, end)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise
from typing import Literal

from hjemvej.rules.dates import add_months
from hjemvej.rules.explain import danish_date
from hjemvej.rules.parameters import ParameterSet, ParameterValue, default_parameters
from hjemvej.rules.support.model import DecisionReading

PHASE_MONTHS = "support.cti.phase_months"
PHASE_COUNT = "support.cti.phase_count"

PHASE_NAMES: dict[int, str] = {
    0: "Kontaktperiode",
    1: "Fase 1: overgang til egen bolig",
    2: "Fase 2: afprøvning af livet i egen bolig",
    3: "Fase 3: overdragelse til borger og netværk",
}


@dataclass(frozen=True)
class CtiPhase:
    """One period of a CTI course: 0 is the contact period, 1–3 the phases."""

    number: int
    start: date
    end: date | None  # None: the contact period of a citizen without a lease yet

    @property
    def name(self) -> str:
        """Return the phase's Danish name."""
        return PHASE_NAMES.get(self.number, f"Fase {self.number}")

    def contains(self, day: date) -> bool:
        """Return whether the day lies in ``[start, end)``."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class CtiSchedule:
    """A CTI course's contact period and phases, with the parameter values that set them."""

    periods: tuple[CtiPhase, ...]
    parameters: tuple[ParameterValue, ...]

    @property
    def end(self) -> date | None:
        """Return the planned end of the course (the end of the last phase), None before phase 1."""
        return self.periods[-1].end if len(self.periods) > 1 else None

    @property
    def phase1_start(self) -> date | None:
        """Return the day phase 1 begins, None while the citizen has no lease."""
        return self.periods[1].start if len(self.periods) > 1 else None

    def phase_on(self, day: date) -> CtiPhase | None:
        """Return the period the day lies in, None before the start or after the end."""
        for period in self.periods:
            if period.contains(day):
                return period
        return None


def cti_first_day(params: ParameterSet | None = None) -> date:
    """Return the first day phase 1 may begin for which the phase parameters have values."""
    params = params or default_parameters()
    return max(params[PHASE_MONTHS].first_date, params[PHASE_COUNT].first_date)


def cti_schedule(
    *, start: date, phase1_start: date | None, params: ParameterSet | None = None
) -> CtiSchedule:
    """Return CTI's contact period ``[start, phase1_start)`` and its phases (SEL § 85 a).

    The phase length and count are the values in force on the day phase 1 begins.
    """
    if phase1_start is not None and phase1_start < start:
        raise ValueError("fase 1 kan ikke begynde før forløbet")
    if phase1_start is None:
        return CtiSchedule((CtiPhase(0, start, None),), ())
    params = params or default_parameters()
    months_value = params.at(PHASE_MONTHS, phase1_start)
    count_value = params.at(PHASE_COUNT, phase1_start)
    months = int(months_value.value)  # type: ignore[arg-type]
    count = int(count_value.value)  # type: ignore[arg-type]
    # The contact period is empty when support starts on the day phase 1 begins.
    periods = [CtiPhase(0, start, phase1_start)]
    for number in range(1, count + 1):
        periods.append(
            CtiPhase(
                number,
                add_months(phase1_start, months * (number - 1)),
                add_months(phase1_start, months * number),
            )
        )
    return CtiSchedule(tuple(periods), (months_value, count_value))


# --- CTI: what is still to happen -------------------------------------------------------------

MilestoneKind = Literal["phase_start", "planned_end", "assessment"]


@dataclass(frozen=True)
class CtiMilestone:
    """Something still to happen in a CTI course, by ``due``; relevant from ``opens_on``."""

    kind: MilestoneKind
    due: date
    opens_on: date
    phase: int
    text: str  # Danish
    parameters: tuple[ParameterValue, ...] = ()


def cti_open_milestones(
    schedule: CtiSchedule, *, as_of: date, ended_on: date | None, assessed: bool
) -> list[CtiMilestone]:
    """Return a CTI course's next phase change, planned end and phase-3 assessment (SEL § 85 a).

    Nothing is open before phase 1 has a date or once the course has ended (``ended_on`` on or
    before ``as_of``). The phase-3 assessment of future needs and the hand-over are due by the
    last day of phase 3; the planned end is due on the first day after it.
    """
    if schedule.phase1_start is None or schedule.end is None:
        return []
    if ended_on is not None and ended_on <= as_of:
        return []
    found: list[CtiMilestone] = []
    upcoming = [p for p in schedule.periods[1:] if p.start > as_of]
    if upcoming and (ended_on is None or upcoming[0].start < ended_on):
        period = upcoming[0]
        found.append(
            CtiMilestone(
                "phase_start",
                period.start,
                period.start,
                period.number,
                f"{period.name} begynder {danish_date(period.start)}",
                schedule.parameters,
            )
        )
    last = schedule.periods[-1]
    if not assessed:
        found.append(
            CtiMilestone(
                "assessment",
                schedule.end - timedelta(days=1),
                last.start,
                last.number,
                "Vurdering af fremtidige behov og overdragelse til borger og netværk senest "
                f"{danish_date(schedule.end - timedelta(days=1))} (fase {last.number})",
                schedule.parameters,
            )
        )
    if ended_on is None:
        found.append(
            CtiMilestone(
                "planned_end",
                schedule.end,
                last.start,
                last.number,
                f"CTI-forløbet slutter efter planen {danish_date(schedule.end)}: sæt slutdatoen",
                schedule.parameters,
            )
        )
    return sorted(found, key=lambda m: (m.due, m.kind))


# --- ICM, ACT, M-ACT: reviews -----------------------------------------------------------------

REVIEW_INTERVAL = "support.review.interval_months"
REVIEWED_METHODS: frozenset[str] = frozenset({"icm", "act", "m_act"})
TIME_LIMITED_METHODS: frozenset[str] = frozenset({"cti"})


@dataclass(frozen=True)
class ReviewDate:
    """The next review of an open-ended course, and whether the default interval set it."""

    due: date
    defaulted: bool
    parameter: ParameterValue | None  # the interval, when it set the date


def next_review(
    *, last: date, given: date | None, params: ParameterSet | None = None
) -> ReviewDate:
    """Return the next review of an ICM, ACT or M-ACT course (SEL § 85 a; § 148 follow-up).

    ``last`` is the latest review (or the start of the course); a date the case worker gave wins,
    else the default interval in force on ``last`` counts from it.
    """
    if given is not None:
        return ReviewDate(given, False, None)
    params = params or default_parameters()
    interval = params.at(REVIEW_INTERVAL, last)
    return ReviewDate(add_months(last, int(interval.value)), True, interval)  # type: ignore[arg-type]


# --- Support before the move ------------------------------------------------------------------

BEFORE_MOVE = "support.before_move.months"
BeforeMoveStatus = Literal["met", "short", "after", "no_move"]


@dataclass(frozen=True)
class BeforeMove:
    """Whether support began at least the required time before the citizen moved in."""

    status: BeforeMoveStatus
    start: date
    move_in: date | None
    required_move_in: date  # the earliest move-in that meets the requirement
    parameter: ParameterValue

    @property
    def met(self) -> bool:
        """Return whether the requirement is met."""
        return self.status == "met"

    @property
    def lead_days(self) -> int | None:
        """Return the days from the start of support to the move-in (negative: after it)."""
        return None if self.move_in is None else (self.move_in - self.start).days

    @property
    def requirement(self) -> str:
        """Return the requirement in Danish: "1 måned"."""
        months = int(self.parameter.value)  # type: ignore[arg-type]
        return f"{months} {'måned' if months == 1 else 'måneder'}"

    @property
    def text(self) -> str:
        """Return the finding as one Danish sentence."""
        if self.move_in is None:
            return "Ingen indflytning i egen bolig er registreret efter støttens start."
        moved = danish_date(self.move_in)
        days = self.lead_days or 0
        if self.status == "met":
            return f"Støtten begyndte {days} dage før indflytningen {moved}."
        if self.status == "short":
            return (
                f"Støtten begyndte kun {days} dage før indflytningen {moved}, "
                f"ikke mindst {self.requirement} før."
            )
        return f"Støtten begyndte {-days} dage efter indflytningen {moved}."


def support_before_move(
    *,
    start: date,
    tenancies: Sequence[tuple[date, date | None]],
    params: ParameterSet | None = None,
) -> BeforeMove:
    """Return whether support began at least a month before the move-in (SEL § 85 a).

    Good practice, not law (Rådet for Socialt Udsatte, rapport om barrierer og god praksis; see
    ``support.before_move.months``).

    ``tenancies`` are ``(move_in, move_out)``. The move is the first move-in on or after the start
    of support; it meets the requirement when it lies at least the parameter's months after the
    start. Without one, a tenancy running on the start day means support began after the move.
    """
    params = params or default_parameters()
    value = params.at(BEFORE_MOVE, start)
    required = add_months(start, int(value.value))  # type: ignore[arg-type]
    later = sorted(move_in for move_in, _ in tenancies if move_in >= start)
    if later:
        status: BeforeMoveStatus = "met" if later[0] >= required else "short"
        return BeforeMove(status, start, later[0], required, value)
    running = sorted(
        move_in
        for move_in, move_out in tenancies
        if move_in < start and (move_out is None or move_out > start)
    )
    if running:
        return BeforeMove("after", start, running[-1], required, value)
    return BeforeMove("no_move", start, None, required, value)


# --- Continuity across a change of method -----------------------------------------------------

CONTINUITY_GAP = "support.continuity.gap_days"


@dataclass(frozen=True)
class MethodCourse:
    """A course as continuity sees it: its method, period and worker."""

    course_id: str
    method: str
    start: date
    end: date | None
    worker_id: int | None


@dataclass(frozen=True)
class MethodChange:
    """One change of method: the course before, the course after, and whether the worker stayed."""

    before: MethodCourse
    after: MethodCourse
    gap_days: int  # 0 when the courses overlap or follow on directly
    parameter: ParameterValue

    @property
    def same_worker(self) -> bool | None:
        """Return whether one worker carried both courses (None when a worker is missing)."""
        if self.before.worker_id is None or self.after.worker_id is None:
            return None
        return self.before.worker_id == self.after.worker_id


def method_changes(
    courses: Sequence[MethodCourse], params: ParameterSet | None = None
) -> list[MethodChange]:
    """Return the changes of method between consecutive courses (SEL §§ 85, 85 a, 99).

    Keeping the worker across a change of method is good practice (Rådet for Socialt Udsatte,
    rapport om barrierer og god praksis; see ``support.continuity.gap_days``).

    Courses are taken in order of start. A course follows the one before it as a change of method
    when the methods differ and it starts at most the parameter's days after that course ended
    (or while it runs).
    """
    params = params or default_parameters()
    ordered = sorted(courses, key=lambda c: c.start)
    changes: list[MethodChange] = []
    for before, after in pairwise(ordered):
        if before.method == after.method:
            continue
        value = params.at(CONTINUITY_GAP, after.start)
        gap = max((after.start - before.end).days, 0) if before.end is not None else 0
        if gap <= int(value.value):  # type: ignore[arg-type]
            changes.append(MethodChange(before, after, gap, value))
    return changes


# --- Caseload against fidelity limits ---------------------------------------------------------

CASELOAD_LIMITS: dict[str, str] = {
    "cti": "support.caseload.cti",
    "icm": "support.caseload.icm",
    "act": "support.caseload.act",
    "m_act": "support.caseload.m_act",
}
LimitSource = Literal["municipality", "default", "none"]


@dataclass(frozen=True)
class CaseloadLimit:
    """The most citizens one worker should have in a method, and where the number comes from."""

    method: str
    limit: int | None
    source: LimitSource
    parameter: ParameterValue | None = None

    def over(self, count: int) -> bool:
        """Return whether a worker with ``count`` citizens is over the limit."""
        return self.limit is not None and count > self.limit


def caseload_limit(
    method: str, *, municipal: int | None, as_of: date, params: ParameterSet | None = None
) -> CaseloadLimit:
    """Return the fidelity limit for a method: the municipality's, else the method's default.

    The defaults are the methods' fidelity ratios (SEL § 85 a; Socialstyrelsens
    metodebeskrivelser), not law.
    """
    if municipal is not None:
        return CaseloadLimit(method, municipal, "municipality")
    name = CASELOAD_LIMITS.get(method)
    if name is None:
        return CaseloadLimit(method, None, "none")
    params = params or default_parameters()
    value = params.at(name, as_of)
    return CaseloadLimit(method, int(value.value), "default", value)  # type: ignore[arg-type]


# --- § 85 a: the citizen's choice of a shelter's staff member ---------------------------------

STAFF_CHOICE = "support.staff_choice.allowed"


StaffChoiceCondition = Literal["", "method", "in_force", "discharge"]


@dataclass(frozen=True)
class StaffChoiceRule:
    """Whether a citizen may choose a named staff member of a shelter for the course."""

    allowed: bool
    reason: str  # Danish; empty when allowed
    parameter: ParameterValue
    first_day: date | None  # the first day of decisions the choice is possible for
    failed: StaffChoiceCondition = ""  # the condition that is not met


def staff_choice_first_day(params: ParameterSet | None = None) -> date | None:
    """Return the first day a § 85 a decision may carry the choice under the parameters."""
    params = params or default_parameters()
    return next((v.valid_from for v in params[STAFF_CHOICE].values if v.value is True), None)


def staff_choice_rule(
    *,
    method: str,
    decided: date,
    discharged: date | None,
    params: ParameterSet | None = None,
    reading: DecisionReading = "on_or_before",
) -> StaffChoiceRule:
    """Return whether the citizen may choose a shelter's staff member (SEL § 85 a, stk. 3, L 50).

    L 50 (fremsat 23.10.2025): "Borgeren har ret til at vælge, at støtten skal leveres af en
    bestemt medarbejder, der er ansat på den boform efter § 110, hvor borgeren har haft ophold,
    når kommunalbestyrelsen har truffet afgørelse om tidsbegrænset hjælp, omsorg eller støtte
    efter stk. 1 inden udskrivning fra boformen efter § 110"; the law does not apply to decisions
    made before it comes into force (§ 2, stk. 2). So: time-limited § 85 a support (CTI) only;
    the § 85 a decision (``decided``) made on or after the rule's first day; and made before the
    discharge from the stay at that shelter (``discharged``; None while the citizen still stays
    there), a decision on the discharge day counting as § 176 a's ``decision`` reading says.
    """
    params = params or default_parameters()
    value = params.at(STAFF_CHOICE, decided)
    first = staff_choice_first_day(params)
    if method not in TIME_LIMITED_METHODS:
        reason = (
            "Valget af en medarbejder på en boform gælder kun tidsbegrænset støtte efter § 85 a "
            "(CTI)."
        )
        return StaffChoiceRule(False, reason, value, first, "method")
    if value.value is not True:
        if first is None or first <= decided:
            reason = "Borgeren kan ikke vælge en medarbejder på en boform efter de gældende regler."
        else:
            later = params.at(STAFF_CHOICE, first)
            reason = (
                f"Borgeren kan først vælge en medarbejder på en boform fra {danish_date(first)}: "
                "valget gælder kun afgørelser om § 85 a, der er truffet fra den dag (afgørelsen "
                f"er truffet den {danish_date(decided)})."
            )
            if not later.enacted:
                reason += f" Reglen er ikke vedtaget ({later.status_label}: {later.reference})."
        return StaffChoiceRule(False, reason, value, first, "in_force")
    in_time = discharged is None or (
        decided <= discharged if reading == "on_or_before" else decided < discharged
    )
    if not in_time:
        assert discharged is not None
        reason = (
            f"Afgørelsen om § 85 a er truffet den {danish_date(decided)}, efter udskrivningen "
            f"fra boformen den {danish_date(discharged)}. Borgeren kan kun vælge en medarbejder "
            "på boformen, når afgørelsen er truffet inden udskrivningen (§ 85 a, stk. 3)."
        )
        return StaffChoiceRule(False, reason, value, first, "discharge")
    return StaffChoiceRule(True, "", value, first)
