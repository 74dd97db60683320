"""Registering citizens: ``citizen_create`` for one, ``citizens_create_many`` for the import.

Both check each citizen with ``citizen_build`` and write the same records (the citizen, the
first acting-municipality period, the first situation, the list entry) and the same audit entry;
the bulk variant inserts each kind of record in one statement per batch, checks the CPR numbers
in one query, and refreshes the citizens' list state once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, Municipality, Role, User
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens.borders import acting_period_new
from hjemvej.citizens.checks import check_situation
from hjemvej.citizens.models import (
    ActingMunicipalityPeriod,
    ByNameListEvent,
    Citizen,
    Gender,
    HomelessnessSituation,
    ListEventKind,
    ListEventReason,
    SituationSource,
)
from hjemvej.citizens.state import citizen_states_refresh
from hjemvej.core.bounds import check_birth_date
from hjemvej.core.errors import DomainError

BATCH = 1000

#: Fields a user may change with ``citizen_update`` (CPR has its own rules).
EDITABLE_FIELDS = (
    "alias",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "phone",
    "email",
    "contact_note",
    "acting_municipality",
    "residence_municipality",
)


TAKEN_CPR = "Der findes allerede en borger med dette CPR-nummer."


def check_cpr_free(*, actor: User, cpr: str, citizen: Citizen | None = None) -> None:
    """Raise when another citizen than ``citizen`` has the CPR number, and log that refusal.

    The holder may belong to a municipality the actor cannot see, yet the refusal tells the actor
    that the number is known here. So it is logged as a search that found the holder, and the
    holder's log shows who met them. Call it outside any transaction the refusal rolls back.
    """
    if not cpr:
        return
    holders = Citizen.objects.filter(cpr_hash__in=cpr_codec.lookup_hashes(cpr_codec.normalise(cpr)))
    if citizen is not None:
        holders = holders.exclude(pk=citizen.pk)
    holder = holders.first()
    if holder is None:
        return
    page = "citizen_create" if citizen is None else "citizen_update"
    audit.record(
        actor=actor,
        action=AuditAction.SEARCH,
        citizen=holder,
        detail={"page": page, "by": "cpr", "found": True},
    )
    raise DomainError(TAKEN_CPR, field="cpr")


def check_cprs_free(*, actor: User, cprs: Sequence[str]) -> None:
    """Check many normalised CPR numbers ("" for none) in one query, as ``check_cpr_free`` does.

    A number another citizen holds raises ``CitizenRefused`` with its index (the search logged).
    """
    by_hash: dict[str, int] = {}
    for index, cpr in enumerate(cprs):
        for digest in cpr_codec.lookup_hashes(cpr) if cpr else ():
            by_hash[digest] = index
    holder = Citizen.objects.filter(cpr_hash__in=list(by_hash)).first() if by_hash else None
    if holder is not None:
        index = by_hash[str(holder.cpr_hash)]
        try:
            check_cpr_free(actor=actor, cpr=cprs[index])
        except DomainError as exc:
            raise CitizenRefused(index, exc) from None


def _birth_date_from_cpr(cpr: str) -> date | None:
    from stdnum.dk import cpr as stdnum_cpr

    try:
        return stdnum_cpr.get_birth_date(cpr)
    except ValueError:
        return None


def _may_be_responsible(user: User, municipality_id: int) -> bool:
    """Return whether the user may be a citizen's case worker in the municipality."""
    return (
        user.role == Role.CASE_WORKER and user.is_active and user.municipality_id == municipality_id
    )


def given_fields(citizen: Citizen) -> set[str]:
    return {f for f in EDITABLE_FIELDS if getattr(citizen, f, None) not in ("", None)}


def created_detail(
    citizen: Citizen, cpr: str, confirmed_despite: Sequence[int]
) -> dict[str, object]:
    """Return the audit detail of a new citizen: the fields given, whether with CPR, and the
    possible duplicates the user chose to register a new citizen despite."""
    detail: dict[str, object] = {"fields": sorted(given_fields(citizen)), "cpr": bool(cpr)}
    if confirmed_despite:
        detail["confirmed_despite_possible_duplicates"] = sorted(confirmed_despite)
    return detail


@dataclass
class NewCitizen:
    """A checked, unsaved citizen with what its creation writes besides (``citizen_build``)."""

    citizen: Citizen
    situation: str
    situation_start: date
    source: str
    cpr: str  # normalised; "" without
    confirmed_despite: Sequence[int] = ()


@dataclass
class Created:
    """A citizen written by ``citizens_create_many`` and the records written with them."""

    citizen: Citizen
    situation: HomelessnessSituation
    entered: ByNameListEvent


class CitizenRefused(DomainError):
    """``citizens_create_many`` refused the citizen at ``index``; nothing was written."""

    def __init__(self, index: int, error: DomainError) -> None:
        super().__init__(error.message, field=error.field)
        self.index = index


def check_named(cpr: str, alias: str, first_name: str, last_name: str) -> None:
    """Refuse a new citizen with neither a CPR number, a name nor an alias."""
    if not cpr.strip() and not alias.strip() and not (first_name.strip() or last_name.strip()):
        raise DomainError("Angiv CPR-nummer, navn eller et alias.", field="cpr")


def unsaved_citizen(
    *,
    actor: User,
    acting_municipality: Municipality,
    today: date,
    cpr: str,
    alias: str,
    first_name: str,
    last_name: str,
    birth_date: date | None,
    gender: str,
    phone: str,
    email: str,
    contact_note: str,
    residence_municipality: Municipality | None,
) -> tuple[Citizen, str]:
    """Check a new citizen's birth date; return them unsaved with the normalised CPR ("" without).

    The caller has checked that they are named (``check_named``).
    """
    cpr = cpr.strip()
    check_birth_date(birth_date, today)
    citizen = Citizen(
        alias=alias.strip(),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        birth_date=birth_date,
        gender=gender,
        phone=phone.strip(),
        email=email.strip(),
        contact_note=contact_note.strip(),
        acting_municipality=acting_municipality,
        residence_municipality=residence_municipality,
        case_worker=actor if _may_be_responsible(actor, acting_municipality.pk) else None,
    )
    normalised = ""
    if cpr:
        normalised = cpr_codec.normalise(cpr)
        citizen.cpr_token = cpr_codec.encrypt(normalised)
        citizen.cpr_hash = cpr_codec.lookup_hash(normalised)
        citizen.birth_date = citizen.birth_date or _birth_date_from_cpr(normalised)
    return citizen, normalised


def citizen_build(
    *,
    actor: User,
    acting_municipality: Municipality,
    situation: str,
    situation_start: date,
    today: date,
    cpr: str = "",
    alias: str = "",
    first_name: str = "",
    last_name: str = "",
    birth_date: date | None = None,
    gender: str = Gender.UNKNOWN,
    phone: str = "",
    email: str = "",
    contact_note: str = "",
    residence_municipality: Municipality | None = None,
    source: str = SituationSource.OTHER,
    confirmed_despite: Sequence[int] = (),
) -> NewCitizen:
    """Check a new citizen (all but whether the CPR number is free); return it unsaved."""
    check_named(cpr, alias, first_name, last_name)
    check_situation(situation, situation_start, today, field="situation_start")
    citizen, normalised = unsaved_citizen(
        actor=actor,
        acting_municipality=acting_municipality,
        today=today,
        cpr=cpr,
        alias=alias,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        gender=gender,
        phone=phone,
        email=email,
        contact_note=contact_note,
        residence_municipality=residence_municipality,
    )
    return NewCitizen(
        citizen=citizen,
        situation=situation,
        situation_start=situation_start,
        source=source,
        cpr=normalised,
        confirmed_despite=tuple(confirmed_despite),
    )


def citizen_create(
    *,
    actor: User,
    acting_municipality: Municipality,
    situation: str,
    situation_start: date,
    today: date,
    cpr: str = "",
    alias: str = "",
    first_name: str = "",
    last_name: str = "",
    birth_date: date | None = None,
    gender: str = Gender.UNKNOWN,
    phone: str = "",
    email: str = "",
    contact_note: str = "",
    residence_municipality: Municipality | None = None,
    source: str = SituationSource.OTHER,
    confirmed_despite: Sequence[int] = (),
) -> Citizen:
    """Register a citizen in homelessness: the record, the first situation, the list entry.

    ``confirmed_despite`` are the ids of the possible duplicates the user was shown and chose
    to register a new citizen despite; the audit entry keeps them.

    A case worker of the acting municipality who registers the citizen becomes responsible for
    them (``case_worker``); anyone else (shelter staff admitting a new citizen) leaves the
    citizen unassigned until a case worker is chosen (docs/access.md).
    """
    new = citizen_build(
        actor=actor,
        acting_municipality=acting_municipality,
        situation=situation,
        situation_start=situation_start,
        today=today,
        cpr=cpr,
        alias=alias,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        gender=gender,
        phone=phone,
        email=email,
        contact_note=contact_note,
        residence_municipality=residence_municipality,
        source=source,
        confirmed_despite=confirmed_despite,
    )
    check_cpr_free(actor=actor, cpr=new.cpr)
    return _write([new], actor=actor, today=today)[0].citizen


def citizens_create_many(
    *, actor: User, citizens: Sequence[NewCitizen], today: date
) -> list[Created]:
    """Register many checked citizens as ``citizen_create`` would each, all or nothing.

    The CPR numbers are looked up in one query; a number another citizen holds is refused as
    ``citizen_create`` refuses it (the search logged), raising ``CitizenRefused`` with the index.
    """
    check_cprs_free(actor=actor, cprs=[new.cpr for new in citizens])
    return _write(citizens, actor=actor, today=today)


def _write(citizens: Sequence[NewCitizen], *, actor: User, today: date) -> list[Created]:
    """Insert the citizens and their first records, refresh their state, audit each."""
    made = [new.citizen for new in citizens]
    with transaction.atomic():
        try:
            with transaction.atomic():
                if len(made) == 1:
                    made[0].save(force_insert=True)
                else:
                    Citizen.objects.bulk_create(made, batch_size=BATCH)
        except IntegrityError:
            raise DomainError(TAKEN_CPR, field="cpr") from None
        ActingMunicipalityPeriod.objects.bulk_create(
            [
                acting_period_new(
                    actor=actor, citizen=new.citizen, valid_from=min(new.situation_start, today)
                )
                for new in citizens
            ],
            batch_size=BATCH,
        )
        created = [
            Created(
                citizen=new.citizen,
                situation=HomelessnessSituation(
                    citizen=new.citizen,
                    situation=new.situation,
                    start=new.situation_start,
                    source=new.source,
                    created_by=actor,
                ),
                entered=ByNameListEvent(
                    citizen=new.citizen,
                    date=new.situation_start,
                    kind=ListEventKind.ENTERED,
                    reason=ListEventReason.NEWLY_IDENTIFIED,
                    created_by=actor,
                ),
            )
            for new in citizens
        ]
        HomelessnessSituation.objects.bulk_create([c.situation for c in created], batch_size=BATCH)
        ByNameListEvent.objects.bulk_create([c.entered for c in created], batch_size=BATCH)
        citizen_states_refresh([citizen.pk for citizen in made])
        AuditEntry.objects.bulk_create(
            [
                audit.unsaved(
                    actor=actor,
                    action=AuditAction.CREATE,
                    citizen=new.citizen,
                    obj=new.citizen,
                    detail=created_detail(new.citizen, new.cpr, new.confirmed_despite),
                )
                for new in citizens
            ],
            batch_size=BATCH,
        )
    return created
