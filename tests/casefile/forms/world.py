"""The world of the case file's form tests (/borgere/): users of every role, a citizen with stays
at two shelters, a course, a consent and a merge; and helpers to reach the forms."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import Role, User
from hjemvej.casefile.services import citizen_merge
from hjemvej.citizens.models import (
    Citizen,
    Consent,
    Merge,
)
from hjemvej.citizens.services import consent_add
from hjemvej.shelters.models import Shelter, Stay
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.support.models import CourseKind, SupportCourse
from hjemvej.support.services import course_create
from tests import factories

TODAY = factories.TODAY
CPR = "0101901234"


@dataclass
class World:
    users: dict[str, User]
    citizen: Citizen
    other: Citizen  # a second visible citizen of the case worker
    home: Shelter
    away: Shelter
    home_stay: Stay
    away_stay: Stay
    course: SupportCourse
    consent: Consent
    merge: Merge


def make_world() -> World:
    home = factories.shelter("Herberget i Aarhus")
    away = factories.shelter("Forsorgshjemmet i Roskilde", code="265")
    users: dict[str, User] = {
        role.value: factories.user(role, role, shelter=home if role == Role.SHELTER_STAFF else None)
        for role in Role
    }
    users["stranger"] = factories.user("fremmed", Role.CASE_WORKER, code="101")
    users["colleague"] = factories.user("kollega", Role.SUPPORT_WORKER)
    case = users[Role.CASE_WORKER]
    citizen = factories.citizen(
        case, first_name="Søren", last_name="Hansen", cpr=CPR, start=date(2025, 1, 1)
    )
    other = factories.citizen(case, first_name="Dorte", last_name="Dobbelt")
    home_stay = stay_admit(
        actor=case, citizen=citizen, shelter=home, admitted=date(2026, 1, 5), today=TODAY
    )
    stay_discharge(actor=case, stay=home_stay, discharged=date(2026, 2, 1), today=TODAY)
    away_stay = stay_admit(
        actor=case, citizen=citizen, shelter=away, admitted=date(2026, 3, 2), today=TODAY
    )
    course = course_create(
        actor=case,
        citizen=citizen,
        kind=CourseKind.ICM,
        decided_on=date(2026, 2, 1),
        start=date(2026, 2, 1),
        worker=users[Role.SUPPORT_WORKER],
    )
    consent = consent_add(
        actor=case,
        citizen=citizen,
        recipient="Jobcentret",
        scope="Boligsituationen",
        given_on=date(2026, 2, 1),
        today=TODAY,
    )
    duplicate = factories.citizen(case, first_name="Gammel", last_name="Post")
    merge = citizen_merge(actor=case, source=duplicate, target=citizen)
    return World(users, citizen, other, home, away, home_stay, away_stay, course, consent, merge)


def back_at_home(world: World) -> Stay:
    """Move the citizen back to the home shelter: the away stay ends and a stay at home opens.

    The home shelter's staff see a citizen only while a stay there lasts and shortly after, so
    the tests of what they may do on the citizen's forms need the citizen staying there now.
    """
    case = world.users[Role.CASE_WORKER]
    stay_discharge(actor=case, stay=world.away_stay, discharged=date(2026, 10, 1), today=TODAY)
    return stay_admit(
        actor=case,
        citizen=world.citizen,
        shelter=world.home,
        admitted=date(2026, 10, 1),
        today=TODAY,
    )


def as_user(client: Client, world: World, who: str) -> Client:
    client.force_login(world.users[who])
    return client


def url(name: str, world: World, **kw: Any) -> str:
    kwargs: dict[str, Any] = {"pk": world.citizen.pk}
    if name in ("create", "admit_new"):
        kwargs = {}
    elif name == "unmerge":
        kwargs = {"merge_pk": world.merge.pk}
    kwargs |= {
        "stay_discharge": {"stay_pk": world.home_stay.pk},
        "stay_edit": {"stay_pk": world.home_stay.pk},
        "course_edit": {"course_pk": world.course.pk},
        "consent_withdraw": {"consent_pk": world.consent.pk},
    }.get(name, {})
    kwargs |= kw
    return reverse(f"citizens:{name}", kwargs=kwargs)


def messages_of(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []
