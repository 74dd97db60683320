"""``hjemvej export stays``: the reimbursement command's input, with pseudonyms only."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import Citizen
from hjemvej.cli import main
from hjemvej.shelters.models import Operator, OwnPayment, Shelter, StayType
from hjemvej.shelters.services import shelter_rate_set, stay_admit, stay_discharge
from hjemvej.stays_csv import COLUMNS
from tests import factories

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY
CPR = "0101901234"


@pytest.fixture
def actor() -> User:
    return factories.user("sagsbehandler", Role.CASE_WORKER)


@pytest.fixture
def people(actor: User) -> dict[str, Citizen]:
    """Three citizens with five stays: two acting municipalities, every kind of own payment."""
    aarhus = factories.shelter("Herberget Aarhus", rate="1500.00")
    shelter_rate_set(
        actor=actor, shelter=aarhus, valid_from=date(2025, 1, 1), daily_rate=Decimal("1600.00")
    )
    randers = factories.shelter("Herberget Randers", code="730", rate="1800.00")
    anna = factories.citizen(actor, first_name="Anna", last_name="Hjemløsesen", cpr=CPR)
    bo = factories.citizen(actor, first_name="Bo", last_name="Bentsen")
    carl = factories.citizen(actor, first_name="Carl", last_name="Carlsen", code="730")

    def stay(
        citizen: Citizen, shelter: Shelter, admitted: date, discharged: date | None, **kw: Any
    ) -> None:
        made = stay_admit(
            actor=actor, citizen=citizen, shelter=shelter, admitted=admitted, today=TODAY, **kw
        )
        if discharged is not None:
            stay_discharge(actor=actor, stay=made, discharged=discharged, today=TODAY)

    stay(anna, aarhus, date(2024, 3, 1), date(2024, 6, 1))
    stay(anna, aarhus, date(2024, 12, 20), date(2025, 1, 10))  # across the rate change
    stay(anna, randers, date(2026, 10, 1), None, own_payment=OwnPayment.WAIVED)
    stay(
        bo,
        aarhus,
        date(2026, 2, 1),
        date(2026, 3, 1),
        agreed_daily_rate=Decimal("2000.00"),
        own_payment=OwnPayment.REDUCED,
        own_payment_reduced=Decimal("50.50"),
    )
    stay(
        bo,
        aarhus,
        date(2026, 3, 1),
        date(2026, 6, 1),
        agreed_daily_rate=Decimal("2000.00"),
        stay_type=StayType.AFTERCARE,
    )
    stay(carl, randers, date(2025, 5, 5), date(2025, 5, 6))
    return {"anna": anna, "bo": bo, "carl": carl}


def export(out: Path, *args: str) -> str:
    printed = StringIO()
    call_command("export", "stays", "--out", str(out), *args, stdout=printed)
    return printed.getvalue()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_stay_in_the_reimbursement_format(people: dict[str, Citizen], tmp_path: Path) -> None:
    out = tmp_path / "ophold.csv"
    assert "Skrev 6 ophold for 3 borgere" in export(out)
    text = out.read_text(encoding="utf-8")
    assert text.splitlines()[0] == ",".join([*COLUMNS, "stay_type"])
    anna, bo, carl = (people[k].pseudonym for k in ("anna", "bo", "carl"))
    got = [
        (
            r["citizen_id"],
            r["admitted"],
            r["discharged"],
            r["daily_rate"],
            r["own_payment"],
            r["stay_type"],
        )
        for r in rows(out)
    ]
    assert got == [
        (anna, "2024-03-01", "2024-06-01", "1500.00", "", "ophold"),
        (anna, "2024-12-20", "2025-01-10", "1500.00", "", "ophold"),
        (anna, "2026-10-01", "", "1800.00", "0", "ophold"),
        (bo, "2026-02-01", "2026-03-01", "2000.00", "50.50", "ophold"),
        (bo, "2026-03-01", "2026-06-01", "2000.00", "", "efterforsorg"),
        (carl, "2025-05-05", "2025-05-06", "1800.00", "", "ophold"),
    ]
    assert len({r["stay_id"] for r in rows(out)}) == 6


def test_pseudonyms_only(people: dict[str, Citizen], tmp_path: Path) -> None:
    out = tmp_path / "ophold.csv"
    export(out)
    text = out.read_text(encoding="utf-8")
    for citizen in people.values():
        assert citizen.first_name not in text
        assert citizen.last_name not in text
        assert str(citizen.pk) not in {r["citizen_id"] for r in rows(out)}
    assert CPR not in text
    assert CPR[:6] not in text


def test_one_municipality(people: dict[str, Citizen], tmp_path: Path) -> None:
    out = tmp_path / "aarhus.csv"
    export(out, "--municipality", "751")
    assert {r["citizen_id"] for r in rows(out)} == {
        people["anna"].pseudonym,
        people["bo"].pseudonym,
    }
    with pytest.raises(CommandError, match="ingen kommune med koden '123'"):
        export(tmp_path / "x.csv", "--municipality", "123")


def test_the_reimbursement_command_ignores_the_stay_type(
    people: dict[str, Citizen], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The same file without the column ``stay_type`` gives the same results, byte for byte."""
    stays = tmp_path / "ophold.csv"
    export(stays)
    without = tmp_path / "uden.csv"
    with stays.open(encoding="utf-8", newline="") as handle:
        read = list(csv.reader(handle))
    with without.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(row[:-1] for row in read)
    assert read[0][-1] == "stay_type"
    outputs = []
    for name in (stays, without):
        result = tmp_path / f"refusion-{name.stem}.csv"
        code = main(
            ["reimbursement", str(name), "--as-of", TODAY.isoformat(), "--out", str(result)]
        )
        assert code == 0, capsys.readouterr().err
        outputs.append(result.read_bytes())
    assert outputs[0] == outputs[1]


def test_the_reimbursement_command_reads_the_export(
    people: dict[str, Citizen], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stays, results = tmp_path / "ophold.csv", tmp_path / "refusion.csv"
    export(stays)
    assert "stay_type" in rows(stays)[0]  # a column the reimbursement command does not use
    code = main(["reimbursement", str(stays), "--as-of", TODAY.isoformat(), "--out", str(results)])
    assert code == 0, capsys.readouterr().err
    computed = rows(results)
    assert len(computed) == 6
    assert {r["citizen_id"] for r in computed} == {c.pseudonym for c in people.values()}
    by_id = {r["stay_id"]: r for r in computed}
    open_stay = next(r for r in rows(stays) if r["discharged"] == "")
    assert by_id[open_stay["stay_id"]]["days"] == str((TODAY - date(2026, 10, 1)).days)


def test_the_export_is_logged_and_written_whole(people: dict[str, Citizen], tmp_path: Path) -> None:
    out = tmp_path / "ophold.csv"
    export(out)
    logged = AuditEntry.objects.get(action=AuditAction.EXPORT)  # one entry naming them all
    assert set(logged.citizen_ids) == {c.pk for c in people.values()}
    assert logged.user is None
    assert logged.username.startswith("kommandolinjen")
    for citizen in people.values():
        assert audit.entries_about(citizen.pk).filter(action=AuditAction.EXPORT).exists()
    assert [p.name for p in tmp_path.iterdir()] == ["ophold.csv"]  # no temporary file left


def test_nothing_is_written_when_a_rate_is_missing(actor: User, tmp_path: Path) -> None:
    unrated = Shelter.objects.create(
        name="Uden takst", municipality=factories.municipality(), operator=Operator.PUBLIC, places=5
    )
    citizen = factories.citizen(actor)
    stay_admit(
        actor=actor, citizen=citizen, shelter=unrated, admitted=date(2026, 6, 1), today=TODAY
    )
    out = tmp_path / "ophold.csv"
    with pytest.raises(CommandError, match="1 ophold har hverken en aftalt takst"):
        export(out)
    assert list(tmp_path.iterdir()) == []
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_missing_folder_is_refused(people: dict[str, Citizen], tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="findes ikke"):
        export(tmp_path / "mangler" / "ophold.csv")
