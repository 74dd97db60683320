"""The scenarios' fast § 176 a pricing equals ``support_reimbursement`` month for month."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.economy.scenarios import courses as fast
from hjemvej.economy.scenarios.courses import SupportData, YearMoney, support_by_year
from hjemvej.rules.parameters import Override, ParameterSet, default_parameters
from hjemvej.rules.support import Stay, SupportCourse, support_reimbursement

BASE = default_parameters()
FIRST, LAST = 2022, 2031


def engine(data: SupportData, as_of: date, params: ParameterSet) -> dict[int, YearMoney]:
    cost = dict.fromkeys(range(FIRST, LAST + 1), 0)
    refund = dict.fromkeys(range(FIRST, LAST + 1), 0)
    stays = [s for group in data.stays.values() for s in group]
    for result in support_reimbursement(list(data.courses), stays, as_of=as_of, params=params):
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
    ]
)


@settings(max_examples=150, deadline=None)
@given(data=populations(), overrides=scenarios, as_of_days=st.integers(365, 365 * 8))
def test_fast_pricing_equals_the_engine(
    data: SupportData, overrides: tuple[Override, ...], as_of_days: int
) -> None:
    params = BASE.with_overrides(overrides)
    as_of = day0 + timedelta(days=as_of_days)
    got = support_by_year(data, first_year=FIRST, last_year=LAST, as_of=as_of, params=params)
    assert got == engine(data, as_of, params)


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
