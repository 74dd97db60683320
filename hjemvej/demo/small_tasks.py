"""The small demo's hand-written tasks: a few for the case worker and the support workers.

Written through ``task_create`` as if on a day in the last three weeks (so some are overdue by the
demo's today), and some marked done through ``task_done``. Derived tasks come from the stays,
contacts, courses, plans and tenancies the other stages made; the two kinds that show only in a
short window (a CTI phase change in the next 14 days, a transition whose day has passed without
an outcome) are made here through the support and follow-up services when no stage made one.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal

from django.db.models import Q

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import citizens_for
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    HomelessnessSituation,
    ListEventKind,
    Situation,
)
from hjemvej.demo.common import STAFF_SHELTER
from hjemvej.demo.small_base import MONTHLY_COST, Demo
from hjemvej.followup.services import TransitionData, transition_create
from hjemvej.followup.task_services import task_create, task_done
from hjemvej.followup.tasks import municipality_tasks
from hjemvej.housing.models import Tenancy
from hjemvej.shelters.models import Stay
from hjemvej.shelters.selectors import current_stays
from hjemvej.shelters.services import stay_admit
from hjemvej.support.models import Contact, ContactKind, CourseKind, SupportCourse
from hjemvej.support.services import contact_add, course_create

TITLES = (
    "Ring til boformen og aftal et møde om udskrivningen",
    "Følg op på ansøgningen om beboerindskudslån",
    "Aftal et netværksmøde med de personer, borgeren har valgt",
    "Send ansøgningen til boligorganisationen",
    "Aftal et besøg i den nye bolig",
    "Hent nøglerne sammen med borgeren",
    "Ring til udlejeren om en betalingsaftale",
    "Følg op på startpakken fra genbrugsbutikken",
    "Hjælp borgeren med at bestille MitID",
    "Tjek at borgeren er skrevet op til en almen bolig",
)
#: About one citizen in ten gets a hand-written task (at least six).
SHARE = 10


def _assignee(citizen: Citizen, workers: Sequence[User], n: int) -> User | None:
    """Return the n-th worker who can see the citizen, or None (the citizen's case worker)."""
    if n % 5 == 4:
        return None
    able = [w for w in workers if citizens_for(w).filter(pk=citizen.pk).exists()]
    return able[n % len(able)] if able else None


def play_tasks(
    rng: random.Random, demo: Demo, citizens: Sequence[Citizen], logins: Mapping[str, User]
) -> str:
    """Write a few hand-written tasks and mark some done; return a Danish summary line."""
    case_worker = logins.get("raadgiver") or logins.get("sagsbehandler")
    actor = case_worker or demo.actor
    workers = list(dict.fromkeys(w for w in (case_worker, logins.get("bostoette")) if w))
    workers += [w for w in demo.workers if w not in workers]
    live = [c for c in citizens if c.merged_into_id is None]
    chosen = rng.sample(live, k=min(len(live), max(6, len(live) // SHARE)))
    written = done = 0
    for n, citizen in enumerate(chosen):
        # The first is a week overdue, so the list always shows one; the rest vary.
        ago, within = (14, 7) if n == 0 else (rng.randint(0, 21), rng.randint(2, 28))
        written_on = demo.today - timedelta(days=ago)
        task = task_create(
            actor=actor,
            citizen=citizen,
            title=TITLES[n % len(TITLES)],
            due=written_on + timedelta(days=within),
            today=written_on,
            assignee=_assignee(citizen, workers, n),
        )
        written += 1
        if n % 3 == 2:
            task_done(actor=actor, task=task, today=min(task.due, demo.today))
            done += 1
    shown = _show_short_windows(rng, demo, live, actor, workers)
    met = _meet_most_on_the_list(rng, demo, live, actor)
    return (
        f"Opgaver skrevet af medarbejdere: {written}, heraf {done} udført{shown}; "
        f"opsøgende kontakter i den seneste måned: {met}"
    )


def _meet_most_on_the_list(
    rng: random.Random, demo: Demo, citizens: Sequence[Citizen], actor: User
) -> int:
    """Give most citizens on the list a recent outreach contact; a few stay out of touch.

    The earlier stages draw contacts over years, so without this nearly everyone on the list
    would be flagged for no contact in the last month, which no working team looks like.
    """
    today = demo.today
    on_list = {
        event.citizen_id: event.kind
        for event in ByNameListEvent.objects.filter(citizen__in=citizens).order_by("date", "id")
    }
    recent = set(
        Contact.objects.filter(
            citizen__in=citizens, date__gt=today - timedelta(days=30)
        ).values_list("citizen_id", flat=True)
    )
    met = 0
    for citizen in citizens:
        if on_list.get(citizen.pk) != ListEventKind.ENTERED or citizen.pk in recent:
            continue
        if rng.random() < 0.8:
            contact_add(
                actor=actor,
                citizen=citizen,
                on=today - timedelta(days=rng.randint(1, 25)),
                kind=ContactKind.OUTREACH,
                today=today,
                with_whom="Borgeren",
                note="Mødt af det opsøgende team.",
            )
            met += 1
    return met


def _show_short_windows(
    rng: random.Random, demo: Demo, citizens: Sequence[Citizen], actor: User, workers: list[User]
) -> str:
    """Make a CTI phase change and an unrecorded transition show when no stage made one."""
    today = demo.today
    kinds = {t.kind for t in municipality_tasks(municipality_id=demo.municipality.pk, today=today)}
    made = []
    if "cti_phase" not in kinds:
        housed = Tenancy.objects.filter(citizen__in=citizens, move_in__lte=today, move_out=None)
        busy = SupportCourse.objects.filter(citizen__in=citizens, end=None).values("citizen_id")
        ready = sorted({t.citizen_id for t in housed.exclude(citizen_id__in=busy)})
        worker = next((w for w in workers if w.role == Role.SUPPORT_WORKER), None)
        if ready and worker is not None:
            start = today - timedelta(days=21)
            chosen = rng.choice(ready)
            course_create(
                actor=actor,
                citizen=next(c for c in citizens if c.pk == chosen),
                kind=CourseKind.CTI,
                decided_on=start,
                start=start,
                worker=worker,
                monthly_cost=Decimal(MONTHLY_COST[CourseKind.CTI]),
                phase1_start=today + timedelta(days=7),
            )
            made.append("CTI med fase 1 om en uge")
    if "transition_outcome" not in kinds:
        transition_create(
            actor=actor,
            citizen=rng.choice(list(citizens)),
            data=TransitionData(
                kind="hospital_discharge",
                expected_on=today - timedelta(days=2),
                institution="Regionshospitalet",
                notified_on=today - timedelta(days=12),
            ),
            today=today,
        )
        made.append("en udskrivning uden registreret resultat")
    if "shelter_notice" not in kinds or not _notice_due_at_staff_shelter(demo):
        # The shelter staff's start page shows the admissions whose notice is due: one yesterday.
        shelter = next(s for s in demo.shelters if s.name == STAFF_SHELTER)
        # A citizen sleeping rough now, with no stay since yesterday (stays never overlap).
        rough = set(
            HomelessnessSituation.objects.filter(
                citizen__in=citizens, situation=Situation.STREET, end__isnull=True
            ).values_list("citizen_id", flat=True)
        )
        rough -= set(
            Stay.objects.filter(citizen__in=citizens)
            .filter(Q(discharged__isnull=True) | Q(discharged__gte=today - timedelta(days=1)))
            .values_list("citizen_id", flat=True)
        )
        free = [c for c in citizens if c.pk in rough]
        if free:
            stay_admit(
                actor=actor,
                citizen=rng.choice(free),
                shelter=shelter,
                admitted=today - timedelta(days=1),
                today=today,
                notice_in_hjemvej=False,
            )
            made.append(f"en indskrivning på {STAFF_SHELTER} i går uden underretning")
    return f"; desuden {' og '.join(made)}" if made else ""


def _notice_due_at_staff_shelter(demo: Demo) -> bool:
    """Return whether a stay at the staff's shelter tonight has not been notified yet."""
    return (
        current_stays(demo.today)
        .filter(shelter__name=STAFF_SHELTER, notified_on__isnull=True)
        .exists()
    )
