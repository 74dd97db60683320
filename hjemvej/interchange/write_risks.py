"""Write the risks of homelessness of an import, and register the citizens only at risk.

A new citizen with no situation in the file but a risk is registered as ``citizen_create_at_risk``
registers one (``citizens_create_at_risk_many``): no situation, no list entry, the first acting
period from the first risk noted. That risk is the citizen's first row in the sheet risici; the
other rows are checked as the services check a risk (``risk_build``) and written, or a recorded
one corrected, through ``risks_record_many``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from hjemvej.citizens.creation import CitizenRefused
from hjemvej.citizens.models import RiskOfHomelessness
from hjemvej.citizens.prevention import (
    RISK_FIELDS,
    NewAtRisk,
    at_risk_build,
    citizens_create_at_risk_many,
    risk_build,
    risks_record_many,
)
from hjemvej.core.errors import DomainError
from hjemvej.interchange.columns import CITIZENS, RISKS
from hjemvej.interchange.parse import Row
from hjemvej.interchange.run import CREATED, UNCHANGED, UPDATED, Run

#: A refusal of the citizen's first risk names the risk's own column, not the citizen's.
_RISK_FIELDS = {"risk_kind": "kind", "kind": "kind", **{name: name for name in RISK_FIELDS}}

NewAtRiskRow = tuple[Row, NewAtRisk, Row]


def risk_rows(run: Run) -> dict[str, list[Row]]:
    """Return each citizen's risk rows (by the citizen's ekstern_id), the first noted first."""
    found: dict[str, list[Row]] = defaultdict(list)
    for row in run.rows.get(RISKS.name, []):
        found[row.values["citizen"]].append(row)
    for rows in found.values():
        rows.sort(key=lambda r: (r.values["noted_on"], r.number))
    return found


def _risk_values(row: Row) -> dict[str, Any]:
    values = row.values
    return {
        "kind": values["kind"],
        "noted_on": values["noted_on"],
        "expected_on": values["expected_on"],
        "ended_on": values["ended_on"],
        "outcome": values["outcome"] or "",
        "note": values["note"],
    }


def build_at_risk(
    run: Run, row: Row, wanted: dict[str, Any], first: Row, new: list[NewAtRiskRow]
) -> None:
    """Check a new citizen only at risk as ``citizen_create_at_risk`` would, with its first risk.

    A refusal of the risk is the risk row's problem (and the citizen's rows are not checked).
    """
    try:
        made = at_risk_build(
            actor=run.actor,
            acting_municipality=run.municipality,
            today=run.today,
            cpr=row.values["cpr"] or "",
            **_risk_values(first),
            **wanted,
        )
    except DomainError as exc:
        if exc.field in _RISK_FIELDS:
            run.fail(first, _RISK_FIELDS[exc.field], exc.message)
            run.failed.setdefault(CITIZENS.name, set()).add(row.ekstern_id)
        else:
            run.fail(row, exc.field or "", exc.message)
        return
    new.append((row, made, first))
    run.tally(CITIZENS, CREATED)


def create_at_risk(run: Run, new: list[NewAtRiskRow]) -> None:
    """Register the new citizens only at risk (``citizens_create_at_risk_many``)."""
    try:
        made = citizens_create_at_risk_many(
            actor=run.actor, citizens=[n for _row, n, _first in new], today=run.today
        )
    except CitizenRefused as exc:  # a CPR number registered since it was looked up
        run.fail(new[exc.index][0], exc.field or "cpr", exc.message)
        return
    except DomainError as exc:  # the same, caught by the database (which row: not told)
        with_cpr = [row for row, n, _first in new if n.cpr] or [new[0][0]]
        run.fail(with_cpr[0], exc.field or "cpr", exc.message)
        return
    for (row, _new, first), risk in zip(new, made, strict=True):
        run.remember(CITIZENS, row, risk.citizen, created=True)
        run.remember(RISKS, first, risk, created=True)


def risks(run: Run) -> None:
    """Check each risk as the services do (``risk_build``), then write (``risks_record_many``).

    A recorded risk the file names is corrected through the same writer (its changed fields
    audited by name, never the kind or the outcome).
    """
    existing: dict[str, RiskOfHomelessness] = {
        **run.existing(RISKS),
        **run.objects.get(RISKS.name, {}),
    }
    new: list[tuple[Row, RiskOfHomelessness]] = []
    corrections: list[tuple[RiskOfHomelessness, RiskOfHomelessness]] = []
    for row in run.rows.get(RISKS.name, []):
        citizen = run.referenced(row, "citizen", CITIZENS)
        if citizen is None or row.ekstern_id in run.failed.get(RISKS.name, set()):
            continue
        try:
            checked = risk_build(
                actor=run.actor, citizen=citizen, today=run.today, **_risk_values(row)
            )
        except DomainError as exc:
            run.fail(row, exc.field or "noted_on", exc.message)
            continue
        stored = existing.get(row.ekstern_id)
        if stored is None:
            new.append((row, checked))
            run.tally(RISKS, CREATED)
            continue
        if stored.citizen_id != citizen.pk:
            run.fail(row, "citizen", "hører til en anden borger end ved sidste indlæsning")
            continue
        run.remember(RISKS, row, stored, created=False)
        changed = any(getattr(stored, name) != getattr(checked, name) for name in RISK_FIELDS)
        if changed:
            corrections.append((stored, checked))
        fresh = (RISKS.name, row.ekstern_id) in run.fresh  # written with the citizen at risk
        run.tally(RISKS, CREATED if fresh else UPDATED if changed else UNCHANGED)
    if run.problems:
        return  # the import is refused: nothing is kept, so nothing is written
    made = risks_record_many(
        actor=run.actor, risks=[checked for _row, checked in new], corrections=corrections
    )
    for (row, _checked), risk in zip(new, made, strict=True):
        run.remember(RISKS, row, risk, created=True)
    run.flush()
