"""The small demo: about 150 citizens of Demo Kommune, built through the services.

Every citizen gets a plan first: a chain of segments (a situation, a shelter stay, housed, or
inactive), the last of which lasts until today. The plan is then played through the services a
user would use (``citizen_create``, ``situation_add``, ``stay_admit``, ``stay_discharge``,
``situation_end``, ``course_create``, ``contact_add``, ``consent_add`` …), so the data obey every
rule the services hold and the audit log shows the "demo" actor's entries.

Stay lengths are drawn stratified (fixed shares of 1 night, 2–5, 6–30, 31–119, 120–364 and
365–1,000 nights, log-spread inside each band), so the average stay lasts about 145 nights for
any seed: many short stays and a long tail beyond a year.

The stages are in ``small_plans`` (the plans), ``small_play`` (citizens, situations and stays)
and ``small_support`` (courses, contacts and consents); ``small_base`` holds what they share;
``small_botilbud`` adds a few § 107 stays last, with its own draws; ``small_budget`` then sets
this year's budget at last year's level.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence

from hjemvej.accounts.models import Municipality, User
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.services import citizen_assign_case_worker
from hjemvej.demo.common import Say
from hjemvej.demo.people import draw_people
from hjemvej.demo.small_base import (
    DESTINATION,
    MONTHLY_COST,
    OTHER_SITUATIONS,
    PRIOR,
    SOURCE,
    Demo,
    Totals,
)
from hjemvej.demo.small_botilbud import play_botilbud
from hjemvej.demo.small_budget import play_budget
from hjemvej.demo.small_followup import play_followup
from hjemvej.demo.small_housing import play_housing
from hjemvej.demo.small_methods import play_methods
from hjemvej.demo.small_plans import make_plans
from hjemvej.demo.small_play import play
from hjemvej.demo.small_prevention import play_prevention
from hjemvej.demo.small_support import cover_every_kind, plan_courses, play_support
from hjemvej.demo.small_tasks import play_tasks

# The demo's month arithmetic keeps the day or takes the month's last (tests compare with it).
from hjemvej.rules.dates import add_months_clamped as add_months

__all__ = [
    "DESTINATION",
    "MONTHLY_COST",
    "OTHER_SITUATIONS",
    "PRIOR",
    "SOURCE",
    "Demo",
    "Totals",
    "add_months",
    "build",
]

#: Demo Kommune began using Hjemvej on the first of the month this many months before the demo's
#: today: the deadlines of its older history are collapsed on the task list, the rest is work.
STARTED_MONTHS_AGO = 9


def build(
    *,
    demo: Demo,
    seed: int,
    citizens: int,
    say: Say,
    logins: Mapping[str, User] | None = None,
) -> Totals:
    """Build the small demo's citizens with everything that happened to them."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    started = add_months(demo.today.replace(day=1), -STARTED_MONTHS_AGO)
    Municipality.objects.filter(pk=demo.municipality.pk).update(started_on=started)
    demo.municipality.started_on = started
    people = draw_people(rng, citizens, today=demo.today)
    plans = make_plans(rng, demo, people)
    courses = [plan_courses(rng, plan, demo.today) for plan in plans]
    cover_every_kind(courses)
    totals = Totals()
    say(f"Borgere, situationer og ophold: {len(plans)} borgere …")
    made = [play(rng, demo, plan, totals) for plan in plans]
    say(
        f"  {totals.stays} ophold ({totals.open_stays} igangværende), "
        f"gennemsnitligt {totals.nights / max(totals.stays, 1):.0f} døgn"
    )
    say("Støtteforløb, kontakter og samtykker …")
    for citizen, plan, planned in zip(made, plans, courses, strict=True):
        play_support(rng, demo, citizen, plan, planned, totals)
    say(f"  {totals.courses} forløb, {totals.contacts} kontakter, {totals.consents} samtykker")
    logins = logins or {}
    assign_case_workers(rng, demo, made, logins)
    # The way out, in the order each stage needs the one before: homes, then the support
    # methods that start from the move-in, then plans, transitions and letters, then tasks.
    for stage in (play_housing, play_methods, play_followup, play_tasks):
        say(stage(rng, demo, made, logins))
    # Last, each with its own random sequence, so the stages before draw what they always drew.
    say("Borgere i risiko for hjemløshed …")
    say(play_prevention(demo, seed, citizens))
    say(play_botilbud(demo, made, seed))
    say(play_budget(demo, logins))
    return totals


def assign_case_workers(
    rng: random.Random, demo: Demo, citizens: Sequence[Citizen], logins: Mapping[str, User]
) -> None:
    """Make the case worker login responsible for most citizens; a few are not yet assigned."""
    case_worker = logins.get("raadgiver")
    if case_worker is None:
        return
    for citizen in citizens:
        if rng.random() < 0.85:
            citizen_assign_case_worker(actor=demo.actor, citizen=citizen, case_worker=case_worker)
