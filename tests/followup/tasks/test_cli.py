"""``hjemvej tasks``: the open tasks on a date, pseudonymous, as text or CSV."""

from __future__ import annotations

import csv
from io import StringIO

import pytest
from django.core.management import call_command

from hjemvej.cli import main
from hjemvej.followup.management.commands.tasks import NEUTRAL_KINDS
from tests.followup.tasks.conftest import World
from tests.followup.tasks.test_pipeline import MUNICIPALITY

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("tasks", *args, stdout=out)
    return out.getvalue()


def no_names(world: World, output: str) -> None:
    for citizen in world.citizens.values():
        assert citizen.first_name not in output
        assert citizen.last_name not in output


def test_csv_lists_every_open_task_by_pseudonym(world: World) -> None:
    output = run("--as-of", "2026-11-21", "--format", "csv", "--municipality", "751")
    rows = list(csv.DictReader(StringIO(output)))
    assert list(rows[0]) == ["citizen", "kind", "due", "status"]
    by_pseudonym = {c.pseudonym: name for name, c in world.citizens.items()}
    assert {(by_pseudonym[r["citizen"]], r["kind"], r["due"], r["status"]) for r in rows} == {
        (name, NEUTRAL_KINDS.get(kind, kind), due.isoformat(), status)
        for name, kind, due, status, _ in MUNICIPALITY
    }
    assert len(rows) == len(MUNICIPALITY)
    no_names(world, output)
    assert "Ring til boformen" not in output  # a hand-written task's text is free text


def test_every_municipality_without_the_option(world: World) -> None:
    output = run("--as-of", "2026-11-21", "--format", "csv")
    ude = world.citizens["Ude"].pseudonym
    assert f"{ude},shelter_notice,2026-11-24,due_soon" in output
    assert len(output.splitlines()) == 1 + len(MUNICIPALITY) + 3  # Ude's three tasks


def test_text_table(world: World) -> None:
    output = run("--as-of", "21-11-2026", "--municipality", "751")
    lines = output.splitlines()
    assert lines[0] == "Åbne opgaver pr. 21.11.2026: 14, heraf 3 overskredne"
    assert lines[1].split() == ["Borger", "Opgave", "Frist", "Status", "Kommune"]
    anna = world.citizens["Anna"].pseudonym
    assert f"{anna:<14} shelter_notice         19.11.2026 Overskredet 751" in lines
    no_names(world, output)


def test_an_earlier_day_gives_its_own_tasks(world: World) -> None:
    output = run("--as-of", "2026-11-17", "--format", "csv", "--municipality", "751")
    anna = world.citizens["Anna"].pseudonym
    assert f"{anna},shelter_notice,2026-11-19,due_soon" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-13-01"], "Fejl: --as-of: '2026-13-01' er ikke en dato"),
        ([], "Fejl: --as-of mangler: angiv dagen, fx --as-of 2026-11-21"),
        (["--as-of", "2026-11-21", "--format", "xml"], "Fejl: --format: 'xml' kendes ikke"),
        (["--as-of", "2026-11-21", "--municipality", "000"], "ingen kommune med koden '000'"),
        (["--as-of", "2026-11-21", "--bogus"], "Fejl: ukendte argumenter: --bogus"),
    ],
)
def test_danish_errors_and_exit_code_2(
    world: World, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["tasks", *args])
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


def test_no_kind_of_transition_is_printed_next_to_the_pseudonym(world: World) -> None:
    """A prison release or a psychiatric discharge is crime or health data: the output names
    every transition's task as the neutral kind ``transition`` (issue 12, finding 3)."""
    for output in (
        run("--as-of", "2026-11-21", "--format", "csv", "--municipality", "751"),
        run("--as-of", "2026-11-21", "--municipality", "751"),
    ):
        assert "prison" not in output
        assert "psychiatric" not in output
        carla = world.citizens["Carla"].pseudonym
        assert carla in output
    rows = list(csv.DictReader(StringIO(run("--as-of", "2026-11-21", "--format", "csv"))))
    assert sum(1 for r in rows if r["kind"] == "transition") >= 3
