"""Golden and property tests of the stays file reader and the result writers.

Run the file as a script for the timing self-check:
``.venv/bin/python tests/rules/test_stays_csv.py``.
"""

from __future__ import annotations

import csv
import io
import json
import random
import tempfile
import time
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hjemvej.rules.shelter.model import MISSING, StayResults, StayRow, StayTable
from hjemvej.stays_csv import (
    InputProblem,
    StaysInputError,
    read_stays_csv,
    results_as_json,
    write_results_csv,
)

HEADER = "citizen_id,stay_id,admitted,discharged,daily_rate,own_payment"
D = date.toordinal


def write(tmp_path: Path, text: str, name: str = "stays.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(StaysInputError) as caught:
        read_stays_csv(path)
    assert str(caught.value) == "\n".join(str(p) for p in caught.value.problems)
    return [str(p) for p in caught.value.problems]


def csv_file(tmp_path: Path, *rows: str) -> Path:
    return write(tmp_path, "\n".join([HEADER, *rows]) + "\n")


# ----------------------------------------------------------------------------------- reading: good


def test_comma_file_with_decimal_point(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "C1,S1,2024-01-01,2024-02-01,1234.50,96.71",
        "C2,S2,2024-03-01,,2130,",
        "C1,S3,2024-02-01,2024-02-01,0.05,0",
        "C3,S4,2024-02-29,2024-03-01,7.5,0.00",
    )
    table = read_stays_csv(path)
    assert table.stay_id == ["S1", "S2", "S3", "S4"]
    assert table.citizen_id == ["C1", "C2", "C1", "C3"]
    assert table.citizen.tolist() == [0, 1, 0, 2]  # dense, in order of first appearance
    assert table.admitted.tolist() == [
        D(date(2024, 1, 1)),
        D(date(2024, 3, 1)),
        D(date(2024, 2, 1)),
        D(date(2024, 2, 29)),
    ]
    assert table.discharged.tolist() == [
        D(date(2024, 2, 1)),
        MISSING,
        D(date(2024, 2, 1)),
        D(date(2024, 3, 1)),
    ]
    # 1234.50 kr = 123450 øre; 2130 kr = 213000; 0.05 kr = 5; 7.5 kr = 750
    assert table.daily_rate.tolist() == [123450, 213000, 5, 750]
    assert table.own_payment.tolist() == [9671, MISSING, 0, 0]  # empty: statutory rate
    assert table.qualifies.tolist() == [True] * 4
    assert len(table.shelter) == 0
    assert table.rate_schedules == ()
    for array in (table.citizen, table.admitted, table.discharged, table.daily_rate):
        assert array.dtype == np.int64


def test_semicolon_file_with_decimal_comma_and_thousands_separator(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "citizen_id;stay_id;admitted;discharged;daily_rate;own_payment\n"
        "C1;S1;31-12-2024;02-01-2025;1.234,50;96,71\n"
        "C2;S2;2024-01-01;;12.345.678,9;\n"
        "C3;S3;01.02.2024;01.03.2024;2130;1,5\n",
    )
    table = read_stays_csv(path)
    assert table.admitted.tolist() == [
        D(date(2024, 12, 31)),
        D(date(2024, 1, 1)),
        D(date(2024, 2, 1)),
    ]
    assert table.discharged.tolist() == [D(date(2025, 1, 2)), MISSING, D(date(2024, 3, 1))]
    # 1.234,50 kr = 123450 øre; 12.345.678,9 kr = 1234567890 øre; 2130 kr = 213000 øre
    assert table.daily_rate.tolist() == [123450, 1234567890, 213000]
    assert table.own_payment.tolist() == [9671, MISSING, 150]


def test_bom_crlf_and_trailing_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "stays.csv"
    text = HEADER + "\r\nC1,S1,2024-01-01,2024-01-05,100,0\r\n\r\n,,,,,\r\n  \r\n"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    table = read_stays_csv(path)
    assert table.stay_id == ["S1"]
    assert table.citizen_id == ["C1"]


def test_semicolon_excel_blank_rows_at_the_end(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "citizen_id;stay_id;admitted;discharged;daily_rate;own_payment\n"
        "C1;S1;01-01-2024;05-01-2024;100;\n;;;;;\n;;;;;\n",
    )
    assert read_stays_csv(path).stay_id == ["S1"]


def test_columns_in_another_order_with_extra_columns(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "note,own_payment,Daily_Rate,discharged,admitted,stay_id,citizen_id,shelter\n"
        "hej,96.71,1234.50,2024-02-01,2024-01-01,S1,C1,Herberget\n"
        ",,2130,,2024-03-01,S2,C2,\n",
    )
    table = read_stays_csv(path)
    assert table.stay_id == ["S1", "S2"]
    assert table.citizen_id == ["C1", "C2"]
    assert table.daily_rate.tolist() == [123450, 213000]
    assert table.own_payment.tolist() == [9671, MISSING]
    assert table.discharged.tolist() == [D(date(2024, 2, 1)), MISSING]


def test_quoted_fields(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '"citizen_id","stay_id","admitted","discharged","daily_rate","own_payment"\n'
        '"C,1","S ""a""","2024-01-01","2024-01-10","1234.50",""\n'
        '"C2","S\nto linjer","2024-01-01","","100","0"\n'
        "C3,S3,2024-01-01,2024-01-02,bad,0\n",
    )
    # The quoted field over two lines moves the next row to line 5.
    assert problems_of(path) == [
        "stays.csv, linje 5, kolonne daily_rate: ugyldigt beløb 'bad'; skriv kroner som fx 1234.50"
    ]
    path = write(
        tmp_path,
        '"citizen_id","stay_id","admitted","discharged","daily_rate","own_payment"\n'
        '"C,1","S ""a""","2024-01-01","2024-01-10","1234.50",""\n'
        '"C2","S\nto linjer","2024-01-01","","100","0"\n',
    )
    table = read_stays_csv(path)
    assert table.citizen_id == ["C,1", "C2"]
    assert table.stay_id == ['S "a"', "S\nto linjer"]
    assert table.daily_rate.tolist() == [123450, 10000]


def test_quoted_semicolon_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "citizen_id;stay_id;admitted;discharged;daily_rate;own_payment\n"
        '"C1";"S;1";"31-12-2024";"";"1.234,50";"96,71"\n',
    )
    table = read_stays_csv(path)
    assert table.stay_id == ["S;1"]
    assert table.daily_rate.tolist() == [123450]
    assert table.own_payment.tolist() == [9671]


def test_spaces_around_values_are_ignored(tmp_path: Path) -> None:
    path = csv_file(tmp_path, " C1 , S1 , 2024-01-01 ,2024-01-05, 100.50 , ")
    table = read_stays_csv(path)
    assert (table.citizen_id, table.stay_id) == (["C1"], ["S1"])
    assert table.daily_rate.tolist() == [10050]
    assert table.own_payment.tolist() == [MISSING]


@pytest.mark.parametrize("text", [HEADER, HEADER + "\n", HEADER + "\n,,,,,\n\n", HEADER + "\n ,,"])
def test_header_only_is_an_empty_table(tmp_path: Path, text: str) -> None:
    table = read_stays_csv(write(tmp_path, text))
    assert len(table) == 0
    assert table.admitted.dtype == np.int64


def test_dates_in_the_first_and_last_column_and_leap_days(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "admitted,citizen_id,stay_id,daily_rate,own_payment,discharged\n"
        "2000-02-29,C1,S1,1,,2000-03-01\n"
        "29.02.2000,C2,S2,1,,01-03-2000\n"
        "1999-12-31,C3,S3,1,,2001-01-01\n",
    )
    table = read_stays_csv(path)
    assert table.admitted.tolist() == [
        D(date(2000, 2, 29)),
        D(date(2000, 2, 29)),
        D(date(1999, 12, 31)),
    ]
    assert table.discharged.tolist() == [
        D(date(2000, 3, 1)),
        D(date(2000, 3, 1)),
        D(date(2001, 1, 1)),
    ]


# -------------------------------------------------------------------------------- reading: problems


def test_the_issue_example(tmp_path: Path) -> None:
    rows = [f"C{k},S{k},2024-01-01,2024-01-02,100," for k in range(2, 7)]
    path = csv_file(tmp_path, *rows, "C7,S7,2024-02-01,2024-01-03,100,")
    assert problems_of(path) == [
        "stays.csv, linje 7, kolonne discharged: udskrevet 2024-01-03 er før indskrevet 2024-02-01"
    ]


def test_missing_columns_are_all_named_and_stop(tmp_path: Path) -> None:
    path = write(tmp_path, "citizen_id,stay_id,indskrevet,daily_rate\nC1,,x,y,z,too many\n")
    shown = "(den har: citizen_id, stay_id, indskrevet, daily_rate)"
    assert problems_of(path) == [
        f"stays.csv, linje 1, kolonne admitted: kolonnen mangler i overskriften {shown}",
        f"stays.csv, linje 1, kolonne discharged: kolonnen mangler i overskriften {shown}",
        f"stays.csv, linje 1, kolonne own_payment: kolonnen mangler i overskriften {shown}",
    ]


def test_wrong_separator_shows_the_header_as_one_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER.replace(",", "\t") + "\n")
    found = problems_of(path)
    assert len(found) == 6
    assert found[0] == (
        "stays.csv, linje 1, kolonne citizen_id: kolonnen mangler i overskriften (den har: "
        "citizen_id\tstay_id\tadmitted\tdischarged\tdaily_rate\town_payment)"
    )


def test_duplicate_header_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + ",stay_id\n")
    assert problems_of(path) == [
        "stays.csv, linje 1, kolonne stay_id: kolonnen står mere end én gang i overskriften"
    ]


def test_wrong_number_of_fields_and_blank_lines_in_the_middle(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "C1,S1,2024-01-01,2024-01-02,100,",
        "C2,S2,2024-01-01,2024-01-02,100",
        "",
        ",,,,,",
        "C3,S3,2024-01-01,2024-01-02,1,234.50,",
        "C4,S4,2024-01-01,2024-01-02,100,",
    )
    assert problems_of(path) == [
        "stays.csv, linje 3: linjen har 5 felter, men overskriften har 6 (skilletegn: komma)",
        "stays.csv, linje 4: linjen er tom; tomme linjer må kun stå sidst i filen",
        "stays.csv, linje 5: linjen er tom; tomme linjer må kun stå sidst i filen",
        "stays.csv, linje 6: linjen har 7 felter, men overskriften har 6 (skilletegn: komma)",
    ]


def test_wrong_number_of_fields_in_a_quoted_semicolon_file(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "citizen_id;stay_id;admitted;discharged;daily_rate;own_payment\n"
        '"C1";"S1";"01-01-2024";"";"100"\n'
        "\n"
        '"C2";"S2";"01-01-2024";"";"100";""\n',
    )
    assert problems_of(path) == [
        "stays.csv, linje 2: linjen har 5 felter, men overskriften har 6 (skilletegn: semikolon)",
        "stays.csv, linje 3: linjen er tom; tomme linjer må kun stå sidst i filen",
    ]


def test_empty_ids_and_duplicate_stay_ids(tmp_path: Path) -> None:
    path = csv_file(
        tmp_path,
        "C1,S1,2024-01-01,2024-01-02,100,",
        ",S2,2024-01-01,2024-01-02,100,",
        "C3,,2024-01-01,2024-01-02,100,",
        "C4,S1,2024-01-01,2024-01-02,100,",
        "C5,S1,2024-01-01,2024-01-02,100,",
    )
    assert problems_of(path) == [
        "stays.csv, linje 3, kolonne citizen_id: "
        "feltet er tomt; hvert ophold skal have et borger-id",
        "stays.csv, linje 4, kolonne stay_id: feltet er tomt; hvert ophold skal have et ophold-id",
        "stays.csv, linje 5, kolonne stay_id: ophold-id S1 står også på linje 2",
        "stays.csv, linje 6, kolonne stay_id: ophold-id S1 står også på linje 2",
    ]


@pytest.mark.parametrize(
    ("admitted", "discharged", "message"),
    [
        ("2024-13-01", "", "kolonne admitted: datoen '2024-13-01' findes ikke"),
        ("2023-02-29", "", "kolonne admitted: datoen '2023-02-29' findes ikke"),
        ("31-04-2024", "", "kolonne admitted: datoen '31-04-2024' findes ikke"),
        ("1900-02-29", "", "kolonne admitted: datoen '1900-02-29' findes ikke"),
        ("29-02-2100", "", "kolonne admitted: datoen '29-02-2100' findes ikke"),
        ("", "", "kolonne admitted: feltet er tomt; indskrivningsdatoen skal udfyldes"),
        (
            "2024-01-01",
            "1/2/2024",
            "kolonne discharged: ugyldig dato '1/2/2024'; skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ",
        ),
        (
            "20240101",
            "",
            "kolonne admitted: ugyldig dato '20240101'; skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ",
        ),
        (
            "2024-W01-1",
            "",
            "kolonne admitted: ugyldig dato '2024-W01-1'; skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ",
        ),
        (
            "2024-01-01x",
            "",
            "kolonne admitted: ugyldig dato '2024-01-01x'; skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ",
        ),
        (
            "01-01.2024",
            "",
            "kolonne admitted: ugyldig dato '01-01.2024'; skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ",
        ),
    ],
)
def test_bad_dates(tmp_path: Path, admitted: str, discharged: str, message: str) -> None:
    path = csv_file(tmp_path, f"C1,S1,{admitted},{discharged},100,")
    assert problems_of(path) == [f"stays.csv, linje 2, {message}"]


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        ("12.5x", "ugyldigt beløb '12.5x'; skriv kroner som fx 1234.50"),
        ("kr. 100", "ugyldigt beløb 'kr. 100'; skriv kroner som fx 1234.50"),
        ("1e3", "ugyldigt beløb '1e3'; skriv kroner som fx 1234.50"),
        ("+100", "ugyldigt beløb '+100'; skriv kroner som fx 1234.50"),
        (".50", "ugyldigt beløb '.50'; skriv kroner som fx 1234.50"),
        ("100.", "ugyldigt beløb '100.'; skriv kroner som fx 1234.50"),
        ("１００", "ugyldigt beløb '１００'; skriv kroner som fx 1234.50"),
        ('"1,234.50"', "ugyldigt beløb '1,234.50'; skriv kroner som fx 1234.50"),
        ("-12.50", "beløbet '-12.50' er negativt"),
        ("96.715", "beløbet '96.715' har mere end to decimaler; skriv kroner med højst to (øre)"),
        ("", "feltet er tomt; dagstaksten skal udfyldes"),
    ],
)
def test_bad_daily_rate(tmp_path: Path, rate: str, message: str) -> None:
    path = csv_file(tmp_path, f"C1,S1,2024-01-01,2024-01-02,{rate},")
    assert problems_of(path) == [f"stays.csv, linje 2, kolonne daily_rate: {message}"]


@pytest.mark.parametrize(
    ("payment", "message"),
    [
        ("1.23,50", "ugyldigt beløb '1.23,50'; skriv kroner som fx 1234,50"),
        ("96.71", "ugyldigt beløb '96.71'; skriv kroner som fx 1234,50"),  # a point in ; files
        ("1234.567,00", "ugyldigt beløb '1234.567,00'; skriv kroner som fx 1234,50"),
        ("-1,00", "beløbet '-1,00' er negativt"),
        ("−1,00", "beløbet '−1,00' er negativt"),
        ("1,005", "beløbet '1,005' har mere end to decimaler; skriv kroner med højst to (øre)"),
    ],
)
def test_bad_own_payment_in_a_semicolon_file(tmp_path: Path, payment: str, message: str) -> None:
    header = HEADER.replace(",", ";")
    path = write(tmp_path, f"{header}\nC1;S1;01-01-2024;;100;{payment}\n")
    assert problems_of(path) == [f"stays.csv, linje 2, kolonne own_payment: {message}"]


def test_minus_zero_is_zero(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "C1,S1,2024-01-01,,-0.00,-0")
    assert read_stays_csv(path).daily_rate.tolist() == [0]


def test_every_problem_at_once_in_line_then_column_order(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "own_payment,daily_rate,stay_id,citizen_id,admitted,discharged\n"
        "-1,x,S1,C1,2024-02-30,2024-01-01\n"
        "0,100,S2,C2,2024-01-10,2024-01-09\n"
        "0,100,S3,C3,2024-01-01\n"
        "0,100,S2,C3,2024-01-01,\n"
        "0,100,S5,C3,2024-06-01,2024-06-02\n",
    )
    assert problems_of(path) == [
        "stays.csv, linje 2, kolonne own_payment: beløbet '-1' er negativt",
        "stays.csv, linje 2, kolonne daily_rate: ugyldigt beløb 'x'; skriv kroner som fx 1234.50",
        "stays.csv, linje 2, kolonne admitted: datoen '2024-02-30' findes ikke",
        "stays.csv, linje 3, kolonne discharged: udskrevet 2024-01-09 er før indskrevet 2024-01-10",
        "stays.csv, linje 4: linjen har 5 felter, men overskriften har 6 (skilletegn: komma)",
        "stays.csv, linje 5, kolonne stay_id: ophold-id S2 står også på linje 3",
        "stays.csv, linje 6, kolonne admitted: opholdet S5 (indskrevet 2024-06-01, udskrevet "
        "2024-06-02) overlapper opholdet S2 på linje 5 (indskrevet 2024-01-01, ikke udskrevet) "
        "for samme borger",
    ]


def test_problem_without_line_or_column() -> None:
    assert str(InputProblem("stays.csv", None, None, "filen er tom")) == "stays.csv: filen er tom"
    assert str(InputProblem("a.csv", 3, None, "x")) == "a.csv, linje 3: x"
    assert str(InputProblem("a.csv", 3, "stay_id", "x")) == "a.csv, linje 3, kolonne stay_id: x"


@pytest.mark.parametrize("content", [b"", b"\xef\xbb\xbf", b"\n\n  \r\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "stays.csv"
    path.write_bytes(content)
    assert problems_of(path) == ["stays.csv: filen er tom"]


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "stays.csv"
    path.write_bytes(
        f"{HEADER}\nC1,S1,2024-01-01,,100,\nSøren,S2,2024-01-01,,100,\n".encode("cp1252")
    )
    assert problems_of(path) == [
        "stays.csv, linje 3: "
        'filen er ikke UTF-8 (byte 0xF8 kan ikke læses); gem den som "CSV UTF-8"'
    ]


def test_utf16(tmp_path: Path) -> None:
    path = tmp_path / "stays.csv"
    path.write_bytes(HEADER.encode("utf-16"))
    assert problems_of(path) == ['stays.csv: filen er gemt som UTF-16; gem den som "CSV UTF-8"']


def test_missing_file(tmp_path: Path) -> None:
    assert problems_of(tmp_path / "nej.csv") == ["nej.csv: filen findes ikke"]


def test_unclosed_quote_is_reported_where_its_row_begins(tmp_path: Path) -> None:
    path = csv_file(tmp_path, 'C1,"S1,2024-01-01,,100,', "C2,S2,2024-01-01,,100,")
    assert problems_of(path) == [
        'stays.csv, linje 2: anførselstegn (") passer ikke sammen: et felt i anførselstegn skal '
        'slutte med " lige før skilletegn eller linjeskift, og " inde i feltet skrives ""',
    ]


def test_broken_quote_reports_it_and_what_came_before(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "C1,S1,2024-01-01,,-5,", 'C2,"S2"x,2024-01-01,,100,', "C3,S3,x,,100,")
    assert problems_of(path) == [
        "stays.csv, linje 2, kolonne daily_rate: beløbet '-5' er negativt",
        'stays.csv, linje 3: anførselstegn (") passer ikke sammen: et felt i anførselstegn skal '
        'slutte med " lige før skilletegn eller linjeskift, og " inde i feltet skrives ""',
    ]


DATE_TEXTS = st.one_of(
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: f"{d.day:02d}-{d.month:02d}-{d.year:04d}"),
    st.dates().map(lambda d: f"{d.day:02d}.{d.month:02d}.{d.year:04d}"),
    st.text(alphabet="0123456789-. ", max_size=11),
)


def outcome(folder: Path, text: str) -> tuple[list[int], list[int]] | list[str]:
    try:
        table = read_stays_csv(write(folder, text))
    except StaysInputError as err:
        return [str(p) for p in err.problems]
    return table.admitted.tolist(), table.discharged.tolist()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(DATE_TEXTS, DATE_TEXTS), min_size=1, max_size=8))
def test_plain_and_quoted_files_read_dates_alike(pairs: list[tuple[str, str]]) -> None:
    """The byte-level date reader of plain files agrees with the one for quoted files."""
    plain = [HEADER] + [f"C{k},S{k},{a},{d},1," for k, (a, d) in enumerate(pairs)]
    quoted = [HEADER] + [f'"C{k}",S{k},{a},{d},1,' for k, (a, d) in enumerate(pairs)]
    with tempfile.TemporaryDirectory() as folder:
        fast = outcome(Path(folder), "\n".join(plain))
        assert fast == outcome(Path(folder), "\n".join(quoted))
    if isinstance(fast, tuple):  # all read: check against strptime
        for (a, _), ordinal in zip(pairs, fast[0], strict=True):
            text = a.strip()
            form = "%Y-%m-%d" if text[4] == "-" else f"%d{text[2]}%m{text[2]}%Y"
            assert ordinal == datetime.strptime(text, form).date().toordinal()


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(0, 10**13), min_size=1, max_size=10))
def test_amounts_in_both_formats(amounts: list[int]) -> None:
    """Øre written as 1234.56 in a comma file and as 1.234,56 in a semicolon file read alike."""
    comma, semicolon = [HEADER], [HEADER.replace(",", ";")]
    for k, ore in enumerate(amounts):
        kroner, rest = divmod(ore, 100)
        danish = f"{kroner:,}".replace(",", ".")  # 1.234.567
        comma.append(f"C{k},S{k},2024-01-01,,{kroner}.{rest:02d},{kroner}")
        semicolon.append(f"C{k};S{k};01-01-2024;;{danish},{rest:02d};{kroner}")
    with tempfile.TemporaryDirectory() as folder:
        for text in ("\n".join(comma), "\n".join(semicolon)):
            table = read_stays_csv(write(Path(folder), text))
            assert table.daily_rate.tolist() == amounts
            assert table.own_payment.tolist() == [ore // 100 * 100 for ore in amounts]


# --------------------------------------------------------------------------------------- overlaps

# One citizen's stays as (admitted, discharged) in January 2024 by day number; None: open.
OVERLAP_CASES = [
    pytest.param([(1, 10), (10, 20)], [], id="adjacent"),
    pytest.param([(1, 11), (10, 20)], [(3, 2)], id="one night shared"),
    pytest.param([(10, 20), (1, 11)], [(2, 3)], id="input order does not matter"),
    pytest.param([(10, 10), (10, 12)], [(3, 2)], id="same-day stay then admission that day"),
    pytest.param([(1, 10), (10, 10)], [], id="discharge then same-day stay"),
    pytest.param([(10, 10), (11, 11)], [], id="same-day stays on following days"),
    pytest.param([(10, 10), (10, 10)], [(3, 2)], id="two same-day stays on one day"),
    pytest.param([(1, None), (20, 25)], [(3, 2)], id="stay while an open stay runs"),
    pytest.param([(20, None), (1, 20)], [], id="open stay after discharge"),
    pytest.param([(19, None), (1, 20)], [(2, 3)], id="open stay before discharge"),
    pytest.param([(1, None), (5, None)], [(3, 2)], id="two open stays"),
    pytest.param([(1, 31), (2, 3), (5, 6)], [(3, 2), (4, 2)], id="long stay holds two"),
]


@pytest.mark.parametrize(("stays", "clashes"), OVERLAP_CASES)
def test_overlaps(
    tmp_path: Path, stays: list[tuple[int, int | None]], clashes: list[tuple[int, int]]
) -> None:
    def day(d: int | None) -> str:
        return "" if d is None else date(2024, 1, d).isoformat()

    def period(line: int) -> str:
        admitted, discharged = stays[line - 2]
        out = "ikke udskrevet" if discharged is None else f"udskrevet {day(discharged)}"
        return f"indskrevet {day(admitted)}, {out}"

    rows = [f"C1,S{k + 2},{day(a)},{day(d)},100," for k, (a, d) in enumerate(stays)]
    others = [f"C2,T{k + 2},{day(a)},{day(d)},100," for k, (a, d) in enumerate(stays[:1])]
    path = csv_file(tmp_path, *rows, *others)  # another citizen's stays never clash
    expected = [
        f"stays.csv, linje {i}, kolonne admitted: opholdet S{i} ({period(i)}) overlapper "
        f"opholdet S{j} på linje {j} ({period(j)}) for samme borger"
        for i, j in clashes
    ]
    if expected:
        assert problems_of(path) == expected
    else:
        assert len(read_stays_csv(path)) == len(stays) + len(others)


def nights(admitted: int, discharged: int | None, horizon: int) -> set[int]:
    if discharged is None:
        return set(range(admitted, horizon))
    return set(range(admitted, max(discharged, admitted + 1)))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2),
            st.integers(1, 25),
            st.one_of(st.none(), st.integers(0, 8)),
        ),
        min_size=1,
        max_size=10,
    )
)
def test_overlap_matches_brute_force(stays: list[tuple[int, int, int | None]]) -> None:
    """Every stay that shares a night with a stay admitted before it (or on the same day and
    earlier in the file) is reported, naming such a stay, and no other stay is."""
    start = date(2024, 1, 1)
    rows = []
    for k, (citizen, admitted, length) in enumerate(stays):
        out = "" if length is None else (start + timedelta(admitted + length)).isoformat()
        rows.append(f"P{citizen},S{k},{(start + timedelta(admitted)).isoformat()},{out},1,")
    expected: dict[int, set[int]] = {}
    for i, (ci, ai, li) in enumerate(stays):
        mine = nights(ai, None if li is None else ai + li, 60)
        for j, (cj, aj, lj) in enumerate(stays):
            earlier = (aj, j) < (ai, i)
            if cj == ci and earlier and mine & nights(aj, None if lj is None else aj + lj, 60):
                expected.setdefault(i + 2, set()).add(j + 2)
    found: dict[int, int] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder), "\n".join([HEADER, *rows]))
        try:
            read_stays_csv(path)
        except StaysInputError as err:
            problems = err.problems
        else:
            problems = []
        for problem in problems:
            assert problem.line is not None
            assert problem.column == "admitted"
            other = int(problem.message.split(" på linje ")[1].split(" ")[0])
            found[problem.line] = other
    assert set(found) == set(expected)
    for line, other in found.items():
        assert other in expected[line]


# ---------------------------------------------------------------------------------------- writing


def make_table(ids: list[tuple[str, str]]) -> StayTable:
    return StayTable.from_rows(
        [StayRow(s, c, date(2024, 1, 1), None, 100, None) for s, c in ids],
    )


def make_results(*columns: list[int]) -> StayResults:
    return StayResults(*(np.array(c, dtype=np.int64) for c in columns))


def test_write_results_csv_golden() -> None:
    table = make_table([("S1", "C1"), ("S2", "C2"), ("S3", "C1")])
    results = make_results(
        [31, 0, 1000],  # days
        [31, 0, 120],  # reimbursed days
        [6603750, 0, 12345678],  # gross: 66037.50 kr, 0, 123456.78 kr
        [299801, 0, 5],  # own payment: 2998.01 kr, 0, 0.05 kr
        [3151974, 0, 12345678],  # reimbursement
    )
    out = io.StringIO()
    write_results_csv(out, table, results)
    # net = gross - own - reimbursement: 6603750 - 299801 - 3151974 = 3151975; 0; -5
    assert out.getvalue() == (
        "stay_id,citizen_id,days,reimbursed_days,gross_cost,own_payment,reimbursement,net_cost\n"
        "S1,C1,31,31,66037.50,2998.01,31519.74,31519.75\n"
        "S2,C2,0,0,0.00,0.00,0.00,0.00\n"
        "S3,C1,1000,120,123456.78,0.05,123456.78,-0.05\n"
    )


@pytest.mark.parametrize(
    ("ore", "text"),
    [
        (0, "0.00"),
        (5, "0.05"),
        (-5, "-0.05"),
        (-1205, "-12.05"),
        (100, "1.00"),
        (-100, "-1.00"),
        (12345678, "123456.78"),
        (-99999999999999, "-999999999999.99"),
        (10**18, "10000000000000000.00"),
    ],
)
def test_money_formatting(ore: int, text: str) -> None:
    out = io.StringIO()
    write_results_csv(out, make_table([("S", "C")]), make_results([1], [1], [ore], [0], [0]))
    assert out.getvalue().splitlines()[1] == f"S,C,1,1,{text},0.00,0.00,{text}"


@pytest.mark.parametrize(
    "ids",
    [
        [("S,1", "C1"), ('S"2"', "C2"), ("S\n3", "C3"), ("S4", "C\r4")],  # ASCII: the fast way
        [("S,1", "C1"), ('S"2"', "Søren"), ("S\n3", "C3"), ("S4", "C\x004")],
        [("S1", "Søren"), ("S2", "Åse"), ("S3", "C3"), ("S4", "日本")],  # UTF-8: the fast way
    ],
)
def test_ids_that_need_quotes_or_are_not_ascii(ids: list[tuple[str, str]]) -> None:
    table = make_table(ids)
    out = io.StringIO()
    write_results_csv(out, table, make_results([1] * 4, [1] * 4, [-5] * 4, [0] * 4, [0] * 4))
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert [(r[0], r[1]) for r in rows[1:]] == ids
    assert [r[4] for r in rows[1:]] == ["-0.05"] * 4


def test_write_empty_table() -> None:
    out = io.StringIO()
    write_results_csv(out, make_table([]), make_results([], [], [], [], []))
    assert out.getvalue() == (
        "stay_id,citizen_id,days,reimbursed_days,gross_cost,own_payment,reimbursement,net_cost\n"
    )
    meta: dict[str, object] = {"as_of": date(2025, 1, 1)}
    text = results_as_json(make_table([]), make_results([], [], [], [], []), meta)
    assert json.loads(text) == {"meta": {"as_of": "2025-01-01"}, "stays": []}


def test_results_must_match_the_table() -> None:
    with pytest.raises(ValueError, match="results have 1 rows, the table 2"):
        write_results_csv(
            io.StringIO(),
            make_table([("a", "b"), ("c", "d")]),
            make_results([1], [1], [1], [1], [1]),
        )


def test_results_as_json() -> None:
    table = make_table([("S1", "C1"), ('S"2', "Åse\\")])
    results = make_results([31, 2], [31, 0], [6603750, 0], [299801, 0], [3151974, 5])
    meta: dict[str, object] = {
        "as_of": date(2025, 1, 1),
        "readings": "window=anchored",
        "rate": Decimal("50"),
        "tekst": "refusion efter § 177",
    }
    text = results_as_json(table, results, meta)
    assert "§ 177" in text  # Danish text stays readable
    assert text.count("\n") == 3  # one stay a line
    assert json.loads(text) == {
        "meta": {
            "as_of": "2025-01-01",
            "readings": "window=anchored",
            "rate": "50",
            "tekst": "refusion efter § 177",
        },
        "stays": [
            {
                "stay_id": "S1",
                "citizen_id": "C1",
                "days": 31,
                "reimbursed_days": 31,
                "gross_cost": "66037.50",
                "own_payment": "2998.01",
                "reimbursement": "31519.74",
                "net_cost": "31519.75",
            },
            {
                "stay_id": 'S"2',
                "citizen_id": "Åse\\",
                "days": 2,
                "reimbursed_days": 0,
                "gross_cost": "0.00",
                "own_payment": "0.00",
                "reimbursement": "0.05",
                "net_cost": "-0.05",
            },
        ],
    }


@pytest.mark.parametrize("citizen_id", ['a"b\\c\td', "x" * 100, "Åse"])
def test_json_escapes_ids(citizen_id: str) -> None:
    table = make_table([("S1", citizen_id), ("S2", "C2")])
    text = results_as_json(table, make_results([1, 2], [1, 2], [1, 2], [0, 0], [0, 0]), {})
    assert [s["citizen_id"] for s in json.loads(text)["stays"]] == [citizen_id, "C2"]


def test_json_rejects_unknown_meta() -> None:
    with pytest.raises(TypeError, match="cannot write object as JSON"):
        results_as_json(make_table([]), make_results([], [], [], [], []), {"x": object()})


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text(min_size=1, max_size=8),
            st.integers(-(10**15), 10**15),
            st.integers(0, 10**6),
        ),
        min_size=1,
        max_size=30,
    ),
    st.booleans(),
)
def test_output_round_trip(values: list[tuple[str, int, int]], ascii_only: bool) -> None:
    """Money read back from CSV and JSON as Decimal is the øre written; ids survive as well."""
    ids = [(f"S{k}" if ascii_only else text, f"C{k}") for k, (text, _, _) in enumerate(values)]
    money = [ore for _, ore, _ in values]
    days = [d for _, _, d in values]
    table = make_table(ids)
    results = make_results(days, days, money, [0] * len(ids), [0] * len(ids))
    out = io.StringIO()
    write_results_csv(out, table, results)
    rows = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1:]
    assert [(r[0], r[1]) for r in rows] == ids
    assert [int(r[2]) for r in rows] == days
    assert [int(Decimal(r[4]) * 100) for r in rows] == money
    assert all(len(r[4].split(".")[1]) == 2 for r in rows)
    stays = json.loads(results_as_json(table, results, {}))["stays"]
    assert [(s["stay_id"], s["citizen_id"]) for s in stays] == ids
    assert [int(Decimal(s["net_cost"]) * 100) for s in stays] == money
    assert [r[4] for r in rows] == [s["gross_cost"] for s in stays]


def test_read_then_write_keeps_the_amounts(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "citizen_id;stay_id;admitted;discharged;daily_rate;own_payment\n"
        "C1;S1;01-01-2024;;1.234,56;0,07\n",
    )
    table = read_stays_csv(path)
    out = io.StringIO()
    results = make_results([1], [1], table.daily_rate.tolist(), table.own_payment.tolist(), [0])
    write_results_csv(out, table, results)
    assert out.getvalue().splitlines()[1] == "S1,C1,1,1,1234.56,0.07,0.00,1234.49"


# ------------------------------------------------------------------- timing self-check, run by hand


def _timing_self_check(rows: int = 100_000) -> None:
    """Generate ``rows`` valid stays in /tmp, then time reading and writing (best of five)."""
    rng = random.Random(7)
    lines = [HEADER]
    first = date(2022, 1, 1).toordinal()
    citizen = 0
    while len(lines) <= rows:
        citizen += 1
        day = first + rng.randint(0, 30)
        for _ in range(rng.randint(1, 6)):
            if len(lines) > rows:
                break
            leave = day + rng.randint(0, 200)
            is_open = rng.random() < 0.05
            discharged = "" if is_open else date.fromordinal(leave).isoformat()
            lines.append(
                f"{1_000_000_000 + citizen},S{len(lines):07d},{date.fromordinal(day).isoformat()},"
                f"{discharged},{rng.choice(['1234.50', '2130', '1899.99'])},"
                f"{rng.choice(['', '96.71', '0'])}"
            )
            day = max(leave, day + 1) + rng.randint(0, 60)
            if is_open:
                break
    path = Path("/tmp/hjemvej_stays_timing.csv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    read_times, write_times = [], []
    for _ in range(5):
        started = time.perf_counter()
        table = read_stays_csv(path)
        read_times.append(time.perf_counter() - started)
        n = len(table)
        gen = np.random.default_rng(0)
        results = StayResults(*(gen.integers(0, 10**8, n) for _ in range(5)))
        started = time.perf_counter()
        with open("/tmp/hjemvej_results_timing.csv", "w", encoding="utf-8", newline="") as out:
            write_results_csv(out, table, results)
        write_times.append(time.perf_counter() - started)
    print(f"{n} rows: read {min(read_times):.3f} s, write {min(write_times):.3f} s (best of 5)")


if __name__ == "__main__":
    _timing_self_check()
