"""The sheets ``botilbud`` (§ 107 stays) and ``risici`` (risks of homelessness) in the import.

A citizen only at risk comes in with no situation and no list entry; each row goes through the
services' checks; a problem names the sheet, row and column and nothing is written; the same
file again changes nothing.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from hjemvej.accounts.models import AuditEntry
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    HomelessnessSituation,
    RiskOfHomelessness,
)
from hjemvej.citizens.selectors import only_at_risk
from hjemvej.interchange.run import CREATED, UNCHANGED, UPDATED
from hjemvej.support.models import BotilbudStay
from tests.interchange.helpers import small_folder, write_csv
from tests.interchange.test_import import problems_of, run_import

pytestmark = pytest.mark.django_db

RISKS = [
    {
        "ekstern_id": "R1",
        "borger": "P3",
        "risiko": "Varsel om udsættelse eller ophævelse",
        "registreret": "01.09.2025",
        "forventet": "01.11.2025",
        "bemaerkning": "huslejerestance",
    },
    {
        "ekstern_id": "R2",
        "borger": "P3",
        "risiko": "Andet",
        "registreret": "01.02.2025",
        "afsluttet": "01.04.2025",
        "udfald": "Afværget (beholdt eller fik bolig)",
    },
    {"ekstern_id": "R3", "borger": "P1", "risiko": "eviction", "registreret": "01.01.2024"},
]
BOTILBUD = [
    {
        "ekstern_id": "T1",
        "borger": "P1",
        "botilbud": "Botilbuddet Åbo",
        "afgoerelse": "15.05.2024",
        "start": "01.06.2024",
        "slut": "01.09.2024",
        "udgift_pr_maaned": "42.000,50",
        "notat": "efter udskrivning",
    },
    {
        "ekstern_id": "T2",
        "borger": "P3",
        "botilbud": "Skovly",
        "afgoerelse": "01.10.2025",
        "start": "01.10.2025",
    },
]


def prevention_folder(folder: Path) -> Path:
    """The small folder with a third citizen only at risk, risks and § 107 stays."""
    small_folder(folder)
    write_csv(
        folder,
        "borgere",
        [
            {"ekstern_id": "P1", "cpr": "010190-1234", "fornavn": "Anna", "koen": "Kvinde"},
            {"ekstern_id": "P2", "alias": "Søren fra banegården", "koen": "Mand"},
            {"ekstern_id": "P3", "fornavn": "Rasmus", "efternavn": "Risiko"},
        ],
    )
    write_csv(folder, "risici", RISKS)
    write_csv(folder, "botilbud", BOTILBUD)
    return folder


def test_a_citizen_only_at_risk_comes_in_with_risks_and_stays(tmp_path: Path) -> None:
    summary = run_import(prevention_folder(tmp_path))
    assert summary.counts["borgere"][CREATED] == 3
    assert summary.counts["risici"][CREATED] == 3
    assert summary.counts["botilbud"][CREATED] == 2
    rasmus = Citizen.objects.get(first_name="Rasmus")
    assert Citizen.objects.filter(only_at_risk()).get() == rasmus
    assert not HomelessnessSituation.objects.filter(citizen=rasmus).exists()
    assert not ByNameListEvent.objects.filter(citizen=rasmus).exists()
    assert not rasmus.state.on_list
    # the acting municipality from the first risk noted
    assert rasmus.acting_periods.get().valid_from == date(2025, 2, 1)
    risks = {r.noted_on: r for r in RiskOfHomelessness.objects.filter(citizen=rasmus)}
    assert risks[date(2025, 2, 1)].ended_on == date(2025, 4, 1)
    assert risks[date(2025, 2, 1)].outcome == "averted"
    assert risks[date(2025, 9, 1)].expected_on == date(2025, 11, 1)
    assert RiskOfHomelessness.objects.filter(citizen__first_name="Anna").count() == 1
    stay = BotilbudStay.objects.get(citizen__first_name="Anna")
    assert (stay.provider, stay.monthly_cost) == ("Botilbuddet Åbo", Decimal("42000.50"))
    assert BotilbudStay.objects.get(citizen=rasmus).end is None
    # every record audited as created, never naming the kind of risk
    risk_entries = AuditEntry.objects.filter(object_type="citizens.RiskOfHomelessness")
    assert risk_entries.count() == 3
    assert all("kind" not in str(entry.detail) for entry in risk_entries)
    assert AuditEntry.objects.filter(object_type="support.BotilbudStay").count() == 2


def test_the_same_file_again_changes_nothing_and_a_change_is_corrected(tmp_path: Path) -> None:
    folder = prevention_folder(tmp_path)
    run_import(folder)
    entries = AuditEntry.objects.count()
    again = run_import(folder)
    for sheet, counts in again.counts.items():
        assert counts[CREATED] == counts[UPDATED] == 0, sheet
    assert again.counts["risici"][UNCHANGED] == 3
    assert again.counts["botilbud"][UNCHANGED] == 2
    assert AuditEntry.objects.count() == entries
    write_csv(
        folder,
        "risici",
        [{**RISKS[0], "afsluttet": "01.12.2025", "udfald": "Blev hjemløs"}, *RISKS[1:]],
    )
    write_csv(folder, "botilbud", [BOTILBUD[0], {**BOTILBUD[1], "slut": "01.12.2025"}])
    changed = run_import(folder)
    assert (changed.counts["risici"][UPDATED], changed.counts["botilbud"][UPDATED]) == (1, 1)
    assert RiskOfHomelessness.objects.get(noted_on=date(2025, 9, 1)).outcome == "became_homeless"
    assert BotilbudStay.objects.get(provider="Skovly").end == date(2025, 12, 1)


def test_a_new_citizen_needs_a_situation_or_a_risk(tmp_path: Path) -> None:
    folder = prevention_folder(tmp_path)
    write_csv(folder, "risici", RISKS[2:])
    assert problems_of(folder) == [
        "ark borgere, række 4, kolonne ekstern_id: en ny borger skal have mindst én situation i "
        "arket situationer eller en risiko i arket risici",
    ]


def test_every_problem_names_sheet_row_and_column_and_nothing_is_written(tmp_path: Path) -> None:
    folder = prevention_folder(tmp_path)
    write_csv(
        folder,
        "risici",
        [
            RISKS[0],
            {**RISKS[1], "udfald": ""},
            RISKS[2],
        ],
    )
    write_csv(
        folder,
        "botilbud",
        [
            {**BOTILBUD[0], "slut": "01.05.2024"},
            {**BOTILBUD[1], "borger": "P2"},
            {
                **BOTILBUD[1],
                "ekstern_id": "T3",
                "borger": "P2",
                "start": "01.11.2025",
                "afgoerelse": "01.11.2025",
            },
            {**BOTILBUD[1], "ekstern_id": "T4", "borger": "P9"},
        ],
    )
    found = problems_of(folder)
    assert found == [
        "ark botilbud, række 2, kolonne slut: Opholdet skal slutte efter det begynder (slut er "
        "den første dag uden ophold).",
        "ark botilbud, række 4, kolonne start: overlapper opholdet i række 3",
        "ark botilbud, række 5, kolonne borger: 'P9' findes hverken i arket borgere eller fra en "
        "tidligere indlæsning",
        "ark risici, række 3, kolonne udfald: Vælg hvordan risikoen endte.",
    ]
    assert RiskOfHomelessness.objects.count() == 0
    assert BotilbudStay.objects.count() == 0


def test_an_unknown_kind_of_risk_is_named_and_not_repeated(tmp_path: Path) -> None:
    folder = prevention_folder(tmp_path)
    write_csv(folder, "risici", [*RISKS[:2], {**RISKS[2], "risiko": "Fængsel"}])
    found = problems_of(folder)
    assert found == [
        "ark risici, række 4, kolonne risiko: ikke et af valgene: "
        "Varsel om udsættelse eller ophævelse; Løsladelse uden boligløsning; "
        "Udskrivning fra hospital eller psykiatri uden bolig; Anbragt, der fylder 18 år; Andet",
    ]
    assert not any("Fængsel" in problem for problem in found)  # a choice's text is not repeated


def test_a_risk_in_the_future_is_named_on_its_own_row(tmp_path: Path) -> None:
    folder = prevention_folder(tmp_path)
    write_csv(
        folder,
        "risici",
        [
            *RISKS,
            {"ekstern_id": "R4", "borger": "P1", "risiko": "Andet", "registreret": "01.01.2099"},
        ],
    )
    assert problems_of(folder) == [
        "ark risici, række 5, kolonne registreret: Datoen for registreringen kan ikke ligge i "
        "fremtiden.",
    ]
