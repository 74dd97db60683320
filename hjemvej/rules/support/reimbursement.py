"""§ 176 a: put periods and money together into each course's result and Danish explanation."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from hjemvej.rules.explain import Step, danish_date, danish_period
from hjemvej.rules.parameters import ParameterSet, default_parameters, format_kroner
from hjemvej.rules.support.model import (
    BOTILBUD_RATE,
    HOUSING_FIRST_METHODS,
    METHOD_LABELS,
    RATE,
    CourseResult,
    ReimbursementPeriod,
    Stay,
    SupportCourse,
    SupportReadings,
    clip,
    merge,
)
from hjemvej.rules.support.money import month_rows
from hjemvej.rules.support.periods import CitizenPeriods, citizen_periods, course_periods


def support_reimbursement(
    courses: Sequence[SupportCourse],
    stays: Sequence[Stay],
    *,
    as_of: date,
    params: ParameterSet | None = None,
    readings: SupportReadings | None = None,
) -> list[CourseResult]:
    """Return each course's reimbursement under SEL § 176 a, costs counted before ``as_of``."""
    params = default_parameters() if params is None else params
    readings = SupportReadings() if readings is None else readings
    _validate(courses, stays)
    by_citizen: dict[str, CitizenPeriods] = {}
    results: list[CourseResult] = []
    for course in courses:
        if course.citizen_id not in by_citizen:
            by_citizen[course.citizen_id] = citizen_periods(
                [c for c in courses if c.citizen_id == course.citizen_id],
                [s for s in stays if s.citizen_id == course.citizen_id],
                params,
                readings,
            )
        citizen = by_citizen[course.citizen_id]
        results.append(_course_result(course, citizen, params, readings, as_of))
    return results


def _validate(courses: Sequence[SupportCourse], stays: Sequence[Stay]) -> None:
    problems: list[str] = []
    for c in courses:
        if c.method not in METHOD_LABELS:
            problems.append(f"forløb {c.course_id}: ukendt metode {c.method!r}")
        if c.end is not None and c.end < c.start:
            problems.append(f"forløb {c.course_id}: slutdatoen ligger før startdatoen")
        if c.monthly_cost < 0:
            problems.append(f"forløb {c.course_id}: den månedlige udgift må ikke være negativ")
    for s in stays:
        if s.kind not in ("sel110", "sel107"):
            problems.append(f"borger {s.citizen_id}: ukendt opholdstype {s.kind!r}")
        if s.discharged is not None and s.discharged < s.admitted:
            problems.append(
                f"borger {s.citizen_id}: ophold fra {danish_date(s.admitted)} er udskrevet før "
                "indskrivningen"
            )
    if problems:
        raise ValueError("; ".join(problems))


def _course_result(
    course: SupportCourse,
    citizen: CitizenPeriods,
    params: ParameterSet,
    readings: SupportReadings,
    as_of: date,
) -> CourseResult:
    stop = as_of if course.end is None else min(course.end, as_of)
    span = (course.start, max(course.start, stop))
    rate = params[BOTILBUD_RATE if course.method == "sel107" else RATE]
    candidates, periods = course_periods(course, citizen, params)
    reason = None if periods else _reason(course, citizen, candidates, params, readings)
    ends = f" til {danish_date(course.end)}" if course.end else " (åbent)"
    steps = [
        Step(
            *span,
            f"Forløb {course.course_id}: {METHOD_LABELS[course.method]} fra "
            f"{danish_date(course.start)}{ends}, afgørelse truffet den "
            f"{danish_date(course.decision_date)}, {format_kroner(course.monthly_cost)} kr. pr. "
            "måned.",
            "course",
            data={"course_id": course.course_id, "method": course.method},
        )
    ]
    if reason:
        steps.append(Step(*span, reason, "no_reimbursement"))
    for p in periods:
        data: dict[str, object] = {"anchor": p.anchor}
        if p.basis == "sel107_end":
            data["sel107_anchor"] = readings.sel107_anchor
            data["sel107_decision"] = readings.sel107_decision
            data["sel107_continuation"] = readings.sel107_continuation
        if p.courses:
            data["courses"] = list(p.courses)
        steps.append(Step(p.start, p.end, p.explanation, f"period_{p.basis}", p.parameters, data))
    for day in citizen.readmissions:
        if any(p.start < day < p.end and p.basis != "extension" for p in periods):
            text = (
                f"Genindskrivning i boform efter § 110 den {danish_date(day)} inden for "
                "perioden: perioden regnes ikke på ny (§ 176 a, stk. 3)."
            )
            steps.append(Step(day, day + timedelta(days=1), text, "readmission"))
    if periods and course.start < rate.first_date:
        text = (
            f"Udgifter før {danish_date(rate.first_date)} giver ikke refusion: § 176 a gælder "
            "fra hjemløshedsreformen (lov nr. 482 af 12. maj 2023)."
        )
        steps.append(Step(course.start, rate.first_date, text, "before_in_force", rate.values[:1]))
    reimbursable = clip(merge((p.start, p.end) for p in periods), rate.first_date, date.max)
    rows = month_rows(course, reimbursable, rate, stop)
    totals = {
        "cost": sum(r.cost for r in rows),
        "reimbursement": sum(r.reimbursement for r in rows),
        "days": sum(r.days for r in rows),
        "reimbursed_days": sum(r.reimbursed_days for r in rows),
    }
    until = (
        "forløbets slutning"
        if course.end is not None and course.end <= as_of
        else f"beregningsdatoen {danish_date(as_of)} (ikke medregnet)"
    )
    text = (
        f"Udgift {format_kroner(totals['cost'])} kr. for {totals['days']} dage frem til {until}; "
        f"refusion {format_kroner(totals['reimbursement'])} kr. for {totals['reimbursed_days']} "
        "dage. Månedens udgift er den månedlige udgift × forløbets dage i måneden / månedens "
        "dage; udgift og refusion afrundes én gang pr. måned til hele øre (halvt op)."
    )
    steps.append(Step(*span, text, "total", data=totals))
    return CourseResult(
        course.course_id, course.citizen_id, course.method, periods, reason, rows, tuple(steps)
    )


def _reason(
    course: SupportCourse,
    citizen: CitizenPeriods,
    candidates: list[ReimbursementPeriod],
    params: ParameterSet,
    readings: SupportReadings,
) -> str:
    """Return in Danish why a course has no reimbursement period."""
    if course.method in ("sel85", "sel99"):
        return (
            f"{METHOD_LABELS[course.method].capitalize()} giver ikke refusion efter § 176 a: "
            "ordningen omfatter kun støtte efter § 85 a (CTI, ICM, ACT og M-ACT) og midlertidigt "
            "botilbud efter § 107. (Refusion efter andre regler, fx § 176 om særligt dyre "
            "enkeltsager, beregnes ikke her.)"
        )
    in_force = danish_date(params[RATE].first_date)
    when = (
        "senest på udskrivningsdagen"
        if readings.decision == "on_or_before"
        else "inden udskrivningsdagen"
    )
    excluded = [p for p in candidates if not p.covers(course.course_id)]
    if excluded:
        why = _not_covered(course, excluded[0], readings)
    elif candidates:
        why = (
            "forløbet ligger uden for refusionsperioden ("
            + "; ".join(f"{danish_period(p.start, p.end)} {p.text}" for p in candidates)
            + ")"
        )
    elif not citizen.discharges:
        why = f"borgeren er ikke udskrevet fra en boform efter § 110 fra {in_force} og frem"
    else:
        what, part = ("botilbud efter § 107", 2) if course.method == "sel107" else ("§ 85 a", 1)
        why = (
            f"ingen afgørelse om {what} var truffet {when} (udskrivninger: "
            + ", ".join(danish_date(d) for d in citizen.discharges)
            + f"; dette forløbs afgørelse: {danish_date(course.decision_date)}), "
            f"jf. § 176 a, stk. {part}"
        )
        if readings.decision == "strictly_before":
            why += (
                ". Alternativ læsning: en afgørelse på selve udskrivningsdagen tæller ikke som "
                "truffet inden udskrivningen"
            )
        if part == 1 and citizen.sel107_ends and readings.sel107_decision == "by_sel107_end":
            why += (
                ". Alternativ læsning: ad § 107-vejen (stk. 1, nr. 2) tæller kun en afgørelse "
                "truffet senest da § 107-opholdet sluttede ("
                + ", ".join(danish_date(d) for d in citizen.sel107_ends)
                + ")"
            )
    text = f"Ingen refusion: {why}."
    if course.method in HOUSING_FIRST_METHODS:
        if not course.homeless_at_start:
            text += " Udvidelsen til alle hjemløshedssituationer gælder ikke: borgeren var ikke "
            text += "registreret i hjemløshed, da støtten startede."
        else:
            text += " Udvidelsen til alle hjemløshedssituationer er ikke i kraft i forløbets "
            text += "refusionsperiode."
    return text


def _not_covered(
    course: SupportCourse, period: ReimbursementPeriod, readings: SupportReadings
) -> str:
    """Return in Danish why a period of the citizen's does not reimburse this course."""
    others = ", ".join(f"forløb {c}" for c in period.courses)
    if course.method == "sel107":
        discharge = danish_date(period.anchor)
        if course.decision_date >= period.anchor and not (
            course.decision_date == period.anchor and readings.decision == "on_or_before"
        ):
            when = "efter" if course.decision_date > period.anchor else "på dagen for"
            return (
                f"afgørelsen om dette botilbud blev truffet den "
                f"{danish_date(course.decision_date)}, {when} udskrivningen den {discharge}; "
                "§ 176 a, stk. 2, refunderer botilbud, der er truffet afgørelse om inden "
                f"udskrivningen ({others}, {danish_period(period.start, period.end)})"
            )
        return (
            f"refusionen efter udskrivningen den {discharge} gælder det botilbud, der er truffet "
            f"afgørelse om inden udskrivningen og ikke var slut da ({others}, "
            f"{danish_period(period.start, period.end)})"
        )
    return (
        f"Alternativ læsning: refusionsperioden {danish_period(period.start, period.end)} "
        f"{period.text} dækker kun det forløb, hvis afgørelse opfylder betingelsen ({others}); "
        f"dette forløb (afgørelse truffet den {danish_date(course.decision_date)}) opfylder ikke "
        "selv betingelsen, fx et senere metodeskift inden for perioden"
    )
