"""``hjemvej stats outcomes``: the pages' figures as CSV, counts only; bad input writes nothing."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from unittest.mock import patch

import pytest

from hjemvej.accounts.models import Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.housing.services import tenancy_create
from hjemvej.stats.cli.outcomes import COLUMNS
from hjemvej.stats.management.commands.stats import Command
from hjemvej.stats.outcomes import MEASURES, results
from tests import factories

pytestmark = pytest.mark.django_db


def run(*args: str) -> int:
    """Run ``hjemvej stats`` as the command line does; return its exit code.

    ``run_from_argv`` closes the database connections when it ends, which would end the test's
    transaction on PostgreSQL: that one step is left out.
    """
    with patch("django.core.management.base.connections.close_all"):
        try:
            Command().run_from_argv(["hjemvej", "stats", *args])
        except SystemExit as exc:
            return int(exc.code or 0)
    return 0


@pytest.fixture
def citizens() -> list[Citizen]:
    worker = factories.user("rita", Role.CASE_WORKER)
    housed = factories.citizen(worker, first_name="Søren", last_name="Hansen")
    tenancy_create(
        actor=worker,
        citizen=housed,
        lease_signed_on=date(2026, 3, 1),
        move_in=date(2026, 3, 1),
        today=factories.TODAY,
        address="Fjordvej 3",
        rent_monthly=Decimal("3100"),
    )
    return [housed, factories.citizen(worker, first_name="Dorte", last_name="Dam")]


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_figure_with_the_figures_of_the_pages(
    citizens: list[Citizen], capsys: pytest.CaptureFixture[str]
) -> None:
    code = run("outcomes", "--year", "2026", "--as-of", "2026-11-21", "--format", "csv")

    out = capsys.readouterr()
    assert code == 0
    assert out.err == ""
    assert out.out.splitlines()[0] == ",".join(COLUMNS)
    written = rows(out.out)
    expected = results(factories.municipality().pk, year=2026, as_of=date(2026, 11, 21))
    assert [(r["measure"], r["group"]) for r in written] == [
        (key, f.group) for key, result in expected.items() for f in result.figures
    ]
    assert {r["measure"] for r in written} == set(MEASURES)
    exits = next(r for r in written if r["measure"] == "exits_housing")
    assert exits == {
        "measure": "exits_housing",
        "group": "housed",
        "value": "100.0",
        "count": "1",
        "base": "1",
        "status": "partial",
    }
    returns = next(r for r in written if r["measure"] == "returns_any")
    assert (returns["value"], returns["count"], returns["base"]) == ("", "", "1")
    assert returns["status"] == "not_yet"


def test_counts_only_no_names_and_no_pseudonyms(
    citizens: list[Citizen], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("outcomes", "--year", "2026", "--municipality", "751") == 0

    out = capsys.readouterr().out
    for citizen in citizens:
        for shown in (citizen.first_name, citizen.last_name, citizen.pseudonym):
            assert shown not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--year mangler"),
        (("--year", "26"), "--year: '26' er ikke et årstal"),
        (("--year", "2027", "--as-of", "2026-11-21"), "Året 2027 er ikke begyndt"),
        (("--year", "2006"), "Hjemvej opgør resultatmål fra 2007"),
        (("--year", "2026", "--as-of", "2026-01-01"), "Året 2026 er ikke begyndt"),
        (("--year", "2026", "--as-of", "2026-02-30"), "--as-of: '2026-02-30' er ikke en dato"),
        (("--year", "2026", "--format", "xlsx"), "--format: 'xlsx' kendes ikke"),
        (("--year", "2026", "--municipality", "123"), "ingen kommune med koden '123'"),
        (("--year", "2026", "--farve", "rød"), "ukendte argumenter"),
    ],
)
def test_bad_input_exits_2_in_danish_and_writes_nothing(
    citizens: list[Citizen],
    capsys: pytest.CaptureFixture[str],
    args: tuple[str, ...],
    message: str,
) -> None:
    assert run("outcomes", *args) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith("Fejl: ")
    assert message in out.err


def test_the_one_municipality_with_citizens_is_the_default(
    citizens: list[Citizen], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("outcomes", "--year", "2026") == 0
    assert len(rows(capsys.readouterr().out)) > 1

    elsewhere: User = factories.user("fremmed", Role.CASE_WORKER, code="101")
    factories.citizen(elsewhere, first_name="Ude", code="101")

    assert run("outcomes", "--year", "2026") == 2
    assert "--municipality mangler" in capsys.readouterr().err
