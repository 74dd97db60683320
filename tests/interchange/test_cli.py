"""``hjemvej import records`` and ``hjemvej export records`` on the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from hjemvej.accounts.models import AuditAction, AuditEntry
from hjemvej.citizens.models import Citizen
from hjemvej.interchange.actor import IMPORT_USERNAME
from hjemvej.interchange.columns import SHEETS
from tests.interchange.helpers import CPR_A, small_folder, write_csv

pytestmark = pytest.mark.django_db


def hjemvej(*args: str) -> int:
    """Run the command as the command line does; print as it prints; return its exit code."""
    try:
        call_command(*args, stdout=sys.stdout, stderr=sys.stderr)
    except CommandError as exc:
        sys.stderr.write(f"Fejl: {exc}\n")
        return exc.returncode
    return 0


def test_import_then_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "kilde").mkdir()
    folder = small_folder(tmp_path / "kilde")
    assert hjemvej("import", "records", str(folder), "--municipality", "751", "--dry-run") == 0
    out = capsys.readouterr()
    assert "Prøvekørsel, intet er skrevet" in out.out
    assert "borgere: 2 ville blive oprettet, 0 ville blive ændret, 0 uændrede" in out.out
    assert "100 %" in out.err  # the progress bar
    assert not Citizen.objects.exists()

    assert hjemvej("import", "records", str(folder), "--municipality", "751") == 0
    assert "borgere: 2 oprettet" in capsys.readouterr().out
    entry = AuditEntry.objects.filter(action=AuditAction.CREATE, object_type="citizens.Citizen")
    assert {e.user.username for e in entry if e.user} == {IMPORT_USERNAME}

    book = tmp_path / "ud.xlsx"
    assert hjemvej("export", "records", "--municipality", "751", "--out", str(book)) == 0
    printed = capsys.readouterr()
    assert "CPR-numre" in printed.err
    assert "Skrev 2 borgere" in printed.out
    sheets = load_workbook(book, read_only=True)
    assert sheets.sheetnames == [s.name for s in SHEETS]
    exported = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert exported.detail == {"export": "records", "municipality": "751", "format": "xlsx"}
    assert len(exported.citizen_ids) == 2

    # The exported workbook imported again changes nothing.
    assert hjemvej("import", "records", str(book), "--municipality", "751") == 0
    text = capsys.readouterr().out
    assert "borgere: 0 oprettet, 0 ændret, 2 uændrede" in text
    assert "ophold: 0 oprettet, 0 ændret, 2 uændrede" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--municipality", "123"], "der er ingen kommune med koden '123'"),
        ([], "--municipality"),
    ],
)
def test_bad_arguments_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert hjemvej("import", "records", str(tmp_path), *args) == 2
    assert message in capsys.readouterr().err


def test_a_file_with_problems_exits_2_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "borgere",
        [{"ekstern_id": "P1", "cpr": "010190-123"}, {"ekstern_id": "P2", "alias": "S"}],
    )
    assert hjemvej("import", "records", str(folder), "--municipality", "751") == 2
    err = capsys.readouterr().err
    assert "Fejl: 1 problemer" in err
    assert "ark borgere, række 2, kolonne cpr: CPR-nummeret skal have 10 cifre" in err
    assert "010190" not in err
    assert CPR_A not in err
    assert not Citizen.objects.exists()


def test_export_needs_an_xlsx_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "ud.csv"
    assert hjemvej("export", "records", "--municipality", "751", "--out", str(out)) == 2
    assert ".xlsx" in capsys.readouterr().err
    assert not out.exists()
