"""Run a scenario on a municipality's own data: a change of law, or a change of practice.

``as_of`` is the day the run is made for (today): the stays and courses admitted or begun before
it are the data; the engine counts open stays and courses up to the end of the horizon (the last
year the user chose), so the years after ``as_of`` hold today's open stays carried on, and no new
admissions. Every figure is computed twice, under the current rules and under the scenario, on the
same data; the rows show both and the difference.
"""

from hjemvej.economy.scenarios.compute.common import SHELTER_PARAMETERS, SUPPORT_PREFIX
from hjemvej.economy.scenarios.compute.run import ScenarioError, run_spec
from hjemvej.economy.scenarios.compute.shorter_stays import shortened

__all__ = [
    "SHELTER_PARAMETERS",
    "SUPPORT_PREFIX",
    "ScenarioError",
    "run_spec",
    "shortened",
]
