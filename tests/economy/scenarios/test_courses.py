"""The scenarios' fast § 176 a pricing equals ``support_reimbursement`` month for month."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.economy.scenarios import courses as fast
from hjemvej.economy.scenarios.courses import SupportData, YearMoney, support_by_year
from hjemvej.rules.parameters import Override, ParameterSet, default_parameters
from hjemvej.rules.support import Stay, SupportCourse, SupportReadings, support_reimbursement
from hjemvej.rules.support.model import SUPPORT_READINGS

BASE = default_parameters()
FIRST, LAST = 2022, 2031


def engine(
    data: SupportData,
    as_of: date,
    params: ParameterSet,
    readings: SupportReadings | None = None,
) -> dict[int, YearMoney]:
    cost = dict.fromkeys(range(FIRST, LAST + 1), 0)
    refund = dict.fromkeys(range(FIRST, LAST + 1), 0)
    stays = [s for group in data.stays.values() for s in group]
    for result in support_reimbursement(
        list(data.courses), stays, as_of=as_of, params=params, readings=readings
    ):
        for row in result.rows:
            cost[row.month.year] += row.cost
            refund[row.month.year] += row.reimbursement
    return {y: YearMoney(cost[y], refund[y]) for y in cost}


days = st.integers(min_value=0, max_value=365 * 6)
day0 = date(2023, 1, 1)


@st.composite
def populations(draw: st.DrawFn) -> SupportData:
    courses: list[SupportCourse] = []
    stays: dict[str, list[Stay]] = {}
    for c in range(draw(st.integers(1, 4))):
        citizen = f"b{c}"
        admitted = day0 + timedelta(days=draw(days))
        length = draw(st.one_of(st.none(), st.integers(0, 400)))
        discharged = None if length is None else admitted + timedelta(days=length)
        stays[citizen] = [Stay(citizen, admitted, discharged)]
        if discharged is not None and draw(st.booleans()):
            # Straight on (or a day or two later) to a § 107 stay: § 176 a, stk. 1, nr. 2.
            begins = discharged + timedelta(days=draw(st.sampled_from([0, 0, 1, 2])))
            ends = begins + timedelta(days=draw(st.integers(1, 300)))
            stays[citizen].append(Stay(citizen, begins, ends, "sel107"))
            # As a record gives it (``rules_botilbud``): the § 107 stay is also an expense of
            # stk. 2, decided before or after the discharge.
            courses.append(
                SupportCourse(
                    course_id=f"{citizen}-b",
                    citizen_id=citizen,
                    method="sel107",
                    decision_date=discharged - timedelta(days=draw(st.integers(-20, 60))),
                    start=begins,
                    end=ends,
                    monthly_cost=draw(st.integers(0, 9_000_000)),
                )
            )
        for k in range(draw(st.integers(1, 3))):
            start = day0 + timedelta(days=draw(days))
            decided = start - timedelta(days=draw(st.integers(-30, 400)))
            span = draw(st.one_of(st.none(), st.integers(0, 900)))
            courses.append(
                SupportCourse(
                    course_id=f"{citizen}-{k}",
                    citizen_id=citizen,
                    method=draw(st.sampled_from(["cti", "icm", "act", "m_act"])),
                    decision_date=decided,
                    start=start,
                    end=None if span is None else start + timedelta(days=span),
                    monthly_cost=draw(st.integers(0, 3_000_000)),
                    homeless_at_start=draw(st.booleans()),
                )
            )
    courses.sort(key=lambda c: c.citizen_id)
    return SupportData(courses=tuple(courses), stays=stays)


scenarios = st.sampled_from(
    [
        (),
        (Override("support.extension.all_situations", False, date(2026, 7, 1)),),
        (Override("support.reimbursement.rate", Decimal("37.5"), date(2025, 3, 17)),),
        (
            Override("support.reimbursement.period_months", 30, date(2024, 6, 1)),
            Override("support.reimbursement.rate", Decimal("33.333"), date(2027, 2, 14)),
        ),
        (Override("support.extension.period_months", 12, None),),
        (Override("support.botilbud.reimbursement.rate", Decimal("62.5"), date(2024, 9, 1)),),
        (
            Override("support.botilbud.reimbursement.rate", Decimal("40"), date(2023, 10, 1)),
            Override("support.reimbursement.rate", Decimal("60"), date(2025, 1, 1)),
        ),
    ]
)


#: Every combination of the readings of § 176 a.
readings_of_176a = st.fixed_dictionaries(
    {name: st.sampled_from(values) for name, values in SUPPORT_READINGS.items()}
).map(lambda chosen: SupportReadings.parse([f"{k}={v}" for k, v in chosen.items()]))


@settings(max_examples=150, deadline=None)
@given(
    data=populations(),
    overrides=scenarios,
    as_of_days=st.integers(365, 365 * 8),
    readings=readings_of_176a,
)
def test_fast_pricing_equals_the_engine(
    data: SupportData,
    overrides: tuple[Override, ...],
    as_of_days: int,
    readings: SupportReadings,
) -> None:
    params = BASE.with_overrides(overrides)
    as_of = day0 + timedelta(days=as_of_days)
    got = support_by_year(
        data, first_year=FIRST, last_year=LAST, as_of=as_of, params=params, readings=readings
    )
    assert got == engine(data, as_of, params, readings)


@pytest.mark.parametrize(
    "readings",
    [SupportReadings(), SupportReadings(sel107_decision="by_sel107_end")],
    ids=["no_deadline", "by_sel107_end"],
)
def test_fast_pricing_follows_the_readings(readings: SupportReadings) -> None:
    # Issue 15, defect 2: § 110 10.01–01.03.2024, § 107 01.03–01.06.2024, ICM decided and
    # started 04.06.2024 at 30.000 kr. a month. By default 211 days of 2024 are reimbursed
    # (1.350.000 + 6 × 1.500.000 øre); under ``by_sel107_end`` none.
    data = SupportData(
        courses=(
            SupportCourse("k", "b", "icm", date(2024, 6, 4), date(2024, 6, 4), None, 3_000_000),
        ),
        stays={
            "b": [
                Stay("b", date(2024, 1, 10), date(2024, 3, 1)),
                Stay("b", date(2024, 3, 1), date(2024, 6, 1), "sel107"),
            ]
        },
    )
    as_of = date(2025, 1, 1)
    got = support_by_year(
        data, first_year=2024, last_year=2024, as_of=as_of, params=BASE, readings=readings
    )
    expected = 10_350_000 if readings.sel107_decision == "no_deadline" else 0
    assert got[2024] == YearMoney(cost=20_700_000, reimbursement=expected)


def test_a_rate_with_many_decimals_goes_through_the_engine() -> None:
    params = BASE.with_overrides(
        [Override("support.reimbursement.rate", Decimal("33.3333333"), date(2024, 1, 1))]
    )
    assert (
        fast._percent_scale([v.value for v in params["support.reimbursement.rate"].values]) is None
    )
    data = SupportData(
        courses=(
            SupportCourse("k", "b", "cti", date(2024, 3, 1), date(2024, 3, 15), None, 1_000_001),
        ),
        stays={"b": [Stay("b", date(2024, 1, 1), date(2024, 3, 15))]},
    )
    as_of = date(2027, 1, 1)
    got = support_by_year(data, first_year=FIRST, last_year=LAST, as_of=as_of, params=params)
    assert got == engine(data, as_of, params)
    assert got[2025].reimbursement > 0


def test_no_courses_no_money() -> None:
    got = support_by_year(
        SupportData((), {}), first_year=2025, last_year=2026, as_of=date(2027, 1, 1), params=BASE
    )
    assert got == {2025: YearMoney(), 2026: YearMoney()}


def test_amounts_too_large_for_int64_go_through_the_engine() -> None:
    data = SupportData(
        courses=(
            SupportCourse(
                "k", "b", "act", date(2024, 3, 1), date(2024, 3, 15), None, 10**17, False
            ),
        ),
        stays={"b": [Stay("b", date(2024, 1, 1), date(2024, 3, 15))]},
    )
    as_of = date(2025, 1, 1)
    got = support_by_year(data, first_year=FIRST, last_year=LAST, as_of=as_of, params=BASE)
    assert got == engine(data, as_of, BASE)
    assert got[2024].reimbursement > 10**17  # nine and a half months at 50 %
