"""Golden cases and properties of SEL § 177 reimbursement (docs/rules.md, Shelter stays and § 177).

Rates are 2,000 kr. a day and own payment is waived (0) unless a case says otherwise, so a
reimbursed day is worth 50 % × 2,000 kr. = 1,000 kr. = 100,000 øre.
"""

from __future__ import annotations

import bisect
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hjemvej.rules.parameters import Override, ParameterSet, default_parameters
from hjemvej.rules.shelter import (
    RateSchedule,
    Readings,
    StayResults,
    StayRow,
    StayTable,
    reimburse,
    reimburse_plain,
)

RATE = 200_000
AS_OF = date(2030, 1, 1)
FIELDS = ("days", "reimbursed_days", "gross_cost", "own_payment", "reimbursement")


def stay(
    admitted: date,
    discharged: date | None,
    *,
    citizen: str = "c1",
    stay_id: str | None = None,
    rate: int | RateSchedule = RATE,
    own: int | None = 0,
    qualifies: bool = True,
) -> StayRow:
    return StayRow(
        stay_id=stay_id or f"{citizen}-{admitted.isoformat()}",
        citizen_id=citizen,
        admitted=admitted,
        discharged=discharged,
        daily_rate=rate,
        own_payment=own,
        qualifies=qualifies,
    )


def run(
    rows: list[StayRow],
    readings: Readings | None = None,
    as_of: date = AS_OF,
    params: ParameterSet | None = None,
) -> StayResults:
    """Compute by both paths, insist they agree, and return the result."""
    table = StayTable.from_rows(rows)
    params = params or default_parameters()
    batch = reimburse(table, as_of=as_of, params=params, readings=readings)
    plain, _ = reimburse_plain(table, as_of=as_of, params=params, readings=readings)
    for name in FIELDS:
        assert getattr(batch, name).tolist() == getattr(plain, name).tolist(), name
    return batch


def reimbursed(rows: list[StayRow], readings: Readings | None = None, **kw: object) -> list[int]:
    days: list[int] = run(rows, readings, **kw).reimbursed_days.tolist()  # type: ignore[arg-type]
    return days


ROLLING = Readings(window="rolling365")
WINDOW_START = Readings(cap="window_start")
DATES = Readings(days="dates")


def test_day_120_is_reimbursed_and_day_121_is_not() -> None:
    # 2024-01-01 + 119 days = 2024-04-29 (31 + 29 + 31 + 29 = 120 days up to and including it).
    upto_120 = [stay(date(2024, 1, 1), date(2024, 4, 30))]
    upto_121 = [stay(date(2024, 1, 1), date(2024, 5, 1))]
    assert reimbursed(upto_120) == [120]
    assert reimbursed(upto_121) == [120]
    result = run(upto_121)
    assert result.days.tolist() == [121]
    assert result.reimbursement.tolist() == [120 * 100_000]


def test_explanation_names_day_121_and_the_window() -> None:
    table = StayTable.from_rows([stay(date(2024, 10, 15), date(2025, 3, 1), citizen="A")])
    _, explanations = reimburse_plain(table, as_of=AS_OF, params=default_parameters())
    steps = explanations["A"].steps
    assert [s.kind for s in steps] == ["reimbursed", "cap_reached"]
    assert steps[0].end == steps[1].start == date(2024, 10, 15) + timedelta(days=120)
    assert "dag 121–137 i vinduet 15.10.2024–14.10.2025: loftet på 120 dage" in steps[1].text
    assert steps[1].data["day_from"] == 121
    assert steps[0].parameters[0].name == "shelter.reimbursement.day_cap"
    assert "Serviceloven § 177" in steps[0].parameters[0].reference
    assert "Refusion efter serviceloven § 177 for borger A" in explanations["A"].as_text()


def test_window_rolls_over_inside_a_stay() -> None:
    # Window 1: 2024-03-01 to 2025-02-28: 120 of 366 days. Window 2 opens 2025-03-01 inside the
    # stay: March, April and May 2025 = 92 days, all under the cap.
    assert reimbursed([stay(date(2024, 3, 1), date(2025, 6, 1))]) == [212]


def test_readmission_on_the_anniversary_opens_a_new_window() -> None:
    rows = [stay(date(2024, 1, 10), date(2024, 2, 9)), stay(date(2025, 1, 10), date(2025, 3, 11))]
    assert reimbursed(rows) == [30, 60]


def test_readmission_before_the_anniversary_splits_the_stay_over_two_windows() -> None:
    # Window 1 (from 2024-01-10) still has 2025-01-05..09: 5 days (35 used); window 2 opens
    # 2025-01-10 and grants 120 of the remaining 125 days.
    rows = [stay(date(2024, 1, 10), date(2024, 2, 9)), stay(date(2025, 1, 5), date(2025, 5, 15))]
    result = run(rows)
    assert result.days.tolist() == [30, 130]
    assert result.reimbursed_days.tolist() == [30, 125]


def test_stay_across_the_reform_on_2023_10_01() -> None:
    # 30 days in September 2023 without a cap, then a window from 2023-10-01 with 152 days of
    # which 120 are reimbursed. Statutory own payment 96.71 kr. (2023 and 2024):
    # 150 × (2,000.00 − 96.71) × 50 % = 142,746.75 kr.
    result = run([stay(date(2023, 9, 1), date(2024, 3, 1), own=None)])
    assert result.days.tolist() == [182]
    assert result.reimbursed_days.tolist() == [150]
    assert result.own_payment.tolist() == [182 * 9_671]
    assert result.reimbursement.tolist() == [14_274_675]
    assert result.net_cost.tolist() == [182 * RATE - 182 * 9_671 - 14_274_675]


def test_stay_across_2028_04_01_under_both_cap_readings() -> None:
    # Window opens 2028-03-01: 31 days in March under 120, then the cap falls to 90.
    rows = [stay(date(2028, 3, 1), date(2028, 8, 1))]
    assert reimbursed(rows) == [90]
    assert reimbursed(rows, WINDOW_START) == [120]


def test_cap_change_when_more_days_were_used_than_the_new_cap() -> None:
    # 100 days from 2027-12-01 (Dec 31 + Jan 31 + Feb 29 + 9 = 100) before the cap falls to 90:
    # per day nothing more; window start keeps 120 for the window, so 20 more.
    rows = [stay(date(2027, 12, 1), date(2028, 3, 10)), stay(date(2028, 4, 1), date(2028, 6, 1))]
    assert reimbursed(rows) == [100, 0]
    assert reimbursed(rows, WINDOW_START) == [100, 20]


def test_a_window_opened_after_2028_04_01_has_90_days() -> None:
    rows = [stay(date(2028, 5, 1), date(2028, 10, 1))]
    assert reimbursed(rows) == [90]
    assert reimbursed(rows, WINDOW_START) == [90]


def test_window_from_29_february_ends_on_28_february() -> None:
    # 120 days from 2024-02-29 fill window 1 (anniversary 2025-03-01). 27 and 28 Feb 2025 are
    # still in window 1 (no reimbursement); 1 and 2 March 2025 open window 2.
    rows = [stay(date(2024, 2, 29), date(2024, 6, 28)), stay(date(2025, 2, 27), date(2025, 3, 3))]
    assert reimbursed(rows) == [120, 2]


def test_same_day_stays_count_one_day() -> None:
    result = run([stay(date(2024, 5, 5), date(2024, 5, 5))])
    assert result.days.tolist() == [1]
    assert result.gross_cost.tolist() == [RATE]
    assert run([stay(date(2024, 5, 5), date(2024, 5, 5))], DATES).days.tolist() == [1]


def test_transfer_day_belongs_to_the_first_stay_when_dates_are_counted() -> None:
    rows = [
        stay(date(2024, 5, 1), date(2024, 5, 5), stay_id="a"),
        stay(date(2024, 5, 5), date(2024, 5, 10), stay_id="b"),
    ]
    assert run(rows).days.tolist() == [4, 5]
    assert run(rows, DATES).days.tolist() == [5, 5]


def test_open_stay_counts_up_to_the_day_before_as_of() -> None:
    rows = [
        stay(date(2026, 11, 1), None, citizen="open"),
        stay(date(2026, 11, 1), date(2026, 12, 1), citizen="future-discharge"),
        stay(date(2026, 12, 1), None, citizen="future-admission"),
    ]
    result = run(rows, as_of=date(2026, 11, 21))
    assert result.days.tolist() == [20, 20, 0]
    assert result.gross_cost.tolist() == [20 * RATE, 20 * RATE, 0]


def test_worked_example_of_domain_md() -> None:
    rows = [stay(date(2025, 1, 1), date(2025, 5, 1)), stay(date(2025, 9, 1), date(2026, 1, 1))]
    result = run(rows)
    assert result.days.tolist() == [120, 122]
    assert result.reimbursed_days.tolist() == [120, 0]


def test_rolling_reading_differs_from_anchored() -> None:
    # A: 120 days from 2024-06-01. B from 2025-04-01. Anchored: window 1 runs to 2025-05-31,
    # window 2 opens 2025-06-01: 59 days (1 June – 29 July). Rolling: on 2025-06-01 the 365 days
    # before still hold all of A; from 2025-06-02 one day of A leaves as one of B enters: 58.
    rows = [stay(date(2024, 6, 1), date(2024, 9, 29)), stay(date(2025, 4, 1), date(2025, 7, 30))]
    assert reimbursed(rows) == [120, 59]
    assert reimbursed(rows, ROLLING) == [120, 58]


def test_rolling_reading_on_a_continuous_stay() -> None:
    # Day 0 = 2024-01-01. Days 0–119 reimbursed; 120–365 not (the 365 days before each hold 120);
    # from day 366 (2025-01-01) one old day leaves as one enters: days 366–485; then none.
    as_of = date(2025, 6, 1)
    result = run([stay(date(2024, 1, 1), None)], ROLLING, as_of=as_of)
    assert result.reimbursed_days.tolist() == [240]
    table = StayTable.from_rows([stay(date(2024, 1, 1), None)])
    _, explanations = reimburse_plain(
        table, as_of=as_of, params=default_parameters(), readings=ROLLING
    )
    kinds = [(s.kind, s.start, s.days) for s in explanations["c1"].steps]
    assert kinds[:3] == [
        ("reimbursed", date(2024, 1, 1), 120),
        ("cap_reached", date(2024, 4, 30), 246),
        ("reimbursed", date(2025, 1, 1), 120),
    ]


def test_shelter_not_on_tilbudsportalen_earns_nothing_and_uses_no_cap() -> None:
    rows = [
        stay(date(2024, 1, 1), date(2024, 3, 1), qualifies=False, stay_id="x"),
        stay(date(2024, 3, 1), date(2024, 8, 1), stay_id="y"),
    ]
    result = run(rows)
    assert result.reimbursed_days.tolist() == [0, 120]
    assert result.reimbursement.tolist() == [0, 120 * 100_000]


def test_rates_that_change_on_dates_and_own_payment_by_year() -> None:
    # The shelter's rate is 1,500 kr. until 2024-01-01 and 1,600 kr. after. Own payment 93 kr. in
    # 2022 and 96.71 kr. from 2023. Stay 2022-12-30 to 2023-01-03 (no cap before the reform).
    schedule = RateSchedule(
        starts=(date(2020, 1, 1).toordinal(), date(2023, 1, 2).toordinal()),
        rates=(150_000, 160_000),
    )
    result = run([stay(date(2022, 12, 30), date(2023, 1, 3), rate=schedule, own=None)])
    assert result.gross_cost.tolist() == [150_000 * 3 + 160_000]
    assert result.own_payment.tolist() == [9_300 * 2 + 9_671 * 2]
    # 50 % of (1,500 − 93) × 2 + (1,500 − 96.71) + (1,600 − 96.71) kr.
    assert result.reimbursement.tolist() == [(140_700 * 2 + 140_329 + 150_329) // 2]


def test_own_payment_above_the_rate_is_capped_at_the_rate() -> None:
    result = run([stay(date(2024, 1, 1), date(2024, 1, 11), rate=5_000, own=None)])
    assert result.own_payment.tolist() == [50_000]
    assert result.reimbursement.tolist() == [0]


def test_reimbursement_rounds_half_up_once_per_stay() -> None:
    # One day at 1,000.01 kr. with no own payment: 50,000.5 øre → 50,001 øre.
    result = run([stay(date(2024, 1, 1), date(2024, 1, 2), rate=100_001)])
    assert result.reimbursement.tolist() == [50_001]


def test_scenario_cap_of_90_from_the_reform() -> None:
    params = default_parameters().with_overrides(
        [Override("shelter.reimbursement.day_cap", 90, date(2023, 10, 1))]
    )
    assert params.is_scenario
    assert reimbursed([stay(date(2024, 1, 1), date(2024, 6, 1))], params=params) == [90]


def test_stays_before_the_first_own_payment_value_are_an_error() -> None:
    with pytest.raises(ValueError, match=r"shelter.own_payment.daily: ingen værdi den 2017"):
        run([stay(date(2017, 6, 1), date(2017, 7, 1), own=None)])


# --- properties ---------------------------------------------------------------------------

START = date(2022, 6, 1)


@st.composite
def populations(draw: st.DrawFn) -> list[StayRow]:
    """Random citizens with non-overlapping stays around the reform and the 2028 cap change."""
    rows: list[StayRow] = []
    for c in range(draw(st.integers(1, 6))):
        day = START + timedelta(days=draw(st.integers(0, 900)))
        for k in range(draw(st.integers(1, 6))):
            length = draw(st.one_of(st.integers(0, 10), st.integers(0, 200), st.integers(0, 800)))
            is_open = draw(st.booleans()) and draw(st.booleans())
            discharged = None if is_open else day + timedelta(days=length)
            own = draw(st.sampled_from([None, None, 0, 4_500]))
            rate = draw(st.sampled_from([RATE, 123_457, 9_000]))
            qualifies = draw(st.sampled_from([True, True, True, False]))
            rows.append(StayRow(f"s{c}-{k}", f"c{c}", day, discharged, rate, own, qualifies))
            if is_open:
                break
            gap = draw(st.one_of(st.integers(0, 3), st.integers(0, 400)))
            day = day + timedelta(days=max(length, 1) + gap)
    return rows


readings_strategy = st.builds(
    Readings,
    window=st.sampled_from(["anchored", "rolling365"]),
    cap=st.sampled_from(["per_day", "window_start"]),
    days=st.sampled_from(["nights", "dates"]),
)
as_of_strategy = st.dates(date(2023, 1, 1), date(2031, 1, 1))
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(rows=populations(), readings=readings_strategy, as_of=as_of_strategy)
def test_batch_path_equals_plain_path(rows: list[StayRow], readings: Readings, as_of: date) -> None:
    run(rows, readings, as_of=as_of)


@SETTINGS
@given(rows=populations(), as_of=as_of_strategy)
def test_batch_path_under_a_scenario_equals_plain_path(rows: list[StayRow], as_of: date) -> None:
    params = default_parameters().with_overrides(
        [
            Override("shelter.reimbursement.day_cap", 60, date(2024, 7, 1)),
            Override("shelter.reimbursement.day_cap", None, date(2026, 1, 1)),
            Override("shelter.reimbursement.day_cap", 30, date(2027, 1, 1)),
        ]
    )
    for readings in (Readings(), WINDOW_START, ROLLING):
        run(rows, readings, as_of=as_of, params=params)


@SETTINGS
@given(rows=populations(), readings=readings_strategy)
def test_reimbursed_days_in_a_window_never_exceed_its_cap(
    rows: list[StayRow], readings: Readings
) -> None:
    table = StayTable.from_rows(rows)
    _, explanations = reimburse_plain(
        table, as_of=AS_OF, params=default_parameters(), readings=readings
    )
    for explanation in explanations.values():
        reimbursed_days = sorted(
            s.start.toordinal() + i
            for s in explanation.steps
            if s.kind == "reimbursed"
            for i in range(s.days)
        )
        if readings.window == "anchored":
            per_window: dict[object, int] = {}
            for s in explanation.steps:
                if s.kind == "reimbursed":
                    key = s.data["window_start"]
                    per_window[key] = per_window.get(key, 0) + s.days
            assert all(v <= 120 for v in per_window.values())
        else:
            for i, d in enumerate(reimbursed_days):
                assert i - bisect.bisect_left(reimbursed_days, d - 365) < 120


@SETTINGS
@given(rows=populations(), extra=populations(), readings=readings_strategy)
def test_adding_a_stay_never_lowers_gross_cost(
    rows: list[StayRow], extra: list[StayRow], readings: Readings
) -> None:
    params = default_parameters()
    before = reimburse(StayTable.from_rows(rows), as_of=AS_OF, params=params, readings=readings)
    added = rows + [
        StayRow(f"x{r.stay_id}", f"other-{r.citizen_id}", r.admitted, r.discharged, r.daily_rate)
        for r in extra
    ]
    after = reimburse(StayTable.from_rows(added), as_of=AS_OF, params=params, readings=readings)
    assert int(after.gross_cost.sum()) >= int(before.gross_cost.sum())
    assert after.gross_cost[: len(rows)].tolist() == before.gross_cost.tolist()


def test_readings_parse_with_danish_errors() -> None:
    assert Readings.parse(["window=rolling365", "days=dates"]) == Readings(
        "rolling365", "per_day", "dates"
    )
    with pytest.raises(ValueError, match="ukendt læsning 'windw'"):
        Readings.parse(["windw=anchored"])
    with pytest.raises(ValueError, match="læsningen cap kan være per_day eller window_start"):
        Readings.parse(["cap=daily"])
