"""``hjemvej import records``: a CSV folder in, all or nothing, idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.citizens.models import ByNameListEvent, Citizen, HomelessnessSituation
from hjemvej.interchange.problems import ImportRefused
from hjemvej.interchange.read import read_source
from hjemvej.interchange.run import CREATED, UNCHANGED, UPDATED, Summary, records_import
from hjemvej.shelters.models import Shelter, ShelterRate, Stay
from hjemvej.support.models import Contact, SupportCourse
from tests import factories
from tests.interchange.helpers import CPR_A, small_folder, write_csv

pytestmark = pytest.mark.django_db

TODAY = factories.TODAY


def admin() -> User:
    """Return the importing administrator (made on first use)."""
    return User.objects.filter(username="admin").first() or factories.user("admin", Role.ADMIN)


def run_import(folder: Path, *, dry_run: bool = False) -> Summary:
    sheets, problems = read_source(folder)
    assert problems == []
    return records_import(
        actor=admin(),
        municipality=factories.municipality("751"),
        sheets=sheets,
        today=TODAY,
        dry_run=dry_run,
    )


@pytest.mark.parametrize("dialect", [";", ","])
def test_a_small_folder_comes_in(tmp_path: Path, dialect: str) -> None:
    summary = run_import(small_folder(tmp_path, dialect=dialect))
    assert summary.counts["borgere"][CREATED] == 2
    anna = Citizen.objects.get(first_name="Anna")
    assert anna.birth_date == date(1990, 1, 1)
    assert [s.situation for s in anna.situations.order_by("start")] == ["street", "shelter"]
    assert list(anna.list_events.values_list("date", flat=True)) == [date(2024, 2, 1)]
    shelter = Shelter.objects.get(name="Herberget Havnen")
    assert list(
        ShelterRate.objects.filter(shelter=shelter).values_list("daily_rate", flat=True)
    ) == [Decimal("1234.50"), Decimal("1300.00")]
    stays = list(Stay.objects.filter(citizen=anna).order_by("admitted"))
    assert stays[0].agreed_daily_rate == Decimal("1234.50")
    assert stays[1].discharged is None
    assert SupportCourse.objects.get(citizen=anna).monthly_cost == Decimal("1234.50")
    assert Contact.objects.get(citizen=anna).note == "Første besøg; god snak"
    assert anna.state.on_list
    assert Citizen.objects.get(alias="Søren fra banegården").situations.count() == 1


def test_a_second_import_changes_nothing(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    run_import(folder)
    entries = AuditEntry.objects.count()
    again = run_import(folder)
    for sheet, counts in again.counts.items():
        assert counts[CREATED] == counts[UPDATED] == 0, sheet
    assert again.counts["ophold"][UNCHANGED] == 2
    assert AuditEntry.objects.count() == entries
    assert Citizen.objects.count() == 2
    assert HomelessnessSituation.objects.count() == 3
    assert ByNameListEvent.objects.count() == 2


def test_a_corrected_file_updates_what_changed(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    run_import(folder)
    write_csv(
        folder,
        "ophold",
        [
            {
                "ekstern_id": "O1",
                "borger": "P1",
                "boform": "B1",
                "indskrevet": "10.03.2024",
                "udskrevet": "02.06.2024",
                "aftalt_takst": "1234,50",
            },
            {"ekstern_id": "O2", "borger": "P1", "boform": "B1", "indskrevet": "01.09.2024"},
        ],
    )
    summary = run_import(folder)
    assert summary.counts["ophold"][UPDATED] == 1
    assert summary.counts["ophold"][UNCHANGED] == 1
    assert Stay.objects.filter(discharged=date(2024, 6, 2)).count() == 1


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    summary = run_import(small_folder(tmp_path), dry_run=True)
    assert summary.counts["borgere"][CREATED] == 2
    assert Citizen.objects.count() == 0
    assert "ville blive oprettet" in summary.lines()[1]


def test_the_citizen_is_found_by_cpr(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    run_import(folder)
    write_csv(
        folder,
        "borgere",
        [
            {
                "ekstern_id": "NY-ID",
                "cpr": CPR_A.replace("-", ""),
                "fornavn": "Anna",
                "efternavn": "Andersen-Berg",
                "koen": "Kvinde",
            },
            {"ekstern_id": "P2", "alias": "Søren fra banegården", "koen": "Mand"},
        ],
    )
    for sheet in ("situationer", "ophold", "stoetteforloeb", "kontakter", "hjemloeshedsliste"):
        (folder / f"{sheet}.csv").unlink()
    summary = run_import(folder)
    assert summary.counts["borgere"][UPDATED] == 1
    assert Citizen.objects.filter(last_name="Andersen-Berg").count() == 1
    assert Citizen.objects.count() == 2


def problems_of(folder: Path) -> list[str]:
    with pytest.raises(ImportRefused) as refused:
        run_import(folder)
    assert Citizen.objects.count() == 0
    return [str(p) for p in refused.value.problems]


def test_every_refusal_is_listed_at_once(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "borgere",
        [
            {"ekstern_id": "P1", "cpr": "320190-1234", "fornavn": "Anna"},
            {"ekstern_id": "P2", "alias": "Søren"},
            {"ekstern_id": "P2", "alias": "Søren igen"},
        ],
    )
    write_csv(
        folder,
        "situationer",
        [
            {"ekstern_id": "S3", "borger": "P2", "situation": "Sofasover", "fra": "06/13/2025"},
        ],
    )
    write_csv(
        folder,
        "kontakter",
        [{"ekstern_id": "K1", "borger": "P1", "dato": "02.07.2024"}],
        header=["ekstern_id", "borger", "dato", "med_hvem", "notat", "forloeb"],
    )
    found = problems_of(folder)
    assert found == [
        "ark borgere, række 2, kolonne cpr: CPR-nummerets datodel er ikke en gyldig fødselsdato.",
        "ark borgere, række 4, kolonne ekstern_id: 'P2' står også i række 3; et ekstern_id må "
        "kun stå én gang i arket",
        "ark kontakter, række 1, kolonne kontaktform: kolonnen mangler",
        "ark situationer, række 2, kolonne fra: '06/13/2025' er ikke en dato; skriv dd.mm.åååå "
        "(dag før måned) eller ÅÅÅÅ-MM-DD",
    ]
    assert not any("320190" in problem for problem in found)  # no CPR number in a message


def test_overlapping_stays_and_an_unknown_shelter_are_refused(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "ophold",
        [
            {
                "ekstern_id": "O1",
                "borger": "P1",
                "boform": "B1",
                "indskrevet": "10.03.2024",
                "udskrevet": "01.06.2024",
            },
            {"ekstern_id": "O2", "borger": "P1", "boform": "B1", "indskrevet": "31.05.2024"},
            {"ekstern_id": "O3", "borger": "P2", "boform": "B9", "indskrevet": "01.07.2025"},
        ],
    )
    assert problems_of(folder) == [
        "ark ophold, række 3, kolonne indskrevet: overlapper opholdet i række 2",
        "ark ophold, række 4, kolonne boform: 'B9' findes hverken i arket boformer eller fra en "
        "tidligere indlæsning",
    ]


def test_a_stay_that_overlaps_one_already_recorded_is_refused(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    run_import(folder)
    soeren = Citizen.objects.get(alias="Søren fra banegården")
    Stay.objects.create(  # recorded by hand, not by an import
        citizen=soeren,
        shelter=Shelter.objects.get(),
        admitted=date(2025, 7, 1),
        discharged=date(2025, 7, 10),
    )
    write_csv(
        folder,
        "ophold",
        [
            {
                "ekstern_id": "O1",
                "borger": "P1",
                "boform": "B1",
                "indskrevet": "10.03.2024",
                "udskrevet": "01.06.2024",
                "aftalt_takst": "1234,50",
            },
            {"ekstern_id": "O2", "borger": "P1", "boform": "B1", "indskrevet": "01.09.2024"},
            {"ekstern_id": "O3", "borger": "P2", "boform": "B1", "indskrevet": "09.07.2025"},
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        run_import(folder)
    assert [str(p) for p in refused.value.problems] == [
        "ark ophold, række 4, kolonne indskrevet: overlapper opholdet på Herberget Havnen fra "
        "01.07.2025",
    ]
    assert soeren.stays.count() == 1


def test_a_decimal_point_in_the_danish_dialect_is_refused(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "stoetteforloeb",
        [
            {
                "ekstern_id": "F1",
                "borger": "P1",
                "indsats": "Bostøtte (§ 85)",
                "afgoerelse": "01.07.2024",
                "start": "01.07.2024",
                "udgift_pr_maaned": "1234.50",
            },
        ],
    )
    assert problems_of(folder) == [
        "ark stoetteforloeb, række 2, kolonne udgift_pr_maaned: '1234.50' er ikke et beløb; "
        "skriv fx 1234,50 (komma som decimaltegn)",
    ]


def test_a_service_refusal_names_the_row(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "stoetteforloeb",
        [
            {
                "ekstern_id": "F1",
                "borger": "P1",
                "indsats": "Bostøtte (§ 85)",
                "afgoerelse": "01.07.2024",
                "start": "01.07.2024",
                "slut": "01.06.2024",
            },
        ],
    )
    found = problems_of(folder)
    assert found[0] == (
        "ark stoetteforloeb, række 2, kolonne slut: Forløbet kan ikke slutte før det begynder."
    )


def test_cp1252_is_read(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "borgere",
        [
            {"ekstern_id": "P1", "cpr": CPR_A, "fornavn": "Åse", "efternavn": "Ø"},
            {"ekstern_id": "P2", "alias": "Søren"},
        ],
        encoding="cp1252",
    )
    run_import(folder)
    assert Citizen.objects.filter(first_name="Åse", last_name="Ø").exists()


def test_no_cpr_number_and_no_choice_text_is_repeated(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "borgere",
        [
            {"ekstern_id": "0101901234", "fornavn": "Anna", "foedselsdato": "010190-1234"},
            {"ekstern_id": "P2", "alias": "Søren", "koen": "løsladt i går"},
        ],
    )
    found = problems_of(folder)
    assert found[:3] == [
        "ark borgere, række 2, kolonne ekstern_id: et ekstern_id må ikke være et CPR-nummer",
        "ark borgere, række 2, kolonne foedselsdato: '[cpr]' er ikke en dato; skriv dd.mm.åååå "
        "(dag før måned) eller ÅÅÅÅ-MM-DD",
        "ark borgere, række 3, kolonne koen: ikke et af valgene: Kvinde; Mand; Andet; Uoplyst",
    ]
    assert not any("0101901234" in p or "løsladt" in p for p in found)


def test_excel_dates_numbers_and_a_cpr_number_without_its_leading_zero(tmp_path: Path) -> None:
    import io

    from openpyxl import load_workbook

    from hjemvej.interchange.read import read_workbook
    from tests.interchange.helpers import folder_to_xlsx

    book = load_workbook(io.BytesIO(folder_to_xlsx(small_folder(tmp_path))))
    people = book["borgere"]
    people["B2"] = 101901234  # Excel made the CPR number 010190-1234 a number
    stays = book["ophold"]
    stays["D2"] = date(2024, 3, 10)  # a real Excel date
    stays["J2"] = 1234.5  # a number, not text
    out = io.BytesIO()
    book.save(out)
    sheets, problems = read_workbook(io.BytesIO(out.getvalue()))
    assert problems == []
    records_import(
        actor=admin(), municipality=factories.municipality("751"), sheets=sheets, today=TODAY
    )
    anna = Citizen.objects.get(first_name="Anna")
    assert anna.birth_date == date(1990, 1, 1)
    first = Stay.objects.filter(citizen=anna).order_by("admitted").first()
    assert first is not None
    assert first.agreed_daily_rate == Decimal("1234.50")


def test_two_rows_may_not_be_one_record(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "boformer",
        [
            {
                "ekstern_id": "B1",
                "navn": "Havnen",
                "kommune": "751",
                "driftsform": "Kommunal/regional",
                "pladser": "20",
                "p_nummer": "1003388394",
            },
            {
                "ekstern_id": "B2",
                "navn": "Havnen igen",
                "kommune": "751",
                "driftsform": "Kommunal/regional",
                "pladser": "20",
                "p_nummer": "1003388394",
            },
        ],
    )
    found = problems_of(folder)
    assert found == ["ark boformer, række 3: En anden boform har allerede dette P-nummer."]
