"""One import: what every sheet's writer shares, and ``records_import``, the service.

The import runs in one transaction. Each sheet's rows are checked (cells, references, the
overlap rules) and written through the services where a service writes just that record; a
problem anywhere is collected with its sheet, row and column, and at the end any problem (or
``dry_run``) rolls everything back. So nothing is half-written, every problem is listed at once,
and a dry run reports exactly what the import would create, update and leave unchanged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.db import models, transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, AuditEntry, Municipality, User
from hjemvej.core.errors import DomainError
from hjemvej.interchange.columns import SHEETS, Sheet
from hjemvej.interchange.models import SourceId
from hjemvej.interchange.parse import Row, parse_sheet
from hjemvej.interchange.problems import ImportRefused, Problem
from hjemvej.interchange.read import RawSheet
from hjemvej.interchange.values import shown

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"

Progress = Callable[[float], None]


@dataclass
class Summary:
    """What the import did (or, dry, would do): per sheet, rows created, updated, unchanged."""

    counts: dict[str, Counter[str]]
    dry_run: bool
    missing_sheets: list[str]

    def lines(self) -> list[str]:
        """Return the summary in Danish, one line per sheet."""
        verb = (
            ("ville blive oprettet", "ville blive ændret")
            if self.dry_run
            else (
                "oprettet",
                "ændret",
            )
        )
        found = []
        for sheet in SHEETS:
            if sheet.name in self.missing_sheets:
                found.append(f"{sheet.name}: arket findes ikke i filen; intet indlæst")
                continue
            count = self.counts.get(sheet.name, Counter())
            found.append(
                f"{sheet.name}: {count[CREATED]} {verb[0]}, {count[UPDATED]} {verb[1]}, "
                f"{count[UNCHANGED]} uændrede"
            )
        return found


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class Run:
    """The state of one import: the rows, what each ``ekstern_id`` is, the problems, the counts."""

    municipality: Municipality
    actor: User
    today: date
    rows: dict[str, list[Row]]
    progress: Progress
    total: int
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    known: dict[str, dict[str, int]] = field(default_factory=dict)
    failed: dict[str, set[str]] = field(default_factory=dict)
    touched: set[int] = field(default_factory=set)
    pending: list[SourceId] = field(default_factory=list)
    entries: list[AuditEntry] = field(default_factory=list)
    fresh: set[tuple[str, str]] = field(default_factory=set)
    claimed: dict[tuple[str, int], str] = field(default_factory=dict)
    done: int = 0

    def load_known(self, sheet: Sheet) -> dict[str, int]:
        """Return the sheet's ``ekstern_id`` → record id from earlier imports (one query)."""
        if sheet.name not in self.known:
            self.known[sheet.name] = dict(
                SourceId.objects.filter(
                    municipality=self.municipality, model=sheet.model
                ).values_list("ekstern_id", "object_id")
            )
        return self.known[sheet.name]

    def existing(self, sheet: Sheet) -> dict[str, Any]:
        """Return the sheet's rows' records known from earlier imports (one query)."""
        known = self.load_known(sheet)
        wanted = {
            row.ekstern_id: known[row.ekstern_id]
            for row in self.rows.get(sheet.name, [])
            if row.ekstern_id in known
        }
        model = apps.get_model(sheet.model)
        found = model.objects.in_bulk(list(wanted.values()))
        return {key: found[pk] for key, pk in wanted.items() if pk in found}

    def remember(self, sheet: Sheet, row: Row, obj: models.Model, *, created: bool) -> None:
        """Record the row's record, and its ``ekstern_id`` when it is new.

        A record found otherwise (a citizen by CPR number, a shelter by P-number) that had another
        ``ekstern_id`` takes the file's; an ``ekstern_id`` whose record is gone names the new one.
        """
        owner = self.claimed.setdefault((sheet.name, int(obj.pk)), row.ekstern_id)
        if owner != row.ekstern_id:
            raise DomainError(
                f"rækken er den samme post som ekstern_id '{shown(owner)}' i arket",
                field="ekstern_id",
            )
        self.objects.setdefault(sheet.name, {})[row.ekstern_id] = obj
        if created:
            self.fresh.add((sheet.name, row.ekstern_id))
        known = self.load_known(sheet)
        if known.get(row.ekstern_id) == obj.pk:
            return
        if row.ekstern_id in known or not created:  # (a queryset costs: build it only here)
            stale = SourceId.objects.filter(municipality=self.municipality, model=sheet.model)
            if row.ekstern_id in known:
                stale.filter(ekstern_id=row.ekstern_id).delete()
            if not created:
                stale.filter(object_id=obj.pk).delete()
        self.pending.append(
            SourceId(
                municipality=self.municipality,
                model=sheet.model,
                ekstern_id=row.ekstern_id,
                object_id=obj.pk,
            )
        )
        known[row.ekstern_id] = int(obj.pk)

    def audit(
        self,
        action: AuditAction,
        *,
        citizen: models.Model | None,
        obj: models.Model,
        detail: dict[str, object] | None = None,
    ) -> None:
        """Log a record written here, as ``audit.record`` would (stored by ``flush``, chained)."""
        self.entries.append(
            audit.unsaved(actor=self.actor, action=action, citizen=citizen, obj=obj, detail=detail)
        )

    def flush(self) -> None:
        """Store the new ``ekstern_id``s and the audit entries (a few inserts per sheet)."""
        SourceId.objects.bulk_create(self.pending, batch_size=1000)
        self.pending = []
        AuditEntry.objects.bulk_create(self.entries, batch_size=1000)
        self.entries = []

    def referenced(self, row: Row, field_name: str, sheet: Sheet) -> Any:
        """Return the record a REF cell names (in this file or an earlier import), or None.

        An unknown reference is a problem; a reference to a row that failed is not repeated.
        """
        key = row.values.get(field_name)
        if not key:
            return None
        found = self.objects.get(sheet.name, {}).get(key)
        if found is not None:
            return found
        if key in self.failed.get(sheet.name, set()):
            return None
        pk = self.load_known(sheet).get(key)
        if pk is not None:
            found = apps.get_model(sheet.model).objects.filter(pk=pk).first()
            if found is not None:
                self.objects.setdefault(sheet.name, {})[key] = found
                return found
        self.problems.append(
            row.problem(
                field_name,
                f"'{shown(key)}' findes hverken i arket {sheet.name} eller fra en "
                "tidligere indlæsning",
            )
        )
        return None

    def fail(self, row: Row, field_name: str, message: str) -> None:
        """Record a problem with the row; rows that name it are not checked again."""
        self.problems.append(row.problem(field_name, message))
        self.failed.setdefault(row.sheet.name, set()).add(row.ekstern_id)

    def attempt(self, row: Row, write: Callable[[], str], fields: dict[str, str]) -> None:
        """Run one row's write; a ``DomainError`` becomes the row's problem.

        ``fields`` maps a service's form field to this sheet's field, for the column's name. No
        savepoint of its own (two queries a row): a service rolls its own change back when it
        refuses, and any problem rolls the whole import back at the end.
        """
        try:
            outcome = write()
        except DomainError as exc:
            field_name = fields.get(exc.field or "", exc.field or "")
            self.fail(row, field_name, exc.message)
            return
        self.tally(row.sheet, outcome)

    def tally(self, sheet: Sheet, outcome: str) -> None:
        """Count one row's outcome and move the progress on."""
        self.counts.setdefault(sheet.name, Counter())[outcome] += 1
        self.done += 1
        if self.total and (self.done % 50 == 0 or self.done == self.total):
            self.progress(self.done / self.total)


def changed_fields(obj: models.Model, wanted: dict[str, Any]) -> list[str]:
    """Return the fields whose value differs from ``wanted``."""
    return sorted(name for name, value in wanted.items() if getattr(obj, name) != value)


def records_import(
    *,
    actor: User,
    municipality: Municipality,
    sheets: dict[str, RawSheet],
    today: date,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> Summary:
    """Import the sheets for the municipality, all or nothing; raise ``ImportRefused``.

    Return what was (or, ``dry_run``, would be) created, updated and left unchanged.
    """
    from hjemvej.interchange import write_care, write_people, write_risks

    problems: list[Problem] = []
    rows: dict[str, list[Row]] = {}
    for name, raw in sheets.items():
        parsed, found = parse_sheet(raw)
        rows[name] = parsed
        problems.extend(found)
    if problems:
        raise ImportRefused(problems)
    run = Run(
        municipality=municipality,
        actor=actor,
        today=today,
        rows=rows,
        progress=progress or (lambda _share: None),
        total=sum(len(found) for found in rows.values()),
    )
    try:
        with transaction.atomic():
            write_people.shelters(run)
            write_people.citizens(run)
            write_people.situations(run)
            write_risks.risks(run)
            write_care.stays(run)
            write_care.courses(run)
            write_care.botilbud(run)
            write_care.contacts(run)
            write_people.list_events(run)
            write_care.refresh_states(run)
            if run.problems:
                raise ImportRefused(run.problems)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    run.progress(1.0)
    missing = [sheet.name for sheet in SHEETS if sheet.name not in sheets]
    return Summary(counts=run.counts, dry_run=dry_run, missing_sheets=missing)
