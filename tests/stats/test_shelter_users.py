"""``hjemvej stats shelter-users`` and /statistik/brugere/: Danmarks Statistik's bands, at their
boundaries, on hand-made stays."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from unittest.mock import patch

import pytest
from django.conf import LazySettings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from hjemvej.accounts.models import AuditEntry, Role, User
from hjemvej.citizens.models import Citizen, Gender
from hjemvej.shelters.models import ExitReason, Shelter, Stay, StayType
from hjemvej.shelters.services import stay_admit, stay_discharge
from hjemvej.stats import bands
from hjemvej.stats.management.commands.stats import Command
from hjemvej.stats.shelter_users import shelter_users
from tests import factories
from tests.borders import decided_for
from tests.processes import KEY_A, KEY_B

pytestmark = pytest.mark.django_db

Rows = dict[tuple[str, str], tuple[int, int]]


def run(*args: str) -> tuple[int, str, str]:
    """Run ``hjemvej stats`` as the command line does; return the exit code, stdout and stderr.

    ``run_from_argv`` closes the database connections when it ends, which would end the test's
    transaction on PostgreSQL: that one step is left out.
    """
    out, err = io.StringIO(), io.StringIO()
    with (
        patch("django.core.management.base.connections.close_all"),
        patch("sys.stdout", out),
        patch("sys.stderr", err),
    ):
        try:
            Command().run_from_argv(["hjemvej", "stats", *args])
        except SystemExit as exc:
            return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def table(text: str) -> Rows:
    reader = csv.reader(io.StringIO(text))
    assert next(reader) == ["dimension", "band", "persons", "nights"]
    return {(d, band): (int(p), int(n)) for d, band, p, n in reader}


def cli_rows(year: int, as_of: date, *extra: str) -> Rows:
    """Return the rows for Aarhus (751), or for the arguments ``extra``."""
    args = extra or ("--municipality", "751")
    code, out, err = run("shelter-users", "--year", str(year), "--as-of", as_of.isoformat(), *args)
    assert code == 0, err
    return table(out)


@dataclass
class World:
    worker: User
    home: Shelter
    away: Shelter
    people: dict[str, Citizen]


def _person(world: World, name: str, *, gender: str, born: date | None, code: str = "751") -> None:
    citizen = factories.citizen(world.worker, first_name=name, last_name="Testesen", code=code)
    Citizen.objects.filter(pk=citizen.pk).update(gender=gender, birth_date=born)
    world.people[name] = citizen


def _stay(
    world: World,
    name: str,
    admitted: date,
    discharged: date | None,
    *,
    shelter: Shelter | None = None,
    kind: str = StayType.STAY,
    reason: str = ExitReason.AGREEMENT,
) -> None:
    stay = stay_admit(
        actor=world.worker,
        citizen=world.people[name],
        shelter=shelter or world.home,
        admitted=admitted,
        today=factories.TODAY,
        stay_type=kind,
    )
    if discharged is not None:
        stay_discharge(
            actor=world.worker,
            stay=stay,
            discharged=discharged,
            exit_reason=reason,
            today=factories.TODAY,
        )


@pytest.fixture
def world() -> World:
    """Citizens of Aarhus (751) at each boundary of 2025, counted as of 11 December 2025."""
    w = World(
        factories.user("raadgiver", Role.CASE_WORKER),
        factories.shelter("Herberget Hjemme"),
        factories.shelter("Herberget Ude", code="101"),
        {},
    )
    _person(w, "Same", gender=Gender.MALE, born=date(2007, 12, 31))  # 18 on 31.12.2025
    _stay(w, "Same", date(2025, 3, 10), date(2025, 3, 10))  # same day: its one date
    _person(w, "Newyear", gender=Gender.FEMALE, born=date(2008, 1, 1))  # 17 on 31.12.2025
    _stay(w, "Newyear", date(2024, 12, 20), date(2025, 1, 5), reason=ExitReason.LEFT)  # 4 in 2025
    _person(w, "Open", gender=Gender.MALE, born=date(1965, 6, 1))  # 60
    _stay(w, "Open", date(2025, 12, 1), None)  # 1.–10. December: 10 before the as-of date
    _person(w, "Twice", gender=Gender.OTHER, born=None)
    _stay(w, "Twice", date(2025, 5, 1), date(2025, 5, 11), shelter=w.away)
    # The services refuse a second stay at the same time; data from elsewhere may hold one. On
    # PostgreSQL the table refuses it too (shelters 0002): the rule is lifted for this test's
    # transaction only, so the count's own handling of an overlap is proven on both databases.
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no checks pending on the table
            cursor.execute("ALTER TABLE shelters_stay DROP CONSTRAINT stay_nights_do_not_overlap")
    Stay.objects.create(
        citizen=w.people["Twice"],
        shelter=w.home,
        admitted=date(2025, 5, 6),
        discharged=date(2025, 5, 16),
        exit_reason=ExitReason.UNKNOWN,
    )  # with the first: 1.–15. May, 15 dates
    _person(w, "Aftercare", gender=Gender.FEMALE, born=date(1990, 1, 1))
    _stay(w, "Aftercare", date(2025, 2, 1), date(2025, 6, 1), kind=StayType.AFTERCARE)
    _person(w, "Both", gender=Gender.MALE, born=date(2000, 7, 1))  # 25
    _stay(w, "Both", date(2025, 1, 1), date(2025, 3, 1))  # 59 nights
    _stay(w, "Both", date(2025, 3, 1), date(2025, 9, 1), kind=StayType.AFTERCARE)
    _person(w, "Elsewhere", gender=Gender.MALE, born=date(1980, 1, 1), code="730")
    _stay(w, "Elsewhere", date(2025, 4, 1), date(2025, 5, 1))
    _person(w, "Lastyear", gender=Gender.MALE, born=date(1980, 1, 1))
    _stay(w, "Lastyear", date(2024, 12, 20), date(2025, 1, 1))  # no night in 2025
    _person(w, "Tomorrow", gender=Gender.MALE, born=date(1980, 1, 1))
    _stay(w, "Tomorrow", date(2025, 12, 11), None)  # admitted on the as-of date: none yet
    _person(w, "Long", gender=Gender.UNKNOWN, born=date(1985, 3, 3))  # 40
    _stay(w, "Long", date(2025, 1, 1), None)  # 1.1.–10.12.: 344 nights
    return w


AS_OF = date(2025, 12, 11)


def test_every_band_at_its_boundary(world: World) -> None:
    rows = cli_rows(2025, AS_OF, "--municipality", "751", "--format", "csv")
    assert [rows[("nights", band.code)] for band in bands.NIGHTS.bands] == [
        (1, 1),  # the same-day stay
        (1, 4),  # across New Year: 1.–4. January
        (2, 25),  # the open stay (10) and the overlapping stays (15, each date once)
        (1, 59),  # the ophold of the one with efterforsorg after it
        (1, 344),
        (0, 0),
    ]
    assert [rows[("stays", band.code)] for band in bands.STAYS.bands] == [
        (5, 1 + 4 + 10 + 59 + 344),
        (1, 15),  # two stays of one person
        (0, 0),
        (0, 0),
    ]
    assert rows[("total", "all")] == (6, 433)
    assert list(rows)[-1] == ("total", "all")


def test_sex_and_age_on_31_december(world: World) -> None:
    rows = cli_rows(2025, AS_OF)
    assert rows[("sex", "mand")] == (3, 1 + 10 + 59)
    assert rows[("sex", "kvinde")] == (1, 4)  # the one with efterforsorg only is not counted
    assert rows[("sex", "andet")] == (1, 15)
    assert rows[("sex", "uoplyst")] == (1, 344)
    assert rows[("age", "under-18")] == (1, 4)  # born 1 January 2008
    assert rows[("age", "18-24")] == (1, 1)  # 18 on 31 December 2025
    assert rows[("age", "25-29")] == (1, 59)
    assert rows[("age", "40-49")] == (1, 344)
    assert rows[("age", "60+")] == (1, 10)
    assert rows[("age", "uoplyst")] == (1, 15)
    for dimension in ("nights", "stays", "sex", "age"):
        persons = sum(p for (d, _), (p, _) in rows.items() if d == dimension)
        nights = sum(n for (d, _), (_, n) in rows.items() if d == dimension)
        assert (persons, nights) == rows[("total", "all")], dimension


def test_the_as_of_date_and_a_leap_year(world: World) -> None:
    # The open stay from 1 December: as of 1 February 2026 all 31 December nights count.
    later = cli_rows(2025, date(2026, 2, 1))
    assert later[("nights", "31-119")] == (2, 31 + 59)
    # Across New Year, seen from 2024: 20.–31. December, 12 nights.
    assert cli_rows(2024, date(2026, 2, 1))[("nights", "6-30")] == (2, 12 + 12)
    leap = factories.citizen(world.worker, first_name="Skud")
    Stay.objects.create(
        citizen=leap, shelter=world.home, admitted=date(2023, 6, 1), discharged=date(2025, 2, 1)
    )
    whole = cli_rows(2024, date(2026, 2, 1))
    assert whole[("nights", "365+")] == (1, 366)  # 2024 has 366 dates
    # As of 31 December 2024 the year's 365 dates before it: the whole year's band too.
    assert cli_rows(2024, date(2024, 12, 31))[("nights", "365+")] == (1, 365)


def test_the_page_shows_the_selectors_figures(world: World, client: Client) -> None:
    client.force_login(factories.user("oekonom", Role.ECONOMIST))
    logged = AuditEntry.objects.count()
    with patch("hjemvej.core.dates.today", lambda: AS_OF):
        page = client.get(reverse("stats:shelter_users"), {"year": "2025"}).content.decode()
    result = shelter_users(factories.municipality().pk, year=2025, as_of=AS_OF)
    assert result.persons == 6
    assert result.nights == 433
    assert "Året 2025 er ikke slut: tallene omfatter dagene 01.01.–10.12.2025" in page
    assert "433" in page  # all the nights
    assert "344" in page  # the nights of the one in the band 120–364
    assert "Hele året (365 overnatninger eller flere)" in page
    for citizen in world.people.values():  # counts only
        assert citizen.first_name not in page
        assert citizen.pseudonym not in page
    assert AuditEntry.objects.count() == logged  # counts only: nothing to log


def test_discharges_by_agreement_leave_out_the_unknown(world: World) -> None:
    result = shelter_users(factories.municipality().pk, year=2025, as_of=AS_OF)
    # Ophold discharged in 2025: Same, Newyear (left), Twice ×2 (one unknown), Both, Lastyear.
    assert result.discharges == 6
    assert result.discharges_known == 5
    assert result.by_agreement == 4


def test_one_shelter(world: World) -> None:
    result = shelter_users(
        factories.municipality().pk, year=2025, as_of=AS_OF, shelter_id=world.away.pk
    )
    assert (result.persons, result.stays, result.nights) == (1, 1, 10)
    everywhere = shelter_users(factories.municipality().pk, year=2025, as_of=AS_OF)
    lines = {line.name: (line.persons, line.stays, line.nights) for line in everywhere.shelters}
    assert lines == {
        "Herberget Hjemme": (6, 6, 1 + 4 + 10 + 10 + 59 + 344),  # the second stay of Twice: 10
        "Herberget Ude": (1, 1, 10),
    }


def test_the_only_municipality_is_the_default(world: World) -> None:
    code, _, err = run("shelter-users", "--year", "2025", "--as-of", AS_OF.isoformat())
    assert code == 2
    assert "--municipality mangler" in err  # citizens of 751 and 730
    Citizen.objects.filter(acting_municipality__code="730").update(
        acting_municipality=factories.municipality()
    )
    code, out, err = run("shelter-users", "--year", "2025", "--as-of", AS_OF.isoformat())
    assert code == 0, err
    assert table(out)[("total", "all")] == (7, 433 + 30)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2025-12-11"], "--year mangler"),
        (["--year", "20x5"], "--year: '20x5' er ikke et årstal"),
        (["--year", "2026", "--as-of", "2025-12-11"], "året 2026 er ikke begyndt den 11.12.2025"),
        (["--year", "1989"], "--year: 1989 er for tidligt"),
        (["--year", "2025", "--as-of", "i går"], "--as-of: 'i går' er ikke en dato"),
        (["--year", "2025", "--municipality", "000"], "ingen kommune med koden '000'"),
        (["--year", "2025", "--format", "xlsx"], "--format: 'xlsx' kendes ikke; vælg csv"),
        (["--year", "2025", "--kommune", "751"], "ukendte argumenter: --kommune"),
    ],
)
def test_bad_arguments_exit_2_in_danish(world: World, args: list[str], message: str) -> None:
    code, out, err = run("shelter-users", "--municipality", "751", *args)
    assert code == 2
    assert out == ""
    assert err.startswith("Fejl: ")
    assert message in err


def test_call_command_gives_the_same_rows(world: World) -> None:
    out = io.StringIO()
    call_command(
        "stats",
        "shelter-users",
        "--year",
        "2025",
        "--as-of",
        AS_OF.isoformat(),
        "--municipality",
        "751",
        stdout=out,
    )
    assert table(out.getvalue()) == cli_rows(2025, AS_OF, "--municipality", "751")


def test_a_cpr_key_that_does_not_fit_the_database_stops_the_statistics(
    world: World, settings: LazySettings
) -> None:
    # ``hjemvej stats`` skips the project's slow system checks, but not the CPR key's.
    settings.CPR_KEY = KEY_B if settings.CPR_KEY != KEY_B else KEY_A
    code, out, err = run("shelter-users", "--year", "2025", "--municipality", "751")
    assert code != 0
    assert out == ""
    assert "HJEMVEJ_CPR_KEY passer ikke til databasen" in err


@pytest.mark.django_db
def test_a_stay_split_by_a_decision_gives_each_municipality_the_nights_it_pays() -> None:
    """Aarhus (751) admits at Randers' shelter; Ankestyrelsen decides Randers acts from 1 May."""
    worker = factories.user("aarhus-grænse", Role.CASE_WORKER, code="751")
    citizen = factories.citizen(worker, start=date(2025, 1, 10))
    shelter = factories.shelter("Forsorgshjemmet i Randers", code="730")
    stay = stay_admit(
        actor=worker,
        citizen=citizen,
        shelter=shelter,
        admitted=date(2025, 3, 1),
        today=factories.TODAY,
    )
    stay_discharge(actor=worker, stay=stay, discharged=date(2025, 7, 1), today=factories.TODAY)
    randers = factories.municipality("730")
    decided_for(
        worker, citizen, "730", effective_from=date(2025, 5, 1), decided_on=date(2025, 9, 1)
    )
    aarhus = shelter_users(factories.municipality("751").pk, year=2025, as_of=factories.TODAY)
    assert (aarhus.persons, aarhus.nights, aarhus.stays, aarhus.discharges) == (1, 61, 1, 0)
    theirs = shelter_users(randers.pk, year=2025, as_of=factories.TODAY)
    assert (theirs.persons, theirs.nights, theirs.stays, theirs.discharges) == (1, 61, 1, 1)
