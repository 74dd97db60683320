"""A retention run on the small demo: what is due goes, no trace of it stays, the economy holds.

The demo is built for 21 November 2026 with seven years of history, and most of its citizens are
still in a shelter, a course or on the list. Every other citizen's case is closed on the demo's
day (every open record ended, off the list), and the run is made years later, when those cases
have passed the retention period and the others are still open. Then every column of every table
of the database is searched for what identified the erased citizens.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.apps import apps
from django.core.cache import cache
from django.db import connection, models
from django.db.models import F, Value
from django.db.models.functions import Greatest

from hjemvej.accounts.models import AuditAction, AuditEntry, Role, User
from hjemvej.citizens.models import (
    ByNameListEvent,
    Citizen,
    HomelessnessSituation,
    ListEventKind,
    ListEventReason,
    RiskOfHomelessness,
    RiskOutcome,
)
from hjemvej.citizens.state import citizen_states_refresh
from hjemvej.demo import common
from hjemvej.economy.selectors.figures import year_figures
from hjemvej.economy.selectors.housing import grant_figures
from hjemvej.economy.selectors.support import support_figures
from hjemvej.economy.selectors.support_claims import support_claim_status
from hjemvej.economy.services import claim_create, support_claim_create
from hjemvej.followup.models import PlanParticipant, TransitionMeeting
from hjemvej.housing.models import Tenancy
from hjemvej.privacy.retention import due_citizens
from hjemvej.privacy.retention_services import retention_run
from hjemvej.shelters.models import Stay
from hjemvej.support.models import BotilbudStay, Contact, SupportCourse
from tests import demo_copy, factories

pytestmark = pytest.mark.django_db

BUILT_ON = factories.TODAY  # 21.11.2026
RUN_ON = date(2037, 1, 15)  # years later: a deposit loan repaid from 2031 has passed too
PAST_YEARS = (2021, 2022, 2023, 2024, 2025)

#: The records kept, detached, for the economy's past years: each may still point at an erased
#: citizen's remaining row (which holds only a pseudonym and the acting municipality).
KEPT_LINKS = {
    "citizens.Citizen",  # merged_into between two erased rows of the same person
    "citizens.CitizenState",
    "citizens.HomelessnessSituation",
    "citizens.ByNameListEvent",
    "citizens.ActingMunicipalityPeriod",  # which municipality paid which stay, no free text
    "citizens.ActingMunicipalityDispute",
    "shelters.Stay",
    "support.SupportCourse",
    "support.BotilbudStay",  # § 176 a of past years: dates and cost, no free text
    "housing.Grant",
    "accounts.AuditEntry",  # the audit log, kept for its own period (docs/access.md)
}


@dataclass
class Identity:
    """What identified one citizen before the erasure."""

    pk: int
    pseudonym: str
    cpr_hash: str | None
    cpr_token: str
    name: str


def economy(municipality_id: int) -> dict[int, tuple[object, ...]]:
    """The figures of each past year: stays, support courses and grants, computed afresh."""
    cache.clear()  # the support figures are memoised on their inputs: compute them again
    result: dict[int, tuple[object, ...]] = {}
    for year in PAST_YEARS:
        shelters = year_figures(municipality_id, year=year, today=RUN_ON)
        support = support_figures(municipality_id, year=year, today=RUN_ON)
        grants = grant_figures(municipality_id, year=year)
        result[year] = (
            shelters.splits,
            shelters.shelters,
            shelters.stays_in,
            support.methods,
            support.total,
            support.lines,
            grants.per_kind,
            grants.months,
        )
    return result


def close_cases(citizen_ids: list[int], on: date) -> None:
    """End every open record of the citizens on ``on`` and take them off the list.

    Test setup, as if each case had been closed that day: the records are ended where they lie
    (the services would also write letters and tasks of their own, which is not the point here).
    """
    HomelessnessSituation.objects.filter(citizen_id__in=citizen_ids, end__isnull=True).update(
        end=Greatest(F("start"), Value(on))
    )
    Stay.objects.filter(citizen_id__in=citizen_ids, discharged__isnull=True).update(
        discharged=Greatest(F("admitted"), Value(on))
    )
    SupportCourse.objects.filter(citizen_id__in=citizen_ids, end__isnull=True).update(
        end=Greatest(F("start"), Value(on))
    )
    BotilbudStay.objects.filter(citizen_id__in=citizen_ids, end__isnull=True).update(
        end=Greatest(F("start") + timedelta(days=1), Value(on))
    )
    RiskOfHomelessness.objects.filter(citizen_id__in=citizen_ids, ended_on__isnull=True).update(
        ended_on=Greatest(F("noted_on"), Value(on)), outcome=RiskOutcome.OTHER
    )
    Tenancy.objects.filter(citizen_id__in=citizen_ids, move_out__isnull=True).update(
        move_out=Greatest(F("move_in") + timedelta(days=1), Value(on))
    )
    for pk in citizen_ids:
        latest = ByNameListEvent.objects.filter(citizen_id=pk).order_by("-date", "-id").first()
        if latest is not None and latest.kind == ListEventKind.ENTERED:
            ByNameListEvent.objects.create(
                citizen_id=pk,
                date=max(on, latest.date),
                kind=ListEventKind.LEFT,
                reason=ListEventReason.HOUSED,
            )
    citizen_states_refresh(citizen_ids)


def other_people(erased_ids: set[int]) -> str:
    """The names of everyone else the database holds: citizens kept, staff, and the people in the
    kept citizens' cases (network participants, contacts). The demo draws all of them from one
    list of names, so an erased citizen's name may belong to someone else as well."""
    names = [f"{c.first_name} {c.last_name}" for c in Citizen.objects.exclude(pk__in=erased_ids)]
    names += [f"{u.first_name} {u.last_name}" for u in User.objects.all()]
    names += PlanParticipant.objects.exclude(plan__citizen_id__in=erased_ids).values_list(
        "name", flat=True
    )
    names += TransitionMeeting.objects.exclude(transition__citizen_id__in=erased_ids).values_list(
        "participants", flat=True
    )
    names += Contact.objects.exclude(citizen_id__in=erased_ids).values_list("with_whom", flat=True)
    return "\x00".join(names)


def database_text() -> dict[str, str]:
    """Every column of every table of the database, its values cast to text, one blob a column.

    Read once with the database's own cast (JSON, numbers and dates as text too), so that a
    search for many values costs no query per value.
    """
    blobs: dict[str, str] = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                cursor.execute(f"SELECT CAST({quote(column.name)} AS TEXT) FROM {quote(table)}")
                values = [row[0] for row in cursor.fetchall() if row[0] is not None]
                blobs[f"{table}.{column.name}"] = "\x00".join(values)
    return blobs


def rows_holding(needle: str, blobs: dict[str, str]) -> list[str]:
    """Return ``table.column`` for every column in which some row's value contains ``needle``."""
    return sorted(where for where, blob in blobs.items() if needle in blob)


def links_to(citizen_ids: set[int]) -> dict[str, int]:
    """Count, per model, the rows whose foreign key points at one of the citizens."""
    counts: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.OneToOneField)
                and field.related_model is Citizen
            ):
                n = model._default_manager.filter(**{f"{field.name}__in": citizen_ids}).count()
                if n:
                    counts[model._meta.label] = counts.get(model._meta.label, 0) + n
    return counts


def test_a_retention_run_on_the_demo_erases_what_is_due_and_keeps_the_economy() -> None:
    demo_copy.small_demo()  # built on BUILT_ON with the logins
    municipality = common.demo_municipality()
    assert municipality is not None
    admin = User.objects.get(username="admin")
    assert admin.role == Role.ADMIN

    live = Citizen.objects.filter(acting_municipality=municipality, merged_into__isnull=True)
    closed = list(live.order_by("pk").values_list("pk", flat=True))[::2]
    close_cases(closed, BUILT_ON)
    due = due_citizens(municipality_id=municipality.pk, today=RUN_ON)
    assert set(closed) <= {d.citizen_id for d in due}
    assert len(due) < live.count()
    due_ids = {d.citizen_id for d in due}
    erased_ids = set(Citizen.objects.filter(pk__in=due_ids).values_list("pk", flat=True)) | set(
        Citizen.objects.filter(merged_into__in=due_ids).values_list("pk", flat=True)
    )
    identities = [
        Identity(
            pk=c.pk,
            pseudonym=c.pseudonym,
            cpr_hash=c.cpr_hash,
            cpr_token=c.cpr_token,
            name=f"{c.first_name} {c.last_name}".strip(),
        )
        for c in Citizen.objects.filter(pk__in=erased_ids)
    ]
    assert any(i.cpr_hash for i in identities), "some erased citizens must have a CPR number"
    # A claim already made for a past year, and the figures of every past year, before the run.
    claim = claim_create(
        actor=User.objects.get(username="oekonomi"),
        municipality=municipality,
        start=date(2024, 1, 1),
        end=date(2025, 1, 1),
        today=RUN_ON,
    )
    claim_lines = list(claim.lines.values_list("pseudonym", "stay_pk", "days", "reimbursement"))
    support = support_claim_create(
        actor=User.objects.get(username="oekonomi"),
        municipality=municipality,
        start=date(2024, 1, 1),
        end=date(2025, 1, 1),
        today=RUN_ON,
    )
    support_lines = list(
        support.lines.values_list("pseudonym", "course_pk", "days", "reimbursement", "basis")
    )
    assert support_lines
    before = economy(municipality.pk)
    audit_before = AuditEntry.objects.count()

    erased = retention_run(actor=admin, today=RUN_ON, grace_days=0)

    assert erased == len(due)
    assert not due_citizens(municipality_id=municipality.pk, today=RUN_ON)
    # Every erasure is itself audited, once per citizen, without the erased data.
    entries = AuditEntry.objects.filter(action=AuditAction.ERASE)
    assert entries.count() == len(due)
    assert AuditEntry.objects.count() >= audit_before + len(due)

    # No personal data of the erased citizens in any table: their CPR hash and encrypted number,
    # and their names where no one else (a citizen kept, a member of staff) carries the same.
    columns = database_text()
    others = other_people(erased_ids)
    failures = []
    for identity in identities:
        needles = [n for n in (identity.cpr_hash, identity.cpr_token) if n]
        if len(identity.name) > 5 and identity.name not in others:
            needles.append(identity.name)
            needles.append(json.dumps(identity.name)[1:-1])  # as JSON writes it: S\\u00f8ren
        for needle in needles:
            hits = rows_holding(needle, columns)
            if hits:
                failures.append(f"borger {identity.pk}: fundet i {', '.join(hits)}")
        # The pseudonym stays only on the citizen's remaining row and in claims already made.
        allowed = {
            "citizens_citizen.pseudonym",
            "economy_claimline.pseudonym",
            "economy_supportclaimline.pseudonym",
        }
        stray = set(rows_holding(identity.pseudonym, columns)) - allowed
        if stray:
            failures.append(f"pseudonym {identity.pseudonym} i {', '.join(sorted(stray))}")
    assert failures == []
    # The remaining row holds nothing but the pseudonym and the acting municipality.
    for citizen in Citizen.objects.filter(pk__in=erased_ids):
        assert (citizen.first_name, citizen.last_name, citizen.alias) == ("", "", "")
        assert (citizen.birth_date, citizen.phone, citizen.email, citizen.contact_note) == (
            None,
            "",
            "",
            "",
        )
        assert citizen.cpr_hash is None
        assert citizen.cpr_token == ""
        assert citizen.erased_on == RUN_ON
    # Links to the erased citizens remain only from the records the economy needs.
    assert set(links_to(erased_ids)) <= KEPT_LINKS

    # The economy of past years is unchanged, and the claim already made keeps its numbers.
    assert economy(municipality.pk) == before
    claim.refresh_from_db()
    assert (
        list(claim.lines.values_list("pseudonym", "stay_pk", "days", "reimbursement"))
        == claim_lines
    )
    # So does the § 176 a claim, and one made again from the records kept is the same.
    support.refresh_from_db()
    assert (
        list(support.lines.values_list("pseudonym", "course_pk", "days", "reimbursement", "basis"))
        == support_lines
    )
    assert not support_claim_status(support).data_changed
    again_support = support_claim_create(
        actor=User.objects.get(username="oekonomi"),
        municipality=municipality,
        start=date(2024, 1, 1),
        end=date(2025, 1, 1),
        today=RUN_ON,
    )
    assert (again_support.reimbursement, again_support.data_fingerprint) == (
        support.reimbursement,
        support.data_fingerprint,
    )
    again = claim_create(
        actor=User.objects.get(username="oekonomi"),
        municipality=municipality,
        start=date(2024, 1, 1),
        end=date(2025, 1, 1),
        today=RUN_ON,
    )
    assert (again.days, again.reimbursement, again.net_cost, again.data_fingerprint) == (
        claim.days,
        claim.reimbursement,
        claim.net_cost,
        claim.data_fingerprint,
    )
    # What was erased is more than a name: the closed cases held notes, plans, letters, housing.
    removed: dict[str, int] = {}
    for entry in entries:
        for label, n in entry.detail["removed"].items():
            removed[label] = removed.get(label, 0) + n
    for label in ("support.Contact", "followup.Letter", "housing.Tenancy", "citizens.Consent"):
        assert removed.get(label, 0) > 0, label
