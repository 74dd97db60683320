"""Write the shelters, citizens, situations and list events of an import (``run.py``)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from stdnum.dk import cpr as stdnum_cpr

from hjemvej.accounts.models import AuditAction, Municipality
from hjemvej.citizens import cpr as cpr_codec
from hjemvej.citizens import creation, history
from hjemvej.citizens import services as citizen_services
from hjemvej.citizens.checks import list_may_follow
from hjemvej.citizens.creation import NewCitizen
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    Gender,
    HomelessnessSituation,
    ListEventKind,
    SituationSource,
)
from hjemvej.core.errors import DomainError
from hjemvej.interchange import write_risks
from hjemvej.interchange.columns import CITIZENS, LIST_EVENTS, SHELTERS, SITUATIONS
from hjemvej.interchange.parse import Row
from hjemvej.interchange.run import CREATED, UNCHANGED, UPDATED, Run, changed_fields
from hjemvej.shelters import services as shelter_services
from hjemvej.shelters.models import Shelter, ShelterRate

SHELTER_FIELDS = ("name", "operator", "places", "cvr_number", "p_number", "on_tilbudsportalen")
CITIZEN_FIELDS = (
    "first_name",
    "last_name",
    "alias",
    "birth_date",
    "gender",
    "phone",
    "email",
    "contact_note",
    "residence_municipality",
)


def _municipalities() -> dict[str, Municipality]:
    return {m.code: m for m in Municipality.objects.all()}


def _municipality(run: Run, row: Row, name: str, by_code: dict[str, Municipality]) -> Any:
    code = row.values.get(name)
    if not code:
        return None
    found = by_code.get(str(code).zfill(3))
    if found is None:
        run.fail(row, name, f"der er ingen kommune med koden '{code}'")
    return found


def shelters(run: Run) -> None:
    """Create or update each shelter, then set its rates through ``shelter_rate_set``."""
    rows = run.rows.get(SHELTERS.name, [])
    existing = run.existing(SHELTERS)
    by_p = {
        s.p_number: s
        for s in Shelter.objects.filter(
            p_number__in=[r.values["p_number"] for r in rows if r.values["p_number"]]
        )
    }
    by_code = _municipalities()
    for row in rows:
        place = _municipality(run, row, "municipality", by_code)
        if place is None:
            continue
        wanted: dict[str, Any] = {name: row.values[name] for name in SHELTER_FIELDS}
        if wanted["on_tilbudsportalen"] is None:
            wanted["on_tilbudsportalen"] = True
        wanted["municipality"] = place
        shelter = existing.get(row.ekstern_id) or by_p.get(row.values["p_number"])
        run.attempt(row, partial(_shelter, run, row, shelter, wanted), {})
    run.flush()


def _shelter(run: Run, row: Row, shelter: Shelter | None, wanted: dict[str, Any]) -> str:
    created = shelter is None
    target = shelter or Shelter()
    changed = changed_fields(target, wanted) if not created else sorted(wanted)
    for name in changed:
        setattr(target, name, wanted[name])
    if changed:
        try:
            target.full_clean(exclude=["leader"])
        except ValidationError as exc:
            field_name, messages = next(iter(exc.message_dict.items()))
            raise DomainError(" ".join(messages), field=field_name) from None
        target.save()
        run.audit(
            AuditAction.CREATE if created else AuditAction.UPDATE,
            citizen=None,
            obj=target,
            detail={"fields": changed},
        )
    run.remember(SHELTERS, row, target, created=created)
    current = dict(
        ShelterRate.objects.filter(shelter=target).values_list("valid_from", "daily_rate")
    )
    rates_changed = False
    for valid_from, amount in row.values["rates"]:
        if current.get(valid_from) != amount:
            try:
                shelter_services.shelter_rate_set(
                    actor=run.actor,
                    shelter=target,
                    valid_from=valid_from,
                    daily_rate=amount,
                    confirmed=True,
                )
            except DomainError as exc:
                raise DomainError(f"{valid_from:%d.%m.%Y}: {exc.message}", field="rates") from None
            rates_changed = True
    return CREATED if created else UPDATED if changed or rates_changed else UNCHANGED


def _situation_rows(run: Run) -> dict[str, list[Row]]:
    """Return each citizen's situation rows (by the citizen's ekstern_id), in date order."""
    found: dict[str, list[Row]] = defaultdict(list)
    for row in run.rows.get(SITUATIONS.name, []):
        found[row.values["citizen"]].append(row)
    for rows in found.values():
        rows.sort(key=lambda r: (r.values["start"], r.number))
    return found


def citizens(run: Run) -> None:
    """Match each citizen by CPR number (else ``ekstern_id``); create or update through services."""
    rows = run.rows.get(CITIZENS.name, [])
    existing = run.existing(CITIZENS)
    hashes: dict[str, Row] = {}
    seen_cpr: dict[str, int] = {}
    for row in rows:
        cpr = row.values["cpr"]
        if not cpr:
            continue
        if cpr in seen_cpr:
            run.fail(row, "cpr", f"samme CPR-nummer som række {seen_cpr[cpr]}")
            continue
        seen_cpr[cpr] = row.number
        for digest in cpr_codec.lookup_hashes(cpr):
            hashes[digest] = row
    by_hash = {c.cpr_hash: c for c in Citizen.objects.filter(cpr_hash__in=list(hashes))}
    by_code = _municipalities()
    situations = _situation_rows(run)
    events: dict[str, list[Row]] = defaultdict(list)
    for event in run.rows.get(LIST_EVENTS.name, []):
        events[event.values["citizen"]].append(event)
    risks = write_risks.risk_rows(run)
    new: list[tuple[Row, NewCitizen, Row]] = []
    new_at_risk: list[write_risks.NewAtRiskRow] = []
    for row in rows:
        if row.ekstern_id in run.failed.get(CITIZENS.name, set()):
            continue
        cpr = row.values["cpr"]
        found = (
            next((by_hash[d] for d in cpr_codec.lookup_hashes(cpr) if d in by_hash), None)
            if cpr
            else None
        )
        found = found or existing.get(row.ekstern_id)
        while found is not None and found.merged_into_id is not None:
            found = found.merged_into
        if found is not None and found.acting_municipality_id != run.municipality.pk:
            run.fail(
                row,
                "cpr" if cpr else "ekstern_id",
                "borgeren findes allerede med en anden handlekommune",
            )
            continue
        wanted: dict[str, Any] = {name: row.values[name] for name in CITIZEN_FIELDS}
        wanted["gender"] = wanted["gender"] or Gender.UNKNOWN
        residence = _municipality(run, row, "residence_municipality", by_code)
        if row.values["residence_municipality"] and residence is None:
            continue
        wanted["residence_municipality"] = residence
        if wanted["birth_date"] is None and cpr:
            wanted["birth_date"] = _birth_date(cpr)
        if found is None:
            first = situations.get(row.ekstern_id)
            if not first and risks.get(row.ekstern_id):  # only at risk: off the list
                first_risk = risks[row.ekstern_id][0]
                write_risks.build_at_risk(run, row, wanted, first_risk, new_at_risk)
                continue
            if not first:
                run.fail(
                    row,
                    "ekstern_id",
                    "en ny borger skal have mindst én situation i arket situationer eller en "
                    "risiko i arket risici",
                )
                continue
            run.attempt(
                row,
                partial(_build, run, row, wanted, first[0], new),
                {"situation": "ekstern_id", "situation_start": "ekstern_id"},
            )
        else:
            run.attempt(row, partial(_update, run, row, found, wanted), {})
    _create(run, new, events)
    if new_at_risk:
        write_risks.create_at_risk(run, new_at_risk)
    run.flush()


def _birth_date(cpr: str) -> date | None:
    try:
        return stdnum_cpr.get_birth_date(cpr)
    except ValueError:
        return None


def _build(
    run: Run, row: Row, wanted: dict[str, Any], first: Row, new: list[tuple[Row, NewCitizen, Row]]
) -> str:
    """Check the new citizen as ``citizen_create`` would; it is written with the sheet's others."""
    made = creation.citizen_build(
        actor=run.actor,
        acting_municipality=run.municipality,
        situation=first.values["situation"],
        situation_start=first.values["start"],
        source=first.values["source"] or SituationSource.OTHER,
        today=run.today,
        cpr=row.values["cpr"] or "",
        **wanted,
    )
    new.append((row, made, first))
    return CREATED


def _create(run: Run, new: list[tuple[Row, NewCitizen, Row]], events: dict[str, list[Row]]) -> None:
    """Register the new citizens (``citizens_create_many``); the situation and list rows take over.

    Each citizen's first situation is its first row's (which the situations sheet updates); the
    list entry written with it is the first list row's when that row is the same entry, and is
    deleted otherwise (the list sheet holds the citizen's whole list history).
    """
    try:
        created = creation.citizens_create_many(
            actor=run.actor, citizens=[made for _row, made, _first in new], today=run.today
        )
    except creation.CitizenRefused as exc:  # a CPR number registered since it was looked up
        run.fail(new[exc.index][0], exc.field or "cpr", exc.message)
        return
    except DomainError as exc:  # the same, caught by the database (which row: not told)
        with_cpr = [row for row, made, _first in new if made.cpr] or [new[0][0]]
        run.fail(with_cpr[0], exc.field or "cpr", exc.message)
        return
    stale: list[int] = []
    for (row, _made, first), done in zip(new, created, strict=True):
        run.remember(CITIZENS, row, done.citizen, created=True)
        run.touched.add(done.citizen.pk)
        run.remember(SITUATIONS, first, done.situation, created=True)
        if LIST_EVENTS.name not in run.rows:
            continue
        own = sorted(events[row.ekstern_id], key=lambda r: (r.values["date"], r.number))
        if (
            own
            and own[0].values["kind"] == ListEventKind.ENTERED
            and own[0].values["date"] == done.entered.date
        ):
            run.remember(LIST_EVENTS, own[0], done.entered, created=True)
        else:
            stale.append(done.entered.pk)
    for start in range(0, len(stale), 1000):
        ByNameListEvent.objects.filter(pk__in=stale[start : start + 1000]).delete()


def _update(run: Run, row: Row, citizen: Citizen, wanted: dict[str, Any]) -> str:
    changes = {name: wanted[name] for name in changed_fields(citizen, wanted)}
    cpr = row.values["cpr"] or ""
    new_cpr = bool(cpr) and citizen.cpr_hash not in cpr_codec.lookup_hashes(cpr)
    if changes or new_cpr:
        citizen_services.citizen_update(
            actor=run.actor,
            citizen=citizen,
            cpr=cpr if new_cpr else None,
            today=run.today,
            **changes,
        )
    run.remember(CITIZENS, row, citizen, created=False)
    return UPDATED if changes or new_cpr else UNCHANGED


def situations(run: Run) -> None:
    """Check each situation as the services do, then write them (``situations_record_many``).

    A situation that shares a day with another of the citizen's (in the file, or recorded and
    not in it) is refused; a recorded one the file names is corrected through the same writer.
    """
    existing = {**run.existing(SITUATIONS), **run.objects.get(SITUATIONS.name, {})}
    by_citizen: dict[int, list[tuple[Row, HomelessnessSituation]]] = defaultdict(list)
    for row in run.rows.get(SITUATIONS.name, []):
        citizen = run.referenced(row, "citizen", CITIZENS)
        if citizen is None:
            continue
        past = history.PastSituation(
            citizen=citizen,
            situation=row.values["situation"],
            start=row.values["start"],
            end=row.values["end"],
            source=row.values["source"] or SituationSource.OTHER,
            note=row.values["note"],
        )
        try:
            checked = history.situation_history_check(past, actor=run.actor, today=run.today)
        except DomainError as exc:
            run.fail(row, exc.field or "start", exc.message)
            continue
        by_citizen[citizen.pk].append((row, checked))
    mapped = {obj.pk for obj in existing.values()}
    others: dict[int, list[HomelessnessSituation]] = defaultdict(list)
    for situation in HomelessnessSituation.objects.filter(citizen_id__in=list(by_citizen)):
        if situation.pk not in mapped:
            others[situation.citizen_id].append(situation)
    new: list[tuple[Row, HomelessnessSituation]] = []
    corrections: list[tuple[Row, HomelessnessSituation, HomelessnessSituation]] = []
    for citizen_id, pairs in by_citizen.items():
        row_of = {id(checked): row for row, checked in pairs}
        clashes = history.situation_clashes([c for _r, c in pairs], others[citizen_id])
        for (row, checked), clash in zip(pairs, clashes, strict=True):
            if clash is not None:
                other = row_of.get(id(clash))
                where = (
                    f"række {other.number}"
                    if other is not None
                    else f"situationen fra {clash.start:%d.%m.%Y}"
                )
                run.fail(row, "start", f"overlapper {where}")
                continue
            _sort(run, row, existing.get(row.ekstern_id), checked, new, corrections)
    made = _write(run, history.situations_record_many, "situations", new, corrections)
    for (row, _checked), situation in zip(new, made, strict=True):
        if situation is not None:
            run.remember(SITUATIONS, row, situation, created=True)
    run.flush()


def _sort(
    run: Run,
    row: Row,
    stored: Any,
    checked: Any,
    new: list[Any],
    corrections: list[Any],
) -> None:
    """Put the checked record among the new or the corrections; count the row's outcome."""
    if stored is None:
        new.append((row, checked))
        run.tally(row.sheet, CREATED)
        return
    sheet = row.sheet
    if stored.citizen_id != checked.citizen_id:
        run.fail(row, "citizen", "hører til en anden borger end ved sidste indlæsning")
        return
    fields = history.SITUATION_FIELDS if sheet is SITUATIONS else history.LIST_EVENT_FIELDS
    changed = history.history_changes(stored, checked, fields)
    run.remember(sheet, row, stored, created=False)
    if changed:
        corrections.append((row, stored, checked))
    made = (sheet.name, row.ekstern_id) in run.fresh  # derived by the citizen's creation
    run.tally(row.sheet, CREATED if made else UPDATED if changed else UNCHANGED)


def _write(
    run: Run,
    writer: Any,
    name: str,
    new: list[tuple[Row, Any]],
    corrections: list[tuple[Row, Any, Any]],
) -> list[Any]:
    """Write the sheet's new records and corrections through the owning module's bulk writer."""
    if run.problems:
        return [None] * len(new)  # the import is refused: nothing is kept, so nothing is written
    try:
        made: list[Any] = writer(
            actor=run.actor,
            **{name: [checked for _row, checked in new]},
            corrections=[(stored, checked) for _row, stored, checked in corrections],
        )
    except history.HistoryRefused as exc:
        rows = [row for row, _c in new] + [row for row, _s, _c in corrections]
        run.fail(rows[exc.index], exc.field or "start", exc.message)
        return [None] * len(new)
    return made


def list_events(run: Run) -> None:
    """Check the list's events as the services do, then write them (``list_events_record_many``).

    An event's reason must fit it (an entry needs an entering reason, an exit a leaving one),
    and a citizen's events alternate from an entry, those recorded and not in the file included.
    """
    existing = {**run.existing(LIST_EVENTS), **run.objects.get(LIST_EVENTS.name, {})}
    by_citizen: dict[int, list[tuple[Row, ByNameListEvent]]] = defaultdict(list)
    for row in run.rows.get(LIST_EVENTS.name, []):
        citizen = run.referenced(row, "citizen", CITIZENS)
        if citizen is None:
            continue
        past = history.PastListEvent(
            citizen=citizen,
            on=row.values["date"],
            kind=row.values["kind"],
            reason=row.values["reason"],
            note=row.values["note"],
        )
        try:
            checked = history.list_event_history_check(past, actor=run.actor, today=run.today)
        except DomainError as exc:
            run.fail(row, exc.field or "date", exc.message)
            continue
        by_citizen[citizen.pk].append((row, checked))
    mapped = {obj.pk for obj in existing.values()}
    others: dict[int, list[ByNameListEvent]] = defaultdict(list)
    for event in ByNameListEvent.objects.filter(citizen_id__in=list(by_citizen)):
        if event.pk not in mapped:
            others[event.citizen_id].append(event)
    new: list[tuple[Row, ByNameListEvent]] = []
    corrections: list[tuple[Row, ByNameListEvent, ByNameListEvent]] = []
    for citizen_id, pairs in by_citizen.items():
        sequence: list[tuple[date, int, int, Row | None, ByNameListEvent]] = sorted(
            [(e.date, 0, e.pk, None, e) for e in others[citizen_id]]
            + [(c.date, 1, r.number, r, c) for r, c in pairs],
            key=lambda item: item[:3],
        )
        last: tuple[Row | None, ByNameListEvent] | None = None
        for _on, _file, _order, own, event in sequence:
            if own is None or list_may_follow(last[1].kind if last else None, event.kind):
                last = (own, event)
                if own is not None:
                    _sort(run, own, existing.get(own.ekstern_id), event, new, corrections)
                continue
            run.fail(own, "kind", _out_of_order(last))
    made = _write(run, history.list_events_record_many, "events", new, corrections)
    for (row, _checked), event in zip(new, made, strict=True):
        if event is not None:
            run.remember(LIST_EVENTS, row, event, created=True)
    run.flush()


def _out_of_order(last: tuple[Row | None, ByNameListEvent] | None) -> str:
    """Say why an event cannot follow the citizen's last one on the list."""
    if last is None:
        return "Borgeren er ikke på listen; den første hændelse skal være »Kommet på listen«."
    row, event = last
    where = f"række {row.number}" if row is not None else f"hændelsen den {event.date:%d.%m.%Y}"
    if event.kind == ListEventKind.ENTERED:
        return (
            f"Borgeren er allerede på listen ({where}); en ny hændelse skal være »Gået af listen«."
        )
    return f"Borgeren er ikke på listen ({where}); en ny hændelse skal være »Kommet på listen«."
