"""``hjemvej economy report``: writes the file, or writes nothing and says why in Danish."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from hjemvej.core import charts
from hjemvej.core.formatting import danish_number, exact_kroner, persons, whole_kroner
from hjemvej.economy.management.commands.economy import Command, ProgressBar
from tests.pdf_checks import assert_accessible_pdf


def _run(*args: str) -> int:
    """Run the command as the command line does; return its exit code.

    ``run_from_argv`` closes the database connections when it ends, which would end the test's
    transaction on PostgreSQL: that one step is left out.
    """
    with patch("django.core.management.base.connections.close_all"):
        try:
            Command().run_from_argv(["hjemvej", "economy", *args])
        except SystemExit as exc:
            return int(exc.code or 0)
    return 0


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_writes_the_report(
    world: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    out = tmp_path / f"rapport.{fmt}"
    code = _run(
        "report",
        "--year",
        "2025",
        "--format",
        fmt,
        "--out",
        str(out),
        "--municipality",
        "751",
        "--as-of",
        "2026-11-21",
    )
    assert code == 0
    assert out.is_file()
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left
    assert "Skrev rapporten for Aarhus 2025" in capsys.readouterr().out
    if fmt == "pdf":
        data = out.read_bytes()
        assert_accessible_pdf(data, title="Hjemløshed og boformer: økonomi 2025")
        text = "\n".join(p.extract_text() for p in PdfReader(out).pages)
        assert "Hjemløshed og boformer: økonomi 2025" in text
    else:
        assert load_workbook(out)["Sammenfatning"]["B4"].value == "01.01.–31.12.2025"


@pytest.mark.django_db
def test_the_only_municipality_is_the_default(world: Any, tmp_path: Path) -> None:
    from hjemvej.citizens.models import Citizen

    Citizen.objects.exclude(acting_municipality=world.municipality).update(
        acting_municipality=world.municipality
    )
    out = tmp_path / "r.pdf"
    call_command(
        "economy",
        "report",
        "--year",
        "2025",
        "--format",
        "pdf",
        "--out",
        str(out),
        "--as-of",
        "2026-11-21",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "20x5", "--format", "pdf"], "--year: '20x5' er ikke et årstal"),
        (["--year", "2031", "--format", "pdf"], "Året 2031 er ikke begyndt endnu"),
        (["--year", "2010", "--format", "pdf"], "reglerne findes i Hjemvej fra 2018"),
        (["--format", "pdf"], "--year mangler"),
        (
            ["--year", "2025", "--format", "docx"],
            "--format: 'docx' kendes ikke; vælg pdf eller xlsx",
        ),
        (
            ["--year", "2025", "--format", "pdf", "--municipality", "000"],
            "ingen kommune med koden '000'",
        ),
        (
            ["--year", "2025", "--format", "pdf", "--as-of", "i går"],
            "--as-of: 'i går' er ikke en dato",
        ),
        (
            ["--year", "2025", "--format", "pdf", "--kommune", "751"],
            "ukendte argumenter: --kommune",
        ),
        (["--year"], "--year: mangler en værdi"),
    ],
)
def test_bad_arguments_exit_2_in_danish_and_write_nothing(
    world: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    out = tmp_path / "rapport.pdf"
    argv = ["report", *args]
    if "--year" in args and len(args) > 1:
        argv += ["--out", str(out)]
    code = _run(*argv)
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("Fejl: ")
    assert message in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_missing_folder_and_two_municipalities(
    world: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = _run(
        "report", "--year", "2025", "--format", "pdf", "--out", str(tmp_path / "nej" / "r.pdf")
    )
    assert code == 2
    assert "--out: mappen" in capsys.readouterr().err
    code = _run("report", "--year", "2025", "--format", "pdf", "--out", str(tmp_path / "r.pdf"))
    assert code == 2  # citizens in 751 and 101
    assert "--municipality mangler" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_failure_while_writing_leaves_no_file(
    world: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hjemvej.economy.management.commands import economy

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("boom")

    monkeypatch.setattr(economy, "build", broken)
    with pytest.raises(RuntimeError):
        call_command(
            "economy",
            "report",
            "--year",
            "2025",
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "r.pdf"),
            "--municipality",
            "751",
        )
    assert list(tmp_path.iterdir()) == []


def test_progress_bar_only_when_it_takes_a_moment() -> None:
    now = [0.0]
    quick = io.StringIO()
    bar = ProgressBar(quick, 4, clock=lambda: now[0])
    bar.step("Første")
    bar.finish("Færdig")
    assert quick.getvalue() == ""
    slow = io.StringIO()
    bar = ProgressBar(slow, 4, clock=lambda: now[0])
    bar.step("Første")
    now[0] = 2.0
    bar.step("Anden")
    bar.finish("Færdig")
    lines = slow.getvalue().splitlines()
    assert lines[0] == f"[{'#' * 8}{'-' * 22}] 2/4 Anden"  # the first of four steps done
    assert lines[-1] == f"[{'#' * 30}] 4/4 Færdig"


def test_danish_numbers() -> None:
    assert whole_kroner(123_456_789_50) == "123.456.790 kr."
    assert exact_kroner(123_456_789_50) == "123.456.789,50 kr."
    assert danish_number(1234.5, 1) == "1.234,5"
    assert persons(Decimal("12.5")) == "12,50"
    assert charts.percent(1, 3) == "33,3 %"
    assert charts.percent(1, 0) == "–"
    assert charts.millions(2_589_083_127_00) == "2.589,1 mio. kr."
