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
and ``small_support`` (courses, contacts and consents); ``small_base`` holds what they share.
"""

from __future__ import annotations

import random

from hjemvej.core.demo.common import Say
from hjemvej.core.demo.people import draw_people
from hjemvej.core.demo.small_base import (
    DESTINATION,
    MONTHLY_COST,
    OTHER_SITUATIONS,
    PRIOR,
    SOURCE,
    Demo,
    Totals,
    add_months,
)
from hjemvej.core.demo.small_plans import make_plans
from hjemvej.core.demo.small_play import play
from hjemvej.core.demo.small_support import cover_every_kind, plan_courses, play_support

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


def build(*, demo: Demo, seed: int, citizens: int, say: Say) -> Totals:
    """Build the small demo's citizens with everything that happened to them."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    people = draw_people(rng, citizens)
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
    return totals
