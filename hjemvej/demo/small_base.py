"""What the small demo's stages share: the shares and mappings, the plan's shape, helpers."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from hjemvej.accounts.models import Municipality, User
from hjemvej.citizens.models import Situation, SituationSource
from hjemvej.demo.people import Person
from hjemvej.shelters.models import ExitDestination, ExitReason, PriorResidence, Shelter
from hjemvej.support.models import CourseKind

FIRST_DAY = date(2019, 1, 1)

STAY = "stay"
HOUSED = "housed"
INACTIVE = "inactive"
SITUATION = "situation"

#: (lowest, highest) nights and the share of stays in the band.
LENGTH_BANDS: tuple[tuple[int, int, float], ...] = (
    (1, 1, 0.10),
    (2, 5, 0.12),
    (6, 30, 0.20),
    (31, 119, 0.23),
    (120, 364, 0.23),
    (365, 1000, 0.12),
)
STAYS_PER_CITIZEN = ((0, 30), (1, 33), (2, 17), (3, 9), (4, 5), (5, 3), (6, 3))

#: The eight situations besides the shelter, with how often citizens are in each.
OTHER_SITUATIONS = (
    (Situation.STREET, 18),
    (Situation.NIGHT_SHELTER, 12),
    (Situation.HOTEL, 5),
    (Situation.SOFA, 30),
    (Situation.TRANSITIONAL, 8),
    (Situation.PRISON_RELEASE, 8),
    (Situation.HOSPITAL_DISCHARGE, 8),
    (Situation.OTHER, 6),
)
SOURCE: dict[str, str] = {
    Situation.STREET: SituationSource.OUTREACH,
    Situation.NIGHT_SHELTER: SituationSource.OUTREACH,
    Situation.SHELTER: SituationSource.SHELTER,
    Situation.HOTEL: SituationSource.CASE_WORK,
    Situation.SOFA: SituationSource.CITIZEN,
    Situation.TRANSITIONAL: SituationSource.CASE_WORK,
    Situation.PRISON_RELEASE: SituationSource.PRISON,
    Situation.HOSPITAL_DISCHARGE: SituationSource.HEALTH,
    Situation.OTHER: SituationSource.CASE_WORK,
}
PRIOR: dict[str, str] = {
    Situation.STREET: PriorResidence.STREET,
    Situation.NIGHT_SHELTER: PriorResidence.STREET,
    Situation.HOTEL: PriorResidence.HOTEL,
    Situation.SOFA: PriorResidence.FAMILY_FRIENDS,
    Situation.TRANSITIONAL: PriorResidence.OTHER,
    Situation.PRISON_RELEASE: PriorResidence.PRISON,
    Situation.HOSPITAL_DISCHARGE: PriorResidence.HOSPITAL,
    Situation.OTHER: PriorResidence.OTHER,
}
DESTINATION: dict[str, str] = {
    Situation.STREET: ExitDestination.STREET,
    Situation.NIGHT_SHELTER: ExitDestination.STREET,
    Situation.HOTEL: ExitDestination.OTHER,
    Situation.SOFA: ExitDestination.FAMILY_FRIENDS,
    Situation.TRANSITIONAL: ExitDestination.TRANSITIONAL,
    Situation.PRISON_RELEASE: ExitDestination.PRISON,
    Situation.HOSPITAL_DISCHARGE: ExitDestination.HOSPITAL,
    Situation.OTHER: ExitDestination.OTHER,
}
EXIT_REASONS = (
    (ExitReason.AGREEMENT, 66),
    (ExitReason.LEFT, 18),
    (ExitReason.EXPELLED, 8),
    (ExitReason.OTHER, 4),
    (ExitReason.UNKNOWN, 4),
)
#: Support after a move into a home: kind and weight; § 99 goes to citizens on the street.
HOUSING_COURSES = (
    (CourseKind.CTI, 30),
    (CourseKind.ICM, 25),
    (CourseKind.ACT, 10),
    (CourseKind.M_ACT, 10),
    (CourseKind.SEL85, 25),
)
MONTHLY_COST: dict[str, int] = {
    CourseKind.SEL85: 6200,
    CourseKind.CTI: 9400,
    CourseKind.ICM: 7900,
    CourseKind.ACT: 14800,
    CourseKind.M_ACT: 11200,
    CourseKind.SEL99: 3900,
}
REDUCED_OWN_PAYMENTS = (Decimal(30), Decimal(45), Decimal(50), Decimal(60), Decimal("75.50"))


@dataclass
class Segment:
    """A stretch of the citizen's life; ``days`` long, or until today when it is the last."""

    kind: str
    days: int
    situation: str = ""
    shelter: int = -1  # index into the shelters, for a stay


@dataclass
class Plan:
    """What will happen to one citizen, from ``start`` on."""

    person: Person
    start: date
    segments: list[Segment]
    dates: list[date] = field(default_factory=list)  # each segment's first day


@dataclass
class Demo:
    """What the small demo builds on."""

    actor: User
    municipality: Municipality
    shelters: Sequence[Shelter]
    internal: Sequence[int]  # indexes of the shelters in Demo Kommune
    external: Sequence[int]
    workers: Sequence[User]
    favourite_worker: User | None  # the ``bostoette`` login, given several courses
    today: date


@dataclass
class Totals:
    citizens: int = 0
    stays: int = 0
    open_stays: int = 0
    nights: int = 0
    courses: int = 0
    contacts: int = 0
    consents: int = 0


def weighted(rng: random.Random, pairs: Sequence[tuple[str, int]]) -> str:
    return rng.choices([value for value, _ in pairs], weights=[w for _, w in pairs], k=1)[0]


def between(rng: random.Random, low: int, high: int) -> int:
    """Return an integer in ``[low, high]``, log-uniformly (short spans more often)."""
    return min(high, max(low, round(math.exp(rng.uniform(math.log(low), math.log(high))))))
