"""§ 176 a: find the days on which a citizen's support expenses are reimbursed.

Choices where SEL § 176 a is silent (docs/rules.md, § 176 a: reimbursement of Housing First
support), each a named reading in ``SupportReadings`` with its default: a § 85 a period belongs to
the citizen, so a later § 85 a course (a change of method) inside it is reimbursed too
(``method_change``); a course that ended before the discharge does not qualify it; "straight on"
to § 107 means the § 107 stay begins on the discharge day (``sel107_continuation``); the § 85 a
decision of the § 107 path has no deadline (``sel107_decision``); the § 107 path counts its 2
years from the § 110 discharge, as stk. 3 says for both periods (``sel107_anchor``); a § 107
placement is reimbursed only when it was itself decided before the discharge, for 6 months from its
own first day; discharges before the rules' start (01.10.2023) start no period;
N months after a day whose date the month lacks end on the next month's 1st; the extension runs
per course from its start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta

from hjemvej.rules.dates import add_months
from hjemvej.rules.explain import danish_date, danish_period
from hjemvej.rules.parameters import ParameterError, ParameterSet, ParameterValue
from hjemvej.rules.support.model import (
    BOTILBUD_PERIOD,
    BOTILBUD_RATE,
    BOTILBUD_WITHIN,
    EXTENSION,
    EXTENSION_PERIOD,
    HOUSING_FIRST_METHODS,
    PERIOD,
    RATE,
    Basis,
    DecisionReading,
    Interval,
    ReimbursementPeriod,
    Stay,
    SupportCourse,
    SupportReadings,
    clip,
)

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class CitizenPeriods:
    """One citizen's § 176 a periods: § 85 a (stk. 1) and § 107 botilbud (stk. 2)."""

    housing_first: tuple[ReimbursementPeriod, ...]
    botilbud: tuple[ReimbursementPeriod, ...]
    discharges: tuple[date, ...]  # § 110 discharges on or after the rules' start
    readmissions: tuple[date, ...]  # § 110 admissions inside a period: no new period (stk. 3)
    sel107_ends: tuple[date, ...] = ()  # ends of § 107 stays straight after such a discharge


def citizen_periods(
    courses: list[SupportCourse],
    stays: list[Stay],
    params: ParameterSet,
    readings: SupportReadings,
) -> CitizenPeriods:
    """Return one citizen's § 176 a, stk. 1 and 2, periods, counted as stk. 3 says."""
    in_force = params[RATE].first_date
    shelter = sorted((s for s in stays if s.kind == "sel110"), key=lambda s: s.admitted)
    sel107 = [s for s in stays if s.kind == "sel107"]
    discharges = tuple(
        s.discharged for s in shelter if s.discharged is not None and s.discharged >= in_force
    )
    sel107_ends = tuple(
        after.discharged
        for d in discharges
        for after in sel107
        if after.discharged is not None and _continues(after, d, readings)
    )
    hf_courses = [c for c in courses if c.method in HOUSING_FIRST_METHODS]
    housing_first = _housing_first(shelter, sel107, hf_courses, params, readings)
    bt_courses = [c for c in courses if c.method == "sel107"]
    botilbud, windows = _botilbud(shelter, bt_courses, params, readings)
    spans = [(p.start, p.end) for p in housing_first] + windows
    readmissions = tuple(
        s.admitted for s in shelter if any(lo < s.admitted < hi for lo, hi in spans)
    )
    return CitizenPeriods(
        tuple(housing_first), tuple(botilbud), discharges, readmissions, sel107_ends
    )


def course_periods(
    course: SupportCourse, citizen: CitizenPeriods, params: ParameterSet
) -> tuple[list[ReimbursementPeriod], tuple[ReimbursementPeriod, ...]]:
    """Return the citizen's periods of the course's kind, and those that reimburse the course.

    The one glue of ``support_reimbursement`` and the scenarios' fast pricing: a period reimburses
    a course it covers (``ReimbursementPeriod.courses``) and that lives during it.
    """
    candidates: list[ReimbursementPeriod] = []
    if course.method in HOUSING_FIRST_METHODS:
        candidates = [*citizen.housing_first, *extension_periods(course, params)]
    elif course.method == "sel107":
        candidates = list(citizen.botilbud)
    life_end = course.end or date.max
    chosen = tuple(
        p
        for p in candidates
        if p.covers(course.course_id) and p.start < life_end and p.end > course.start
    )
    return candidates, chosen


def _decided_by(decision: date, limit: date, reading: DecisionReading) -> bool:
    """Return whether a decision counts as made before a discharge on ``limit``."""
    return decision <= limit if reading == "on_or_before" else decision < limit


def _continues(after: Stay, discharge: date, readings: SupportReadings) -> bool:
    """Return whether a § 107 stay is "i umiddelbar forlængelse" of a discharge on the day."""
    if after.admitted == discharge:
        return True
    return readings.sel107_continuation == "next_day" and after.admitted == discharge + ONE_DAY


def _decided(
    courses: Iterable[SupportCourse], limit: date, reading: DecisionReading
) -> list[SupportCourse]:
    """Return the courses decided by ``limit`` and not ended before it, earliest decided first."""
    # A course that ended before the discharge is help for an earlier time, not this transition.
    found = [
        c
        for c in courses
        if _decided_by(c.decision_date, limit, reading) and (c.end is None or c.end > limit)
    ]
    return sorted(found, key=lambda c: (c.decision_date, c.course_id))


def _decided_for_sel107(
    courses: Iterable[SupportCourse],
    sel107_end: date,
    next_admission: date,
    readings: SupportReadings,
) -> list[SupportCourse]:
    """Return the § 85 a courses that qualify the § 107 path (stk. 1, nr. 2), earliest first."""
    if readings.sel107_decision == "by_sel107_end":
        return _decided(courses, sel107_end, readings.decision)
    # No deadline: any § 85 a decision for support after the § 107 stay (not one that ended),
    # made before the citizen is next admitted to a § 110 shelter: "hvorefter" is a sequence,
    # and a decision after a new § 110 stay follows that stay (nr. 1 of its discharge).
    found = [
        c
        for c in courses
        if (c.end is None or c.end > sel107_end) and c.decision_date < next_admission
    ]
    return sorted(found, key=lambda c: (c.decision_date, c.course_id))


@dataclass(frozen=True)
class _Anchor:
    day: date  # the day the period counts from
    admitted: date  # admission of the § 110 stay whose discharge starts the period
    basis: Basis
    discharge: date
    sel107: Stay | None  # the § 107 stay of stk. 1, nr. 2
    qualifying: tuple[SupportCourse, ...]  # earliest decided first


def _housing_first(
    shelter: list[Stay],
    sel107: list[Stay],
    courses: list[SupportCourse],
    params: ParameterSet,
    readings: SupportReadings,
) -> list[ReimbursementPeriod]:
    """Return the § 85 a periods of § 176 a, stk. 1, nr. 1 and 2, from the first discharge."""
    in_force = params[RATE].first_date
    anchors: list[_Anchor] = []
    for stay in shelter:
        d = stay.discharged
        if d is None or d < in_force:
            continue  # § 176 a starts with the reform: earlier discharges start no period
        found = _decided(courses, d, readings.decision)
        if found:
            anchors.append(_Anchor(d, stay.admitted, "discharge", d, None, tuple(found)))
        for after in sel107:
            if after.discharged is None or not _continues(after, d, readings):
                continue
            next_admission = min(
                (s.admitted for s in shelter if s.admitted >= after.discharged), default=date.max
            )
            found = _decided_for_sel107(courses, after.discharged, next_admission, readings)
            if found:
                day = d if readings.sel107_anchor == "shelter_discharge" else after.discharged
                anchors.append(_Anchor(day, stay.admitted, "sel107_end", d, after, tuple(found)))
    anchors.sort(key=lambda a: (a.day, a.basis != "discharge"))
    periods: list[ReimbursementPeriod] = []
    last_discharge: date | None = None
    for a in anchors:
        if periods and a.admitted < periods[-1].end:
            # Readmitted within the period: it is not counted anew (stk. 3). The same discharge's
            # other path still qualifies its own courses for the period.
            last = periods[-1]
            if last.courses and a.discharge == last_discharge:
                extra = tuple(c.course_id for c in a.qualifying if c.course_id not in last.courses)
                periods[-1] = replace(last, courses=last.courses + extra)
            continue
        periods.append(_housing_first_period(a, params, readings))
        last_discharge = a.discharge
    return periods


def _housing_first_period(
    a: _Anchor, params: ParameterSet, readings: SupportReadings
) -> ReimbursementPeriod:
    months = params.at(PERIOD, max(a.day, params[PERIOD].first_date))
    end = add_months(a.day, int_value(months))
    course = a.qualifying[0]
    decided = (
        f"afgørelsen om § 85 a (forløb {course.course_id}) blev truffet den "
        f"{danish_date(course.decision_date)}"
    )
    discharged = danish_date(a.discharge)
    if a.basis == "discharge":
        text = f"efter udskrivning fra boform efter § 110 den {discharged}"
        why = f"{decided}, inden udskrivningen (§ 176 a, stk. 1, nr. 1)."
        if readings.decision == "strictly_before":
            why += " Alternativ læsning: en afgørelse på selve udskrivningsdagen tæller ikke."
    else:
        text, why = _sel107_text(a, decided, readings)
    covered: tuple[str, ...] = ()
    if readings.method_change == "decided_course_only":
        covered = tuple(c.course_id for c in a.qualifying)
        why += (
            " Alternativ læsning: perioden dækker kun forløb, hvis egen afgørelse opfylder "
            f"betingelsen (forløb {', '.join(covered)}), ikke et senere metodeskift."
        )
    return ReimbursementPeriod(
        start=a.day,
        end=end,
        basis=a.basis,
        anchor=a.day,
        text=text,
        explanation=(
            f"Refusion af § 85 a-støtte i {danish_period(a.day, end)} ({months.display}) "
            f"{text}: {why}"
        ),
        parameters=(params.at(RATE, max(a.day, params[RATE].first_date)), months),
        courses=covered,
    )


def _sel107_text(a: _Anchor, decided: str, readings: SupportReadings) -> tuple[str, str]:
    """Return the basis text and the Danish reason of a period of § 176 a, stk. 1, nr. 2."""
    assert a.sel107 is not None
    assert a.sel107.discharged is not None
    discharged = danish_date(a.discharge)
    sel107_end = danish_date(a.sel107.discharged)
    if a.qualifying[0].decision_date > a.sel107.discharged:
        when = (
            f"{decided}, efter at opholdet sluttede den {sel107_end} (§ 176 a, stk. 1, nr. 2, "
            "sætter ingen frist for afgørelsen)"
        )
    else:
        when = f"{decided}, senest da opholdet sluttede den {sel107_end} (§ 176 a, stk. 1, nr. 2)"
    why = (
        f"borgeren kom direkte fra boform efter § 110 (udskrevet {discharged}) i midlertidigt "
        f"botilbud efter § 107, og {when}. "
    )
    if a.sel107.admitted != a.discharge:
        why += (
            "Alternativ læsning: et § 107-ophold, der begynder dagen efter udskrivningen "
            f"({danish_date(a.sel107.admitted)}), regnes som i umiddelbar forlængelse af "
            "opholdet i boformen. "
        )
    if readings.sel107_decision == "by_sel107_end":
        why += (
            "Alternativ læsning: afgørelsen om § 85 a skal være truffet senest da "
            "§ 107-opholdet sluttede. "
        )
    if readings.sel107_anchor == "shelter_discharge":
        text = (
            f"efter udskrivning fra boform efter § 110 den {discharged} via § 107-ophold, "
            f"der sluttede den {sel107_end}"
        )
        why += (
            f"Læsning: perioden regnes fra udskrivningen fra boformen efter § 110 den "
            f"{discharged}, som § 176 a, stk. 3, siger – ikke fra § 107-opholdets ophør."
        )
    else:
        text = f"efter § 107-ophold, der sluttede den {sel107_end}"
        why += (
            f"Alternativ læsning: perioden regnes fra § 107-opholdets ophør den {sel107_end} "
            f"– ikke fra udskrivningen fra boformen efter § 110 den {discharged}, som "
            "ordlyden af § 176 a, stk. 3, siger."
        )
    return text, why


def _botilbud(
    shelter: list[Stay],
    courses: list[SupportCourse],
    params: ParameterSet,
    readings: SupportReadings,
) -> tuple[list[ReimbursementPeriod], list[Interval]]:
    """Return the § 107 botilbud periods of § 176 a, stk. 2, and the years they lie within.

    Only a placement decided before the discharge is reimbursed, and its 6 months run from its
    own first day after the discharge: a placement decided later neither shares the period nor
    moves it.
    """
    in_force = params[BOTILBUD_RATE].first_date
    periods: list[ReimbursementPeriod] = []
    windows: list[Interval] = []
    for stay in shelter:
        d = stay.discharged
        if d is None or d < in_force or (windows and stay.admitted < windows[-1][1]):
            continue
        qualifying = _decided(courses, d, readings.decision)
        if not qualifying:
            continue
        within = params.at(BOTILBUD_WITHIN, d)
        months = params.at(BOTILBUD_PERIOD, d)
        window = (d, add_months(d, int_value(within)))
        windows.append(window)
        # The 6 months run from the qualifying placement's first day after discharge, in the year.
        first = min(max(c.start, d) for c in qualifying)
        end = min(add_months(first, int_value(months)), window[1])
        if first < end:
            ids = tuple(c.course_id for c in qualifying)
            decisions = ", ".join(
                f"forløb {c.course_id} den {danish_date(c.decision_date)}" for c in qualifying
            )
            strict = (
                " Alternativ læsning: en afgørelse på selve udskrivningsdagen tæller ikke."
                if readings.decision == "strictly_before"
                else ""
            )
            periods.append(
                ReimbursementPeriod(
                    start=first,
                    end=end,
                    basis="botilbud",
                    anchor=d,
                    text=f"botilbud efter § 107 efter udskrivning den {danish_date(d)}",
                    explanation=(
                        f"Refusion af udgifter til botilbud efter § 107 i "
                        f"{danish_period(first, end)}: højst {months.display} fra første dag "
                        f"i botilbuddet inden for {within.display} efter udskrivning fra "
                        f"boform efter § 110 den {danish_date(d)}. Afgørelsen om botilbud "
                        f"({decisions}) blev truffet inden udskrivningen (§ 176 a, stk. 2); "
                        f"et botilbud, der er truffet afgørelse om senere, er ikke omfattet."
                        f"{strict}"
                    ),
                    parameters=(params.at(BOTILBUD_RATE, first), months, within),
                    courses=ids,
                )
            )
    return periods, windows


def extension_periods(course: SupportCourse, params: ParameterSet) -> list[ReimbursementPeriod]:
    """Return the periods under the 2025 agreement's extension to all homelessness situations."""
    if course.method not in HOUSING_FIRST_METHODS or not course.homeless_at_start:
        return []
    flag = params[EXTENSION]
    on = [(v.valid_from, v.valid_to or date.max) for v in flag.values if v.value is True]
    later = [iv for iv in on if iv[1] > course.start]
    if not later:
        return []
    first_on = max(course.start, later[0][0])
    months = params.at(EXTENSION_PERIOD, max(first_on, params[EXTENSION_PERIOD].first_date))
    nominal_end = add_months(course.start, int_value(months))
    periods: list[ReimbursementPeriod] = []
    for lo, hi in clip(on, course.start, nominal_end):
        periods.append(
            ReimbursementPeriod(
                start=lo,
                end=hi,
                basis="extension",
                anchor=course.start,
                text="udvidelse: alle hjemløshedssituationer",
                explanation=(
                    f"Refusion af § 85 a-støtte i {danish_period(lo, hi)} efter udvidelsen til "
                    f"alle hjemløshedssituationer: borgeren var i hjemløshed, da støtten startede "
                    f"den {danish_date(course.start)}; højst {months.display} fra støttens start, "
                    f"og kun for dage fra udvidelsens ikrafttræden."
                ),
                parameters=(params.at(RATE, lo), flag.at(lo), months),
            )
        )
    return periods


def int_value(value: ParameterValue) -> int:
    """Return a parameter's whole-number value, or raise a Danish ``ParameterError``."""
    if isinstance(value.value, int) and not isinstance(value.value, bool):
        return value.value
    raise ParameterError([f"{value.name}: værdien {value.display!r} er ikke et helt tal"])
