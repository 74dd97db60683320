"""§ 176 a: the issue's defects 2 and 3 and the named readings, golden cases with exact numbers."""

from __future__ import annotations

from datetime import date

import pytest

from hjemvej.rules.support import (
    CourseResult,
    Method,
    Stay,
    SupportCourse,
    SupportReadings,
    support_reimbursement,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def course(
    method: Method = "icm",
    *,
    decided: date,
    start: date,
    end: date | None = None,
    monthly: int = 3_000_000,
    course_id: str = "k1",
) -> SupportCourse:
    return SupportCourse(course_id, "b1", method, decided, start, end, monthly)


def run(
    courses: list[SupportCourse],
    stays: list[Stay],
    as_of: date,
    readings: SupportReadings | None = None,
) -> list[CourseResult]:
    return support_reimbursement(courses, stays, as_of=as_of, readings=readings)


# --- defect 2: § 176 a, stk. 1, nr. 2 sets no deadline for the § 85 a decision -------------------

DEFECT2_STAYS = [
    Stay("b1", d("2024-01-10"), d("2024-03-01")),
    Stay("b1", d("2024-03-01"), d("2024-06-01"), kind="sel107"),
]
DEFECT2_ICM = course(decided=d("2024-06-04"), start=d("2024-06-04"))


def test_defect_2_a_decision_after_the_sel107_stay_ended_qualifies_by_default() -> None:
    # § 110 10.01–01.03.2024, § 107 01.03–01.06.2024 straight on, ICM decided and started
    # 04.06.2024, 30.000 kr. a month; as_of 01.01.2025. The period runs 2 years from the § 110
    # discharge: [01.03.2024, 01.03.2026). Days 04.06.2024–31.12.2024: 27 + 31 + 31 + 30 + 31 + 30
    # + 31 = 211. Money per calendar month: June 3.000.000 × 27/30 = 2.700.000 øre, half 1.350.000;
    # July–December 6 × 1.500.000 = 9.000.000; in all 10.350.000 øre of 20.700.000.
    assert SupportReadings().sel107_decision == "no_deadline"
    [r] = run([DEFECT2_ICM], DEFECT2_STAYS, d("2025-01-01"))
    [p] = r.periods
    assert (p.start, p.end, p.basis) == (d("2024-03-01"), d("2026-03-01"), "sel107_end")
    assert r.reimbursed_days == 211
    assert (r.cost, r.reimbursement) == (20_700_000, 10_350_000)
    assert [(row.month, row.days, row.cost, row.reimbursement) for row in r.rows[:2]] == [
        (d("2024-06-01"), 27, 2_700_000, 1_350_000),
        (d("2024-07-01"), 31, 3_000_000, 1_500_000),
    ]
    step = next(s for s in r.steps if s.kind == "period_sel107_end")
    assert "blev truffet den 04.06.2024, efter at opholdet sluttede den 01.06.2024" in step.text
    assert "Alternativ læsning" not in step.text


def test_defect_2_todays_reading_is_kept_as_the_named_alternative() -> None:
    readings = SupportReadings(sel107_decision="by_sel107_end")
    [r] = run([DEFECT2_ICM], DEFECT2_STAYS, d("2025-01-01"), readings)
    assert (r.periods, r.reimbursement) == ((), 0)
    assert "ingen afgørelse om § 85 a var truffet senest på udskrivningsdagen" in (r.reason or "")
    assert "Alternativ læsning" in (r.reason or "")
    assert "senest da § 107-opholdet sluttede" in (r.reason or "")


def test_defect_2_a_decision_in_time_is_the_same_under_both_readings() -> None:
    timely = course(decided=d("2024-05-20"), start=d("2024-06-01"))
    for value in ("no_deadline", "by_sel107_end"):
        readings = SupportReadings(sel107_decision=value)
        [r] = run([timely], DEFECT2_STAYS, d("2025-01-01"), readings)
        assert r.reimbursed_days == 214  # 01.06.2024–31.12.2024


def test_defect_2_the_period_still_ends_2_years_after_the_shelter_discharge() -> None:
    # Decided 10.02.2026, 19 days before the 2 years from the discharge end: 10.02–28.02.2026.
    late = course(decided=d("2026-02-10"), start=d("2026-02-10"), monthly=2_800_000)
    [r] = run([late], DEFECT2_STAYS, d("2026-06-01"))
    assert r.reimbursed_days == 19
    assert r.rows[0].reimbursement == 950_000  # 2.800.000 × 19/28 / 2


def test_defect_2_a_decision_after_a_new_shelter_stay_follows_that_stay() -> None:
    # After the § 107 stay (to 01.06.2024) the citizen is readmitted 01.09–01.11.2024 and the ICM
    # is decided 15.10.2024, during that stay: it qualifies by nr. 1 from the discharge
    # 01.11.2024, [01.11.2024, 01.11.2026), 730 days to as_of 01.01.2027 — not by nr. 2 from
    # 01.03.2024 (which would end 01.03.2026 and leave 485 days).
    stays = [*DEFECT2_STAYS, Stay("b1", d("2024-09-01"), d("2024-11-01"))]
    icm = course(decided=d("2024-10-15"), start=d("2024-11-01"))
    [r] = run([icm], stays, d("2027-01-01"))
    [p] = r.periods
    assert (p.start, p.end, p.basis) == (d("2024-11-01"), d("2026-11-01"), "discharge")
    assert r.reimbursed_days == 730


# --- defect 3: § 176 a, stk. 2, the placement decided before the discharge -----------------------

PLACEMENT_A = course(
    "sel107",
    decided=d("2024-02-20"),
    start=d("2024-09-01"),
    end=d("2024-12-01"),
    monthly=6_000_000,
    course_id="A",
)
PLACEMENT_B = course(
    "sel107",
    decided=d("2024-03-05"),
    start=d("2024-03-05"),
    end=d("2024-08-31"),
    monthly=6_000_000,
    course_id="B",
)
DEFECT3_STAYS = [Stay("b1", d("2024-01-01"), d("2024-03-01"))]


def test_defect_3_the_placement_decided_before_the_discharge_is_reimbursed() -> None:
    # Discharge 01.03.2024. A decided 20.02.2024 runs 01.09–01.12.2024; B decided 05.03.2024 runs
    # 05.03–31.08.2024. The 6 months run from A's first day 01.09.2024, inside the year to
    # 01.03.2025: A is reimbursed all 30 + 31 + 30 = 91 days, 3 × 3.000.000 = 9.000.000 øre; B,
    # decided after the discharge, nothing (the engine gave A 4 days and B 179 days).
    a, b = run([PLACEMENT_A, PLACEMENT_B], DEFECT3_STAYS, d("2025-01-01"))
    [p] = a.periods
    assert (p.start, p.end) == (d("2024-09-01"), d("2025-03-01"))
    assert (a.reimbursed_days, a.reimbursement) == (91, 9_000_000)
    assert (b.periods, b.reimbursed_days, b.reimbursement) == ((), 0, 0)
    assert "afgørelsen om dette botilbud blev truffet den 05.03.2024" in (b.reason or "")
    assert "efter udskrivningen den 01.03.2024" in (b.reason or "")
    assert "forløb A" in (b.reason or "")


def test_defect_3_six_months_from_a_late_start_are_cut_at_the_year() -> None:
    # A alone, running 01.12.2024–01.07.2025: 6 months from 01.12.2024 would end 01.06.2025, the
    # year after the discharge ends 01.03.2025 → December–February, 31 + 31 + 28 = 90 days.
    late = course(
        "sel107", decided=d("2024-02-20"), start=d("2024-12-01"), end=d("2025-07-01"), course_id="A"
    )
    [r] = run([late], DEFECT3_STAYS, d("2025-08-01"))
    assert r.reimbursed_days == 90


# --- reading: a decision on the discharge day ("inden udskrivningen") ----------------------------


def test_decision_reading_is_named_with_its_default() -> None:
    assert SupportReadings().decision == "on_or_before"
    on_the_day = course("cti", decided=d("2024-03-01"), start=d("2024-03-01"))
    stays = [Stay("b1", d("2024-01-01"), d("2024-03-01"))]
    [r] = run([on_the_day], stays, d("2024-04-01"))
    assert r.reimbursed_days == 31
    strict = SupportReadings(decision="strictly_before")
    [r] = run([on_the_day], stays, d("2024-04-01"), strict)
    assert r.reimbursed_days == 0
    assert "inden udskrivningsdagen" in (r.reason or "")
    assert "Alternativ læsning" in (r.reason or "")


# --- reading: "i umiddelbar forlængelse" ---------------------------------------------------------

NEXT_DAY_STAYS = [
    Stay("b1", d("2024-01-10"), d("2024-03-01")),
    Stay("b1", d("2024-03-02"), d("2024-06-01"), kind="sel107"),
]


def test_continuation_is_the_same_day_by_default() -> None:
    assert SupportReadings().sel107_continuation == "same_day"
    [r] = run([DEFECT2_ICM], NEXT_DAY_STAYS, d("2025-01-01"))
    assert (r.periods, r.reimbursement) == ((), 0)


def test_continuation_from_the_day_after_under_the_alternative_reading() -> None:
    readings = SupportReadings(sel107_continuation="next_day")
    [r] = run([DEFECT2_ICM], NEXT_DAY_STAYS, d("2025-01-01"), readings)
    [p] = r.periods
    assert (p.start, p.end) == (d("2024-03-01"), d("2026-03-01"))
    assert (r.reimbursed_days, r.reimbursement) == (211, 10_350_000)
    step = next(s for s in r.steps if s.kind == "period_sel107_end")
    assert "Alternativ læsning: et § 107-ophold, der begynder dagen efter" in step.text
    assert step.data["sel107_continuation"] == "next_day"
    two_days = [NEXT_DAY_STAYS[0], Stay("b1", d("2024-03-03"), d("2024-06-01"), kind="sel107")]
    [r] = run([DEFECT2_ICM], two_days, d("2025-01-01"), readings)
    assert r.periods == ()


# --- reading: a later change of method inside the period ----------------------------------------

CHANGE_STAYS = [Stay("b1", d("2024-01-01"), d("2024-03-01"))]
CTI = course("cti", decided=d("2024-02-15"), start=d("2024-03-01"), end=d("2024-09-01"))
ICM_LATER = course("icm", decided=d("2024-08-20"), start=d("2024-09-01"), course_id="k2")


def test_a_later_change_of_method_is_covered_by_default() -> None:
    assert SupportReadings().method_change == "covered"
    cti, icm = run([CTI, ICM_LATER], CHANGE_STAYS, d("2025-01-01"))
    assert cti.reimbursed_days == 184  # 01.03–01.09.2024
    assert icm.reimbursed_days == 122  # 01.09.2024–01.01.2025
    assert icm.reimbursement == 4 * 1_500_000


def test_a_later_change_of_method_is_not_covered_under_the_alternative_reading() -> None:
    readings = SupportReadings(method_change="decided_course_only")
    cti, icm = run([CTI, ICM_LATER], CHANGE_STAYS, d("2025-01-01"), readings)
    assert cti.reimbursed_days == 184
    assert (icm.periods, icm.reimbursement) == ((), 0)
    reason = icm.reason or ""
    assert "Alternativ læsning" in reason
    assert "forløb k1" in reason
    assert "afgørelse truffet den 20.08.2024" in reason


@pytest.mark.parametrize(
    "text",
    [
        "decision=on_or_before",
        "sel107_anchor=shelter_discharge",
        "sel107_decision=no_deadline",
        "sel107_continuation=same_day",
        "method_change=covered",
    ],
)
def test_describe_names_every_reading(text: str) -> None:
    assert text in SupportReadings().describe()


def test_readings_are_parsed_with_danish_errors() -> None:
    parsed = SupportReadings.parse(["sel107_decision=by_sel107_end", "method_change=covered"])
    assert parsed == SupportReadings(sel107_decision="by_sel107_end")
    assert parsed.non_default() == {"sel107_decision": "by_sel107_end"}
    with pytest.raises(ValueError, match="ukendt læsning 'frist'"):
        SupportReadings.parse(["frist=ingen"])
    with pytest.raises(
        ValueError, match="læsningen sel107_continuation kan være same_day eller next_day"
    ):
        SupportReadings.parse(["sel107_continuation=week"])
