"""The small demo's § 107 stage: a few temporary botilbud stays, so § 176 a's stk. 1, nr. 2, and
stk. 2 have real cases in the economy's figures.

It runs last, with its own ``random.Random(seed)``, so the stages before it draw what they drew
without it. Each example begins on the day a citizen left a § 110 shelter (after the rules'
start), and ends before the citizen's next admission:

- decided before the discharge, ended: its cost is reimbursed (stk. 2), and an ICM course decided
  after it ended gets the § 85 a period from the discharge (stk. 1, nr. 2);
- decided before the discharge, still running;
- decided after the discharge: no reimbursement, and the page says why.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal

from hjemvej.citizens.models import Citizen
from hjemvej.demo.small_base import Demo
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.support.model import BOTILBUD_RATE
from hjemvej.shelters.models import Stay, StayType
from hjemvej.support.botilbud import botilbud_stay_add
from hjemvej.support.models import CourseKind, SupportCourse
from hjemvej.support.services import course_create

PROVIDERS = ("Botilbuddet Engbo", "Midlertidigt botilbud Skovly", "Bostedet Havnegade")
#: The examples: (decided this many days before the discharge (negative: after), days long
#: or None while it runs, an ICM course after it).
EXAMPLES: tuple[tuple[int, int | None, bool], ...] = (
    (10, 92, True),
    (14, None, False),
    (-6, 120, False),
)
#: The § 107 stays' monthly cost: a botilbud's daily rate of 1,400–2,200 kr., a month.
COST_RANGE = (42_000, 66_000)


def _candidates(demo: Demo, citizens: Sequence[Citizen]) -> list[tuple[Citizen, date, date]]:
    """Return (citizen, discharge, next admission or the day after today) per citizen.

    A discharge on or after the rules' start and at least half a year before today, with room
    for a § 107 stay before the next admission, and no support course around it.
    """
    first = default_parameters()[BOTILBUD_RATE].first_date
    live = {c.pk: c for c in citizens if c.merged_into_id is None}
    stays: dict[int, list[tuple[date, date | None]]] = {}
    for citizen_id, admitted, discharged in (
        Stay.objects.filter(citizen_id__in=live, stay_type=StayType.STAY)
        .order_by("citizen_id", "admitted")
        .values_list("citizen_id", "admitted", "discharged")
    ):
        stays.setdefault(citizen_id, []).append((admitted, discharged))
    with_courses = set(
        SupportCourse.objects.filter(citizen_id__in=live).values_list("citizen_id", flat=True)
    )
    found = []
    for citizen_id, own in sorted(stays.items()):
        if citizen_id in with_courses:
            continue
        for (_, discharged), (after, _) in zip(
            own, [*own[1:], (demo.today + timedelta(days=1), None)], strict=True
        ):
            if discharged is None or discharged < first:
                continue
            if (demo.today - discharged).days >= 183 and (after - discharged).days >= 200:
                found.append((live[citizen_id], discharged, after))
                break
    return found


def play_botilbud(demo: Demo, citizens: Sequence[Citizen], seed: int) -> str:
    """Record a few § 107 stays (and one ICM course after one); return a Danish summary line."""
    rng = random.Random(seed)  # noqa: S311 - made-up data, not secrets
    candidates = _candidates(demo, citizens)
    chosen = rng.sample(candidates, k=min(len(EXAMPLES), len(candidates)))
    made = courses = 0
    for (citizen, discharged, after), (before, days, icm) in zip(chosen, EXAMPLES, strict=False):
        end = None if days is None else discharged + timedelta(days=days)
        if end is not None and end >= after:
            end = None
        decided = discharged - timedelta(days=before)
        botilbud_stay_add(
            actor=demo.actor,
            citizen=citizen,
            provider=rng.choice(PROVIDERS),
            decided_on=min(decided, demo.today),
            start=discharged,
            end=end,
            monthly_cost=Decimal(rng.randrange(*COST_RANGE, 500)),
            today=demo.today,
        )
        made += 1
        if icm and end is not None:
            start = end + timedelta(days=rng.randint(1, 5))
            course_create(
                actor=demo.actor,
                citizen=citizen,
                kind=CourseKind.ICM,
                decided_on=start,
                start=start,
                monthly_cost=Decimal(rng.randrange(14_000, 18_000, 500)),
            )
            courses += 1
    return f"Midlertidige botilbud (§ 107): {made} ophold, {courses} ICM-forløb efter et ophold"
