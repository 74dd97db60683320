"""A scenario's specification: to JSON and back, and the override lines of the forms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from hjemvej.economy.scenarios.spec import (
    Practice,
    ScenarioSpec,
    overrides_text,
    parse_override_lines,
)
from hjemvej.rules.parameters import Override, ParameterError, default_parameters
from hjemvej.rules.shelter import Readings

PARAMS = default_parameters()


def test_every_kind_of_value_survives_json() -> None:
    spec = ScenarioSpec(
        "practice",
        2030,
        (
            Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),
            Override("shelter.reimbursement.day_cap", None, date(2029, 1, 1)),
            Override("shelter.reimbursement.rate", Decimal("37.5"), None),
            Override("support.extension.all_situations", False, date(2026, 7, 1)),
            Override("housing_first.support.cti.monthly", 850_050, None),
        ),
        Readings(window="rolling365", days="dates"),
        Practice("fewer_external", persons=Decimal("18.50"), start_year=2027),
    )
    data = spec.to_json(PARAMS)
    assert data["overrides"] == [
        ["shelter.reimbursement.day_cap", 90, "2026-04-01"],
        ["shelter.reimbursement.day_cap", None, "2029-01-01"],
        ["shelter.reimbursement.rate", "37.5", None],
        ["support.extension.all_situations", False, "2026-07-01"],
        ["housing_first.support.cti.monthly", "8500.50", None],
    ]
    assert data["practice"] == {"kind": "fewer_external", "persons": "18.50", "start_year": 2027}
    assert ScenarioSpec.from_json("practice", data, PARAMS) == spec
    text = overrides_text(spec.overrides, PARAMS)
    overrides, errors = parse_override_lines(text, PARAMS)
    assert errors == []
    assert tuple(overrides) == spec.overrides


def test_override_lines_take_danish_dates_numbers_and_comments() -> None:
    overrides, errors = parse_override_lines(
        "# loftet\nshelter.reimbursement.day_cap = 90 @ 1.4.2026\n\n"
        "housing_first.shelter.daily_rate=1.950,75\nshelter.reimbursement.rate=37,5",
        PARAMS,
    )
    assert errors == []
    assert overrides == [
        Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),
        Override("housing_first.shelter.daily_rate", 195_075, None),
        Override("shelter.reimbursement.rate", Decimal("37.5"), None),
    ]


def test_a_saved_scenario_changing_one_parameter_twice_keeps_both_in_order() -> None:
    """Issue 15, defect 1, for scenarios saved in the economy: both lines hold, in their order."""
    overrides, errors = parse_override_lines(
        "shelter.reimbursement.day_cap=60@1.6.2025\nshelter.reimbursement.day_cap=150@1.1.2027",
        PARAMS,
    )
    assert errors == []
    scenario = PARAMS.with_overrides(overrides)
    cap = "shelter.reimbursement.day_cap"
    assert scenario.count(cap, date(2025, 5, 31)) == PARAMS.count(cap, date(2025, 5, 31))
    assert scenario.count(cap, date(2026, 12, 31)) == 60
    assert scenario.count(cap, date(2027, 1, 1)) == 150


def test_override_lines_report_every_bad_line_in_danish() -> None:
    overrides, errors = parse_override_lines(
        "nope=1\nshelter.reimbursement.day_cap=90\nshelter.reimbursement.day_cap=80", PARAMS
    )
    assert overrides == [Override("shelter.reimbursement.day_cap", 90, None)]
    assert errors == [
        "Linje 1: ukendt parameter: nope",
        "Linje 3: shelter.reimbursement.day_cap ændres to gange fra samme dato",
    ]


def test_a_saved_spec_with_a_bad_value_gives_the_parameter_modules_error() -> None:
    data = {"horizon": 2030, "overrides": [["shelter.reimbursement.day_cap", "mange", None]]}
    with pytest.raises(ParameterError, match="'mange' er ikke et tal"):
        ScenarioSpec.from_json("law", data, PARAMS)
    with pytest.raises(ValueError, match="ukendt praksisscenarie"):
        ScenarioSpec.from_json("practice", {"horizon": 2030, "practice": {"kind": "x"}}, PARAMS)


def test_describe_says_what_is_replaced() -> None:
    spec = ScenarioSpec(
        "law", 2030, (Override("shelter.reimbursement.day_cap", 90, date(2026, 4, 1)),)
    )
    (line,) = spec.describe(PARAMS)
    assert "90 dage fra 01.04.2026 i stedet for 120 dage (politisk aftale)" in line
