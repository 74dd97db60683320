"""Golden cases for the benchmark's plain reference of § 177 (benchmarks/reference.py).

Every expected number is computed by hand in the comments, with the default parameters:
reimbursement 50 %; no day cap before 2023-10-01, 120 days from then, 90 days from 2028-04-01;
statutory own payment 93.00 kr./day in 2021–2022 and 96.71 kr./day from 2023. Most cases use a
daily rate of 1000.00 kr. and a waived own payment (0) so that each reimbursed day is 500.00 kr.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks import reference
from benchmarks.generate import generate, write_csv

HEADER = "citizen_id,stay_id,admitted,discharged,daily_rate,own_payment"
Row = tuple[str, str, str, str, str, str]


def run(
    tmp_path: Path, rows: list[Row], as_of: str = "2026-11-21", *readings: str
) -> dict[str, dict[str, str]]:
    """Run the reference's CLI on the rows; return the output rows by stay id."""
    stays = tmp_path / "stays.csv"
    stays.write_text(HEADER + "\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "out.csv"
    argv = [str(stays), "--as-of", as_of, "--out", str(out)]
    for reading in readings:
        argv += ["--reading", reading]
    assert reference.main(argv) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    names = lines[0].split(",")
    return {
        line.split(",")[0]: dict(zip(names, line.split(","), strict=True)) for line in lines[1:]
    }


def summary(row: dict[str, str]) -> tuple[int, int, str]:
    """Return (days, reimbursed days, reimbursement)."""
    return int(row["days"]), int(row["reimbursed_days"]), row["reimbursement"]


def stay(citizen: str, stay_id: str, admitted: str, discharged: str, rate: str = "1000.00",
         own: str = "0") -> Row:  # fmt: skip
    return (citizen, stay_id, admitted, discharged, rate, own)


def test_output_format_is_exact(tmp_path: Path) -> None:
    # 2024-01-01..2024-01-10: 10 nights of 1000.00 with the statutory 96.71:
    # gross 10000.00, own 967.10, reimbursement 10 × (1000 − 96.71) / 2 = 4516.45,
    # net 10000 − 967.10 − 4516.45 = 4516.45.
    stays = tmp_path / "stays.csv"
    stays.write_text(
        HEADER + "\nB1,S1,2024-01-01,2024-01-11,1000.00,\nB2,S2,2024-01-01,2024-01-01,1.05,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    assert reference.main([str(stays), "--as-of", "2026-11-21", "--out", str(out)]) == 0
    # S2: a same-day stay at 1.05 kr.; own payment min(96.71, 1.05) = 1.05, nothing left.
    assert out.read_bytes() == (
        b"stay_id,citizen_id,days,reimbursed_days,gross_cost,own_payment,reimbursement,net_cost\n"
        b"S1,B1,10,10,10000.00,967.10,4516.45,4516.45\n"
        b"S2,B2,1,1,1.05,1.05,0.00,0.00\n"
    )


def test_day_120_reimbursed_day_121_not(tmp_path: Path) -> None:
    # Window opens 2024-01-01. S1 has the nights 2024-01-01..2024-04-28: 31 + 29 + 31 + 28 = 119.
    # S2 (a transfer) has 2024-04-29 (day 120: reimbursed) and 2024-04-30 (day 121: not).
    out = run(
        tmp_path,
        [
            stay("B1", "S1", "2024-01-01", "2024-04-29"),
            stay("B1", "S2", "2024-04-29", "2024-05-01"),
        ],
    )
    assert summary(out["S1"]) == (119, 119, "59500.00")
    assert summary(out["S2"]) == (2, 1, "500.00")
    assert out["S2"]["gross_cost"] == "2000.00"
    assert out["S2"]["net_cost"] == "1500.00"


def test_window_rolls_over_inside_a_stay_with_statutory_own_payment(tmp_path: Path) -> None:
    # 2024-03-01..2025-03-10: 365 nights to 2025-03-01 (no 29 Feb in between) + 10 = 375 days.
    # Window [2024-03-01, 2025-03-01): 120 days; window 2 opens 2025-03-01 inside the stay: 10.
    # Own payment 96.71 every day: 375 × 96.71 = 36266.25.
    # Reimbursement 130 × (1000 − 96.71) × 50 % = 130 × 451.645 = 58713.85 (rounded once: a
    # per-day rounding would give 130 × 451.65 = 58714.50). Net 375000 − 36266.25 − 58713.85.
    out = run(tmp_path, [stay("B1", "S1", "2024-03-01", "2025-03-11", own="")])
    assert summary(out["S1"]) == (375, 130, "58713.85")
    assert out["S1"]["gross_cost"] == "375000.00"
    assert out["S1"]["own_payment"] == "36266.25"
    assert out["S1"]["net_cost"] == "280019.90"


def test_readmission_after_the_window_opens_a_new_one(tmp_path: Path) -> None:
    # S1 2024-01-01..2024-05-31: 152 nights, 120 reimbursed in [2024-01-01, 2025-01-01).
    # S2 from 2025-01-01, the anniversary: a new window, all 31 nights reimbursed.
    # S3 on 2025-06-01..2025-06-10 is in S2's window (31 + 9 < 120): all 9 reimbursed.
    out = run(
        tmp_path,
        [
            stay("B1", "S1", "2024-01-01", "2024-06-01"),
            stay("B1", "S2", "2025-01-01", "2025-02-01"),
            stay("B1", "S3", "2025-06-01", "2025-06-10"),
        ],
    )
    assert summary(out["S1"]) == (152, 120, "60000.00")
    assert summary(out["S2"]) == (31, 31, "15500.00")
    assert summary(out["S3"]) == (9, 9, "4500.00")


@pytest.mark.parametrize(
    "readings", [(), ("window=rolling365",), ("cap=window_start",), ("days=nights",)]
)
def test_stay_across_2023_10_01(tmp_path: Path, readings: tuple[str, ...]) -> None:
    # 2023-09-01..2024-02-29: 30 + 31 + 30 + 31 + 31 + 29 = 182 nights. September has no cap:
    # 30 days reimbursed, not counted. From 2023-10-01 120 days (to 2024-01-28), then 32 not.
    out = run(tmp_path, [stay("B1", "S1", "2023-09-01", "2024-03-01")], "2026-11-21", *readings)
    assert summary(out["S1"]) == (182, 150, "75000.00")


def test_statutory_own_payment_changes_on_2023_01_01_and_rounds_half_up(tmp_path: Path) -> None:
    # Nights 2022-12-30, 2022-12-31 (93.00) and 2023-01-01 (96.71), rate 500.00:
    # own 93 + 93 + 96.71 = 282.71; reimbursement (407 + 407 + 403.29) / 2 = 608.645 → 608.65;
    # net 1500 − 282.71 − 608.65 = 608.64.
    # S2: a reduced own payment 45.00 for 2 nights: (1000 − 45) × 2 / 2 = 955.00.
    # S3: a rate below the statutory own payment: own = rate, nothing to reimburse.
    out = run(
        tmp_path,
        [
            stay("B1", "S1", "2022-12-30", "2023-01-02", rate="500.00", own=""),
            stay("B2", "S2", "2022-06-01", "2022-06-03", own="45.00"),
            stay("B3", "S3", "2022-06-01", "2022-06-03", rate="50.00", own=""),
        ],
    )
    assert out["S1"]["own_payment"] == "282.71"
    assert out["S1"]["reimbursement"] == "608.65"
    assert out["S1"]["net_cost"] == "608.64"
    assert out["S2"]["own_payment"] == "90.00"
    assert out["S2"]["reimbursement"] == "955.00"
    assert (out["S3"]["own_payment"], out["S3"]["reimbursement"]) == ("100.00", "0.00")


CAP_CHANGE_ROWS = [
    # S1 2027-12-01..2028-02-29: 31 + 31 + 29 = 91 nights; S2 from 2028-03-23: 9 nights in
    # March, so 100 days reimbursed in the window [2027-12-01, 2028-12-01) before 2028-04-01.
    # S2 then has 30 + 31 = 61 nights in April and May: 70 days in all.
    stay("B1", "S1", "2027-12-01", "2028-03-01"),
    stay("B1", "S2", "2028-03-23", "2028-06-01"),
]


def test_cap_change_2028_per_day(tmp_path: Path) -> None:
    # per_day: from 2028-04-01 the cap is 90 and 100 ≥ 90 days are reimbursed: none more.
    out = run(tmp_path, CAP_CHANGE_ROWS, "2028-07-01")
    assert summary(out["S1"]) == (91, 91, "45500.00")
    assert summary(out["S2"]) == (70, 9, "4500.00")


def test_cap_change_2028_window_start(tmp_path: Path) -> None:
    # window_start: the window opened under 120, so 20 more days (2028-04-01..2028-04-20).
    out = run(tmp_path, CAP_CHANGE_ROWS, "2028-07-01", "cap=window_start")
    assert summary(out["S1"]) == (91, 91, "45500.00")
    assert summary(out["S2"]) == (70, 29, "14500.00")


def test_cap_change_2028_rolling_ignores_window_start(tmp_path: Path) -> None:
    # rolling365: 100 reimbursed days in the 365 days before 2028-04-01 ≥ 90: none more, and
    # window_start reads as per_day (there is no window start).
    for readings in (("window=rolling365",), ("window=rolling365", "cap=window_start")):
        out = run(tmp_path, CAP_CHANGE_ROWS, "2028-07-01", *readings)
        assert summary(out["S2"]) == (70, 9, "4500.00")


def test_window_from_29_february_ends_1_march(tmp_path: Path) -> None:
    # S1 2024-02-29..2024-06-30: 1 + 31 + 30 + 31 + 30 = 123 nights, 120 reimbursed.
    # The window [2024-02-29, 2025-03-01): 2025-02-28 is still in it (not reimbursed);
    # 2025-03-01 opens a new window: 2025-03-01 and 2025-03-02 reimbursed.
    out = run(
        tmp_path,
        [
            stay("B1", "S1", "2024-02-29", "2024-07-01"),
            stay("B1", "S2", "2025-02-28", "2025-03-03"),
        ],
    )
    assert summary(out["S1"]) == (123, 120, "60000.00")
    assert summary(out["S2"]) == (3, 2, "1000.00")
    assert reference.anniversary(date(2024, 2, 29)) == date(2025, 3, 1)
    assert reference.anniversary(date(2023, 10, 1)) == date(2024, 10, 1)


def test_same_day_stays(tmp_path: Path) -> None:
    rows = [
        # B1: S1 2024-05-01..2024-05-09 (9 nights), then a same-day stay on the discharge date.
        stay("B1", "S1", "2024-05-01", "2024-05-10"),
        stay("B1", "S2", "2024-05-10", "2024-05-10"),
        # B2: a lone same-day stay, and one on as_of (not counted: only days before as_of).
        stay("B2", "S3", "2024-05-10", "2024-05-10"),
        stay("B2", "S4", "2026-11-21", "2026-11-21"),
    ]
    nights = run(tmp_path, rows)
    assert summary(nights["S1"]) == (9, 9, "4500.00")
    assert summary(nights["S2"]) == (1, 1, "500.00")  # the night of 2024-05-10
    assert summary(nights["S3"]) == (1, 1, "500.00")
    assert summary(nights["S4"]) == (0, 0, "0.00")
    # days=dates: S1 counts 2024-05-01..2024-05-10 (10 dates); S2's one date is S1's already.
    dates = run(tmp_path, rows, "2026-11-21", "days=dates")
    assert summary(dates["S1"]) == (10, 10, "5000.00")
    assert summary(dates["S2"]) == (0, 0, "0.00")
    assert dates["S2"]["gross_cost"] == "0.00"
    assert summary(dates["S3"]) == (1, 1, "500.00")


def test_open_stays_count_until_as_of(tmp_path: Path) -> None:
    rows = [
        # B1: open from 2026-11-01: 2026-11-01..2026-11-20 = 20 days.
        stay("B1", "S1", "2026-11-01", ""),
        # B2: a transfer on 2026-11-01 into an open stay. nights: 31 + 20.
        stay("B2", "S2", "2026-10-01", "2026-11-01"),
        stay("B2", "S3", "2026-11-01", ""),
        # B3: open from as_of: nothing yet; B4: discharged after as_of: 2026-11-15..20 = 6.
        stay("B3", "S4", "2026-11-21", ""),
        stay("B4", "S5", "2026-11-15", "2026-12-01"),
    ]
    nights = run(tmp_path, rows)
    assert summary(nights["S1"]) == (20, 20, "10000.00")
    assert summary(nights["S2"]) == (31, 31, "15500.00")
    assert summary(nights["S3"]) == (20, 20, "10000.00")
    assert summary(nights["S4"]) == (0, 0, "0.00")
    assert summary(nights["S5"]) == (6, 6, "3000.00")
    # days=dates: S2 gets 2026-10-01..2026-11-01 (32), S3 loses 2026-11-01 to it (19).
    dates = run(tmp_path, rows, "2026-11-21", "days=dates")
    assert summary(dates["S2"]) == (32, 32, "16000.00")
    assert summary(dates["S3"]) == (19, 19, "9500.00")
    assert summary(dates["S1"]) == (20, 20, "10000.00")


def test_domain_worked_example(tmp_path: Path) -> None:
    # docs/rules.md, Worked example: 2025-01-01..2025-04-30 = 31 + 28 + 31 + 30 = 120 nights, all
    # reimbursed; 2025-09-01..2025-12-31 = 30 + 31 + 30 + 31 = 122 nights in the same window: none.
    rows = [
        stay("B1", "S1", "2025-01-01", "2025-05-01"),
        stay("B1", "S2", "2025-09-01", "2026-01-01"),
    ]
    for readings in ((), ("window=rolling365",)):
        out = run(tmp_path, rows, "2026-11-21", *readings)
        assert summary(out["S1"]) == (120, 120, "60000.00")
        assert summary(out["S2"]) == (122, 0, "0.00")


def test_rolling365_on_a_continuous_stay(tmp_path: Path) -> None:
    # Day k = 2025-01-01 + k. rolling365: days 0–119 reimbursed; day d in 120–365 sees all of
    # 0–119 among d-365 … d-1 (day 365: 0 … 364), so not; day 366 sees 1–119 = 119 < 120: yes,
    # and each later day one old day drops out as one new comes in, until day 485 (the window
    # 120 … 484 holds 366 … 484 = 119); day 486 sees 366 … 485 = 120: not.
    # anchored: window [2025-01-01, 2026-01-01) = days 0–364, window 2 opens day 365.
    # B1 is one stay 2025-01-01..2026-06-30 (days 0–545); B2 the same nights split by transfers
    # at day 120 (2025-05-01), day 365 (2026-01-01) and day 366 (2026-01-02).
    rows = [
        stay("B1", "S1", "2025-01-01", "2026-07-01"),
        stay("B2", "S2", "2025-01-01", "2025-05-01"),
        stay("B2", "S3", "2025-05-01", "2026-01-01"),
        stay("B2", "S4", "2026-01-01", "2026-01-02"),
        stay("B2", "S5", "2026-01-02", "2026-07-01"),
    ]
    rolling = run(tmp_path, rows, "2026-11-21", "window=rolling365")
    assert summary(rolling["S1"]) == (546, 240, "120000.00")
    assert summary(rolling["S2"]) == (120, 120, "60000.00")  # days 0–119
    assert summary(rolling["S3"]) == (245, 0, "0.00")  # days 120–364
    assert summary(rolling["S4"]) == (1, 0, "0.00")  # day 365
    assert summary(rolling["S5"]) == (180, 120, "60000.00")  # days 366–485 of 366–545
    anchored = run(tmp_path, rows, "2026-11-21")
    assert summary(anchored["S1"]) == (546, 240, "120000.00")
    assert summary(anchored["S4"]) == (1, 1, "500.00")  # day 365 opens window 2
    assert summary(anchored["S5"]) == (180, 119, "59500.00")  # days 366–484


def test_interleaved_citizens_keep_input_order(tmp_path: Path) -> None:
    # Rows of two citizens out of date order: output follows the input; windows per citizen.
    rows = [
        stay("B2", "S9", "2024-06-01", "2024-06-03"),
        stay("B1", "S1", "2024-01-01", "2024-05-01"),  # 121 nights: 120 reimbursed
        stay("B2", "S8", "2024-01-01", "2024-01-02"),
        stay("B1", "S0", "2023-12-01", "2023-12-02"),  # B1's window opens 2023-12-01
    ]
    out = run(tmp_path, rows)
    assert list(out) == ["S9", "S1", "S8", "S0"]
    assert summary(out["S0"]) == (1, 1, "500.00")
    assert summary(out["S1"]) == (121, 119, "59500.00")
    assert summary(out["S9"]) == (2, 2, "1000.00")


def test_overlapping_stays_are_rejected(tmp_path: Path) -> None:
    stays = tmp_path / "stays.csv"
    stays.write_text(
        HEADER + "\nB1,S1,2024-01-01,,1000.00,\nB1,S2,2024-02-01,2024-02-03,1000.00,\n",
        encoding="utf-8",
    )
    with pytest.raises(reference.ReferenceError, match="overlapper"):
        reference.compute(reference.read_stays(stays), date(2026, 11, 21))


def test_generated_file_is_valid_input(tmp_path: Path) -> None:
    # The generator never lets a citizen's stays share a night (the reference would reject it)
    # and is deterministic for a seed.
    rows = generate(seed=3, citizens=400)
    assert rows == generate(seed=3, citizens=400)
    path = tmp_path / "national.csv"
    write_csv(rows, path)
    results = reference.compute(reference.read_stays(path), date(2026, 11, 21))
    assert len(results) == len(rows)
    assert any(r["discharged"] == "" for r in rows)


@st.composite
def citizen_stays(draw: st.DrawFn) -> list[Row]:
    """Draw one citizen's non-overlapping stays around the 2023 and 2028 cap changes."""
    day = date(2023, 1, 1) + timedelta(days=draw(st.integers(0, 2000)))
    rows: list[Row] = []
    for index in range(draw(st.integers(1, 6))):
        nights = draw(st.integers(0, 400))
        end = day + timedelta(days=nights)
        rows.append(stay("B1", f"S{index}", day.isoformat(), end.isoformat(), own=""))
        day = max(end, day + timedelta(days=1)) + timedelta(days=draw(st.integers(0, 200)))
    return rows


@settings(max_examples=40, deadline=None)
@given(rows=citizen_stays(), window=st.sampled_from(["anchored", "rolling365"]))
def test_invariants(tmp_path_factory: pytest.TempPathFactory, rows: list[Row], window: str) -> None:
    # Per stay: reimbursed days ≤ days, money adds up; the union of days is the same under
    # both cap readings; dates never count fewer days than nights.
    tmp = tmp_path_factory.mktemp("p")
    nights = run(tmp, rows, "2029-06-01", f"window={window}")
    dates = run(tmp, rows, "2029-06-01", f"window={window}", "days=dates")
    start = run(tmp, rows, "2029-06-01", f"window={window}", "cap=window_start")
    for out in (nights, dates, start):
        for row in out.values():
            assert 0 <= int(row["reimbursed_days"]) <= int(row["days"])
            cents = [round(float(row[k]) * 100) for k in ("gross_cost", "own_payment")]
            rest = [round(float(row[k]) * 100) for k in ("reimbursement", "net_cost")]
            assert cents[0] - cents[1] == sum(rest)
    assert sum(int(r["days"]) for r in dates.values()) >= sum(
        int(r["days"]) for r in nights.values()
    )
    assert [r["days"] for r in start.values()] == [r["days"] for r in nights.values()]
    # Before 2028-04-01 the cap never falls, so per_day and window_start agree there.
    if all(r[3] < "2028-04-01" for r in rows):
        assert start == nights
