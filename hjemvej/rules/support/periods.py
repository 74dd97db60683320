"""§ 176 a: find the days on which a citizen's support expenses are reimbursed.

Choices where SEL § 176 a is silent (docs/rules.md, § 176 a: reimbursement of Housing First
support): a § 85 a period belongs to the citizen, so a later § 85 a course (a change of method)
inside it is reimbursed too; a course that ended before the discharge does not qualify it;
"straight on" to § 107 means the § 107 stay begins on the discharge day; by default
(``SupportReadings.sel107_anchor``) the § 107 path counts its 2 years from the § 110 discharge, as
stk. 3 says for both periods; discharges before the rules' start (01.10.2023) start no period;
N months after a day whose date the month lacks end on the next month's 1st; the extension runs
per course from its start.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

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


@dataclass(frozen=True)
class CitizenPeriods:
    """One citizen's § 176 a periods: § 85 a (stk. 1) and § 107 botilbud (stk. 2)."""

    housing_first: tuple[ReimbursementPeriod, ...]
    botilbud: tuple[ReimbursementPeriod, ...]
    discharges: tuple[date, ...]  # § 110 discharges on or after the rules' start
    readmissions: tuple[date, ...]  # § 110 admissions inside a period: no new period (stk. 3)


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
    hf_courses = [c for c in courses if c.method in HOUSING_FIRST_METHODS]
    housing_first = _housing_first(shelter, sel107, hf_courses, params, readings)
    bt_courses = [c for c in courses if c.method == "sel107"]
    botilbud, windows = _botilbud(shelter, bt_courses, params, readings)
    spans = [(p.start, p.end) for p in housing_first] + windows
    readmissions = tuple(
        s.admitted for s in shelter if any(lo < s.admitted < hi for lo, hi in spans)
    )
    return CitizenPeriods(tuple(housing_first), tuple(botilbud), discharges, readmissions)


def _decided_by(decision: date, limit: date, reading: DecisionReading) -> bool:
    """Return whether a decision counts as made before a discharge on ``limit``."""
    return decision <= limit if reading == "on_or_before" else decision < limit


def _first_decided(
    courses: Iterable[SupportCourse], limit: date, reading: DecisionReading
) -> SupportCourse | None:
    """Return the earliest-decided course decided by ``limit`` and not ended before it."""
    # A course that ended before the discharge is help for an earlier time, not this transition.
    found = [
        c
        for c in courses
        if _decided_by(c.decision_date, limit, reading) and (c.end is None or c.end > limit)
    ]
    return min(found, key=lambda c: (c.decision_date, c.course_id), default=None)


@dataclass(frozen=True)
class _Anchor:
    day: date  # the day the period counts from
    admitted: date  # admission of the § 110 stay whose discharge starts the period
    basis: Basis
    discharge: date
    sel107_end: date | None
    course: SupportCourse


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
        course = _first_decided(courses, d, readings.decision)
        if course is not None:
            anchors.append(_Anchor(d, stay.admitted, "discharge", d, None, course))
        for after in sel107:
            # "I umiddelbar forlængelse": the § 107 stay begins on the discharge day.
            if after.admitted != d or after.discharged is None:
                continue
            course = _first_decided(courses, after.discharged, readings.decision)
            if course is not None:
                day = d if readings.sel107_anchor == "shelter_discharge" else after.discharged
                anchors.append(
                    _Anchor(day, stay.admitted, "sel107_end", d, after.discharged, course)
                )
    anchors.sort(key=lambda a: (a.day, a.basis != "discharge"))
    periods: list[ReimbursementPeriod] = []
    for a in anchors:
        if periods and a.admitted < periods[-1].end:
            continue  # readmitted within the period: it is not counted anew (stk. 3)
        periods.append(_housing_first_period(a, params, readings))
    return periods


def _housing_first_period(
    a: _Anchor, params: ParameterSet, readings: SupportReadings
) -> ReimbursementPeriod:
    months = params.at(PERIOD, max(a.day, params[PERIOD].first_date))
    end = add_months(a.day, int_value(months))
    decided = (
        f"afgørelsen om § 85 a (forløb {a.course.course_id}) blev truffet den "
        f"{danish_date(a.course.decision_date)}"
    )
    discharged = danish_date(a.discharge)
    if a.basis == "discharge":
        text = f"efter udskrivning fra boform efter § 110 den {discharged}"
        why = f"{decided}, inden udskrivningen (§ 176 a, stk. 1, nr. 1)."
    else:
        assert a.sel107_end is not None
        sel107_end = danish_date(a.sel107_end)
        why = (
            f"borgeren kom direkte fra boform efter § 110 (udskrevet {discharged}) i "
            f"midlertidigt botilbud efter § 107, og {decided}, da opholdet sluttede den "
            f"{sel107_end} (§ 176 a, stk. 1, nr. 2). "
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
    )


def _botilbud(
    shelter: list[Stay],
    courses: list[SupportCourse],
    params: ParameterSet,
    readings: SupportReadings,
) -> tuple[list[ReimbursementPeriod], list[Interval]]:
    """Return the § 107 botilbud periods of § 176 a, stk. 2, and the years they lie within."""
    in_force = params[BOTILBUD_RATE].first_date
    periods: list[ReimbursementPeriod] = []
    windows: list[Interval] = []
    for stay in shelter:
        d = stay.discharged
        if d is None or d < in_force or (windows and stay.admitted < windows[-1][1]):
            continue
        course = _first_decided(courses, d, readings.decision)
        if course is None:
            continue
        within = params.at(BOTILBUD_WITHIN, d)
        months = params.at(BOTILBUD_PERIOD, d)
        window = (d, add_months(d, int_value(within)))
        windows.append(window)
        # The 6 months run from the first botilbud day after discharge, inside the year.
        first = min(
            (max(c.start, d) for c in courses if c.end is None or c.end > d),
            default=window[1],
        )
        end = min(add_months(first, int_value(months)), window[1])
        if first < end:
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
                        f"(forløb {course.course_id}) blev truffet den "
                        f"{danish_date(course.decision_date)}, inden udskrivningen "
                        "(§ 176 a, stk. 2)."
                    ),
                    parameters=(params.at(BOTILBUD_RATE, first), months, within),
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
