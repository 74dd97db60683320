"""The import holds situations, stays and list events to the rules their services hold.

Each test names a rule a service (``stay_admit``, ``stay_update``, ``stay_discharge``,
``situation_end``, ``list_leave``/``list_ensure``) enforces and that the import's own copies of
the rules once missed.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hjemvej.accounts.models import AuditAction, AuditEntry
from hjemvej.core.bounds import AUDIT_KEY, bound_oere
from hjemvej.interchange.run import CREATED
from hjemvej.rules.parameters import exact_kroner
from hjemvej.shelters.models import ExitDestination, ExitReason, Stay
from tests.interchange.helpers import small_folder, write_csv
from tests.interchange.test_import import problems_of, run_import

pytestmark = pytest.mark.django_db

FIRST = {
    "ekstern_id": "O1",
    "borger": "P1",
    "boform": "B1",
    "indskrevet": "10.03.2024",
    "udskrevet": "01.06.2024",
}
SECOND = {"ekstern_id": "O2", "borger": "P1", "boform": "B1", "indskrevet": "01.09.2024"}


def kroner(oere: int) -> str:
    """The amount as the Danish dialect writes it."""
    return f"{oere // 100},{oere % 100:02d}"


def with_stays(tmp_path: Path, *first: dict[str, str]) -> Path:
    folder = small_folder(tmp_path)
    write_csv(folder, "ophold", [{**FIRST, **extra} for extra in first] + [SECOND])
    return folder


def test_a_reduced_own_payment_above_the_statutory_one_is_refused(tmp_path: Path) -> None:
    statutory = bound_oere("shelter.own_payment.daily", date(2024, 3, 10))
    folder = with_stays(
        tmp_path,
        {"egenbetaling": "Nedsat efter afgørelse", "nedsat_egenbetaling": kroner(statutory + 100)},
    )
    assert problems_of(folder) == [
        "ark ophold, række 2, kolonne nedsat_egenbetaling: Den nedsatte egenbetaling kan højst "
        f"være den lovbestemte egenbetaling, {exact_kroner(statutory)} pr. døgn den 10.03.2024.",
    ]


def test_a_negative_reduced_own_payment_names_its_own_column(tmp_path: Path) -> None:
    folder = with_stays(
        tmp_path, {"egenbetaling": "Nedsat efter afgørelse", "nedsat_egenbetaling": "-1,00"}
    )
    assert problems_of(folder) == [
        "ark ophold, række 2, kolonne nedsat_egenbetaling: Beløbet kan ikke være negativt.",
    ]


def test_an_agreed_rate_above_the_maximum_is_refused(tmp_path: Path) -> None:
    maximum = bound_oere("bounds.shelter.daily_rate.max", date(2024, 3, 10))
    folder = with_stays(tmp_path, {"aftalt_takst": kroner(maximum + 1)})
    found = problems_of(folder)
    assert len(found) == 1
    assert found[0].startswith(
        f"ark ophold, række 2, kolonne aftalt_takst: Taksten kan højst være {exact_kroner(maximum)}"
    )


def test_an_agreed_rate_above_the_usual_bound_is_taken_as_confirmed(tmp_path: Path) -> None:
    """As the shelters' rates: it was set in the source system; the audit entry says so."""
    usual = bound_oere("bounds.shelter.daily_rate.usual", date(2024, 3, 10))
    folder = with_stays(tmp_path, {"aftalt_takst": kroner(usual + 100)})
    summary = run_import(folder)
    assert summary.counts["ophold"][CREATED] == 2
    stay = Stay.objects.get(admitted=date(2024, 3, 10))
    entry = AuditEntry.objects.get(
        action=AuditAction.CREATE, object_type="shelters.Stay", object_id=str(stay.pk)
    )
    assert entry.detail[AUDIT_KEY] == [
        {"field": "agreed_daily_rate", "bound": "bounds.shelter.daily_rate.usual"}
    ]


def test_a_discharged_stay_without_an_exit_gets_unknown_as_a_discharge_does(
    tmp_path: Path,
) -> None:
    run_import(with_stays(tmp_path, {}))
    stay = Stay.objects.get(admitted=date(2024, 3, 10))
    assert (stay.exit_reason, stay.exit_destination) == (
        ExitReason.UNKNOWN,
        ExitDestination.UNKNOWN,
    )


def test_an_open_stay_with_an_exit_is_refused(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(folder, "ophold", [FIRST, {**SECOND, "udflytningsforhold": "Efter aftale"}])
    assert problems_of(folder) == [
        "ark ophold, række 3, kolonne udflytningsforhold: Et ophold uden udskrivningsdato har "
        "intet udflytningsforhold; angiv udskrivningsdatoen eller slet udflytningsforholdet.",
    ]


def test_a_situation_may_not_end_in_the_future(tmp_path: Path) -> None:
    folder = small_folder(tmp_path)
    write_csv(
        folder,
        "situationer",
        [
            {
                "ekstern_id": "S1",
                "borger": "P1",
                "situation": "Gadesover",
                "fra": "01.02.2024",
                "til": "10.03.2024",
            },
            {
                "ekstern_id": "S2",
                "borger": "P1",
                "situation": "Boform efter § 110",
                "fra": "2024-03-10",
            },
            {
                "ekstern_id": "S3",
                "borger": "P2",
                "situation": "Sofasover",
                "fra": "5-6-2025",
                "til": "01.01.2099",
            },
        ],
    )
    assert problems_of(folder) == [
        "ark situationer, række 4, kolonne til: Slutdatoen kan ikke ligge i fremtiden.",
    ]


def test_the_list_events_alternate_from_an_entry(tmp_path: Path) -> None:
    """``list_ensure`` enters only a citizen off the list; ``list_leave`` takes one on it off."""
    folder = small_folder(tmp_path)
    entered = {"haendelse": "Kommet på listen", "aarsag": "Nyidentificeret"}
    write_csv(
        folder,
        "hjemloeshedsliste",
        [
            {"ekstern_id": "L1", "borger": "P1", "dato": "01.02.2024", **entered},
            {"ekstern_id": "L3", "borger": "P1", "dato": "01.03.2024", **entered},
            {
                "ekstern_id": "L2",
                "borger": "P2",
                "dato": "05.06.2025",
                "haendelse": "Gået af listen",
                "aarsag": "Har fået bolig",
            },
        ],
    )
    assert problems_of(folder) == [
        "ark hjemloeshedsliste, række 3, kolonne haendelse: Borgeren er allerede på listen "
        "(række 2); en ny hændelse skal være »Gået af listen«.",
        "ark hjemloeshedsliste, række 4, kolonne haendelse: Borgeren er ikke på listen; den "
        "første hændelse skal være »Kommet på listen«.",
    ]
