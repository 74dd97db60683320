"""Write the stays, support courses and contacts of an import (``run.py``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import partial
from typing import Any

from hjemvej.citizens.models import Citizen
from hjemvej.citizens.state import citizen_states_refresh
from hjemvej.core.errors import DomainError
from hjemvej.interchange.columns import CITIZENS, CONTACTS, COURSES, SHELTERS, STAYS
from hjemvej.interchange.parse import Row
from hjemvej.interchange.run import CREATED, UNCHANGED, UPDATED, Run, changed_fields
from hjemvej.interchange.write_people import clashes_of, write_record
from hjemvej.shelters.models import OwnPayment, PriorResidence, Stay, StayType
from hjemvej.shelters.services import STAY_UPDATE_FIELDS, nights_end
from hjemvej.support import services as support_services
from hjemvej.support.contacts import NewContact, contact_check, contacts_add_many
from hjemvej.support.models import Contact, SupportCourse

STAY_FIELDS = STAY_UPDATE_FIELDS  # the fields an import may change, as the edit form


def _stay_problem(run: Run, row: Row) -> bool:
    """Record the stay's own problems (the rules of ``stay_admit``); return whether it has any."""
    values = row.values
    admitted = values["admitted"]
    if admitted > run.today:
        run.fail(row, "admitted", "indskrivningsdatoen kan ikke ligge i fremtiden")
    elif values["discharged"] is not None and values["discharged"] < admitted:
        run.fail(row, "discharged", "udskrivningen kan ikke ligge før indskrivningen")
    elif values["discharged"] is not None and values["discharged"] > run.today:
        run.fail(row, "discharged", "udskrivningsdatoen kan ikke ligge i fremtiden")
    elif values["notified_on"] is not None and values["notified_on"] < admitted:
        run.fail(row, "notified_on", "underretningen kan ikke ligge før indskrivningen")
    elif values["own_payment"] == OwnPayment.REDUCED and values["own_payment_reduced"] is None:
        run.fail(row, "own_payment_reduced", "angiv den nedsatte egenbetaling")
    elif any(
        v is not None and v < 0
        for v in (values["agreed_daily_rate"], values["own_payment_reduced"])
    ):
        run.fail(row, "agreed_daily_rate", "et beløb kan ikke være negativt")
    else:
        return False
    return True


def stays(run: Run) -> None:
    """Check every citizen's stays for overlaps (file and database), then write them."""
    rows = run.rows.get(STAYS.name, [])
    existing = run.existing(STAYS)
    by_citizen: dict[int, list[tuple[Row, Citizen, Any]]] = defaultdict(list)
    for row in rows:
        citizen = run.referenced(row, "citizen", CITIZENS)
        shelter = run.referenced(row, "shelter", SHELTERS)
        if citizen is None or shelter is None or _stay_problem(run, row):
            continue
        by_citizen[citizen.pk].append((row, citizen, shelter))
    mapped = {stay.pk for stay in existing.values()}
    others: dict[int, list[Stay]] = defaultdict(list)
    for stay in Stay.objects.filter(citizen_id__in=list(by_citizen)).select_related("shelter"):
        if stay.pk not in mapped:
            others[stay.citizen_id].append(stay)
    for citizen_id, triples in by_citizen.items():
        before = others[citizen_id]
        periods = [
            (
                s.admitted,
                nights_end(s.admitted, s.discharged),
                f"opholdet på {s.shelter} fra {s.admitted:%d.%m.%Y}",
            )
            for s in before
        ]
        periods += [
            (
                r.values["admitted"],
                nights_end(r.values["admitted"], r.values["discharged"]),
                f"opholdet i række {r.number}",
            )
            for r, _c, _s in triples
        ]
        # An open stay runs on: nights_end gives it a day far in the future.
        clashes = clashes_of(periods)
        bad: set[int] = set()
        for i, other in clashes:
            index = i - len(before)
            if index >= 0:
                bad.add(index)
                run.fail(triples[index][0], "admitted", f"overlapper {other}")
        for index, (row, citizen, shelter) in enumerate(triples):
            if index in bad:
                continue
            wanted = {name: row.values[name] for name in STAY_FIELDS}
            wanted["shelter"] = shelter
            wanted["stay_type"] = wanted["stay_type"] or StayType.STAY
            wanted["prior_residence"] = wanted["prior_residence"] or PriorResidence.UNKNOWN
            wanted["own_payment"] = wanted["own_payment"] or OwnPayment.STATUTORY
            wanted["exit_reason"] = wanted["exit_reason"] or ""
            wanted["exit_destination"] = wanted["exit_destination"] or ""
            run.attempt(
                row,
                partial(
                    write_record,
                    run,
                    row,
                    citizen,
                    existing.get(row.ekstern_id),
                    Stay,
                    wanted,
                    STAYS,
                ),
                {},
            )
            run.touched.add(citizen_id)
    run.flush()


def courses(run: Run) -> None:
    """Create courses through ``course_create`` and change them through ``course_update``."""
    existing = run.existing(COURSES)
    for row in run.rows.get(COURSES.name, []):
        citizen = run.referenced(row, "citizen", CITIZENS)
        chosen = run.referenced(row, "chosen_shelter", SHELTERS)
        if citizen is None or (row.values["chosen_shelter"] and chosen is None):
            continue
        wanted: dict[str, Any] = {
            name: row.values[name]
            for name in (
                "decided_on",
                "start",
                "end",
                "phase1_start",
                "next_review",
                "chosen_staff_name",
                "chosen_on",
            )
        }
        wanted["monthly_cost"] = row.values["monthly_cost"] or Decimal(0)
        wanted["chosen_shelter"] = chosen
        run.attempt(
            row,
            partial(_course, run, row, citizen, existing.get(row.ekstern_id), wanted),
            {},
        )
    run.flush()


def _course(
    run: Run, row: Row, citizen: Citizen, course: SupportCourse | None, wanted: dict[str, Any]
) -> str:
    kind = row.values["kind"]
    if course is None:
        made = support_services.course_create(actor=run.actor, citizen=citizen, kind=kind, **wanted)
        run.remember(COURSES, row, made, created=True)
        return CREATED
    if course.citizen_id != citizen.pk:
        raise DomainError("hører til en anden borger end ved sidste indlæsning", field="citizen")
    if course.kind != kind:
        raise DomainError("indsatsen kan ikke ændres; opret et nyt forløb", field="kind")
    run.remember(COURSES, row, course, created=False)
    if not changed_fields(course, wanted):
        return UNCHANGED
    support_services.course_update(actor=run.actor, course=course, worker=course.worker, **wanted)
    return UPDATED


def contacts(run: Run) -> None:
    """Add contacts through ``contacts_add_many``; a changed contact is corrected (audited).

    Each new contact is checked as ``contact_add`` checks it; the valid ones are written together
    (the same records and audit entries, each citizen's list state refreshed once).
    """
    existing = run.existing(CONTACTS)
    new: list[tuple[Row, NewContact]] = []
    for row in run.rows.get(CONTACTS.name, []):
        citizen = run.referenced(row, "citizen", CITIZENS)
        course = run.referenced(row, "course", COURSES)
        if citizen is None or (row.values["course"] and course is None):
            continue
        if course is not None and course.citizen_id != citizen.pk:
            run.fail(row, "course", "forløbet hører til en anden borger")
            continue
        contact = existing.get(row.ekstern_id)
        if contact is None:
            run.attempt(row, partial(_contact, run, row, citizen, course, new), {"date": "date"})
        else:
            wanted = {name: row.values[name] for name in ("date", "kind", "with_whom", "note")}
            wanted["course"] = course
            run.attempt(
                row,
                partial(write_record, run, row, citizen, contact, Contact, wanted, CONTACTS),
                {},
            )
            run.touched.add(citizen.pk)
    made = contacts_add_many(
        actor=run.actor, contacts=[contact for _row, contact in new], today=run.today
    )
    for row, contact in zip([row for row, _new in new], made, strict=True):
        run.remember(CONTACTS, row, contact, created=True)
    run.flush()


def _contact(
    run: Run,
    row: Row,
    citizen: Citizen,
    course: SupportCourse | None,
    new: list[tuple[Row, NewContact]],
) -> str:
    """Check the new contact as ``contact_add`` would; it is written with the sheet's others."""
    contact = NewContact(
        citizen=citizen,
        on=row.values["date"],
        kind=row.values["kind"],
        with_whom=row.values["with_whom"],
        note=row.values["note"],
        course=course,
    )
    contact_check(contact, today=run.today)
    new.append((row, contact))
    return CREATED


def refresh_states(run: Run) -> None:
    """Refresh the stored list state of every citizen whose records the import wrote directly."""
    citizen_states_refresh(sorted(run.touched))
