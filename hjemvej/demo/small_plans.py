"""The small demo's first stage: a plan for every citizen, a chain of segments up to today."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from datetime import date, timedelta

from hjemvej.citizens.models import Situation
from hjemvej.demo.people import Person
from hjemvej.demo.small_base import (
    FIRST_DAY,
    HOUSED,
    INACTIVE,
    LENGTH_BANDS,
    OTHER_SITUATIONS,
    SITUATION,
    STAY,
    STAYS_PER_CITIZEN,
    Demo,
    Plan,
    Segment,
    between,
    weighted,
)
from hjemvej.rules.dates import add_months_clamped


def log_spread(low: int, high: int, count: int) -> list[int]:
    """Return ``count`` integers spread evenly on a log scale over ``[low, high]``."""
    if low == high:
        return [low] * count
    ratio = math.log(high / low)
    return [round(low * math.exp(ratio * (i + 0.5) / count)) for i in range(count)]


def stay_lengths(rng: random.Random, count: int) -> list[int]:
    """Return ``count`` stay lengths in nights, stratified over the bands, shuffled."""
    sizes = [round(share * count) for _, _, share in LENGTH_BANDS]
    sizes[3] += count - sum(sizes)  # the rounding remainder goes to the middle band
    lengths = [
        n
        for (low, high, _), size in zip(LENGTH_BANDS, sizes, strict=True)
        for n in log_spread(low, high, size)
    ]
    rng.shuffle(lengths)
    return lengths


def _other_situation(rng: random.Random, not_this: str = "") -> str:
    choices = [(s, w) for s, w in OTHER_SITUATIONS if s != not_this]
    return weighted(rng, choices)


def _pick_shelter(rng: random.Random, demo: Demo, not_this: int = -1) -> int:
    """Return a shelter's index: 55 % in Demo Kommune, else an external shelter; by size."""
    pool = demo.internal if rng.random() < 0.55 else demo.external
    pool = [i for i in pool if i != not_this] or [i for i in demo.internal if i != not_this]
    weights = [demo.shelters[i].places for i in pool]
    return rng.choices(pool, weights=weights, k=1)[0]


def _earliest(person: Person) -> date:
    if person.birth_date is None:
        return FIRST_DAY
    adult = add_months_clamped(person.birth_date, 18 * 12)
    return max(FIRST_DAY, adult)


def plan_citizen(
    rng: random.Random,
    demo: Demo,
    person: Person,
    lengths: list[int],
    *,
    final_situation: str = "",
    open_stay: bool = False,
) -> Plan:
    """Return the plan of one citizen with ``len(lengths)`` stays of those lengths."""
    segments: list[Segment] = []
    last_shelter = -1
    for number, length in enumerate(lengths):
        if number == 0:
            if rng.random() < 0.7:
                situation = _other_situation(rng)
                segments.append(Segment(SITUATION, between(rng, 3, 300), situation))
        else:
            roll = rng.random()
            if roll < 0.08:
                pass  # a transfer: straight from one shelter to another
            elif roll < 0.28:  # housed for a while, then back (a readmission)
                segments.append(Segment(HOUSED, between(rng, 60, 900)))
                if rng.random() < 0.5:
                    situation = _other_situation(rng)
                    segments.append(Segment(SITUATION, between(rng, 3, 120), situation))
            elif roll < 0.33:
                segments.append(Segment(INACTIVE, between(rng, 30, 400)))
            else:
                for _ in range(rng.choice((1, 1, 1, 2))):
                    previous = segments[-1].situation if segments else ""
                    situation = _other_situation(rng, previous)
                    segments.append(Segment(SITUATION, between(rng, 3, 400), situation))
        last_shelter = _pick_shelter(
            rng, demo, last_shelter if not segments or segments[-1].kind == STAY else -1
        )
        segments.append(Segment(STAY, length, shelter=last_shelter))

    if open_stay and lengths:
        pass  # the last stay lasts until today: its length is the nights so far
    elif final_situation:
        previous = segments[-1].situation if segments else ""
        if final_situation == previous:
            segments.append(Segment(HOUSED, between(rng, 30, 200)))
        segments.append(Segment(SITUATION, between(rng, 2, 400), final_situation))
    elif not lengths:  # never in a shelter: one to three situations, perhaps housed since
        for _ in range(rng.choice((1, 1, 2, 3))):
            previous = segments[-1].situation if segments else ""
            situation = _other_situation(rng, previous)
            segments.append(Segment(SITUATION, between(rng, 5, 500), situation))
        roll = rng.random()
        if roll < 0.25:
            segments.append(Segment(HOUSED, between(rng, 20, 1200)))
        elif roll < 0.35:
            segments.append(Segment(INACTIVE, between(rng, 20, 500)))
    else:
        roll = rng.random()
        if roll < 0.5:
            previous = segments[-1].situation if segments else ""
            situation = _other_situation(rng, previous)
            segments.append(Segment(SITUATION, between(rng, 2, 700), situation))
        elif roll < 0.85:
            segments.append(Segment(HOUSED, between(rng, 20, 1500)))
        else:
            segments.append(Segment(INACTIVE, between(rng, 20, 500)))
    return _fit(rng, person, segments, demo.today)


def _fit(rng: random.Random, person: Person, segments: list[Segment], today: date) -> Plan:
    """Place the segments so that the last one reaches today; shrink what does not fit."""
    available = (today - _earliest(person)).days
    total = sum(s.days for s in segments)
    if total > available:  # shorten the time between stays first, never a stay
        others = [s for s in segments if s.kind != STAY]
        stays = total - sum(s.days for s in others)
        room = max(available - stays, len(others))
        factor = room / max(sum(s.days for s in others), 1)
        for s in others:
            s.days = max(1, math.floor(s.days * factor))
        total = sum(s.days for s in segments)
    while total > available and len(segments) > 1:  # still too long: the oldest part goes
        total -= segments.pop(0).days
        while segments[0].kind in (HOUSED, INACTIVE) and len(segments) > 1:
            total -= segments.pop(0).days
    if segments[0].kind in (HOUSED, INACTIVE):  # a citizen's history begins in homelessness
        segments[0] = Segment(SITUATION, segments[0].days, Situation.SOFA)
    # Spread the first days over the years: lengthen a time off the list, or the first or
    # last situation (long-term homelessness); never a stay.
    slack = math.floor(max(available - total, 0) * rng.random() ** 2)
    stretch = next(
        (s for s in (segments[-1], segments[0]) if s.kind in (HOUSED, INACTIVE, SITUATION)), None
    )
    if stretch is not None:
        stretch.days += slack
        total += slack
    start = today - timedelta(days=min(total, available))
    dates = []
    day = start
    for segment in segments:
        dates.append(day)
        day += timedelta(days=segment.days)
    return Plan(person, start, segments, dates)


def make_plans(rng: random.Random, demo: Demo, people: Sequence[Person]) -> list[Plan]:
    """Return every citizen's plan; together they cover all nine situations, now and before."""
    counts = [int(weighted(rng, [(str(n), w) for n, w in STAYS_PER_CITIZEN])) for _ in people]
    lengths = stay_lengths(rng, sum(counts))
    plans: list[Plan] = []
    finals = [s for s, _ in OTHER_SITUATIONS]
    for index, person in enumerate(people):
        own, lengths = lengths[: counts[index]], lengths[counts[index] :]
        final = finals[index] if index < len(finals) else ""
        open_stay = index == len(finals) or (
            index > len(finals) and bool(own) and rng.random() < 0.45
        )
        if open_stay and not own:
            own = [between(rng, 10, 200)]
        plans.append(
            plan_citizen(rng, demo, person, own, final_situation=final, open_stay=open_stay)
        )
    return plans
