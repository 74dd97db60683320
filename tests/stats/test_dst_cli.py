"""``hjemvej stats dst``: the file, its problems on stderr, exit code 2, nothing half-written."""

from __future__ import annotations

import stat
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hjemvej.accounts.models import AuditAction, AuditEntry
from hjemvej.cli import main
from hjemvej.shelters.models import Shelter
from tests import factories
from tests.stats.dst_world import CPRS, DstWorld, dst_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("hjemvej.core.dates.today", lambda: factories.TODAY)


@pytest.fixture
def world() -> DstWorld:
    return dst_world()


class Ran:
    """What a run printed and its exit code (Django turns ``Fejl`` into code 2)."""

    def __init__(self, *args: str) -> None:
        out, err = StringIO(), StringIO()
        self.code = 0
        try:
            call_command("stats", "dst", *args, stdout=out, stderr=err)
        except CommandError as exc:
            self.code = exc.returncode
            err.write(f"Fejl: {exc}\n")  # as Django prints it on the command line
        self.out, self.err = out.getvalue(), err.getvalue()


def run(*args: str) -> int:
    return Ran(*args).code


def exports() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=AuditAction.EXPORT))


def test_the_file_is_written_with_mode_0600_and_the_export_logged(
    world: DstWorld, tmp_path: Path
) -> None:
    out = tmp_path / "dst.txt"
    captured = Ran("--shelter", str(world.shelter.pk), "--quarter", "2026-Q1", "--out", str(out))
    assert captured.code == 0, captured.err
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == (
        "cvrnr;pnr;cprnr;opholdstype;indskrivningsdato;udskrivningsdato;senest_opholdt;"
        "udflytningsforhold;fraflyttet_til"
    )
    assert len(text.splitlines()) == 1 + 5
    assert CPRS[0] in text
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left
    assert "Skrev 5 ophold fra Herberget Kvartal, 1. kvartal 2026" in captured.out
    # The missing answers are told, naming the stay and the field, and do not stop the file.
    aftercare = world.stays["aftercare"].pk
    assert (
        f"Skrives »uoplyst«: Ophold nr. {aftercare} (indskrevet 01.03.2026), udflytningsforhold:"
        in captured.err
    )
    (entry,) = exports()
    assert entry.user is None
    assert entry.username.startswith("kommandolinjen (")
    assert len(entry.citizen_ids) == 5
    assert entry.detail == {
        "export": "dst",
        "format": "txt",
        "shelter": world.shelter.pk,
        "year": 2026,
        "quarter": 1,
    }
    assert not any(cpr in captured.err + captured.out for cpr in CPRS)


def test_a_problem_that_blocks_exits_2_and_writes_nothing(world: DstWorld, tmp_path: Path) -> None:
    Shelter.objects.filter(pk=world.shelter.pk).update(cvr_number="")
    out = tmp_path / "dst.txt"
    out.write_text("den gamle fil")
    ran = Ran("--shelter", str(world.shelter.pk), "--quarter", "2026-Q1", "--out", str(out))
    assert ran.code == 2
    err = ran.err
    assert "Skal rettes: Boformen, CVR-nummer: Boformen har intet CVR-nummer." in err
    assert "Fejl: 1 problem(er) skal rettes, før filen kan dannes; intet er skrevet." in err
    assert out.read_text() == "den gamle fil"
    assert list(tmp_path.iterdir()) == [out]
    assert exports() == []
    assert not any(cpr in err for cpr in CPRS)


def test_a_quarter_not_over_exits_2(world: DstWorld, tmp_path: Path) -> None:
    out = tmp_path / "dst.txt"
    assert run("--shelter", str(world.shelter.pk), "--quarter", "2026-Q4", "--out", str(out)) == 2
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--quarter", "2026-Q1", "--out", "{out}"], "Fejl: --shelter mangler"),
        (["--shelter", "x", "--quarter", "2026-Q1", "--out", "{out}"], "ingen boform med id 'x'"),
        (["--shelter", "99999", "--quarter", "2026-Q1", "--out", "{out}"], "id '99999'"),
        (["--shelter", "{id}", "--out", "{out}"], "Fejl: --quarter mangler"),
        (["--shelter", "{id}", "--quarter", "2026-Q5", "--out", "{out}"], "'2026-Q5' er ikke"),
        (["--shelter", "{id}", "--quarter", "2026-01", "--out", "{out}"], "'2026-01' er ikke"),
        (["--shelter", "{id}", "--quarter", "2026-Q1"], "Fejl: --out mangler"),
        (["--shelter", "{id}", "--quarter", "2026-Q1", "--out", "{tmp}"], "er en mappe"),
        (["--shelter", "{id}", "--quarter", "2026-Q1", "--out", "{tmp}/nej/x"], "findes ikke"),
        (["--shelter", "{id}", "--quarter", "2026-Q1", "--bogus"], "ukendte argumenter"),
    ],
)
def test_bad_arguments_exit_2_in_danish(
    world: DstWorld, tmp_path: Path, args: list[str], message: str
) -> None:
    values = {"id": str(world.shelter.pk), "out": str(tmp_path / "dst.txt"), "tmp": str(tmp_path)}
    ran = Ran(*(a.format(**values) for a in args))
    assert ran.code == 2
    assert message in ran.err
    assert ran.out == ""
    assert list(tmp_path.iterdir()) == []
    assert exports() == []


def test_on_the_command_line_a_blocked_file_exits_2_with_fejl(
    world: DstWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    Shelter.objects.filter(pk=world.shelter.pk).update(p_number="")
    out = tmp_path / "dst.txt"
    args = ["stats", "dst", "--shelter", str(world.shelter.pk), "--quarter", "2026-Q1"]
    with pytest.raises(SystemExit) as stopped:
        main([*args, "--out", str(out)])
    assert stopped.value.code == 2
    captured = capsys.readouterr()
    assert "Skal rettes: Boformen, P-nummer:" in captured.err
    assert "Fejl: 1 problem(er) skal rettes" in captured.err
    assert not any(cpr in captured.err for cpr in CPRS)
    assert captured.out == ""
    assert not out.exists()
    # Django closes the database connection after a command line run: nothing more is read here.
