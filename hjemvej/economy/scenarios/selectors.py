"""Reads of saved scenarios and their results (the reports helper uses these two names)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from hjemvej.economy.scenarios.compute import ScenarioError, run_spec
from hjemvej.economy.scenarios.models import Scenario
from hjemvej.economy.scenarios.results import ScenarioResult
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.rules.parameters import ParameterError, ParameterSet, default_parameters

__all__ = ["ScenarioError", "ScenarioResult", "run_scenario", "saved_scenarios", "scenarios_of"]


def scenarios_of(municipality_id: int | None) -> QuerySet[Scenario]:
    """Return the municipality's scenarios, newest first (none without a municipality)."""
    if municipality_id is None:
        return Scenario.objects.none()
    return Scenario.objects.filter(municipality_id=municipality_id).select_related("author")


def saved_scenarios(municipality_id: int) -> list[Scenario]:
    """Return the municipality's saved scenarios, newest first, with their authors: one query."""
    return list(scenarios_of(municipality_id))


def scenario_spec(scenario: Scenario, params: ParameterSet | None = None) -> ScenarioSpec:
    """Return what the saved scenario changes; raise ScenarioError when it cannot be read."""
    try:
        return ScenarioSpec.from_json(
            scenario.kind, scenario.parameters, params or default_parameters()
        )
    except ParameterError as exc:
        raise ScenarioError("; ".join(exc.problems)) from exc
    except ValueError as exc:
        raise ScenarioError(str(exc)) from exc


def run_scenario(scenario: Scenario, as_of: date) -> ScenarioResult:
    """Compute the scenario on its municipality's data as known on ``as_of``; per year base,
    scenario and difference, and a Danish summary. Raise ScenarioError (Danish) when it cannot.

    Stays and courses begun before ``as_of`` are the data; open ones are carried on to the end of
    the scenario's horizon (the engine's ``as_of``). Nothing is written.
    """
    params = default_parameters()
    return run_spec(
        scenario_spec(scenario, params),
        name=scenario.name,
        municipality_id=scenario.municipality_id,
        as_of=as_of,
        scenario_id=scenario.pk,
        params=params,
    )
