"""What every demo scale shares: Demo Kommune, its shelters and rates, its users, and reset.

Demo data is everything in Demo Kommune (code 999): its citizens with all their rows, its users,
the "demo" actor, and the shelters the demo made (recognised by their rates, which the demo actor
set). Nothing of a real municipality's is touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q, QuerySet

from hjemvej.accounts.models import AuditEntry, Municipality, Role, User
from hjemvej.citizens.models import (
    ActingMunicipalityDispute,
    ActingMunicipalityPeriod,
    ByNameListEvent,
    Citizen,
    Consent,
    HomelessnessSituation,
    Merge,
    RiskOfHomelessness,
)
from hjemvej.core.errors import DomainError
from hjemvej.economy.budgets.models import BudgetLine
from hjemvej.followup import models as followup
from hjemvej.housing import models as housing
from hjemvej.shelters.models import Operator, Shelter, ShelterRate, Stay
from hjemvej.shelters.services import shelter_rate_set
from hjemvej.support.models import (
    BotilbudStay,
    CaseloadLimit,
    Contact,
    CourseReview,
    CtiAssessment,
    SupportCourse,
)

DEMO_CODE = "999"
DEMO_NAME = "Demo Kommune"
#: Demo Kommune as the sender of letters (made-up address, number and domain), and its logins' mail.
DEMO_SENDER = {
    "sender_name": "Demo Kommune, Socialforvaltningen, Hjemløseteamet",
    "address": "Rådhuspladsen 1",
    "postal_code": "9999",
    "city": "Demoby",
    "phone": "99 99 99 99",
    "email": "hjemloese@demokommune.example",
    "website": "https://demokommune.example",
}
DEMO_MAIL_DOMAIN = "demokommune.example"
ACTOR_USERNAME = "demo"
DEMO_PASSWORD = "demo"  # noqa: S105 - the published password of the demo logins
FIRST_RATE_YEAR = 2019

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoLogin:
    """One of the six demo logins."""

    username: str
    role: str
    first_name: str
    last_name: str


DEMO_LOGINS = (
    DemoLogin("raadgiver", Role.CASE_WORKER, "Rikke", "Rådgiver"),
    DemoLogin("bostoette", Role.SUPPORT_WORKER, "Bo", "Støttesen"),
    DemoLogin("boform", Role.SHELTER_STAFF, "Birgit", "Boform"),
    DemoLogin("leder", Role.MANAGER, "Lene", "Leder"),
    DemoLogin("oekonomi", Role.ECONOMIST, "Øjvind", "Økonomi"),
    DemoLogin("admin", Role.ADMIN, "Anders", "Admin"),
)

#: The team a demo login signs its letters with.
DEMO_TEAMS: dict[str, str] = {
    Role.CASE_WORKER: "Hjemløseteamet",
    Role.SUPPORT_WORKER: "Bostøtteteamet",
}

#: Support workers without a login, so courses have workers also when no demo logins are made.
OTHER_WORKERS = (
    ("medarbejder-anne", "Anne", "Holm"),
    ("medarbejder-karim", "Karim", "Nielsen"),
    ("medarbejder-louise", "Louise", "Berg"),
)


@dataclass(frozen=True)
class ShelterSpec:
    """A demo shelter: where, who runs it, Tilbudsportalen, places, 2019 rate and yearly rise."""

    name: str
    code: str
    operator: str
    on_tilbudsportalen: bool
    places: int
    rate_2019: Decimal
    yearly_rise: Decimal  # e.g. 0.025 for 2.5 % a year


#: Three to four shelters in Demo Kommune, five outside it (external shelters): name, municipality,
#: operator, on Tilbudsportalen, places, daily rate in 2019 (kr.), yearly rise.
_SHELTER_TABLE: tuple[tuple[str, str, str, bool, int, int, str], ...] = (
    ("Herberget Havnely", DEMO_CODE, Operator.PUBLIC, True, 40, 1650, "0.025"),
    ("Forsorgshjemmet Lindegården", DEMO_CODE, Operator.PRIVATE, True, 55, 1480, "0.03"),
    ("Kvindeherberget Solsikken", DEMO_CODE, Operator.PRIVATE, True, 15, 2050, "0.02"),
    ("Ungeherberget Trappen", DEMO_CODE, Operator.PUBLIC, True, 20, 1890, "0.025"),
    ("Herberget Vestervang", "751", Operator.PUBLIC, True, 48, 1720, "0.03"),
    ("Forsorgshjemmet Gudenåhuset", "730", Operator.PUBLIC, True, 30, 1530, "0.025"),
    ("Herberget Limfjordshuset", "851", Operator.PRIVATE, True, 35, 1610, "0.02"),
    ("Herberget Nørrebro Port", "101", Operator.PRIVATE, True, 60, 1990, "0.03"),
    ("Døgnhuset Vesterbro", "101", Operator.PRIVATE, False, 15, 1200, "0.02"),  # not on TP
)
SHELTERS = tuple(
    ShelterSpec(name, code, operator, registered, places, Decimal(rate), Decimal(rise))
    for name, code, operator, registered, places, rate, rise in _SHELTER_TABLE
)
STAFF_SHELTER = "Herberget Havnely"  # where the ``boform`` login works


def database_vendor() -> str:
    """Return the database's vendor ("sqlite", "postgresql" …); tests patch this."""
    return connection.vendor


def logins_allowed(*, allow_demo_users: bool) -> bool:
    """Return whether logins with the published password may be made in this database."""
    return allow_demo_users or database_vendor() == "sqlite"


def demo_municipality() -> Municipality | None:
    """Return Demo Kommune, if the demo has been made."""
    return Municipality.objects.filter(code=DEMO_CODE).first()


def make_municipality_and_actor() -> tuple[Municipality, User]:
    """Create Demo Kommune, with its details as a sender, and the "demo" actor of the audit log."""
    municipality = Municipality.objects.create(code=DEMO_CODE, name=DEMO_NAME, **DEMO_SENDER)
    actor = User(
        username=ACTOR_USERNAME,
        first_name="Demodata",
        last_name="(hjemvej demo)",
        role=Role.CASE_WORKER,
        municipality=municipality,
        is_active=False,  # the actor cannot log in: it only signs the demo's entries
    )
    actor.set_unusable_password()
    actor.save()
    return municipality, actor


def rate_in_year(spec: ShelterSpec, year: int) -> Decimal:
    """Return the shelter's daily rate from 1 January of the year (rising yearly, max 2,600)."""
    rate = spec.rate_2019 * (1 + spec.yearly_rise) ** (year - FIRST_RATE_YEAR)
    return min(rate, Decimal(2600)).quantize(Decimal(1))


def make_shelters(*, actor: User, specs: tuple[ShelterSpec, ...], today: date) -> list[Shelter]:
    """Create the shelters and their rates from 1 January 2019, one rate a year until today."""
    codes = {spec.code for spec in specs}
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    missing = codes - set(municipalities)
    if missing:
        raise DomainError(
            f"Kommunerne {', '.join(sorted(missing))} findes ikke; kør 'hjemvej migrate' først."
        )
    shelters = []
    for spec in specs:
        shelter = Shelter.objects.create(
            name=spec.name,
            municipality=municipalities[spec.code],
            operator=spec.operator,
            on_tilbudsportalen=spec.on_tilbudsportalen,
            places=spec.places,
        )
        shelter.cvr_number, shelter.p_number = demo_identifiers(shelter.pk)
        shelter.save(update_fields=["cvr_number", "p_number"])
        for year in range(FIRST_RATE_YEAR, today.year + 1):
            shelter_rate_set(
                actor=actor,
                shelter=shelter,
                valid_from=date(year, 1, 1),
                daily_rate=rate_in_year(spec, year),
            )
        shelters.append(shelter)
    return shelters


def demo_identifiers(pk: int) -> tuple[str, str]:
    """Return a made-up CVR number (valid under modulus 11) and P-number for a demo shelter.

    Both are derived from the shelter's id, so they are unique in the database, and made up:
    the demo's shelters are fictitious, and so is their report to Danmarks Statistik.
    """
    base = 3_000_000 + pk * 10
    while True:
        digits = f"{base:07d}"
        check = -sum(w * int(d) for w, d in zip((2, 7, 6, 5, 4, 3, 2), digits, strict=True)) % 11
        if check < 10:  # a remainder giving 10 makes no CVR number (Erhvervsstyrelsen)
            return f"{digits}{check}", f"{9_000_000_000 + pk}"
        base += 1


def make_workers(*, municipality: Municipality) -> list[User]:
    """Create support workers without a password (they are courses' workers, not logins)."""
    workers = []
    for username, first_name, last_name in OTHER_WORKERS:
        worker = User(
            username=username,
            first_name=first_name,
            last_name=last_name,
            role=Role.SUPPORT_WORKER,
            municipality=municipality,
        )
        worker.set_unusable_password()
        worker.save()
        workers.append(worker)
    return workers


def make_logins(*, municipality: Municipality, staff_shelter: Shelter) -> dict[str, User]:
    """Create the six demo logins, all with the password ``demo``, all in Demo Kommune."""
    users = {}
    for login in DEMO_LOGINS:
        is_admin = login.role == Role.ADMIN
        users[login.username] = User.objects.create_user(
            username=login.username,
            password=DEMO_PASSWORD,
            first_name=login.first_name,
            last_name=login.last_name,
            email=f"{login.username}@{DEMO_MAIL_DOMAIN}",
            team=DEMO_TEAMS.get(login.role, ""),
            role=login.role,
            municipality=municipality,
            shelter=staff_shelter if login.role == Role.SHELTER_STAFF else None,
            is_staff=is_admin,
            is_superuser=is_admin,
        )
    return users


def demo_shelters(municipality: Municipality) -> list[int]:
    """Return the ids of the shelters the demo made: in Demo Kommune, or rated by the actor."""
    return list(
        Shelter.objects.filter(
            Q(municipality=municipality) | Q(rates__changed_by__username=ACTOR_USERNAME)
        )
        .distinct()
        .values_list("pk", flat=True)
    )


def _delete_the_way_out(citizens: QuerySet[Citizen], municipality: Municipality) -> None:
    """Delete housing, method and follow-up rows of the demo, children before parents."""
    followup.StayPlan.objects.filter(stay__citizen__in=citizens).delete()
    for child in (followup.PlanStep, followup.PlanParticipant):
        child.objects.filter(plan__citizen__in=citizens).delete()
    followup.TransitionMeeting.objects.filter(transition__citizen__in=citizens).delete()
    for review in (CourseReview, CtiAssessment):
        review.objects.filter(course__citizen__in=citizens).delete()
    housing.TenancyRisk.objects.filter(tenancy__citizen__in=citizens).delete()
    for model in (
        followup.ActionPlan,
        followup.Transition,
        followup.Letter,
        followup.Task,
        housing.Grant,
        housing.Tenancy,
        housing.HousingOffer,
        housing.IncomeSource,
        housing.Household,
    ):
        model.objects.filter(citizen__in=citizens).delete()
    for owned in (housing.Dwelling, housing.Landlord, CaseloadLimit):
        owned.objects.filter(municipality=municipality).delete()


def reset(say: Say) -> None:
    """Delete the demo data (only rows the demo made, or rows in Demo Kommune)."""
    municipality = demo_municipality()
    if municipality is None:
        return
    citizens = Citizen.objects.filter(acting_municipality=municipality)
    users = User.objects.filter(municipality=municipality)
    audited = AuditEntry.objects.filter(Q(citizen__in=citizens) | Q(user__in=users))
    if database_vendor() == "postgresql" and audited.exists():
        raise DomainError(
            "Demodata kan ikke slettes: adgangsloggen har poster om dem, og i PostgreSQL kan "
            "loggen ikke ændres eller slettes. Brug en ny, tom database (fx dropdb og createdb, "
            "derefter 'hjemvej migrate' og 'hjemvej demo')."
        )
    shelters = demo_shelters(municipality)
    say("Sletter eksisterende demodata …")
    with transaction.atomic():
        audited.delete()
        _delete_the_way_out(citizens, municipality)
        for model in (
            Contact,
            BotilbudStay,
            SupportCourse,
            Stay,
            Consent,
            RiskOfHomelessness,
            ByNameListEvent,
            HomelessnessSituation,
            ActingMunicipalityPeriod,
            ActingMunicipalityDispute,
        ):
            model.objects.filter(citizen__in=citizens).delete()
        Merge.objects.filter(Q(source__in=citizens) | Q(target__in=citizens)).delete()
        citizens.filter(merged_into__isnull=False).delete()
        citizens.delete()
        # A demo shelter outside Demo Kommune stays if a real municipality's citizen stayed there.
        unused = Shelter.objects.filter(pk__in=shelters).exclude(stays__isnull=False)
        users.update(shelter=None)
        ShelterRate.objects.filter(shelter__in=unused).delete()
        ShelterRate.objects.filter(changed_by__in=users).update(changed_by=None)
        unused.delete()
        # The demo's budget (``small_budget``): the municipality's lines, entered by its users.
        BudgetLine.objects.filter(Q(municipality=municipality) | Q(updated_by__in=users)).delete()
        users.delete()
        if not Shelter.objects.filter(municipality=municipality).exists():
            municipality.delete()
