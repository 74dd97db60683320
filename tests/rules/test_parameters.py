"""Parameter files: validation, lookup by date, scenarios."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from hjemvej.rules.parameters import (
    Override,
    ParameterError,
    default_parameters,
    format_kroner,
    load_parameters,
    parse_override,
)

GOOD = """
area: test
title: Test
parameters:
  test.cap:
    title: Et loft
    unit: days
    nullable: true
    values:
      - from: 2020-01-01
        value: null
        reference: § 1
        source: lov
        status: law
      - from: 2023-10-01
        value: 120
        reference: § 2
        source: lov
        status: law
  test.amount:
    title: Et beløb
    unit: kr/day
    values:
      - from: 2021-01-01
        value: 96.71
        reference: § 3
        source: bek.
        status: assumed
"""


def write(tmp_path: Path, text: str, name: str = "test.yaml") -> Path:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_the_shipped_parameters_hold_the_law_of_the_issue() -> None:
    params = default_parameters()
    cap = params["shelter.reimbursement.day_cap"]
    assert cap.at(date(2023, 9, 30)).value is None
    assert cap.at(date(2023, 10, 1)).value == 120
    assert cap.at(date(2028, 3, 31)).value == 120
    assert cap.at(date(2028, 4, 1)).value == 90
    assert cap.at(date(2028, 4, 1)).status == "agreed"
    assert params.percent("shelter.reimbursement.rate", date(2024, 1, 1)) == Decimal(50)
    own = params["shelter.own_payment.daily"]
    # Issue 15: bek. nr. 1244 af 13. november 2017, regulated every year (87 kr. is 2018's amount).
    assert "13. november 2017" in own.values[0].reference
    assert [(v.valid_from.year, v.value, v.status) for v in own.values] == [
        (2018, 8_700, "law"),
        (2019, 8_900, "law"),
        (2020, 9_100, "law"),
        (2021, 9_300, "law"),
        (2022, 9_300, "assumed"),
        (2023, 9_671, "law"),
        (2024, 9_671, "assumed"),
        (2025, 9_671, "assumed"),
        (2026, 9_671, "assumed"),
    ]
    assert all(v.note for v in own.values if v.status == "assumed")


def test_the_own_payment_years_rest_on_the_ministry_s_rate_tables() -> None:
    # Issue 15: the ministry's own yearly "Satser på social- og ældreområdet" states the regulated
    # amount (§ 110: 93 kr. in 2021, 96,71 kr. in 2023), better than a shelter price list.
    own = default_parameters()["shelter.own_payment.daily"]
    by_year = {v.valid_from.year: v for v in own.values}
    for year in (2021, 2023):
        assert by_year[year].status == "law"
        assert "sm.dk/lovstof/satser-paa-social-og-aeldreomraadet" in by_year[year].source
        assert f"for-{year}" in by_year[year].source
    for year in (2022, 2024, 2025, 2026):
        assert "ikke fundet" in (by_year[year].note or "")


def test_serviceloven_s_consolidation_in_force_is_dated_and_said_not_read() -> None:
    # Issue 15: lbk. nr. 1129 af 22. september 2025 (named so in L 50, 2025-26). Its text was not
    # found, so the notes of the § 110 and § 176 a values say which text was read instead.
    rules_md = (Path(__file__).parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    row = next(line for line in rules_md.splitlines() if line.startswith("| Serviceloven"))
    assert "lbk. nr. 1129 af 22. september 2025" in row
    assert "not found" in row
    params = default_parameters()
    for name in ("shelter.notification.working_days", "support.reimbursement.rate"):
        note = params.at(name, date(2026, 1, 1)).note or ""
        assert "1129 af 22. september 2025" in note, name
        assert "ikke læst" in note, name


def test_every_shipped_value_has_reference_source_and_status() -> None:
    for param in default_parameters():
        assert param.title, param.name
        for value in param.values:
            assert value.reference, (param.name, value.valid_from)
            assert value.source, (param.name, value.valid_from)
            assert value.status in ("law", "agreed", "assumed")


def test_loading_typed_values(tmp_path: Path) -> None:
    params = load_parameters(write(tmp_path, GOOD))
    assert params.money("test.amount", date(2024, 1, 1)) == 9_671
    assert params.value("test.cap", date(2022, 1, 1)) is None
    assert params.count("test.cap", date(2024, 1, 1)) == 120
    assert params.at("test.cap", date(2024, 1, 1)).valid_to is None
    assert params.at("test.cap", date(2022, 1, 1)).valid_to == date(2023, 10, 1)


def test_lookup_before_the_first_value_names_the_parameter(tmp_path: Path) -> None:
    params = load_parameters(write(tmp_path, GOOD))
    with pytest.raises(ParameterError, match=r"test.amount: ingen værdi den 2020-05-01"):
        params.at("test.amount", date(2020, 5, 1))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("- from: 2023-10-01", "- from: 2019-10-01"),
            "test.cap: værdien fra 2019-10-01: datoerne står ikke i rækkefølge",
        ),
        (
            ("- from: 2023-10-01", "- from: 2020-01-01"),
            "test.cap: værdien fra 2020-01-01: datoen findes to gange",
        ),
        (
            ("        reference: § 3\n", ""),
            "test.amount: værdien fra 2021-01-01: mangler 'reference'",
        ),
        (("        status: assumed", "        status: maybe"), "ugyldig status 'maybe'"),
        (
            ("        value: 120", "        value: 12.5"),
            "test.cap: værdien fra 2023-10-01: '12.5' er ikke et helt tal",
        ),
        (("        value: 96.71", "        value: 96.711"), "har mere end to decimaler"),
        (("unit: kr/day", "unit: dollars"), "test.amount: ukendt enhed 'dollars'"),
        (("    nullable: true\n", ""), "test.cap: værdien fra 2020-01-01: værdien mangler"),
        (("        value: 120", "        value: -1"), "må ikke være negativ"),
    ],
)
def test_bad_files_name_file_and_key(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    text = GOOD.replace(*change, 1)
    assert text != GOOD
    with pytest.raises(ParameterError) as caught:
        load_parameters(write(tmp_path, text))
    assert message in str(caught.value)
    assert "params/test.yaml" in str(caught.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("        reference: § 3\n", "").replace("status: law", "status: lov")
    with pytest.raises(ParameterError) as caught:
        load_parameters(write(tmp_path, text))
    assert len(caught.value.problems) == 3


def test_a_parameter_in_two_files_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(ParameterError, match=r"findes også i params/a\.yaml"):
        load_parameters(tmp_path)


def test_scenario_replaces_values_from_its_date(tmp_path: Path) -> None:
    params = load_parameters(write(tmp_path, GOOD))
    scenario = params.with_overrides([parse_override("test.cap=90@2025-01-01", params)])
    assert scenario.is_scenario
    assert not params.is_scenario
    assert scenario.count("test.cap", date(2024, 12, 31)) == 120
    entry = scenario.at("test.cap", date(2025, 1, 1))
    assert (entry.value, entry.status) == (90, "scenario")
    assert scenario.fingerprint != params.fingerprint
    everywhere = params.with_overrides([parse_override("test.amount=100,5", params)])
    assert everywhere.money("test.amount", date(2021, 1, 1)) == 10_050


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("test.cap", "skrives PARAMETER=VÆRDI"),
        ("test.nope=1", "ukendt parameter: test.nope"),
        ("test.cap=mange", "'mange' er ikke et tal"),
        ("test.cap=90@1. maj", "er ikke en dato"),
        ("test.amount=ingen", "værdien mangler"),
    ],
)
def test_bad_overrides(tmp_path: Path, text: str, message: str) -> None:
    params = load_parameters(write(tmp_path, GOOD))
    with pytest.raises(ParameterError, match=message):
        parse_override(text, params)


def test_override_value_type_is_checked() -> None:
    params = default_parameters()
    with pytest.raises(ParameterError, match="skal være et helt tal"):
        params.with_overrides([Override("shelter.reimbursement.day_cap", Decimal("1.5"))])


def test_kroner_in_danish_notation() -> None:
    assert format_kroner(123_456_78) == "123.456,78"
    assert format_kroner(-5) == "-0,05"
    assert default_parameters().at("shelter.own_payment.daily", date(2023, 5, 1)).display == (
        "96,71 kr. pr. dag"
    )


def test_the_plausible_bounds_are_hjemvej_s_own_assumed_values_with_a_danish_note() -> None:
    bounds = [p for p in default_parameters() if p.area == "bounds"]
    assert {p.name for p in bounds} >= {
        "bounds.shelter.daily_rate.usual",
        "bounds.shelter.daily_rate.max",
        "bounds.income.monthly.max",
        "bounds.grant.max",
        "bounds.citizen.max_age",
    }
    for param in bounds:
        for value in param.values:
            assert (value.source, value.status) == ("Hjemvej", "assumed"), param.name
            assert value.note, param.name
