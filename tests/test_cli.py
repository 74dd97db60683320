"""The command line contract: ``hjemvej reimbursement``, ``budget`` and ``params``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hjemvej.cli import main

HEADER = "stay_id,citizen_id,days,reimbursed_days,gross_cost,own_payment,reimbursement,net_cost"

# The worked example of docs/rules.md (c1), a stay across the reform with the statutory own
# payment (c2), and a stay still open (c3).
STAYS = """citizen_id,stay_id,admitted,discharged,daily_rate,own_payment
c1,s1,2025-01-01,2025-05-01,2000.00,0
c1,s2,2025-09-01,2026-01-01,2000.00,0
c2,s3,2023-09-01,2024-03-01,2000.00,
c3,s4,2026-11-01,,1500.50,0
"""

EXPECTED = f"""{HEADER}
s1,c1,120,120,240000.00,0.00,120000.00,120000.00
s2,c1,122,0,244000.00,0.00,0.00,244000.00
s3,c2,182,150,364000.00,17601.22,142746.75,203652.03
s4,c3,20,20,30010.00,0.00,15005.00,15005.00
"""


def exit_code(args: list[str]) -> int | str | None:
    """Return the exit code, whether main returns it or argparse exits with it."""
    try:
        return main(args)
    except SystemExit as exc:
        return exc.code


@pytest.fixture
def stays(tmp_path: Path) -> Path:
    path = tmp_path / "stays.csv"
    path.write_text(STAYS, encoding="utf-8")
    return path


def test_reimbursement_writes_one_row_per_stay(
    stays: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out.csv"
    assert main(["reimbursement", str(stays), "--as-of", "2026-11-21", "--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == EXPECTED
    notices = capsys.readouterr().err
    assert "politisk aftale, ikke vedtaget lov" in notices
    assert "SCENARIE" not in notices


def test_danish_excel_file_gives_the_same_result(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [line.split(",") for line in STAYS.splitlines()]
    danish = "\n".join(
        ";".join(
            cell.replace(".", ",") if i >= 4 else _danish_date(cell) if i in (2, 3) else cell
            for i, cell in enumerate(row)
        )
        for row in rows
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(("\ufeff" + danish.replace("2000,00", "2.000,00") + "\r\n").encode("utf-8"))
    assert main(["reimbursement", str(path), "--as-of", "21-11-2026"]) == 0
    assert capsys.readouterr().out == EXPECTED


def _danish_date(cell: str) -> str:
    if len(cell) != 10 or cell[4] != "-":
        return cell
    y, m, d = cell.split("-")
    return f"{d}-{m}-{y}"


def test_scenario_is_announced_and_changes_the_result(
    stays: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["reimbursement", str(stays), "--as-of", "2026-11-21", "--format", "json"]
    assert main([*args, "--set", "shelter.reimbursement.day_cap=90@2023-10-01"]) == 0
    captured = capsys.readouterr()
    document = json.loads(captured.out)
    assert document["meta"]["scenario"] == ["shelter.reimbursement.day_cap=90@2023-10-01"]
    assert document["stays"][0]["reimbursed_days"] == 90
    assert "SCENARIE" in captured.err


def test_one_parameter_set_twice_applies_both_in_order(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 15, defect 1: each ``--set`` replaces the values from its date on, in the order given.

    The cap is 60 days from 1 June 2025 and 150 from 1 January 2027: 330 reimbursed days, as the
    independent day-by-day reference counts them. Before the fix the second override started from
    the files' values and the first was lost (390 days), while the notice named both.
    """
    path = tmp_path / "one.csv"
    path.write_text(
        "citizen_id,stay_id,admitted,discharged,daily_rate,own_payment\n"
        "A,S1,2025-01-01,2027-06-01,1000,0\n",
        encoding="utf-8",
    )
    cap = "shelter.reimbursement.day_cap"
    args = ["reimbursement", str(path), "--as-of", "2027-06-10", "--format", "json"]
    assert main([*args, "--set", f"{cap}=60@2025-06-01", "--set", f"{cap}=150@2027-01-01"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["meta"]["scenario"] == [f"{cap}=60@2025-06-01", f"{cap}=150@2027-01-01"]
    assert document["stays"][0]["reimbursed_days"] == 330
    # In the other order the later date's value is replaced by the earlier one's from its date on.
    assert main([*args, "--set", f"{cap}=150@2027-01-01", "--set", f"{cap}=60@2025-06-01"]) == 0
    assert json.loads(capsys.readouterr().out)["stays"][0]["reimbursed_days"] != 330


def test_readings_change_the_result(stays: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["reimbursement", str(stays), "--as-of", "2026-11-21", "--reading", "days=dates"]
    assert main(args) == 0
    first_row = capsys.readouterr().out.splitlines()[1]
    assert first_row.startswith("s1,c1,121,120,")


def test_explain_prints_the_citizen_in_danish(
    stays: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["reimbursement", str(stays), "--as-of", "2026-11-21", "--explain", "c1"]) == 0
    text = capsys.readouterr().out
    assert "Refusion efter serviceloven § 177 for borger c1" in text
    assert "dag 1–120 i vinduet 01.01.2025–31.12.2025" in text
    assert "dag 121–242 i vinduet 01.01.2025–31.12.2025: loftet på 120 dage" in text
    assert HEADER not in text


def test_unknown_citizen_to_explain(stays: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["reimbursement", str(stays), "--as-of", "2026-11-21", "--explain", "zz"])
    assert code == 2
    assert "borgeren 'zz' findes ikke" in capsys.readouterr().err


def test_bad_input_reports_every_problem_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "citizen_id,stay_id,admitted,discharged,daily_rate,own_payment\n"
        "c1,s1,2024-02-01,2024-01-03,2000,\n"
        "c1,s2,2024-13-01,,2000,\n"
        "c2,s3,2024-01-01,2024-03-01,-5,\n"
        "c2,s4,2024-02-01,2024-04-01,2000,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    code = main(["reimbursement", str(path), "--as-of", "2026-11-21", "--out", str(out)])
    assert code == 2
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [path]
    err = capsys.readouterr().err
    assert "bad.csv, linje 2, kolonne discharged" in err
    assert "bad.csv, linje 3, kolonne admitted" in err
    assert "bad.csv, linje 4, kolonne daily_rate" in err
    overlap = [line for line in err.splitlines() if "linje 5" in line]
    assert overlap
    assert "s3" in overlap[0]
    assert "s4" in overlap[0]


def test_missing_columns_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "cols.csv"
    path.write_text("citizen_id,stay_id,admitted\nc1,s1,2024-01-01\n", encoding="utf-8")
    assert main(["reimbursement", str(path), "--as-of", "2026-11-21"]) == 2
    err = capsys.readouterr().err
    for column in ("discharged", "daily_rate", "own_payment"):
        assert column in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "21/11/2026"], "er ikke en dato"),
        (["--as-of", "2026-11-21", "--reading", "window=sliding"], "læsningen window kan være"),
        (["--as-of", "2026-11-21", "--set", "shelter.nope=1"], "ukendt parameter"),
        (["--as-of", "2026-11-21", "--set", "shelter.reimbursement.day_cap=x"], "ikke et tal"),
    ],
)
def test_bad_arguments_exit_2(
    stays: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert exit_code(["reimbursement", str(stays), *args]) == 2
    assert message in capsys.readouterr().err


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["reimbursement", str(tmp_path / "no.csv"), "--as-of", "2026-11-21"]) == 2
    assert "filen findes ikke" in capsys.readouterr().err


def test_budget_for_a_year_and_by_month(stays: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["budget", str(stays), "--year", "2025", "--as-of", "2026-11-21", "--format", "csv"]
    assert main([*args, "--monthly"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("period,days,reimbursed_days,full_year_persons,gross_cost")
    assert len(lines) == 1 + 12 + 1
    assert lines[1] == "2025-01,31,31,1.00,62000.00,0.00,31000.00,31000.00"
    # 242 days in 2025 (c1) → 0.66 full-year persons; 120 reimbursed.
    assert lines[-1] == "2025,242,120,0.66,484000.00,0.00,120000.00,364000.00"
    assert main(args[:-2]) == 0
    assert "Helårspers." in capsys.readouterr().out


def test_params_lists_values_status_and_reference(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", "--date", "2028-04-01"]) == 0
    out = capsys.readouterr().out
    assert "shelter.reimbursement.day_cap = 90 dage  [politisk aftale]" in out
    assert "Serviceloven § 177" in out


def test_rules_commands_do_not_start_django(stays: Path) -> None:
    code = (
        "import sys; from hjemvej.cli import main; "
        f"main(['reimbursement', {str(stays)!r}, '--as-of', '2026-11-21']); "
        "sys.stderr.write('DJANGO' if 'django' in sys.modules else 'NO-DJANGO')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout == EXPECTED
    assert result.stderr.endswith("NO-DJANGO")


def test_installed_command_runs_django_commands() -> None:
    hjemvej = Path(sys.executable).parent / "hjemvej"
    result = subprocess.run([hjemvej, "check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


# --- Numbers the command cannot hold (issue 12, 8c and 8d) --------------------------------------

HUGE = "12345678901234567890123"  # 23 digits


@pytest.mark.parametrize(
    "extra",
    [
        ["--set", f"shelter.own_payment.daily={HUGE}"],
        ["--set", f"shelter.reimbursement.day_cap={HUGE}"],
    ],
)
def test_a_number_too_large_to_hold_exits_2_in_danish(
    stays: Path, capsys: pytest.CaptureFixture[str], extra: list[str]
) -> None:
    assert exit_code(["reimbursement", str(stays), "--as-of", "2026-11-21", *extra]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "for stort" in err


def test_a_rate_too_large_in_the_file_exits_2_in_danish(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stays.csv"
    path.write_text(
        "citizen_id,stay_id,admitted,discharged,daily_rate,own_payment\n"
        f"c1,s1,2025-01-01,2025-05-01,{HUGE},0\n"
        "c2,s2,2025-01-01,2025-05-01,92233720368547758,0\n",
        encoding="utf-8",
    )
    assert exit_code(["reimbursement", str(path), "--as-of", "2026-11-21"]) == 2
    err = capsys.readouterr().err
    assert "linje 2, kolonne daily_rate: beløbet" in err
    assert "er for stort" in err
    assert "linje 3, kolonne daily_rate: beløbet" in err


@pytest.mark.parametrize("year", ["0", "10000", HUGE])
def test_a_year_out_of_range_exits_2(
    stays: Path, capsys: pytest.CaptureFixture[str], year: str
) -> None:
    assert exit_code(["budget", str(stays), "--as-of", "2026-11-21", "--year", year]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_long_bad_value_is_shortened_in_the_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "stays.csv"
    bad = "x" * 5_000_000
    path.write_text(
        "citizen_id,stay_id,admitted,discharged,daily_rate,own_payment\n"
        f"c1,s1,{bad},2025-05-01,{bad},0\n",
        encoding="utf-8",
    )
    assert exit_code(["reimbursement", str(path), "--as-of", "2026-11-21"]) == 2
    err = capsys.readouterr().err
    assert len(err) < 2_000
    assert "… (5000000 tegn)" in err
