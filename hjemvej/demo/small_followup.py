"""The small demo's follow-up records: transitions, action plans, stay plans and letters.

Built through ``hjemvej.followup.services`` after the citizens, stays, courses and housing exist:
releases and discharges ahead (and some that happened, one without a housing solution), action
plans from network meetings (some replaced, some past their review), the shelters' stay plans for
open stays, and letters: appointments, reminders and decisions on the citizens' grants.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen, HomelessnessSituation, Situation
from hjemvej.demo import names
from hjemvej.demo.common import STAFF_SHELTER
from hjemvej.demo.small_base import Demo, between, weighted
from hjemvej.followup import services
from hjemvej.followup.models import LetterChannel, TransitionKind, TransitionOutcome
from hjemvej.followup.selectors import letter_address
from hjemvej.followup.services import ParticipantInput, StepInput, TransitionData
from hjemvej.housing.models import Grant, GrantDecision
from hjemvej.rules.dates import add_months_clamped
from hjemvej.shelters.models import Stay

GOALS = (
    "Jeg vil have min egen lejlighed med en dør, jeg selv kan låse.",
    "Jeg vil bo tæt på min datter, så jeg kan se hende hver uge.",
    "Jeg vil have ro. Ikke flere nætter på herberget.",
    "Jeg vil i gang med at arbejde igen, måske i en genbrugsbutik.",
    "Jeg vil have styr på min gæld, så jeg kan sove om natten.",
    "Jeg vil have et sted, hvor min hund også må bo.",
    "Jeg vil passe min medicin og holde mig væk fra mine gamle venner.",
    "Jeg vil lære at lave mad og handle selv.",
)
RELATIONS = (
    "søster",
    "bror",
    "mor",
    "ven",
    "bostøttemedarbejder",
    "kontaktperson på herberget",
    "jobcentret",
    "misbrugsbehandler",
    "præst i kirkens korshær",
)
STEPS = (
    ("Skrive borgeren op til en almen bolig", "Sagsbehandleren"),
    ("Søge boligstøtte", "Borgeren og bostøtten"),
    ("Bestille nyt sygesikringskort", "Borgeren"),
    ("Åbne en bankkonto", "Borgeren med kontaktpersonen"),
    ("Tale med egen læge om medicinen", "Borgeren"),
    ("Møde med jobcentret om aktivering", "Sagsbehandleren"),
    ("Hente møbler i genbrugen", "Bostøtten"),
    ("Lave en aftale med gældsrådgivningen", "Borgeren og søsteren"),
)
STAY_STEPS = (
    "Komme til morgenmad tre dage om ugen.",
    "Hente post på kommunen hver tirsdag med kontaktpersonen.",
    "Søge boligstøtte sammen med personalet i næste uge.",
    "Gå med til netværksmødet og fortælle, hvad der er vigtigt.",
    "Rydde værelset op lørdag formiddag.",
    "Ringe til lægen og bestille tid.",
)
INSTITUTIONS: dict[str, tuple[str, ...]] = {
    TransitionKind.PRISON_RELEASE: ("Statsfængslet i Renbæk", "Arresthuset i Aarhus"),
    TransitionKind.PSYCHIATRIC_DISCHARGE: ("Psykiatrien, Risskov", "Psykiatrisk afdeling, Randers"),
    TransitionKind.HOSPITAL_DISCHARGE: ("Regionshospitalet", "Alkoholbehandlingen, døgnafsnit"),
    TransitionKind.LEAVING_CARE: ("Ungehuset (anbringelse)", "Bostedet Lyngen (§ 107)"),
}
PAST_KINDS = (TransitionKind.PRISON_RELEASE, TransitionKind.PSYCHIATRIC_DISCHARGE)
#: The outcomes of past transitions, in turn.
OUTCOMES = (
    TransitionOutcome.OWN_HOME,
    TransitionOutcome.NO_SOLUTION,
    TransitionOutcome.TEMPORARY,
    TransitionOutcome.OWN_HOME,
    TransitionOutcome.SHELTER,
)
CHANNELS = (
    (LetterChannel.DIGITAL_POST, 60),
    (LetterChannel.POST, 15),
    (LetterChannel.HANDED, 25),
)


@dataclass
class Counts:
    transitions: int = 0
    past: int = 0  # transitions that are over
    meetings: int = 0
    plans: int = 0
    steps: int = 0
    stay_plans: int = 0
    letters: int = 0


@dataclass
class Actors:
    case: User  # writes plans, records transitions, decides
    support: User  # sends appointments and reminders
    staff: User  # the shelter login, for stay plans at its shelter


def _name(rng: random.Random) -> str:
    first = rng.choice(names.FEMALE_FIRST_NAMES + names.MALE_FIRST_NAMES)
    return f"{first} {rng.choice(names.LAST_NAMES)}"


def _transition(
    rng: random.Random,
    actors: Actors,
    citizen: Citizen,
    kind: str,
    today: date,
    counts: Counts,
    *,
    past: bool = False,
) -> None:
    """Record a transition ahead (or, when past, how the day went) with its meetings."""
    ahead = not past
    expected = today + timedelta(days=between(rng, 3, 150) if ahead else -between(rng, 20, 300))
    notified = min(expected - timedelta(days=between(rng, 14, 200)), today)
    agreement = None
    if kind == TransitionKind.PSYCHIATRIC_DISCHARGE and rng.random() < 0.6:
        agreement = min(expected - timedelta(days=rng.randint(0, 10)), today)
    data = TransitionData(
        kind=kind,
        expected_on=expected,
        institution=rng.choice(INSTITUTIONS[kind]),
        notified_on=notified,
        discharge_agreement_on=agreement,
        plan=rng.choice(
            (
                "",
                "Udslusningsbolig fra dagen; bostøtten henter ved porten.",
                "Egen bolig er skaffet; indskud bevilget; CTI begynder samme dag.",
                "Værelse på herberget, indtil boligen er klar.",
            )
        ),
    )
    transition = services.transition_create(
        actor=actors.case, citizen=citizen, data=data, today=today
    )
    counts.transitions += 1
    held = notified + timedelta(days=between(rng, 7, 60))
    while held <= min(today, expected) and rng.random() < 0.6:
        services.transition_meeting_add(
            actor=actors.case,
            transition=transition,
            held_on=held,
            participants=rng.choice(
                (
                    "Borgeren, Kriminalforsorgen, sagsbehandleren",
                    "Borgeren, overlægen, bostøtten, sagsbehandleren",
                    "Borgeren, jobcentret, misbrugsbehandlingen",
                )
            ),
            note=rng.choice(("", "Bolig drøftet; indskud søges.", "Borgeren ønsker CTI.")),
            today=today,
        )
        counts.meetings += 1
        held += timedelta(days=between(rng, 14, 60))
    if not ahead:
        services.transition_update(
            actor=actors.case,
            transition=transition,
            data=data,
            happened_on=expected,
            outcome=OUTCOMES[counts.past % len(OUTCOMES)],
            today=today,
        )
        counts.past += 1


def _plan(
    rng: random.Random, actors: Actors, citizen: Citizen, meeting: date, today: date, counts: Counts
) -> None:
    """Record an action plan from a network meeting, with steps of which some are done."""
    participants = [
        ParticipantInput(_name(rng), rng.choice(RELATIONS), rng.random() < 0.9)
        for _ in range(rng.randint(1, 3))
    ]
    steps = [
        StepInput(text, who, meeting + timedelta(days=between(rng, 14, 120)))
        for text, who in rng.sample(STEPS, rng.randint(2, 4))
    ]
    plan = services.action_plan_create(
        actor=actors.case,
        citizen=citizen,
        meeting_on=meeting,
        goals=rng.choice(GOALS),
        review_by=add_months_clamped(meeting, 6),
        participants=participants,
        steps=steps,
        today=today,
    )
    counts.plans += 1
    counts.steps += len(steps)
    for step in plan.steps.all():
        if step.due is not None and step.due < today and rng.random() < 0.6:
            done = meeting + timedelta(days=rng.randint(0, (step.due - meeting).days))
            services.plan_step_done(actor=actors.case, step=step, done_on=done, today=today)


def _letters(
    rng: random.Random,
    actors: Actors,
    citizen: Citizen,
    grants: Sequence[Grant],
    today: date,
    counts: Counts,
) -> None:
    """Send an appointment or a reminder, and a decision letter for most of the grants."""
    if rng.random() < 0.35:
        sent = today - timedelta(days=between(rng, 1, 120))
        meeting = sent + timedelta(days=rng.randint(3, 14))
        template, values = rng.choice(
            (
                (
                    "appointment",
                    {
                        "date": meeting.isoformat(),
                        "time": rng.choice(("09.30", "10.00", "13.00", "14.30")),
                        "place": rng.choice(
                            ("Jobcentret, Tronholmen 1", "Borgerservice, Rådhuspladsen 2")
                        ),
                        "with_whom": f"{actors.support.get_full_name()} fra Hjemløseteamet",
                        "about": rng.choice(("din nye bolig", "din handleplan", "din økonomi")),
                        "bring": rng.choice(("", "sygesikringskort", "lejekontrakt og NemID")),
                    },
                ),
                (
                    "reminder",
                    {
                        "what": rng.choice(
                            ("aflever nøglen på herberget", "underskriv lejekontrakten")
                        ),
                        "by_date": meeting.isoformat(),
                    },
                ),
            )
        )
        _send(rng, actors.support, citizen, template, values, sent, counts)
    for grant in grants:
        if grant.decision == GrantDecision.REFUSED and not grant.reason.strip():
            continue  # a refusal must give its reason before a letter can be sent
        if rng.random() < 0.7:
            sent = min(grant.decided_on + timedelta(days=rng.randint(0, 3)), today)
            _send(rng, actors.case, citizen, "grant_decision", {}, sent, counts, grant=grant)


def _send(
    rng: random.Random,
    actor: User,
    citizen: Citizen,
    template: str,
    values: dict[str, str],
    sent: date,
    counts: Counts,
    *,
    grant: Grant | None = None,
) -> None:
    address = letter_address(citizen, sent) or "Afleveres personligt"
    services.letter_send(
        actor=actor,
        citizen=citizen,
        template=template,
        values=values | {"address": address},
        channel=weighted(rng, CHANNELS),
        today=sent,
        grant=grant,
        case_number=f"{sent.year}-{citizen.pk:06d}",  # the case number of a made-up case system
    )
    counts.letters += 1


def play_followup(
    rng: random.Random, demo: Demo, citizens: Sequence[Citizen], logins: Mapping[str, User]
) -> str:
    """Build the follow-up records of the small demo's citizens; return one Danish summary line."""
    today = demo.today
    case = logins.get("sagsbehandler") or logins.get("raadgiver") or demo.actor
    actors = Actors(
        case=case,
        support=logins.get("bostoette") or demo.favourite_worker or case,
        staff=logins.get("boform") or demo.actor,
    )
    ids = [citizen.pk for citizen in citizens]
    current = {
        s.citizen_id: s.situation
        for s in HomelessnessSituation.objects.filter(citizen_id__in=ids, end__isnull=True)
    }
    open_stays = {
        s.citizen_id: s
        for s in Stay.objects.filter(citizen_id__in=ids, discharged__isnull=True).select_related(
            "shelter"
        )
    }
    grants: dict[int, list[Grant]] = {}
    for grant in Grant.objects.filter(citizen_id__in=ids).order_by("decided_on", "id"):
        grants.setdefault(grant.citizen_id, []).append(grant)
    counts = Counts()
    for index, citizen in enumerate(sorted(citizens, key=lambda c: c.pk)):
        situation = current.get(citizen.pk)
        if situation == Situation.PRISON_RELEASE:
            _transition(rng, actors, citizen, TransitionKind.PRISON_RELEASE, today, counts)
        elif situation == Situation.HOSPITAL_DISCHARGE:
            kind = weighted(
                rng,
                (
                    (TransitionKind.PSYCHIATRIC_DISCHARGE, 60),
                    (TransitionKind.HOSPITAL_DISCHARGE, 40),
                ),
            )
            _transition(rng, actors, citizen, kind, today, counts)
        elif index % 12 == 5:
            # Every twelfth citizen went through a transition that is over, in turn a release
            # and a discharge, so every kind of outcome has something to show.
            kind = PAST_KINDS[index // 12 % len(PAST_KINDS)]
            _transition(rng, actors, citizen, kind, today, counts, past=True)
        elif situation is not None and index % 40 == 11:
            _transition(rng, actors, citizen, TransitionKind.LEAVING_CARE, today, counts)
        stay = open_stays.get(citizen.pk)
        if (stay is not None and rng.random() < 0.8) or (situation and rng.random() < 0.8):
            meeting = today - timedelta(days=between(rng, 14, 330))
            _plan(rng, actors, citizen, meeting, today, counts)
            # Every fifth plan old enough has been replaced by a newer one.
            if counts.plans % 5 == 1 and (today - meeting).days > 60:
                later = meeting + timedelta(days=rng.randint(30, (today - meeting).days))
                _plan(rng, actors, citizen, later, today, counts)
        if stay is not None and rng.random() < 0.75:
            made = max(stay.admitted, today - timedelta(days=between(rng, 2, 60)))
            services.stay_plan_create(
                actor=actors.staff if stay.shelter.name == STAFF_SHELTER else actors.case,
                stay=stay,
                made_on=made,
                steps="\n".join(rng.sample(STAY_STEPS, rng.randint(2, 3))),
                review_by=made + timedelta(days=rng.choice((14, 30, 30, 60))),
                today=today,
            )
            counts.stay_plans += 1
        _letters(rng, actors, citizen, grants.get(citizen.pk, []), today, counts)
    return (
        f"Overgange: {counts.transitions} (møder: {counts.meetings}), "
        f"handleplaner: {counts.plans} (skridt: {counts.steps}), "
        f"opholdsplaner: {counts.stay_plans}, breve: {counts.letters}"
    )
