"""Demo data: "Demo Kommune" (code 999) with shelters, citizens, stays, support and users.

``create`` makes the small demo (about 150 citizens, through the services) or the national one
(about 23,000 citizens and 100,000 stays, written in bulk); ``hjemvej demo`` is its command.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date

from django.db import connection, transaction

from hjemvej.accounts.models import User
from hjemvej.core.errors import DomainError
from hjemvej.demo import common, national, small
from hjemvej.demo.common import (
    DEMO_CODE,
    DEMO_LOGINS,
    DEMO_NAME,
    SHELTERS,
    STAFF_SHELTER,
    Say,
    database_vendor,
    demo_municipality,
    logins_allowed,
)

__all__ = [
    "DEMO_CODE",
    "DEMO_LOGINS",
    "DEMO_NAME",
    "Result",
    "create",
    "database_vendor",
    "demo_municipality",
    "logins_allowed",
]

SMALL = "small"
NATIONAL = "national"
DEFAULT_CITIZENS = {SMALL: 150, NATIONAL: 23_000}


@dataclass
class Result:
    """What the demo made."""

    citizens: int
    stays: int
    logins: bool
    seconds: float


def create(
    *,
    today: date,
    seed: int = 1,
    scale: str = SMALL,
    citizens: int | None = None,
    allow_demo_users: bool = False,
    reset: bool = False,
    say: Say = print,
    progress: national.Progress | None = None,
) -> Result:
    """Create the demo data in one transaction, or raise DomainError when it already exists."""
    begun = time.perf_counter()
    if scale not in DEFAULT_CITIZENS:
        raise DomainError(f"Ukendt skala '{scale}'; vælg small eller national.")
    count = DEFAULT_CITIZENS[scale] if citizens is None else citizens
    if count < 0:
        raise DomainError("Antallet af borgere kan ikke være negativt.")
    if today < national.FIRST_DAY:
        raise DomainError("Demoens 'i dag' skal ligge efter 1. januar 2019.")
    if reset:
        common.reset(say)
    if demo_municipality() is not None:
        raise DomainError(
            f"Demodata findes allerede ({DEMO_NAME}, kommunekode {DEMO_CODE}). "
            "Brug --reset for at slette dem og oprette dem igen."
        )
    with_logins = logins_allowed(allow_demo_users=allow_demo_users)
    with transaction.atomic():
        say(f"Opretter {DEMO_NAME} (kommunekode {DEMO_CODE}) og aktøren 'demo' …")
        municipality, actor = common.make_municipality_and_actor()
        pyrng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
        specs = SHELTERS if scale == SMALL else national.standard_shelters(pyrng, today)
        shelters = common.make_shelters(actor=actor, specs=specs, today=today)
        inside = sum(1 for s in shelters if s.municipality_id == municipality.pk)
        say(
            f"Boformer: {len(shelters)} ({inside} i {DEMO_NAME}, {len(shelters) - inside} uden for)"
        )
        staff_shelter = next(s for s in shelters if s.name == STAFF_SHELTER)
        workers = common.make_workers(municipality=municipality)
        logins: dict[str, User] = {}
        if with_logins:
            logins = common.make_logins(municipality=municipality, staff_shelter=staff_shelter)
            say("Brugere: " + ", ".join(logins) + " (adgangskode: demo)")
        else:
            say(
                "Ingen brugere oprettet: databasen er ikke SQLite. "
                "Brug --allow-demo-users for at oprette demo-logins med den kendte adgangskode."
            )
        favourite = logins.get("bostoette")
        internal = [i for i, s in enumerate(shelters) if s.municipality_id == municipality.pk]
        if scale == SMALL:
            demo = small.Demo(
                actor=actor,
                municipality=municipality,
                shelters=shelters,
                internal=internal,
                external=[i for i in range(len(shelters)) if i not in internal],
                workers=workers,
                favourite_worker=favourite,
                today=today,
            )
            totals = small.build(demo=demo, seed=seed, citizens=count, say=say, logins=logins)
            made_citizens, made_stays = totals.citizens, totals.stays
        else:
            rates = {
                (rate.shelter_id, rate.valid_from.year): rate.daily_rate
                for shelter in shelters
                for rate in shelter.rates.all()
            }
            ctx = national.Context(
                actor=actor,
                municipality=municipality,
                shelters=shelters,
                rates=rates,
                workers=workers,
                favourite_worker=favourite,
                today=today,
                case_workers=national.case_workers(municipality, count, logins.get("raadgiver")),
            )
            say(f"Borgere, situationer, ophold og forløb: {count} borgere …")
            result = national.build(
                ctx=ctx, seed=seed, citizens=count, progress=progress or (lambda _: None)
            )
            say(
                f"  {result.stays} ophold ({result.open_stays} igangværende, gennemsnitligt "
                f"{result.nights / max(result.stays, 1):.0f} døgn), "
                f"{result.situations} situationer, {result.courses} forløb, "
                f"{result.contacts} kontakter"
            )
            made_citizens, made_stays = result.citizens, result.stays
    if scale == NATIONAL and connection.vendor == "postgresql":
        # Bulk-loaded tables have no planner statistics until autovacuum comes round to them.
        say("Opdaterer PostgreSQL's statistik (ANALYZE) …")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Result(made_citizens, made_stays, with_logins, time.perf_counter() - begun)
