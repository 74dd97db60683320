"""Writes of scenarios: save, mark as run, delete (each in one transaction, audited)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.core.errors import DomainError
from hjemvej.economy.scenarios.models import Scenario, ScenarioKind
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.rules.parameters import ParameterSet, default_parameters


@transaction.atomic
def scenario_create(
    *,
    actor: User,
    name: str,
    spec: ScenarioSpec,
    params: ParameterSet | None = None,
) -> Scenario:
    """Save a scenario for the actor's municipality; raise DomainError in Danish when wrong."""
    if actor.municipality_id is None:
        raise DomainError("Din bruger er ikke knyttet til en kommune.")
    name = name.strip()
    if not name:
        raise DomainError("Scenariet skal have et navn.", field="name")
    if spec.kind not in ScenarioKind.values:
        raise DomainError(f"Ukendt scenarietype {spec.kind!r}.")
    if spec.kind == "law" and not spec.changes_anything():
        raise DomainError(
            "Scenariet ændrer intet: angiv mindst én parameter eller vælg en anden læsning.",
            field="overrides",
        )
    if spec.kind == "practice":
        if spec.practice is None:
            raise DomainError("Praksisscenariets forudsætninger mangler.")
        try:
            spec.practice.check()
        except ValueError as exc:
            raise DomainError(f"{str(exc).capitalize()}.") from exc
    if Scenario.objects.filter(municipality_id=actor.municipality_id, name=name).exists():
        raise DomainError("Der findes allerede et scenarie med det navn.", field="name")
    params = params or default_parameters()
    scenario = Scenario.objects.create(
        municipality_id=actor.municipality_id,
        name=name,
        kind=spec.kind,
        parameters=spec.to_json(params),
        author=actor,
    )
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=scenario,
        detail={"kind": spec.kind, "overrides": [o.name for o in spec.overrides]},
    )
    return scenario


@transaction.atomic
def scenario_mark_run(*, scenario: Scenario, at: datetime) -> Scenario:
    """Record when the scenario was last computed (figures only; no citizen's data is read)."""
    Scenario.objects.filter(pk=scenario.pk).update(last_run_at=at)
    scenario.last_run_at = at
    return scenario


@transaction.atomic
def scenario_delete(*, actor: User, scenario: Scenario) -> None:
    """Delete a saved scenario of the actor's municipality."""
    if scenario.municipality_id != actor.municipality_id:
        raise DomainError("Scenariet hører til en anden kommune.")
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        detail={"deleted": "economy_scenarios.Scenario", "id": scenario.pk, "kind": scenario.kind},
    )
    scenario.delete()
