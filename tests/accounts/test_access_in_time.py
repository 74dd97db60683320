"""The access matrix in time and under consent: shelter staff before, during and after a stay.

Issue 12, findings 2 and 10: shelter staff's scope was "any stay ever at this shelter", so
admitting a known CPR number gave access for ever, to another municipality's contact notes too,
and a recorded consent gated nothing. Now a shelter's staff see a citizen while a stay at their
shelter is open (an aftercare stay too) and for a short period after the discharge (the
parameter ``shelter.staff_scope.after_discharge_days``), and another authority's contact notes
and support courses only under a consent of the kind that opens them to the shelter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import SHELTER_SCOPE_AFTER_DISCHARGE, citizens_for, stays_for
from hjemvej.citizens.models import Citizen, ConsentKind
from hjemvej.citizens.services import consent_add, consent_withdraw
from hjemvej.core import dates
from hjemvej.followup.services import stay_plan_create
from hjemvej.rules.parameters import default_parameters
from hjemvej.shelters.models import Shelter, Stay, StayType
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import CourseKind
from hjemvej.support.services import contact_add, course_create
from tests import factories

pytestmark = pytest.mark.django_db

NOTE = "alkohol, voldsdom"


@dataclass
class Scene:
    today: date
    own: Shelter
    staff: User
    far_worker: User
    citizen: Citizen


@pytest.fixture
def scene() -> Scene:
    """Havnely's staff, and a citizen of another municipality with that municipality's notes."""
    today = dates.today()
    own = factories.shelter("Havnely")
    staff = factories.user("havnely", Role.SHELTER_STAFF, shelter=own)
    far_worker = factories.user("fjern", Role.CASE_WORKER, code="101")
    support = factories.user("stoette", Role.SUPPORT_WORKER, code="101")
    citizen = factories.citizen(
        far_worker, first_name="Sten", last_name="Ophold", code="101", start=date(2025, 1, 1)
    )
    course = course_create(
        actor=far_worker,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2025, 2, 1),
        start=date(2025, 2, 1),
        worker=support,
    )
    contact_add(
        actor=support,
        citizen=citizen,
        on=date(2025, 3, 1),
        kind="phone",
        note=NOTE,
        course=course,
        today=today,
    )
    return Scene(today, own, staff, far_worker, citizen)


def _period(on: date) -> int:
    return default_parameters().count(SHELTER_SCOPE_AFTER_DISCHARGE, on)


def _pages(scene: Scene, stay: Stay | None) -> dict[str, str]:
    pk = scene.citizen.pk
    pages = {
        "detail": reverse("citizens:detail", kwargs={"pk": pk}),
        "support": reverse("support:citizen", kwargs={"pk": pk}),
        "followup": reverse("followup:citizen", kwargs={"pk": pk}),
    }
    if stay is not None:
        pages["stay_edit"] = reverse("citizens:stay_edit", kwargs={"pk": pk, "stay_pk": stay.pk})
    return pages


def _statuses(client: Client, scene: Scene, stay: Stay | None) -> dict[str, int]:
    return {name: client.get(url).status_code for name, url in _pages(scene, stay).items()}


# --- The policy, day by day ----------------------------------------------------------------


def _stay_at_own(scene: Scene, *, admitted: int, discharged: int | None = None) -> Stay:
    """Admit the citizen at the staff's shelter ``admitted`` days ago, discharged days ago."""
    stay = stay_admit(
        actor=scene.far_worker,
        citizen=scene.citizen,
        shelter=scene.own,
        admitted=scene.today - timedelta(days=admitted),
        today=scene.today,
    )
    if discharged is not None:
        stay_discharge(
            actor=scene.far_worker,
            stay=stay,
            discharged=scene.today - timedelta(days=discharged),
            today=scene.today,
        )
    return stay


def test_the_scope_follows_one_stay_day_by_day(scene: Scene) -> None:
    admitted, discharged = date(2026, 3, 1), date(2026, 6, 1)
    stay = stay_admit(
        actor=scene.far_worker,
        citizen=scene.citizen,
        shelter=scene.own,
        admitted=admitted,
        today=scene.today,
    )
    stay_discharge(actor=scene.far_worker, stay=stay, discharged=discharged, today=scene.today)
    period = _period(discharged)
    assert 0 < period <= 31  # "a short period"
    moments = {
        admitted - timedelta(days=1): False,  # before the stay
        admitted: True,  # the day of admission
        date(2026, 4, 15): True,  # during
        discharged: True,  # the day of discharge
        discharged + timedelta(days=period - 1): True,  # the last day of the period after
        discharged + timedelta(days=period): False,  # the period is over
        discharged + timedelta(days=120): False,
    }
    seen = {
        on: citizens_for(scene.staff, today=on).filter(pk=scene.citizen.pk).exists()
        for on in moments
    }
    assert seen == moments
    stays = {on: stays_for(scene.staff, today=on).filter(pk=stay.pk).exists() for on in moments}
    assert stays == moments


def test_an_open_aftercare_stay_keeps_the_citizen_in_scope(scene: Scene) -> None:
    stay = stay_admit(
        actor=scene.far_worker,
        citizen=scene.citizen,
        shelter=scene.own,
        admitted=date(2025, 6, 1),
        today=scene.today,
    )
    stay_discharge(
        actor=scene.far_worker, stay=stay, discharged=date(2025, 9, 1), today=scene.today
    )
    assert not citizens_for(scene.staff).filter(pk=scene.citizen.pk).exists()
    stay_admit(
        actor=scene.far_worker,
        citizen=scene.citizen,
        shelter=scene.own,
        admitted=date(2025, 9, 1),
        today=scene.today,
        stay_type=StayType.AFTERCARE,
    )
    assert citizens_for(scene.staff).filter(pk=scene.citizen.pk).exists()


def test_a_stay_at_another_shelter_gives_no_scope(scene: Scene) -> None:
    elsewhere = factories.shelter("Andetsteds")
    stay_admit(
        actor=scene.far_worker,
        citizen=scene.citizen,
        shelter=elsewhere,
        admitted=scene.today - timedelta(days=3),
        today=scene.today,
    )
    assert not citizens_for(scene.staff).filter(pk=scene.citizen.pk).exists()


# --- The pages, before, during and after ---------------------------------------------------


def test_before_a_stay_nothing_opens(client: Client, scene: Scene) -> None:
    client.force_login(scene.staff)
    assert set(_statuses(client, scene, None).values()) == {404}
    assert "Sten" not in client.get(reverse("citizens:list")).content.decode()


def test_during_a_stay_the_stay_opens_but_not_another_authoritys_notes(
    client: Client, scene: Scene
) -> None:
    stay = _stay_at_own(scene, admitted=30)
    stay_plan_create(
        actor=scene.staff,
        stay=stay,
        made_on=scene.today - timedelta(days=20),
        steps="Skaffe pas",
        today=scene.today,
    )
    client.force_login(scene.staff)
    assert set(_statuses(client, scene, stay).values()) == {200}
    pages = {name: client.get(url).content.decode() for name, url in _pages(scene, stay).items()}
    assert "Havnely" in pages["detail"]
    assert "Skaffe pas" in pages["followup"]  # the shelter's own plan
    for name, html in pages.items():
        assert NOTE not in html, name
        assert "ICM" not in html, name  # another authority's support course
    assert "Sten" in client.get(reverse("citizens:list")).content.decode()


def test_consent_to_share_with_the_shelter_opens_the_notes_until_withdrawn(
    client: Client, scene: Scene
) -> None:
    stay = _stay_at_own(scene, admitted=30)
    client.force_login(scene.staff)
    detail = _pages(scene, stay)["detail"]
    other = consent_add(
        actor=scene.far_worker,
        citizen=scene.citizen,
        recipient="Jobcentret",
        scope="Alt",
        given_on=scene.today - timedelta(days=10),
        today=scene.today,
        kind=ConsentKind.OTHER,
    )
    assert other.kind == ConsentKind.OTHER
    assert (
        NOTE not in client.get(detail).content.decode()
    )  # a consent of another kind opens nothing
    consent = consent_add(
        actor=scene.far_worker,
        citizen=scene.citizen,
        recipient="Havnely",
        scope="Kontaktnotater og støtteforløb",
        given_on=scene.today - timedelta(days=10),
        today=scene.today,
        kind=ConsentKind.SHELTER,
    )
    html = client.get(detail).content.decode()
    assert NOTE in html
    assert "ICM" in html
    assert NOTE in client.get(_pages(scene, stay)["support"]).content.decode()
    consent_withdraw(actor=scene.far_worker, consent=consent, withdrawn_on=scene.today)
    assert NOTE not in client.get(detail).content.decode()


def test_shortly_after_discharge_the_pages_still_open(client: Client, scene: Scene) -> None:
    stay = _stay_at_own(scene, admitted=30, discharged=3)
    client.force_login(scene.staff)
    assert set(_statuses(client, scene, stay).values()) == {200}


def test_after_the_period_nothing_opens_not_even_new_notes(client: Client, scene: Scene) -> None:
    stay = _stay_at_own(scene, admitted=200, discharged=120)
    consent_add(
        actor=scene.far_worker,
        citizen=scene.citizen,
        recipient="Havnely",
        scope="Kontaktnotater",
        given_on=scene.today - timedelta(days=150),
        today=scene.today,
        kind=ConsentKind.SHELTER,
    )
    contact_add(
        actor=scene.far_worker,
        citizen=scene.citizen,
        on=scene.today,
        kind="phone",
        note="ny note",
        today=scene.today,
    )
    client.force_login(scene.staff)
    assert set(_statuses(client, scene, stay).values()) == {404}
    assert "Sten" not in client.get(reverse("citizens:list")).content.decode()
