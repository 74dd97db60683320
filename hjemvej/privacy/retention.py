"""Retention: when a citizen's personal data is due for erasure, and what the erasure touches.

A citizen is *due* when nothing is open (no homelessness situation, stay, support course or
tenancy; not on the by-name list) and the latest date in any of their records (their last
activity) lies at least ``privacy.retention.case_years`` back. The rule is a parameter
(``rules/params/privacy.yaml``, status ``assumed`` until the municipality enters its own) and its
reasoning is in ``docs/access.md``, "Sletning".

``RECORDS`` names every kind of record that holds a citizen's data, and what the erasure does
with it: ``delete`` (notes, plans, letters, housing, consent: gone), or ``detach`` (stays,
courses, situations, list events and grants: kept for the economy of past years, with their free
text blanked, pointing at the citizen's remaining row, which holds only the pseudonym).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.db.models import Count, Max, Model
from django.utils import timezone

from hjemvej.citizens.models import ByNameListEvent, Citizen, ListEventKind
from hjemvej.core import law
from hjemvej.rules.parameters import ParameterSet

CASE_YEARS = "privacy.retention.case_years"
GRACE_DAYS = "privacy.retention.grace_days"
AUDIT_LOG_YEARS = "privacy.retention.audit_log_years"


@dataclass(frozen=True)
class RecordKind:
    """A kind of record of a citizen: its model, the path to the citizen, its dates, its fate."""

    label: str  # the model's label, as the audit entry counts it
    title: str  # Danish, plural, for the review list
    path: str  # from the record to the citizen's id
    dates: tuple[str, ...]  # the record's dates that count as activity
    fate: str  # "delete" or "detach"
    open_when: str = ""  # a field that is null while the record is open (active today)


#: Every kind of record that holds a citizen's data, in the order the review list shows them.
RECORDS: tuple[RecordKind, ...] = (
    RecordKind(
        "citizens.HomelessnessSituation",
        "Situationer",
        "citizen_id",
        ("start", "end"),
        "detach",
        open_when="end",
    ),
    RecordKind(
        "citizens.ByNameListEvent", "Hændelser på listen", "citizen_id", ("date",), "detach"
    ),
    RecordKind(
        "citizens.Consent", "Samtykker", "citizen_id", ("given_on", "withdrawn_on"), "delete"
    ),
    RecordKind(
        "citizens.RiskOfHomelessness",
        "Risici for hjemløshed",
        "citizen_id",
        ("noted_on", "expected_on", "ended_on"),
        "delete",
        open_when="ended_on",
    ),
    RecordKind(
        "shelters.Stay",
        "Ophold",
        "citizen_id",
        ("admitted", "discharged"),
        "detach",
        open_when="discharged",
    ),
    RecordKind(
        "support.SupportCourse",
        "Støtteforløb",
        "citizen_id",
        ("decided_on", "start", "end"),
        "detach",
        open_when="end",
    ),
    RecordKind(
        "support.BotilbudStay",
        "Ophold i midlertidigt botilbud (§ 107)",
        "citizen_id",
        ("decided_on", "start", "end"),
        "detach",
        open_when="end",
    ),
    RecordKind("support.Contact", "Kontakter", "citizen_id", ("date",), "delete"),
    RecordKind(
        "support.CourseReview",
        "Opfølgninger på forløb",
        "course__citizen_id",
        ("held_on", "next_review"),
        "delete",
    ),
    RecordKind(
        "support.CtiAssessment",
        "Vurderinger i CTI's fase 3",
        "course__citizen_id",
        ("assessed_on", "handed_over_on"),
        "delete",
    ),
    RecordKind(
        "housing.HousingOffer",
        "Boligtilbud",
        "citizen_id",
        ("offered_on", "answer_by", "answered_on"),
        "delete",
    ),
    RecordKind(
        "housing.Tenancy",
        "Lejemål",
        "citizen_id",
        ("lease_signed_on", "move_in", "move_out"),
        "delete",
        open_when="move_out",
    ),
    RecordKind(
        "housing.TenancyRisk",
        "Risici for lejemål",
        "tenancy__citizen_id",
        ("noted_on", "deadline", "resolved_on"),
        "delete",
    ),
    RecordKind(
        "housing.IncomeSource", "Indkomster", "citizen_id", ("valid_from", "valid_to"), "delete"
    ),
    RecordKind("housing.Household", "Husstande", "citizen_id", (), "delete"),
    RecordKind(
        "housing.Grant",
        "Bevillinger",
        "citizen_id",
        ("decided_on", "paid_on", "repayment_from"),
        "detach",
    ),
    RecordKind(
        "followup.Transition",
        "Kritiske overgange",
        "citizen_id",
        ("notified_on", "expected_on", "discharge_agreement_on", "happened_on"),
        "delete",
    ),
    RecordKind(
        "followup.TransitionMeeting",
        "Møder om overgange",
        "transition__citizen_id",
        ("held_on",),
        "delete",
    ),
    RecordKind(
        "followup.ActionPlan", "Handleplaner", "citizen_id", ("meeting_on", "review_by"), "delete"
    ),
    RecordKind(
        "followup.PlanParticipant", "Deltagere i handleplaner", "plan__citizen_id", (), "delete"
    ),
    RecordKind(
        "followup.PlanStep",
        "Skridt i handleplaner",
        "plan__citizen_id",
        ("due", "done_on"),
        "delete",
    ),
    RecordKind(
        "followup.StayPlan", "Opholdsplaner", "stay__citizen_id", ("made_on", "review_by"), "delete"
    ),
    RecordKind("followup.Letter", "Breve", "citizen_id", ("sent_on",), "delete"),
    RecordKind("followup.Task", "Opgaver", "citizen_id", ("due", "done_on"), "delete"),
)


def model_of(kind: RecordKind) -> type[Model]:
    """Return the model of a kind of record."""
    return apps.get_model(kind.label)


@dataclass
class DueCitizen:
    """A citizen due for erasure, as the review list shows them: by pseudonym, never by name."""

    citizen_id: int
    pseudonym: str
    last_activity: date
    due_on: date
    counts: dict[str, int] = field(default_factory=dict)  # RecordKind.label → records


def add_years(day: date, years: int) -> date:
    """Return the same day ``years`` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _people(citizen_ids: Iterable[int]) -> dict[int, int]:
    """Map each citizen and every record merged into them to the citizen (one person)."""
    ids = list(citizen_ids)
    person = {pk: pk for pk in ids}
    for source, target in Citizen.objects.filter(merged_into_id__in=ids).values_list(
        "pk", "merged_into_id"
    ):
        person[source] = int(target)
    return person


def last_activity(citizen_ids: Iterable[int]) -> dict[int, date | None]:
    """Return each citizen's last activity: the latest date in any record; None if one is open.

    The dates are the records' own (a stay's discharge, a contact's day, a task's deadline), not
    the moment they were typed in: a history entered late is as old as it says.

    A record still open (a situation, stay, course or tenancy without its end) and a citizen on
    the by-name list (their latest list event is an entry) are activity today: None.
    """
    person = _people(citizen_ids)
    latest: dict[int, date | None] = {}
    opened: set[int] = set()

    def note(pk: int, day: date | None) -> None:
        if day is None:
            return
        current = latest.get(pk)
        if current is None or day > current:
            latest[pk] = day

    for kind in RECORDS:
        rows = model_of(kind)._default_manager.filter(**{f"{kind.path}__in": list(person)})
        if kind.open_when:
            for pk in rows.filter(**{f"{kind.open_when}__isnull": True}).values_list(
                kind.path, flat=True
            ):
                opened.add(person[pk])
        if not kind.dates:
            continue
        aggregates = {f"last_{name}": Max(name) for name in kind.dates}
        for row in rows.values(kind.path).annotate(**aggregates).order_by():
            for name in kind.dates:
                note(person[row[kind.path]], row[f"last_{name}"])
    for pk, kind_of_event in _latest_list_events(list(person)):
        if kind_of_event == ListEventKind.ENTERED:
            opened.add(person[pk])
    # A citizen without a single dated record: the day the record was made.
    for pk, created in Citizen.objects.filter(pk__in=person).values_list("pk", "created_at"):
        if person[pk] not in latest:
            note(person[pk], timezone.localdate(created))
    return {pk: None if pk in opened else latest.get(pk) for pk in set(person.values())}


def _latest_list_events(citizen_ids: list[int]) -> list[tuple[int, str]]:
    """Return (citizen, kind) of each citizen's latest by-name list event."""
    seen: set[int] = set()
    result = []
    for pk, kind in (
        ByNameListEvent.objects.filter(citizen_id__in=citizen_ids)
        .order_by("citizen_id", "-date", "-id")
        .values_list("citizen_id", "kind")
    ):
        if pk not in seen:
            seen.add(pk)
            result.append((pk, kind))
    return result


def candidates(municipality_id: int | None = None) -> list[int]:
    """Return the ids of the citizens that may become due: not erased, not merged into another."""
    citizens = Citizen.objects.filter(merged_into__isnull=True, erased_on__isnull=True)
    if municipality_id is not None:
        citizens = citizens.filter(acting_municipality_id=municipality_id)
    return list(citizens.order_by("pk").values_list("pk", flat=True))


def due_citizens(
    *,
    municipality_id: int | None,
    today: date,
    grace_days: int = 0,
    params: ParameterSet | None = None,
    citizen_ids: Iterable[int] | None = None,
) -> list[DueCitizen]:
    """Return the citizens due for erasure on ``today`` (for ``grace_days`` at least), oldest first.

    ``municipality_id`` None: every municipality (the nightly run). ``citizen_ids`` narrows the
    question to those citizens (the run after review erases only what the review list showed).
    """
    params = params or law.current_parameters()
    years = params.count(CASE_YEARS, today)
    ids = candidates(municipality_id)
    if citizen_ids is not None:
        wanted = set(citizen_ids)
        ids = [pk for pk in ids if pk in wanted]
    due: list[DueCitizen] = []
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        last = last_activity(chunk)
        pseudonyms = dict(Citizen.objects.filter(pk__in=chunk).values_list("pk", "pseudonym"))
        for pk in chunk:
            day = last.get(pk)
            if day is None:
                continue
            due_on = add_years(day, years)
            if due_on + timedelta(days=grace_days) <= today:
                due.append(DueCitizen(pk, pseudonyms[pk], day, due_on))
    due.sort(key=lambda d: (d.due_on, d.pseudonym))
    return due


def record_counts(citizen_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Return, per citizen (their merged records included), the records of each kind they hold."""
    person = _people(citizen_ids)
    counts: dict[int, dict[str, int]] = {pk: {} for pk in set(person.values())}
    for kind in RECORDS:
        rows = model_of(kind)._default_manager.filter(**{f"{kind.path}__in": list(person)})
        for row in rows.values(kind.path).annotate(n=Count("pk")).order_by():
            target = counts[person[row[kind.path]]]
            target[kind.label] = target.get(kind.label, 0) + row["n"]
    return counts
