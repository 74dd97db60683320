"""Run a scenario's spec as a change of law or of practice; every failure is a ScenarioError."""

from __future__ import annotations

from datetime import date

from hjemvej.core.errors import DomainError
from hjemvej.economy.scenarios.compute.fewer_external import _fewer_external
from hjemvej.economy.scenarios.compute.housing_first import _housing_first
from hjemvej.economy.scenarios.compute.law import _law
from hjemvej.economy.scenarios.compute.own_payment_back import _own_payment_back
from hjemvej.economy.scenarios.compute.shorter_stays import _shorter
from hjemvej.economy.scenarios.results import ScenarioResult
from hjemvej.economy.scenarios.spec import ScenarioSpec
from hjemvej.rules.parameters import ParameterError, ParameterSet


class ScenarioError(DomainError):
    """The scenario cannot be computed; the message says why, in Danish."""


def run_spec(
    spec: ScenarioSpec,
    *,
    name: str,
    municipality_id: int,
    as_of: date,
    scenario_id: int | None = None,
    params: ParameterSet,
) -> ScenarioResult:
    """Compute the scenario against the current rules or practice; raise ScenarioError."""
    try:
        changed = params.with_overrides(spec.overrides)
        if spec.kind == "law":
            return _law(spec, name, municipality_id, as_of, scenario_id, params, changed)
        assert spec.practice is not None
        kind = spec.practice.kind
        if kind == "shorter_stays":
            return _shorter(spec, name, municipality_id, as_of, scenario_id, changed)
        if kind == "fewer_external":
            return _fewer_external(spec, name, municipality_id, as_of, scenario_id, changed)
        if kind == "own_payment_back":
            return _own_payment_back(spec, name, municipality_id, as_of, scenario_id, changed)
        return _housing_first(spec, name, as_of, scenario_id, changed)
    except ParameterError as exc:
        raise ScenarioError("; ".join(exc.problems)) from exc
    except ValueError as exc:  # the engines' Danish messages: a rate missing on a stay's day …
        raise ScenarioError(str(exc)) from exc
