"""§ 176 a: reimbursement of § 85 a support and § 107 botilbud, golden cases and properties."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.support import (
    CourseResult,
    Method,
    Stay,
    SupportCourse,
    SupportReadings,
    add_months,
    support_reimbursement,
)
from hjemvej.rules.support.model import SUPPORT_READINGS


def course(
    method: Method = "cti",
    *,
    decided: date,
    start: date,
    end: date | None = None,
    monthly: int = 3_000_000,
    homeless: bool = False,
    course_id: str = "k1",
    citizen: str = "b1",
) -> SupportCourse:
    return SupportCourse(course_id, citizen, method, decided, start, end, monthly, homeless)


def shelter(admitted: date, discharged: date | None, citizen: str = "b1") -> Stay:
    return Stay(citizen, admitted, discharged)


def one(
    c: SupportCourse,
    stays: list[Stay],
    as_of: date,
    readings: SupportReadings | None = None,
) -> CourseResult:
    return support_reimbursement([c], stays, as_of=as_of, readings=readings)[0]


def d(text: str) -> date:
    return date.fromisoformat(text)


# --- § 176 a, stk. 1, nr. 1: decision before discharge -------------------------------------------


def test_decision_before_discharge_gives_24_months_from_discharge() -> None:
    # CTI decided 15.02.2024, discharge 01.03.2024, 30.000 kr./month, open; as_of 01.06.2026.
    # Period [01.03.2024, 01.03.2026). Cost: Mar 2024–May 2026 = 27 full months × 3.000.000 øre
    # = 81.000.000; reimbursement: 24 months × 1.500.000 = 36.000.000.
    # Days: 01.03.2024→01.03.2025 = 365, →01.03.2026 = 365, Mar–May 2026 = 92; total 822.
    c = course(decided=d("2024-02-15"), start=d("2024-03-01"))
    r = one(c, [shelter(d("2023-12-01"), d("2024-03-01"))], d("2026-06-01"))
    [p] = r.periods
    assert (p.start, p.end, p.basis) == (d("2024-03-01"), d("2026-03-01"), "discharge")
    assert r.cost == 81_000_000
    assert r.reimbursement == 36_000_000
    assert (r.days, r.reimbursed_days) == (822, 730)
    assert r.rows[-4].month == d("2026-02-01")
    assert r.rows[-4].reimbursement == 1_500_000
    assert r.rows[-3].month == d("2026-03-01")
    assert r.rows[-3].reimbursement == 0
    assert "udskrivning fra boform efter § 110 den 01.03.2024" in r.basis
    period_step = next(s for s in r.steps if s.kind == "period_discharge")
    assert {pv.name for pv in period_step.parameters} == {
        "support.reimbursement.rate",
        "support.reimbursement.period_months",
    }


def test_decision_after_discharge_gives_nothing() -> None:
    c = course(decided=d("2024-03-05"), start=d("2024-03-10"))
    r = one(c, [shelter(d("2024-01-01"), d("2024-03-01"))], d("2025-01-01"))
    assert r.periods == ()
    assert r.reimbursement == 0
    assert r.cost > 0
    assert r.reason is not None
    assert "senest på udskrivningsdagen" in r.reason
    assert "01.03.2024" in r.reason
    assert any(s.kind == "no_reimbursement" for s in r.steps)


def test_decision_on_the_discharge_day_follows_the_reading() -> None:
    # Default reading on_or_before: a decision dated the discharge day counts as made before it.
    c = course(decided=d("2024-03-01"), start=d("2024-03-01"))
    stays = [shelter(d("2024-01-01"), d("2024-03-01"))]
    assert one(c, stays, d("2024-04-01")).reimbursement == 1_500_000
    strict = SupportReadings(decision="strictly_before")
    r = one(c, stays, d("2024-04-01"), strict)
    assert r.reimbursement == 0
    assert r.reason is not None
    assert "inden udskrivningsdagen" in r.reason


def test_readmission_and_second_discharge_do_not_move_the_period() -> None:
    # First qualifying discharge 01.04.2024 → [01.04.2024, 01.04.2026). Readmitted 01.09.2024,
    # discharged 15.10.2024: still the same period (§ 176 a, stk. 3).
    c = course(decided=d("2024-03-20"), start=d("2024-04-01"))
    stays = [
        shelter(d("2024-01-10"), d("2024-04-01")),
        shelter(d("2024-09-01"), d("2024-10-15")),
    ]
    r = one(c, stays, d("2026-06-01"))
    [p] = r.periods
    assert (p.start, p.end) == (d("2024-04-01"), d("2026-04-01"))
    # Apr 2024–Mar 2026 = 24 months × 1.500.000 øre.
    assert r.reimbursement == 36_000_000
    readmission = [s for s in r.steps if s.kind == "readmission"]
    assert [s.start for s in readmission] == [d("2024-09-01")]


def test_admission_after_the_period_ended_starts_a_new_period() -> None:
    # stk. 3 only stops a new count for readmission *within* the period. Stays: discharge
    # 01.04.2024 → [01.04.2024, 01.04.2026); readmitted 01.05.2026, discharged 01.06.2026 with
    # the course's decision still in force → new period [01.06.2026, 01.06.2028).
    # 20.000 kr./month, as_of 01.07.2026: Apr 2024–Jun 2026 = 27 months cost 54.000.000;
    # reimbursed 24 + 1 (June 2026) months × 1.000.000 = 25.000.000.
    c = course(decided=d("2024-03-20"), start=d("2024-04-01"), monthly=2_000_000)
    stays = [
        shelter(d("2024-01-10"), d("2024-04-01")),
        shelter(d("2026-05-01"), d("2026-06-01")),
    ]
    r = one(c, stays, d("2026-07-01"))
    assert [(p.start, p.end) for p in r.periods] == [
        (d("2024-04-01"), d("2026-04-01")),
        (d("2026-06-01"), d("2028-06-01")),
    ]
    assert r.cost == 54_000_000
    assert r.reimbursement == 25_000_000


def test_period_belongs_to_the_citizen_across_a_change_of_method() -> None:
    # CTI decided before discharge 01.03.2024 ends 01.12.2024; ICM decided 20.11.2024 (after
    # discharge) continues the support: it is reimbursed in the citizen's period, Dec 2024.
    cti = course(decided=d("2024-02-15"), start=d("2024-03-01"), end=d("2024-12-01"))
    icm = course("icm", decided=d("2024-11-20"), start=d("2024-12-01"), course_id="k2")
    stays = [shelter(d("2023-12-01"), d("2024-03-01"))]
    _, r = support_reimbursement([cti, icm], stays, as_of=d("2025-01-01"))
    [p] = r.periods
    assert (p.start, p.end) == (d("2024-03-01"), d("2026-03-01"))
    assert r.reimbursement == 1_500_000


def test_a_course_that_ended_before_the_discharge_does_not_qualify_it() -> None:
    # The CTI decided and ended before the discharge was help for an earlier time; the ICM
    # decided after the discharge has no period.
    old = course(decided=d("2024-01-05"), start=d("2024-01-10"), end=d("2024-02-01"))
    icm = course("icm", decided=d("2024-03-04"), start=d("2024-03-05"), course_id="k2")
    stays = [shelter(d("2023-12-01"), d("2024-03-01"))]
    results = support_reimbursement([old, icm], stays, as_of=d("2025-01-01"))
    assert [r.periods for r in results] == [(), ()]
    assert sum(r.reimbursement for r in results) == 0


def test_citizens_do_not_share_stays() -> None:
    c = course(decided=d("2024-02-15"), start=d("2024-03-01"), citizen="b2")
    r = one(c, [shelter(d("2023-12-01"), d("2024-03-01"), citizen="b1")], d("2024-05-01"))
    assert r.reimbursement == 0


def test_course_straddling_the_period_end_is_prorated() -> None:
    # Discharge 15.03.2024 → period [15.03.2024, 15.03.2026). 31.000 kr./month, course
    # [01.03.2024, 20.03.2026).
    # March 2024: 31 days, cost 3.100.000; reimbursed days 15–31 = 17: 0,5 × 3.100.000 × 17/31
    #   = 850.000.
    # March 2026: days 1–19 = 19, cost 3.100.000 × 19/31 = 1.900.000; reimbursed 1–14 = 14 days:
    #   0,5 × 3.100.000 × 14/31 = 700.000.
    c = course(
        decided=d("2024-03-10"), start=d("2024-03-01"), end=d("2026-03-20"), monthly=3_100_000
    )
    r = one(c, [shelter(d("2024-01-01"), d("2024-03-15"))], d("2027-01-01"))
    first, last = r.rows[0], r.rows[-1]
    assert (first.days, first.cost, first.reimbursed_days, first.reimbursement) == (
        31,
        3_100_000,
        17,
        850_000,
    )
    assert (last.month, last.days, last.cost, last.reimbursed_days, last.reimbursement) == (
        d("2026-03-01"),
        19,
        1_900_000,
        14,
        700_000,
    )
    # 23 full months in between (Apr 2024–Feb 2026) × 1.550.000.
    assert r.reimbursement == 850_000 + 23 * 1_550_000 + 700_000
    assert r.reimbursed_days == 730


def test_each_month_is_rounded_once_half_up() -> None:
    # 30 øre/month, April 2024 (30 days), course from 18.04: 13 days → cost 13 øre exactly;
    # reimbursement 0,5 × 13 = 6,5 → 7 øre (half up; banker's rounding would give 6).
    c = course(decided=d("2024-04-01"), start=d("2024-04-18"), monthly=30)
    r = one(c, [shelter(d("2024-01-01"), d("2024-04-18"))], d("2024-05-01"))
    [row] = r.rows
    assert (row.days, row.cost, row.reimbursed_days, row.reimbursement) == (13, 13, 13, 7)


# --- § 176 a, stk. 1, nr. 2: straight on to a § 107 stay ----------------------------------------


SEL107_STAYS = [
    shelter(d("2024-01-01"), d("2024-05-01")),
    Stay("b1", d("2024-05-01"), d("2024-11-01"), kind="sel107"),
]


def test_sel107_path_counts_from_the_shelter_discharge_by_default() -> None:
    # § 176 a, stk. 3: both periods count from the first discharge from the § 110 shelter. The
    # § 85 a decision 20.10.2024 is made as the § 107 stay ends 01.11.2024 (stk. 1, nr. 2), but the
    # 24 months run from the discharge 01.05.2024 → [01.05.2024, 01.05.2026).
    # 10.000 kr./month from 01.11.2024, as_of 01.07.2026: cost Nov 2024–Jun 2026 = 20 months ×
    # 1.000.000 = 20.000.000 øre; reimbursed Nov 2024–Apr 2026 = 18 months × 500.000 = 9.000.000.
    # Reimbursed days 01.11.2024→01.11.2025 = 365, →01.05.2026 = 181; 546 in all.
    assert SupportReadings().sel107_anchor == "shelter_discharge"
    c = course("icm", decided=d("2024-10-20"), start=d("2024-11-01"), monthly=1_000_000)
    r = one(c, SEL107_STAYS, d("2026-07-01"))
    [p] = r.periods
    assert (p.start, p.end, p.anchor) == (d("2024-05-01"), d("2026-05-01"), d("2024-05-01"))
    assert p.basis == "sel107_end"
    assert (r.cost, r.reimbursement, r.reimbursed_days) == (20_000_000, 9_000_000, 546)
    assert r.rows[-3].month == d("2026-04-01")
    assert [row.reimbursement for row in r.rows[-3:]] == [500_000, 0, 0]
    assert r.basis == (
        "efter udskrivning fra boform efter § 110 den 01.05.2024 via § 107-ophold, der sluttede "
        "den 01.11.2024"
    )
    step = next(s for s in r.steps if s.kind == "period_sel107_end")
    assert "stk. 1, nr. 2" in step.text
    assert "Læsning: perioden regnes fra udskrivningen fra boformen efter § 110 den " in step.text
    assert "01.05.2024, som § 176 a, stk. 3, siger" in step.text
    assert "Alternativ læsning" not in step.text
    assert step.data["sel107_anchor"] == "shelter_discharge"


def test_sel107_path_alternative_reading_counts_from_the_end_of_the_sel107_stay() -> None:
    # Reading sel107_end: the 24 months run from the § 107 stay's end 01.11.2024, when the
    # § 85 a decision is made → [01.11.2024, 01.11.2026). Same course and as_of as above: all 20
    # months Nov 2024–Jun 2026 are reimbursed, 20 × 500.000 = 10.000.000 øre; 607 days.
    c = course("icm", decided=d("2024-10-20"), start=d("2024-11-01"), monthly=1_000_000)
    readings = SupportReadings(sel107_anchor="sel107_end")
    r = one(c, SEL107_STAYS, d("2026-07-01"), readings)
    [p] = r.periods
    assert (p.start, p.end, p.anchor) == (d("2024-11-01"), d("2026-11-01"), d("2024-11-01"))
    assert p.basis == "sel107_end"
    assert (r.reimbursement, r.reimbursed_days) == (10_000_000, 607)
    assert r.basis == "efter § 107-ophold, der sluttede den 01.11.2024"
    step = next(s for s in r.steps if s.kind == "period_sel107_end")
    assert "Alternativ læsning: perioden regnes fra § 107-opholdets ophør den 01.11" in step.text
    assert "ikke fra udskrivningen fra boformen efter § 110 den 01.05.2024" in step.text
    assert step.data["sel107_anchor"] == "sel107_end"


def test_sel107_stay_longer_than_the_period_leaves_nothing_under_the_default_reading() -> None:
    # Discharge 01.05.2024 straight into § 107 until 01.06.2026; § 85 a decided 20.05.2026, from
    # 01.06.2026. Default: [01.05.2024, 01.05.2026) has ended before the course starts → nothing.
    # Alternative: [01.06.2026, 01.06.2028) → June 2026 at 0,5 × 3.000.000 = 1.500.000 øre.
    stays = [
        shelter(d("2024-01-01"), d("2024-05-01")),
        Stay("b1", d("2024-05-01"), d("2026-06-01"), kind="sel107"),
    ]
    c = course("icm", decided=d("2026-05-20"), start=d("2026-06-01"))
    r = one(c, stays, d("2026-07-01"))
    assert (r.periods, r.reimbursement) == ((), 0)
    assert "uden for refusionsperioden (01.05.2024–30.04.2026" in (r.reason or "")
    alternative = SupportReadings(sel107_anchor="sel107_end")
    [p] = one(c, stays, d("2026-07-01"), alternative).periods
    assert (p.start, p.end) == (d("2026-06-01"), d("2028-06-01"))
    assert one(c, stays, d("2026-07-01"), alternative).reimbursement == 1_500_000


def test_sel107_path_needs_a_stay_straight_after_discharge() -> None:
    gap = [SEL107_STAYS[0], Stay("b1", d("2024-05-03"), d("2024-11-01"), kind="sel107")]
    c = course("icm", decided=d("2024-10-20"), start=d("2024-11-01"))
    assert one(c, gap, d("2025-01-01")).periods == ()
    # A decision after the § 107 stay ended qualifies (no deadline, the default reading); under
    # the alternative reading ``by_sel107_end`` it does not (tests/rules/test_support_readings.py).
    late = course("icm", decided=d("2024-11-05"), start=d("2024-11-10"))
    assert one(late, SEL107_STAYS, d("2025-01-01")).periods != ()
    by_end = SupportReadings(sel107_decision="by_sel107_end")
    assert one(late, SEL107_STAYS, d("2025-01-01"), by_end).periods == ()


# --- § 176 a, stk. 2: § 107 botilbud ------------------------------------------------------------


def test_botilbud_six_months_within_one_year() -> None:
    # Botilbud decided 01.03.2024, discharge 15.03.2024, botilbud [15.03.2024, 01.12.2024),
    # 60.000 kr./month. Period [15.03.2024, 15.09.2024).
    # March: 17 days, cost 6.000.000 × 17/31 = 3.290.322,58 → 3.290.323;
    #   reimbursement 1.645.161,29 → 1.645.161.
    # April–August: 5 × 3.000.000 = 15.000.000.
    # September: days 1–14 reimbursed: 0,5 × 6.000.000 × 14/30 = 1.400.000.
    bt = course(
        "sel107",
        decided=d("2024-03-01"),
        start=d("2024-03-15"),
        end=d("2024-12-01"),
        monthly=6_000_000,
    )
    r = one(bt, [shelter(d("2024-01-01"), d("2024-03-15"))], d("2025-01-01"))
    [p] = r.periods
    assert (p.start, p.end, p.basis) == (d("2024-03-15"), d("2024-09-15"), "botilbud")
    assert r.rows[0].cost == 3_290_323
    assert r.rows[0].reimbursement == 1_645_161
    assert r.rows[6].reimbursement == 1_400_000
    assert r.reimbursement == 1_645_161 + 15_000_000 + 1_400_000
    assert r.cost == 3_290_323 + 8 * 6_000_000
    step = next(s for s in r.steps if s.kind == "period_botilbud")
    assert {pv.name for pv in step.parameters} == {
        "support.botilbud.reimbursement.rate",
        "support.botilbud.reimbursement.period_months",
        "support.botilbud.reimbursement.within_months",
    }


def test_botilbud_months_are_cut_at_one_year_after_discharge() -> None:
    # Botilbud begins 01.12.2024; 6 months would run to 01.06.2025, but the year after the
    # discharge 15.03.2024 ends 15.03.2025.
    bt = course("sel107", decided=d("2024-03-01"), start=d("2024-12-01"))
    [p] = one(bt, [shelter(d("2024-01-01"), d("2024-03-15"))], d("2025-06-01")).periods
    assert (p.start, p.end) == (d("2024-12-01"), d("2025-03-15"))


def test_botilbud_decided_after_discharge_gives_nothing() -> None:
    bt = course("sel107", decided=d("2024-03-20"), start=d("2024-03-20"))
    r = one(bt, [shelter(d("2024-01-01"), d("2024-03-15"))], d("2025-01-01"))
    assert r.reimbursement == 0
    assert r.reason is not None
    assert "stk. 2" in r.reason


# --- the 2025 agreement's extension -------------------------------------------------------------


def test_extension_for_street_homeless_citizen_from_2026_07_01() -> None:
    # No shelter stay. ACT from 01.06.2026, 40.000 kr./month, homeless at start.
    # June 2026: extension not in force. July + August: 2 × 2.000.000 = 4.000.000.
    c = course(
        "act", decided=d("2026-05-20"), start=d("2026-06-01"), monthly=4_000_000, homeless=True
    )
    r = one(c, [], d("2026-09-01"))
    [p] = r.periods
    assert (p.start, p.end, p.basis) == (d("2026-07-01"), d("2028-06-01"), "extension")
    assert [row.reimbursement for row in r.rows] == [0, 2_000_000, 2_000_000]
    step = next(s for s in r.steps if s.kind == "period_extension")
    assert {pv.status for pv in step.parameters if pv.name.startswith("support.extension")} == {
        "assumed"
    }
    # Up to 2 years from the start of support: Jul 2026–May 2028 = 23 months.
    later = one(c, [], d("2028-08-01"))
    assert later.reimbursed_days == (d("2028-06-01") - d("2026-07-01")).days
    assert later.reimbursement == 23 * 2_000_000


def test_extension_needs_homelessness_at_start_and_is_off_before_2026_07_01() -> None:
    housed = course("act", decided=d("2026-05-20"), start=d("2026-06-01"), homeless=False)
    r = one(housed, [], d("2026-09-01"))
    assert r.reimbursement == 0
    assert r.reason is not None
    assert "ikke registreret i hjemløshed" in r.reason
    # Support from 01.06.2024: its 2 years end 01.06.2026, before the extension is in force.
    early = course("icm", decided=d("2024-05-10"), start=d("2024-06-01"), homeless=True)
    r = one(early, [], d("2026-12-01"))
    assert r.reimbursement == 0
    assert r.periods == ()
    assert r.reason is not None
    assert "ikke i kraft" in r.reason
    # Support from 01.02.2025: only 01.07.2026–31.01.2027 of its 2 years is covered.
    later = course("icm", decided=d("2025-01-10"), start=d("2025-02-01"), homeless=True)
    [p] = one(later, [], d("2026-07-01")).periods
    assert (p.start, p.end) == (d("2026-07-01"), d("2027-02-01"))


def test_extension_covers_a_decision_after_discharge() -> None:
    # Decision 01.04.2026 after discharge 01.03.2026: no § 176 a period, but the citizen was
    # homeless at start (15.04.2026) → extension [01.07.2026, 15.04.2028).
    c = course("icm", decided=d("2026-04-01"), start=d("2026-04-15"), homeless=True)
    r = one(c, [shelter(d("2026-01-01"), d("2026-03-01"))], d("2026-08-01"))
    [p] = r.periods
    assert (p.start, p.end, p.basis) == (d("2026-07-01"), d("2028-04-15"), "extension")
    assert r.reimbursement == 1_500_000


# --- reform date, methods, as_of ----------------------------------------------------------------


def test_nothing_before_2023_10_01_is_reimbursed() -> None:
    # Discharge on the reform day → [01.10.2023, 01.10.2025). September 2023 costs, no refund;
    # October + November: 2 × 1.500.000.
    c = course(decided=d("2023-09-15"), start=d("2023-09-01"))
    r = one(c, [shelter(d("2023-08-01"), d("2023-10-01"))], d("2023-12-01"))
    assert [row.reimbursement for row in r.rows] == [0, 1_500_000, 1_500_000]
    assert r.cost == 9_000_000
    # A discharge before the reform starts no period at all.
    pre = one(c, [shelter(d("2023-08-01"), d("2023-09-20"))], d("2023-12-01"))
    assert pre.reimbursement == 0
    assert pre.reason is not None
    assert "01.10.2023" in pre.reason


@pytest.mark.parametrize("method", ["sel85", "sel99"])
def test_sel85_and_sel99_are_never_reimbursed(method: Method) -> None:
    c = course(method, decided=d("2024-02-15"), start=d("2024-03-01"), homeless=True)
    r = one(c, [shelter(d("2023-12-01"), d("2024-03-01"))], d("2027-01-01"))
    assert r.reimbursement == 0
    assert r.periods == ()
    assert r.cost > 0
    assert r.reason is not None
    assert "kun støtte efter § 85 a" in r.reason


def test_open_course_is_cut_at_as_of() -> None:
    # 31.000 kr./month from 01.03.2024, as_of 16.05.2024: March 31 + April 30 + May 1–15 days;
    # May cost 3.100.000 × 15/31 = 1.500.000.
    c = course(decided=d("2024-02-01"), start=d("2024-03-01"), monthly=3_100_000)
    r = one(c, [shelter(d("2024-01-01"), d("2024-03-01"))], d("2024-05-16"))
    assert [row.days for row in r.rows] == [31, 30, 15]
    assert r.rows[-1].cost == 1_500_000
    assert r.cost == 3_100_000 * 2 + 1_500_000
    assert r.reimbursement == 1_550_000 * 2 + 750_000
    future = course(decided=d("2024-02-01"), start=d("2024-06-01"))
    assert one(future, [], d("2024-05-16")).rows == ()


def test_add_months_rolls_a_missing_day_to_the_next_month() -> None:
    assert add_months(d("2024-02-29"), 12) == d("2025-03-01")
    assert add_months(d("2024-08-31"), 6) == d("2025-03-01")
    assert add_months(d("2024-03-15"), 24) == d("2026-03-15")


def test_invalid_input_is_rejected_in_danish() -> None:
    bad = course(decided=d("2024-01-01"), start=d("2024-03-01"), end=d("2024-02-01"))
    with pytest.raises(ValueError, match="slutdatoen ligger før startdatoen"):
        support_reimbursement([bad], [], as_of=d("2025-01-01"))


def test_parameter_file_has_the_reform_and_the_extension() -> None:
    params = default_parameters()
    assert params.flag("support.extension.all_situations", d("2026-06-30")) is False
    assert params.flag("support.extension.all_situations", d("2026-07-01")) is True
    assert params.at("support.extension.all_situations", d("2026-07-01")).status == "assumed"
    assert params["support.reimbursement.rate"].first_date == d("2023-10-01")


# --- properties -----------------------------------------------------------------------------------

DAYS = st.integers(min_value=0, max_value=4 * 365).map(lambda n: d("2023-06-01") + timedelta(n))
METHODS: list[Method] = ["cti", "icm", "act", "m_act", "sel85", "sel99", "sel107"]


@st.composite
def cases(draw: st.DrawFn) -> tuple[list[SupportCourse], list[Stay], date]:
    # Stays follow one another; § 107 stays and courses often begin at a discharge, so that
    # every basis (discharge, § 107 end, botilbud, extension) is drawn regularly.
    stays: list[Stay] = []
    day = draw(DAYS)
    for _ in range(draw(st.integers(0, 3))):
        admitted = day + timedelta(draw(st.integers(0, 400)))
        length = draw(st.none() | st.integers(0, 300))
        discharged = None if length is None else admitted + timedelta(length)
        stays.append(Stay("b1", admitted, discharged))
        if discharged is None:
            break
        if draw(st.booleans()):
            # The § 107 stay begins on the discharge day or, less often, one or two days later.
            begins = discharged + timedelta(draw(st.sampled_from([0, 0, 1, 2])))
            end = begins + timedelta(draw(st.integers(1, 300)))
            stays.append(Stay("b1", begins, end, "sel107"))
            discharged = end
        day = discharged
    anchors = [s.discharged for s in stays if s.discharged is not None]
    courses: list[SupportCourse] = []
    for i in range(draw(st.integers(1, 3))):
        if draw(st.booleans()) and anchors:
            start = draw(st.sampled_from(anchors)) + timedelta(draw(st.integers(-40, 40)))
        else:
            start = draw(DAYS)
        length = draw(st.none() | st.integers(0, 900))
        courses.append(
            SupportCourse(
                f"k{i}",
                "b1",
                draw(st.sampled_from(METHODS)),
                start - timedelta(draw(st.integers(-60, 200))),
                start,
                None if length is None else start + timedelta(length),
                draw(st.integers(0, 10_000_000)),
                draw(st.booleans()),
            )
        )
    as_of = min(c.start for c in courses) + timedelta(draw(st.integers(0, 1200)))
    return courses, stays, as_of


#: Every combination of the readings of § 176 a is drawn (SUPPORT_READINGS lists them).
READINGS = st.fixed_dictionaries(
    {name: st.sampled_from(values) for name, values in SUPPORT_READINGS.items()}
).map(lambda chosen: SupportReadings.parse([f"{k}={v}" for k, v in chosen.items()]))


@settings(max_examples=300, deadline=None)
@given(cases(), READINGS)
def test_reimbursement_never_exceeds_rate_times_cost_and_is_never_negative(
    case: tuple[list[SupportCourse], list[Stay], date], readings: SupportReadings
) -> None:
    courses, stays, as_of = case
    # The § 107 path counts from the § 110 discharge, or under the alternative reading from the
    # end of the § 107 stay.
    kind = "sel110" if readings.sel107_anchor == "shelter_discharge" else "sel107"
    path_anchors = {s.discharged for s in stays if s.kind == kind}
    by_id = {c.course_id: c for c in courses}
    for result in support_reimbursement(courses, stays, as_of=as_of, readings=readings):
        for p in result.periods:
            if p.basis == "sel107_end":
                assert p.anchor in path_anchors
                assert p.start == p.anchor
            if p.basis == "botilbud":
                # Only a placement decided by the discharge is reimbursed (stk. 2).
                assert p.courses
                assert result.course_id in p.courses
                assert by_id[result.course_id].decision_date <= p.anchor
            if readings.method_change == "covered" and p.basis != "botilbud":
                assert p.courses == ()
        for row in result.rows:
            assert row.reimbursement >= 0
            assert 0 <= row.reimbursed_days <= row.days
            # Rate is 50 % throughout. Cost and reimbursement are each rounded once from exact
            # values, so a row may exceed 50 % of its *rounded* cost by at most ½ øre
            # (e.g. 13 øre → 6,5 → 7); it never exceeds 50 % of the exact cost rounded half up.
            assert 2 * row.reimbursement <= row.cost + 1
            if row.reimbursed_days == 0:
                assert row.reimbursement == 0
            if row.reimbursed_days == row.days:
                assert abs(2 * row.reimbursement - row.cost) <= 1
        assert result.reimbursement <= (result.cost + len(result.rows)) // 2
        if result.method in ("sel85", "sel99"):
            assert result.reimbursement == 0
        assert all(s.text for s in result.steps)
