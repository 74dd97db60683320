"""The small demo's last stage: citizens at risk of homelessness, of every kind (prevention).

Played after everything else with its own ``random.Random``, so the rest of the demo draws the
same numbers as before. Each citizen at risk is registered with ``citizen_create_at_risk`` (no
situation, not on the list); some risks are averted, one citizen later becomes homeless through
``situation_add`` (on the list, the risk ended as "became homeless"), the rest are open.
"""

from __future__ import annotations

import random
from datetime import timedelta

from hjemvej.citizens.models import Gender, RiskKind, RiskOutcome, Situation, SituationSource
from hjemvej.citizens.prevention import citizen_create_at_risk, risk_end
from hjemvej.citizens.services import situation_add
from hjemvej.demo.names import FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES
from hjemvej.demo.small_base import Demo

#: The stage's own seed offset: the stage never shares the main sequence of draws.
SEED_OFFSET = 15_085
#: One citizen at risk of each kind per so many citizens on the list (150: two of each); a
#: tiny demo (``--citizens 8``) has none. The first eviction warning's citizen becomes homeless.
CITIZENS_PER_RISK = 75


def play_prevention(demo: Demo, seed: int, citizens: int) -> str:
    """Register citizens at risk of each kind; return what was made, in Danish."""
    rng = random.Random(seed + SEED_OFFSET)  # noqa: S311 - made-up data, not secrets
    per_kind = citizens // CITIZENS_PER_RISK
    today = demo.today
    made = averted = 0
    homeless = ""
    for kind in RiskKind.values:
        for number in range(per_kind):
            female = rng.random() < 0.4
            first = rng.choice(FEMALE_FIRST_NAMES if female else MALE_FIRST_NAMES)
            noted_on = today - timedelta(days=rng.randint(60, 300))
            expected_on = noted_on + timedelta(days=rng.randint(14, 120))
            years = 18 if kind == RiskKind.LEAVING_CARE else rng.randint(22, 60)
            risk = citizen_create_at_risk(
                actor=demo.actor,
                acting_municipality=demo.municipality,
                kind=kind,
                noted_on=noted_on,
                expected_on=expected_on,
                today=today,
                first_name=first,
                last_name=rng.choice(LAST_NAMES),
                birth_date=expected_on.replace(year=expected_on.year - years, day=1),
                gender=Gender.FEMALE if female else Gender.MALE,
            )
            made += 1
            if kind == RiskKind.EVICTION and number == 0:
                situation_add(
                    actor=demo.actor,
                    citizen=risk.citizen,
                    situation=Situation.SOFA,
                    start=min(expected_on, today),
                    today=today,
                    source=SituationSource.CASE_WORK,
                )
                homeless = risk.citizen.display_name
            elif expected_on < today and rng.random() < 0.5:
                risk_end(
                    actor=demo.actor,
                    risk=risk,
                    ended_on=expected_on,
                    outcome=RiskOutcome.AVERTED,
                    today=today,
                )
                averted += 1
    became = f"; {homeless} blev hjemløs og kom på listen" if homeless else ""
    return f"  {made} borgere i risiko for hjemløshed, {averted} afværget{became}"
