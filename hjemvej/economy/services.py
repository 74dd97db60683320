"""Writes of the economy app: making a reimbursement claim (§ 177 or § 176 a)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date
from typing import TypeVar

from django.db import connection, transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.core import law
from hjemvej.core.errors import DomainError
from hjemvej.core.law import problem_in_danish
from hjemvej.economy.models import (
    ClaimLine,
    ReimbursementClaim,
    SupportClaim,
    SupportClaimLine,
)
from hjemvej.economy.selectors.claims import LineData, claim_as_of, compute_claim
from hjemvej.economy.selectors.common import oere_to_decimal
from hjemvej.economy.selectors.support_claims import SupportLineData, compute_support_claim
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter import Readings

_Line = TypeVar("_Line", ClaimLine, SupportClaimLine)

#: Lines per INSERT when storing a claim.
BATCH = 5000


def check_claim_period(*, start: date, end: date, today: date) -> None:
    """Raise DomainError (naming its field) unless a claim can cover ``[start, end)``."""
    if end <= start:
        raise DomainError("Periodens slutdato skal ligge efter startdatoen.", field="end")
    if start >= today:
        raise DomainError(
            "Perioden er ikke begyndt endnu; vælg en periode før i dag.", field="start"
        )


def claim_create(
    *,
    actor: User,
    municipality: Municipality,
    start: date,
    end: date,
    today: date,
    readings: Readings | None = None,
    params: ParameterSet | None = None,
) -> ReimbursementClaim:
    """Compute the § 177 reimbursement of ``[start, end)`` per stay and store it as a claim.

    The engine runs over every stay of the municipality's citizens admitted before the day the
    claim counts to (the period's end, or today if earlier), so each citizen's windows are right;
    the claim stores the parameter set, the readings and the fingerprint of the stays that went in.
    """
    check_claim_period(start=start, end=end, today=today)
    readings = readings or Readings()
    params = params or law.current_parameters()
    try:
        computed = compute_claim(
            municipality.pk, start=start, end=end, today=today, params=params, readings=readings
        )
    except ValueError as exc:  # a shelter without a rate, a parameter without a value
        raise DomainError(problem_in_danish(str(exc))) from None
    with transaction.atomic():
        claim = ReimbursementClaim.objects.create(
            municipality=municipality,
            period_start=start,
            period_end=end,
            as_of=claim_as_of(end, today),
            created_by=actor,
            parameter_set=computed.parameter_set,
            readings={
                "window": readings.window,
                "cap": readings.cap,
                "days": readings.days,
            },
            parameters=computed.parameters,
            data_fingerprint=computed.data_fingerprint,
            stays_in=computed.stays_in,
            citizens=len({line.citizen_pk for line in computed.lines}),
            days=computed.total("days"),
            reimbursed_days=computed.total("reimbursed_days"),
            gross_cost=oere_to_decimal(computed.total("gross_cost")),
            own_payment=oere_to_decimal(computed.total("own_payment")),
            reimbursement=oere_to_decimal(computed.total("reimbursement")),
            net_cost=oere_to_decimal(computed.total("net_cost")),
        )
        _store(ClaimLine, _LINE_FIELDS, (_line_values(claim, line) for line in computed.lines))
        # One entry for the claim: it reads pseudonymous rows only, and names no citizen.
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=claim,
            detail={
                "period_start": start.isoformat(),
                "period_end": end.isoformat(),
                "lines": len(computed.lines),
                "parameter_set": computed.parameter_set,
            },
        )
    return claim


_LINE_FIELDS = (
    "claim_id",
    "stay_pk",
    "citizen_pk",
    "pseudonym",
    "shelter_name",
    "external",
    "registered",
    "admitted",
    "discharged",
    "days",
    "reimbursed_days",
    "gross_cost",
    "own_payment",
    "reimbursement",
    "net_cost",
    "rule_versions",
)


def _line_values(claim: ReimbursementClaim, line: LineData) -> tuple[object, ...]:
    return (
        claim.pk,
        line.stay_pk,
        line.citizen_pk,
        line.pseudonym,
        line.shelter_name,
        line.external,
        line.registered,
        line.admitted,
        line.discharged,
        line.days,
        line.reimbursed_days,
        oere_to_decimal(line.gross_cost),
        oere_to_decimal(line.own_payment),
        oere_to_decimal(line.reimbursement),
        oere_to_decimal(line.net_cost),
        line.rule_versions,
    )


def _store(
    model: type[_Line],
    fields: tuple[str, ...],
    rows: Iterable[tuple[object, ...]],
) -> None:
    """Insert a claim's lines: PostgreSQL's COPY (a year of a city's stays in a blink), else
    ``bulk_create``. The last field is the rule versions (JSON)."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(
            (model(**dict(zip(fields, row, strict=True))) for row in rows),
            batch_size=BATCH,
        )
        return
    from psycopg import sql

    columns = [sql.Identifier(f) for f in fields]
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(model._meta.db_table), sql.SQL(", ").join(columns)
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            values = list(row)
            values[-1] = json.dumps(values[-1])
            copy.write_row(values)


def support_claim_create(
    *,
    actor: User,
    municipality: Municipality,
    start: date,
    end: date,
    today: date,
    params: ParameterSet | None = None,
) -> SupportClaim:
    """Compute the § 176 a reimbursement of ``[start, end)`` per support course and § 107 stay
    and store it as a claim.

    The engine runs over every course, § 107 stay and § 110 stay of the citizens with a course or
    § 107 stay in the period, as the support figures do; the claim stores the parameter set, the
    values used and the fingerprint of those records.
    """
    check_claim_period(start=start, end=end, today=today)
    params = params or law.current_parameters()
    try:
        computed = compute_support_claim(
            municipality.pk, start=start, end=end, today=today, params=params
        )
    except ValueError as exc:  # a parameter without a value, a record the rules refuse
        raise DomainError(problem_in_danish(str(exc))) from None
    with transaction.atomic():
        claim = SupportClaim.objects.create(
            municipality=municipality,
            period_start=start,
            period_end=end,
            as_of=computed.as_of,
            created_by=actor,
            parameter_set=computed.parameter_set,
            parameters=computed.parameters,
            data_fingerprint=computed.data_fingerprint,
            courses_in=computed.courses_in,
            citizens=len({line.citizen_pk for line in computed.lines}),
            days=computed.total("days"),
            reimbursed_days=computed.total("reimbursed_days"),
            cost=oere_to_decimal(computed.total("cost")),
            reimbursement=oere_to_decimal(computed.total("reimbursement")),
            net_cost=oere_to_decimal(computed.total("net_cost")),
        )
        _store(
            SupportClaimLine,
            _SUPPORT_LINE_FIELDS,
            (_support_line_values(claim, line) for line in computed.lines),
        )
        # One entry for the claim: it reads pseudonymous rows only, and names no citizen.
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=claim,
            detail={
                "period_start": start.isoformat(),
                "period_end": end.isoformat(),
                "lines": len(computed.lines),
                "parameter_set": computed.parameter_set,
            },
        )
    return claim


_SUPPORT_LINE_FIELDS = (
    "claim_id",
    "course_pk",
    "citizen_pk",
    "pseudonym",
    "method",
    "method_label",
    "decided_on",
    "start",
    "end",
    "monthly_cost",
    "days",
    "reimbursed_days",
    "cost",
    "reimbursement",
    "net_cost",
    "basis",
    "rule_versions",
)


def _support_line_values(claim: SupportClaim, line: SupportLineData) -> tuple[object, ...]:
    return (
        claim.pk,
        line.course_pk,
        line.citizen_pk,
        line.pseudonym,
        line.method,
        line.method_label,
        line.decided_on,
        line.start,
        line.end,
        oere_to_decimal(line.monthly_cost),
        line.days,
        line.reimbursed_days,
        oere_to_decimal(line.cost),
        oere_to_decimal(line.reimbursement),
        oere_to_decimal(line.net_cost),
        line.basis,
        line.rule_versions,
    )
