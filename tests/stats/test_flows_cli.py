"""``hjemvej stats flows``: the page's months as CSV, or ``Fejl:`` in Danish and exit code 2."""

from __future__ import annotations

import csv
import io
from datetime import date
from unittest.mock import patch

import pytest

from hjemvej.accounts.models import Role
from hjemvej.accounts.policy import municipality_citizens
from hjemvej.citizens.models import ListEventReason
from hjemvej.citizens.services import situation_end
from hjemvej.stats.cli.flows import COLUMNS
from hjemvej.stats.flows.selectors import list_flows
from hjemvej.stats.management.commands.stats import Command
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY  # 21.11.2026


def run(*args: str) -> int:
    """Run the command as the command line does; return its exit code.

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
def world() -> None:
    worker = factories.user("rita", Role.CASE_WORKER)
    anna = factories.citizen(worker, first_name="Anna", start=date(2026, 9, 30))
    factories.citizen(worker, first_name="Bo", start=date(2026, 10, 1))
    situation_end(
        actor=worker,
        citizen=anna,
        end=date(2026, 10, 31),
        reason=ListEventReason.MOVED_AWAY,
        today=TODAY,
    )


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_one_row_per_month_with_the_pages_figures(
    world: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(
        "flows",
        "--from",
        "2026-09",
        "--to",
        "2026-11",
        "--format",
        "csv",
        "--as-of",
        TODAY.isoformat(),
    )
    assert code == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ",".join(COLUMNS)
    september, october, november = rows(out)
    assert september == {
        "month": "2026-09",
        "on_list_start": "0",
        "inflow_new": "1",
        "inflow_returned_housing": "0",
        "inflow_returned_inactive": "0",
        "outflow_housed": "0",
        "outflow_inactive": "0",
        "outflow_moved": "0",
        "outflow_died": "0",
        "outflow_not_eligible": "0",
        "net": "1",
        "on_list_end": "1",
        "long_term_end": "0",
        "counted_to": "2026-09-30",
    }
    assert (october["inflow_new"], october["outflow_moved"], october["net"]) == ("1", "1", "0")
    assert (november["on_list_start"], november["on_list_end"]) == ("1", "1")
    assert november["counted_to"] == "2026-11-21"  # the month in progress, to the day asked
    page = list_flows(
        municipality_citizens(factories.municipality("751").pk),
        first=date(2026, 9, 1),
        last=date(2026, 11, 1),
        as_of=TODAY,
    )
    assert [int(r["on_list_end"]) for r in rows(out)] == [m.on_list_end for m in page.months]


def test_the_only_municipality_is_the_default_and_a_code_chooses(
    world: None, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["flows", "--from", "2026-10", "--to", "2026-10", "--as-of", TODAY.isoformat()]
    assert run(*args) == 0
    assert rows(capsys.readouterr().out)[0]["inflow_new"] == "1"
    assert run(*args, "--municipality", "101") == 0
    assert rows(capsys.readouterr().out)[0]["inflow_new"] == "0"
    other = factories.user("kbh", Role.CASE_WORKER, code="101")
    factories.citizen(other, first_name="Carl", code="101", start=date(2026, 10, 5))
    assert run(*args) == 2
    assert "--municipality mangler" in capsys.readouterr().err
    assert run(*args, "--municipality", "751") == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--to", "2026-10"], "--from mangler: skriv måneden som ÅÅÅÅ-MM"),
        (["--from", "2026-10"], "--to mangler"),
        (["--from", "2026-13", "--to", "2026-10"], "--from: skriv måneden som ÅÅÅÅ-MM"),
        (["--from", "oktober", "--to", "2026-10"], "(ikke 'oktober')"),
        (["--from", "2026-1", "--to", "2026-10"], "--from: skriv måneden som ÅÅÅÅ-MM"),
        (["--from", "2026-10", "--to", "2026-09"], "--to: måneden ligger før --from"),
        (["--from", "2026-10", "--to", "2026-12"], "--to: måneden 2026-12 er ikke begyndt"),
        (["--from", "1999-12", "--to", "2026-10"], "--from: måneden ligger før 2000-01"),
        (["--from", "2026-10", "--to", "2026-10", "--municipality", "000"], "koden '000'"),
        (
            ["--from", "2026-10", "--to", "2026-10", "--format", "xlsx"],
            "ugyldigt valg: 'xlsx' (vælg mellem 'csv'). Se 'hjemvej stats flows --help'.",
        ),
        (["--from", "2026-10", "--to", "2026-10", "--kommune", "751"], "ukendte argumenter"),
    ],
)
def test_bad_arguments_exit_2_in_danish_and_write_nothing(
    world: None, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert run("flows", *args, "--as-of", TODAY.isoformat()) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("Fejl: ")
    assert message in captured.err
    assert captured.out == ""
