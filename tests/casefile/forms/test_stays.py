"""Admitting, discharging and correcting stays through the forms, and admitting a new citizen."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role
from hjemvej.citizens.models import (
    Citizen,
    Situation,
)
from hjemvej.shelters.models import ExitDestination, ExitReason, Stay
from tests import factories
from tests.casefile.forms.world import (
    CPR,
    World,
    as_user,
    back_at_home,
    messages_of,
    url,
)

pytestmark = pytest.mark.django_db


def test_shelter_staff_admit_only_to_their_own_shelter(client: Client, world: World) -> None:
    back_at_home(world)  # in the staff's scope
    as_user(client, world, Role.SHELTER_STAFF)
    html = client.get(url("stay_admit", world)).content.decode()
    assert "Herberget i Aarhus" in html
    assert "Forsorgshjemmet i Roskilde" not in html
    response = client.post(
        url("stay_admit", world),
        {
            "shelter": world.away.pk,
            "admitted": "2026-11-20",
            "stay_type": "stay",
            "prior_residence": "unknown",
            "own_payment": "statutory",
        },
    )
    assert "Vælg en af mulighederne på listen." in response.content.decode()


def test_a_stay_is_admitted_discharged_and_corrected(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    discharged = client.post(
        url("stay_discharge", world, stay_pk=world.away_stay.pk),
        {
            "discharged": "2026-11-01",
            "exit_reason": ExitReason.AGREEMENT,
            "exit_destination": ExitDestination.OWN_HOME,
        },
        follow=True,
    )
    assert messages_of(discharged) == [
        "Borgeren er udskrevet fra Forsorgshjemmet i Roskilde. "
        "Borgeren er ikke længere på by-name-listen: har fået bolig."
    ]
    world.away_stay.refresh_from_db()
    assert world.away_stay.discharged == date(2026, 11, 1)
    admitted = client.post(
        url("stay_admit", world),
        {
            "shelter": world.home.pk,
            "admitted": "2026-11-01",
            "stay_type": "stay",
            "prior_residence": "other_shelter",
            "own_payment": "reduced",
            "own_payment_reduced": "50,00",
            "agreed_daily_rate": "1.234,50",
        },
    )
    assert admitted.status_code == 302
    stay = Stay.objects.get(citizen=world.citizen, admitted=date(2026, 11, 1))
    assert (stay.agreed_daily_rate, stay.own_payment_reduced) == (
        Decimal("1234.50"),
        Decimal("50.00"),
    )
    edit = client.get(url("stay_edit", world, stay_pk=stay.pk)).content.decode()
    assert 'value="1.234,50"' in edit
    corrected = client.post(
        url("stay_edit", world, stay_pk=stay.pk),
        {
            "admitted": "2026-11-01",
            "discharged": "",
            "stay_type": "stay",
            "prior_residence": "other_shelter",
            "own_payment": "statutory",
            "agreed_daily_rate": "",
            "notified_on": "2026-11-03",
            "exit_reason": "",
            "exit_destination": "",
        },
    )
    assert corrected.status_code == 302
    stay.refresh_from_db()
    assert (stay.notified_on, stay.agreed_daily_rate) == (date(2026, 11, 3), None)


def test_an_overlapping_admission_is_refused_in_danish(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("stay_admit", world),
        {
            "shelter": world.home.pk,
            "admitted": "2026-11-01",
            "stay_type": "stay",
            "prior_residence": "unknown",
            "own_payment": "statutory",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'id="id_admitted_error">.*allerede indskrevet på Forsorgshjemmet i Roskilde', html
    )


@pytest.mark.parametrize(
    ("destination", "said"),
    [
        ("street", "Borgerens hjemløshedssituation er gadesover fra 01.11.2026."),
        (
            "unknown",
            "Hvor borgeren er flyttet hen, er uoplyst: sagsbehandleren har fået en opgave om at "
            "finde ud af det.",
        ),
    ],
)
def test_the_discharge_says_where_it_left_the_citizen(
    client: Client, world: World, destination: str, said: str
) -> None:
    as_user(client, world, Role.CASE_WORKER)
    discharged = client.post(
        url("stay_discharge", world, stay_pk=world.away_stay.pk),
        {"discharged": "2026-11-01", "exit_reason": "agreement", "exit_destination": destination},
        follow=True,
    )
    assert messages_of(discharged) == [
        f"Borgeren er udskrevet fra Forsorgshjemmet i Roskilde. {said}"
    ]


def test_a_discharge_before_the_admission_is_refused(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    response = client.post(
        url("stay_discharge", world, stay_pk=world.away_stay.pk),
        {"discharged": "2026-03-01", "exit_reason": "unknown", "exit_destination": "unknown"},
    )
    assert "Udskrivningen kan ikke ligge før indskrivningen." in response.content.decode()


def test_shelter_staff_discharge_at_their_shelter(client: Client, world: World) -> None:
    open_stay = back_at_home(world)
    as_user(client, world, Role.SHELTER_STAFF)
    response = client.post(
        url("stay_discharge", world, stay_pk=open_stay.pk),
        {
            "discharged": "2026-11-20",
            "exit_reason": "left_without_notice",
            "exit_destination": "street",
        },
    )
    assert response.status_code == 302
    open_stay.refresh_from_db()
    assert open_stay.exit_reason == ExitReason.LEFT


# --- admission of a new or known citizen (shelter staff's flow) ---------------------------------


def admission(**extra: str) -> dict[str, str]:
    return {
        "cpr": "",
        "first_name": "",
        "last_name": "",
        "alias": "",
        "admitted": "2026-11-20",
        "stay_type": "stay",
        "prior_residence": "street",
        "own_payment": "statutory",
        **extra,
    }


def test_admit_new_creates_a_citizen_in_the_shelter_situation(client: Client, world: World) -> None:
    as_user(client, world, Role.SHELTER_STAFF)
    response = client.post(
        reverse("citizens:admit_new"),
        admission(
            cpr="0303803456",
            first_name="Ole",
            last_name="Ny",
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
        ),
    )
    created = Citizen.objects.get(first_name="Ole")
    assert response.headers["Location"] == reverse("citizens:detail", kwargs={"pk": created.pk})
    assert created.situations.get().situation == Situation.SHELTER
    stay = created.stays.get()
    assert (stay.shelter, stay.admitted, stay.created_by) == (
        world.home,
        date(2026, 11, 20),
        world.users[Role.SHELTER_STAFF],
    )


def test_admit_new_admits_a_known_citizen_after_confirming_the_name(
    client: Client, world: World
) -> None:
    stranger = world.users["stranger"]
    known = factories.citizen(
        stranger, first_name="Kendt", last_name="Fremmed", cpr="0404704567", code="101"
    )
    as_user(client, world, Role.SHELTER_STAFF)
    form = client.get(reverse("citizens:admit_new")).content.decode()
    assert "Kendt" not in form
    count = Citizen.objects.count()
    typed = admission(
        cpr="040470-4567",
        first_name="Skrevet",
        last_name="Forkert",
        acting_municipality=str(world.citizen.acting_municipality_id),
        shelter=str(world.home.pk),
    )
    match = client.post(reverse("citizens:admit_new"), typed)
    assert "Kendt Fremmed" in match.content.decode()  # the name to confirm, nothing else
    assert not known.stays.exists()
    response = client.post(
        reverse("citizens:admit_new"),
        {**typed, "cpr": "", "opslag": match.context["carried_token"], "confirm_cpr_match": "1"},
    )
    assert response.status_code == 302
    assert Citizen.objects.count() == count
    known.refresh_from_db()
    assert known.first_name == "Kendt"  # the typed name does not overwrite the record
    assert known.stays.get().shelter == world.home
    assert response.headers["Location"] == reverse("citizens:detail", kwargs={"pk": known.pk})


def test_admit_new_does_not_tell_where_a_known_citizen_is_staying(
    client: Client, world: World
) -> None:
    as_user(client, world, Role.SHELTER_STAFF)
    typed = admission(
        cpr=CPR,
        acting_municipality=str(world.citizen.acting_municipality_id),
        shelter=str(world.home.pk),
    )
    match = client.post(reverse("citizens:admit_new"), typed)
    response = client.post(
        reverse("citizens:admit_new"),
        {**typed, "cpr": "", "opslag": match.context["carried_token"], "confirm_cpr_match": "1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Indskrivningen kan ikke registreres fra denne dato" in html
    assert "allerede indskrevet" not in html
    assert "Forsorgshjemmet i Roskilde" not in html


def test_admit_new_without_cpr_needs_a_name_or_alias(client: Client, world: World) -> None:
    as_user(client, world, Role.SHELTER_STAFF)
    missing = client.post(
        reverse("citizens:admit_new"),
        admission(
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
        ),
    )
    assert "Angiv CPR-nummer, eller navn eller alias" in missing.content.decode()
    response = client.post(
        reverse("citizens:admit_new"),
        admission(
            alias="Skipper",
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
        ),
    )
    assert response.status_code == 302
    assert Citizen.objects.get(alias="Skipper").stays.get().shelter == world.home


def test_admit_new_rolls_back_the_citizen_when_the_stay_fails(client: Client, world: World) -> None:
    as_user(client, world, Role.CASE_WORKER)
    count = Citizen.objects.count()
    response = client.post(
        reverse("citizens:admit_new"),
        admission(
            cpr="0505605678",
            acting_municipality=str(world.citizen.acting_municipality_id),
            shelter=str(world.home.pk),
            notified_on="2026-11-19",
        ),
    )
    assert "Underretningen kan ikke ligge før indskrivningen." in response.content.decode()
    assert Citizen.objects.count() == count


# --- support and consent ---------------------------------------------------------------------
