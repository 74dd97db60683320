"""Danmarks Statistik's quarterly file from a shelter's stays, and the problems listed before it."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from hjemvej.core.errors import DomainError
from hjemvej.shelters.models import ExitDestination, ExitReason, PriorResidence, Shelter, Stay
from hjemvej.shelters.models import StayType as Type
from hjemvej.stats import dst_codes
from hjemvej.stats.dst import (
    HEADER,
    DstReport,
    Quarter,
    dst_report,
    file_lines,
    file_name,
    parse_quarter,
)
from tests import factories
from tests.stats.dst_world import CPRS, CVR, P_NUMBER, Q1, DstWorld, dst_world

pytestmark = pytest.mark.django_db
AFTER_Q1 = date(2026, 4, 1)
needs_sqlite = pytest.mark.skipif(
    connection.vendor == "postgresql",
    reason="PostgreSQL refuses overlapping stays itself (shelters 0002): this cannot be stored",
)


@pytest.fixture
def world() -> DstWorld:
    return dst_world()


def report_for(world: DstWorld, quarter: Quarter = Q1, today: date = factories.TODAY) -> DstReport:
    return dst_report(
        shelter=world.shelter,
        quarter=quarter,
        stays=Stay.objects.filter(shelter=world.shelter),
        today=today,
    )


def lines(world: DstWorld) -> list[str]:
    return "".join(file_lines(report_for(world))).split("\r\n")


def test_the_file_has_a_line_per_stay_admitted_or_discharged_in_the_quarter(
    world: DstWorld,
) -> None:
    anna, bo, _carl, dina, emil = CPRS
    assert lines(world) == [
        ";".join(HEADER),
        # Bo: admitted before the quarter, discharged in it by agreement to his own home.
        f"{CVR};{P_NUMBER};{bo};1;2025-12-01;2026-02-15;6;1;1",
        # Anna: admitted in the quarter and still there: no discharge, no exit yet.
        f"{CVR};{P_NUMBER};{anna};1;2026-01-10;;4;;",
        # Emil: discharged after the quarter, so not yet in this file's discharge.
        f"{CVR};{P_NUMBER};{emil};1;2026-02-01;;7;;",
        # Dina: efterforsorg is stay type 3; nothing told is »uoplyst«.
        f"{CVR};{P_NUMBER};{dina};3;2026-03-01;2026-03-20;uoplyst;uoplyst;uoplyst",
        # Søren, known only by an alias: his CPR number is »uoplyst«.
        f"{CVR};{P_NUMBER};uoplyst;1;2026-03-05;;4;;",
        "",
    ]


def test_a_stay_spanning_the_quarter_is_not_reported(world: DstWorld) -> None:
    # Carl was admitted before the quarter and discharged after it: DST asks for the
    # quarter's admissions and discharges, and his were reported in Q4 2025 and come in Q2.
    report = report_for(world)
    assert world.stays["spanning"].pk not in {row.stay_id for row in report.rows}
    assert CPRS[2] not in "".join(file_lines(report))
    q2 = report_for(world, Quarter(2026, 2))
    assert world.stays["spanning"].pk in {row.stay_id for row in q2.rows}


def test_the_quarter_boundaries_are_closed_open(world: DstWorld) -> None:
    last_day = factories.citizen(world.worker, first_name="Frida", cpr="0606661234")
    from hjemvej.shelters.services import stay_admit

    stay = stay_admit(
        actor=world.worker,
        citizen=last_day,
        shelter=world.shelter,
        admitted=date(2026, 3, 31),
        today=factories.TODAY,
    )
    assert stay.pk in {row.stay_id for row in report_for(world).rows}
    assert stay.pk not in {row.stay_id for row in report_for(world, Quarter(2026, 2)).rows}


def test_the_missing_answers_are_listed_but_do_not_block(world: DstWorld) -> None:
    report = report_for(world)
    found = {(p.stay_id, p.field, p.blocking) for p in report.problems}
    dina, alias = world.stays["aftercare"].pk, world.stays["alias"].pk
    assert found == {
        (dina, "prior_residence", False),
        (dina, "exit_reason", False),
        (dina, "exit_destination", False),
        (alias, "cpr", False),
    }
    assert report.blocking == ()


def test_a_shelter_without_cvr_or_p_number_blocks_the_file(world: DstWorld) -> None:
    Shelter.objects.filter(pk=world.shelter.pk).update(cvr_number="", p_number="")
    world.shelter.refresh_from_db()
    report = report_for(world)
    assert {(p.field, p.stay_id) for p in report.blocking} == {
        ("cvr_number", None),
        ("p_number", None),
    }
    with pytest.raises(DomainError, match="kan ikke dannes"):
        "".join(file_lines(report))


def test_a_quarter_not_yet_over_blocks_the_file(world: DstWorld) -> None:
    report = report_for(world, today=date(2026, 3, 31))
    assert [(p.field, p.message) for p in report.blocking] == [
        (
            "quarter",
            "1. kvartal 2026 slutter den 31.03.2026: filen kan dannes fra den 01.04.2026.",
        )
    ]
    assert report_for(world, today=AFTER_Q1).blocking == ()


@needs_sqlite
def test_an_open_stay_followed_by_a_new_admission_lacks_its_discharge(world: DstWorld) -> None:
    # Anna's stay is open, yet she was admitted again: DST would see two admissions in a row.
    again = Stay.objects.create(
        citizen=world.citizens["Anna"], shelter=world.shelter, admitted=date(2026, 3, 10)
    )
    problems = [p for p in report_for(world).blocking if p.field == "discharged"]
    assert [(p.stay_id, p.message) for p in problems] == [
        (
            world.stays["admitted"].pk,
            f"Opholdet er ikke udskrevet, men borgeren er indskrevet igen på boformen den "
            f"10.03.2026 (ophold nr. {again.pk}).",
        )
    ]


@needs_sqlite
def test_two_stays_of_one_citizen_sharing_a_night_overlap(world: DstWorld) -> None:
    bo = world.stays["discharged"]  # 01.12.2025–15.02.2026
    other = Stay.objects.create(
        citizen=world.citizens["Bo"],
        shelter=world.shelter,
        admitted=date(2026, 2, 14),
        discharged=date(2026, 2, 20),
        exit_reason=ExitReason.AGREEMENT,
        exit_destination=ExitDestination.OWN_HOME,
    )
    blocking = {(p.stay_id, p.field) for p in report_for(world).blocking}
    assert blocking == {(bo.pk, "admitted"), (other.pk, "admitted")}
    message = next(p.message for p in report_for(world).blocking if p.stay_id == bo.pk)
    assert message == (
        f"Opholdet overlapper ophold nr. {other.pk} (14.02.2026–20.02.2026) for samme borger."
    )


def test_a_problem_names_the_stay_and_the_field_never_the_cpr_number(world: DstWorld) -> None:
    Shelter.objects.filter(pk=world.shelter.pk).update(cvr_number="")
    world.shelter.refresh_from_db()
    texts = [p.text() for p in report_for(world).problems]
    aftercare = world.stays["aftercare"].pk
    assert f"Ophold nr. {aftercare} (indskrevet 01.03.2026), udflytningsforhold: " in "\n".join(
        texts
    )
    assert "Boformen, CVR-nummer: " in texts[0]
    assert not any(cpr in text for cpr in CPRS for text in texts)


@pytest.mark.parametrize(
    ("text", "quarter"),
    [
        ("2026-Q1", Quarter(2026, 1)),
        ("2026-K4", Quarter(2026, 4)),
        ("2021-q2", Quarter(2021, 2)),
        ("2026-Q5", None),
        ("2026-Q0", None),
        ("2020-Q4", None),
        ("26-Q1", None),
        ("2026Q1", None),
        ("", None),
    ],
)
def test_a_quarter_is_written_year_dash_q_and_number(text: str, quarter: Quarter | None) -> None:
    assert parse_quarter(text) == quarter


def test_a_quarter_is_closed_open() -> None:
    q4 = Quarter(2025, 4)
    assert (q4.start, q4.end, q4.label, q4.key) == (
        date(2025, 10, 1),
        date(2026, 1, 1),
        "4. kvartal 2025",
        "2025-K4",
    )
    assert Quarter.containing(date(2026, 1, 1)).previous() == q4


def test_the_file_name_names_the_shelter_and_quarter_not_a_person(world: DstWorld) -> None:
    assert file_name(report_for(world)) == f"dst-herberger-{P_NUMBER}-2026-K1.txt"


@pytest.mark.parametrize(
    ("table", "choices"),
    [
        (dst_codes.STAY_TYPE, Type),
        (dst_codes.PRIOR_RESIDENCE, PriorResidence),
        (dst_codes.EXIT_REASON, ExitReason),
        (dst_codes.EXIT_DESTINATION, ExitDestination),
    ],
)
def test_every_stored_choice_has_a_dst_code(
    table: dict[str, dst_codes.DstCode], choices: type
) -> None:
    assert set(table) == set(choices.values)  # type: ignore[attr-defined]
    codes = [entry.code for entry in table.values()]
    assert len(codes) == len(set(codes))  # two choices never share a code


def test_the_stay_types_are_dsts_published_codes() -> None:
    assert dst_codes.STAY_TYPE[Type.STAY] == dst_codes.DstCode("1", assumed=False)
    assert dst_codes.STAY_TYPE[Type.AFTERCARE] == dst_codes.DstCode("3", assumed=False)
