"""Write the stays, support courses, § 107 stays and contacts of an import (``run.py``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import partial
from typing import Any

from hjemvej.accounts.models import AuditAction
from hjemvej.citizens.history import HistoryRefused
from hjemvej.citizens.models import Citizen
from hjemvej.citizens.state import citizen_states_refresh
from hjemvej.core.errors import DomainError
from hjemvej.interchange.columns import BOTILBUD, CITIZENS, CONTACTS, COURSES, SHELTERS, STAYS
from hjemvej.interchange.parse import Row
from hjemvej.interchange.run import CREATED, UNCHANGED, UPDATED, Run, changed_fields
from hjemvej.shelters.history import (
    CheckedStay,
    PastStay,
    stay_clashes,
    stay_history_check,
    stays_record_many,
)
from hjemvej.shelters.models import OwnPayment, PriorResidence, Stay, StayType
from hjemvej.shelters.services import STAY_UPDATE_FIELDS, stay_update
from hjemvej.support import services as support_services
from hjemvej.support.botilbud import (
    FIELDS as BOTILBUD_FIELDS,
)
from hjemvej.support.botilbud import (
    BotilbudRefused,
    botilbud_build,
    botilbud_clashes,
    botilbud_stay_update,
    botilbud_stays_add_many,
)
from hjemvej.support.contacts import NewContact, contact_check, contacts_add_many
from hjemvej.support.courses import courses_create_many
from hjemvej.support.models import BotilbudStay, Contact, SupportCourse
from hjemvej.support.services import course_build

STAY_FIELDS = STAY_UPDATE_FIELDS  # the fields an import may change, as the edit form


def stays(run: Run) -> None:
    """Check each stay as ``stay_admit``/``stay_update`` do, then write (``stays_record_many``).

    A stay that shares a night with another of the citizen's (in the file, or recorded and not in
    it) is refused. An agreed rate above the usual bound is taken as confirmed (it was set in the
    source system; the audit entry says so), as the shelters' rates are. A recorded stay the file
    changes is corrected through ``stay_update``.
    """
    existing = run.existing(STAYS)
    by_citizen: dict[int, list[tuple[Row, CheckedStay]]] = defaultdict(list)
    for row in run.rows.get(STAYS.name, []):
        citizen = run.referenced(row, "citizen", CITIZENS)
        shelter = run.referenced(row, "shelter", SHELTERS)
        if citizen is None or shelter is None:
            continue
        values = row.values
        past = PastStay(
            citizen=citizen,
            shelter=shelter,
            admitted=values["admitted"],
            discharged=values["discharged"],
            stay_type=values["stay_type"] or StayType.STAY,
            prior_residence=values["prior_residence"] or PriorResidence.UNKNOWN,
            exit_reason=values["exit_reason"] or "",
            exit_destination=values["exit_destination"] or "",
            agreed_daily_rate=values["agreed_daily_rate"],
            own_payment=values["own_payment"] or OwnPayment.STATUTORY,
            own_payment_reduced=values["own_payment_reduced"],
            own_payment_decided_on=values["own_payment_decided_on"],
            notified_on=values["notified_on"],
        )
        try:
            checked = stay_history_check(past, actor=run.actor, today=run.today, confirmed=True)
        except DomainError as exc:
            run.fail(row, exc.field or "admitted", exc.message)
            continue
        by_citizen[citizen.pk].append((row, checked))
    mapped = {stay.pk for stay in existing.values()}
    others: dict[int, list[Stay]] = defaultdict(list)
    for stay in Stay.objects.filter(citizen_id__in=list(by_citizen)).select_related("shelter"):
        if stay.pk not in mapped:
            others[stay.citizen_id].append(stay)
    new: list[tuple[Row, CheckedStay]] = []
    for citizen_id, pairs in by_citizen.items():
        row_of = {id(checked.stay): row for row, checked in pairs}
        clashes = stay_clashes([c.stay for _r, c in pairs], others[citizen_id])
        for (row, checked), clash in zip(pairs, clashes, strict=True):
            if clash is not None:
                other = row_of.get(id(clash))
                where = (
                    f"opholdet i række {other.number}"
                    if other is not None
                    else f"opholdet på {clash.shelter} fra {clash.admitted:%d.%m.%Y}"
                )
                run.fail(row, "admitted", f"overlapper {where}")
                continue
            stored = existing.get(row.ekstern_id)
            if stored is None:
                new.append((row, checked))
                run.tally(row.sheet, CREATED)
            else:
                run.attempt(row, partial(_stay_update, run, row, stored, checked.stay), {})
    try:  # written even when the import is refused: the courses' § 85 a checks read the stays
        made = stays_record_many(actor=run.actor, stays=[checked for _row, checked in new])
    except HistoryRefused as exc:
        run.fail(new[exc.index][0], exc.field or "admitted", exc.message)
        return
    for (row, _checked), stay in zip(new, made, strict=True):
        run.remember(STAYS, row, stay, created=True)
    run.flush()


def _stay_update(run: Run, row: Row, stay: Stay, wanted: Stay) -> str:
    """Correct a recorded stay through ``stay_update`` when the file changes it."""
    if stay.citizen_id != wanted.citizen_id:
        raise DomainError("hører til en anden borger end ved sidste indlæsning", field="citizen")
    if stay.shelter_id != wanted.shelter_id:
        raise DomainError("boformen kan ikke ændres; opret et nyt ophold", field="shelter")
    run.remember(STAYS, row, stay, created=False)
    fields = {name: getattr(wanted, name) for name in STAY_FIELDS}
    if not changed_fields(stay, fields):
        return UNCHANGED
    admitted, discharged = fields.pop("admitted"), fields.pop("discharged")
    stay_update(
        actor=run.actor,
        stay=stay,
        admitted=admitted,
        discharged=discharged,
        today=run.today,
        confirmed=True,
        **fields,
    )
    return UPDATED


def courses(run: Run) -> None:
    """Create courses through ``courses_create_many`` and change them through ``course_update``.

    Each new course is checked by ``course_build``, as ``course_create`` checks it; the valid ones
    are written together (the same records and audit entries).
    """
    existing = run.existing(COURSES)
    new: list[tuple[Row, SupportCourse]] = []
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
        course = existing.get(row.ekstern_id)
        if course is None:
            run.attempt(row, partial(_course_new, row, citizen, wanted, new), {})
        else:
            run.attempt(row, partial(_course, run, row, citizen, course, wanted), {})
    made = courses_create_many(actor=run.actor, courses=[course for _row, course in new])
    for (row, _new), course in zip(new, made, strict=True):
        run.remember(COURSES, row, course, created=True)
    run.flush()


def _course_new(
    row: Row, citizen: Citizen, wanted: dict[str, Any], new: list[tuple[Row, SupportCourse]]
) -> str:
    """Check the new course as ``course_create`` would; it is written with the sheet's others."""
    new.append((row, course_build(citizen=citizen, kind=row.values["kind"], **wanted)))
    return CREATED


def _course(
    run: Run, row: Row, citizen: Citizen, course: SupportCourse, wanted: dict[str, Any]
) -> str:
    if course.citizen_id != citizen.pk:
        raise DomainError("hører til en anden borger end ved sidste indlæsning", field="citizen")
    if course.kind != row.values["kind"]:
        raise DomainError("indsatsen kan ikke ændres; opret et nyt forløb", field="kind")
    run.remember(COURSES, row, course, created=False)
    if not changed_fields(course, wanted):
        return UNCHANGED
    support_services.course_update(actor=run.actor, course=course, worker=course.worker, **wanted)
    return UPDATED


def botilbud(run: Run) -> None:
    """Check each § 107 stay as ``botilbud_stay_add`` does; write (``botilbud_stays_add_many``).

    A stay that overlaps another of the citizen's (in the file, or recorded and not in it) is
    refused; a recorded stay the file changes is corrected through ``botilbud_stay_update``.
    """
    existing = run.existing(BOTILBUD)
    checked_rows: list[tuple[Row, BotilbudStay]] = []
    for row in run.rows.get(BOTILBUD.name, []):
        citizen = run.referenced(row, "citizen", CITIZENS)
        if citizen is None:
            continue
        values = row.values
        try:
            checked = botilbud_build(
                actor=run.actor,
                citizen=citizen,
                provider=values["provider"],
                decided_on=values["decided_on"],
                start=values["start"],
                end=values["end"],
                monthly_cost=values["monthly_cost"] or Decimal(0),
                note=values["note"],
                today=run.today,
            )
        except DomainError as exc:
            run.fail(row, exc.field or "start", exc.message)
            continue
        checked_rows.append((row, checked))
    mapped = {stay.pk for stay in existing.values()}
    others = [
        stay
        for stay in BotilbudStay.objects.filter(
            citizen_id__in={checked.citizen_id for _row, checked in checked_rows}
        )
        if stay.pk not in mapped
    ]
    row_of = {id(checked): row for row, checked in checked_rows}
    clashes = botilbud_clashes([checked for _row, checked in checked_rows], others)
    new: list[tuple[Row, BotilbudStay]] = []
    for (row, checked), clash in zip(checked_rows, clashes, strict=True):
        if clash is not None:
            other = row_of.get(id(clash))
            where = (
                f"opholdet i række {other.number}"
                if other is not None
                else f"opholdet i {clash.provider} fra {clash.start:%d.%m.%Y}"
            )
            run.fail(row, "start", f"overlapper {where}")
            continue
        stored = existing.get(row.ekstern_id)
        if stored is None:
            new.append((row, checked))
            run.tally(row.sheet, CREATED)
        else:
            run.attempt(row, partial(_botilbud_update, run, row, stored, checked), {})
    try:
        made = botilbud_stays_add_many(actor=run.actor, stays=[stay for _row, stay in new])
    except BotilbudRefused as exc:
        run.fail(new[exc.index][0], exc.field or "start", exc.message)
        return
    for (row, _checked), stay in zip(new, made, strict=True):
        run.remember(BOTILBUD, row, stay, created=True)
    run.flush()


def _botilbud_update(run: Run, row: Row, stay: BotilbudStay, wanted: BotilbudStay) -> str:
    """Correct a recorded § 107 stay through ``botilbud_stay_update`` when the file changes it."""
    if stay.citizen_id != wanted.citizen_id:
        raise DomainError("hører til en anden borger end ved sidste indlæsning", field="citizen")
    run.remember(BOTILBUD, row, stay, created=False)
    fields = {name: getattr(wanted, name) for name in BOTILBUD_FIELDS}
    if not changed_fields(stay, fields):
        return UNCHANGED
    botilbud_stay_update(actor=run.actor, stay=stay, today=run.today, **fields)
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
            run.attempt(row, partial(_contact_correct, run, row, citizen, contact, wanted), {})
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


def _contact_correct(
    run: Run, row: Row, citizen: Citizen, contact: Contact, wanted: dict[str, Any]
) -> str:
    """Correct a recorded contact the file changes: checked as ``contact_add`` checks one."""
    if contact.citizen_id != citizen.pk:
        raise DomainError("hører til en anden borger end ved sidste indlæsning", field="citizen")
    contact_check(
        NewContact(
            citizen=citizen,
            on=wanted["date"],
            kind=wanted["kind"],
            with_whom=wanted["with_whom"],
            note=wanted["note"],
            course=wanted["course"],
        ),
        today=run.today,
    )
    run.remember(CONTACTS, row, contact, created=False)
    changed = changed_fields(contact, wanted)
    if not changed:
        return UNCHANGED
    for name in changed:
        setattr(contact, name, wanted[name])
    contact.save(update_fields=changed)
    run.audit(AuditAction.UPDATE, citizen=citizen, obj=contact, detail={"fields": changed})
    run.touched.add(citizen.pk)
    return UPDATED


def refresh_states(run: Run) -> None:
    """Refresh the stored list state of every citizen whose records the import wrote directly."""
    citizen_states_refresh(sorted(run.touched))
