"""The law as every page shows it: the parameters in force, their status, the readings, problems.

One home for what the pages say about the law engine's numbers: which parameter set is in force,
a used parameter with its status and the one Danish wording of a value that is not enacted law,
the readings of § 177 in Danish, and the engine's problems as sentences a user can act on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hjemvej.rules.parameters import ParameterSet, ParameterValue, default_parameters
from hjemvej.rules.shelter import Readings


def current_parameters() -> ParameterSet:
    """Return the parameter set in force (the one seam for an administrator's own values)."""
    return default_parameters()


READING_TEXTS: dict[str, dict[str, str]] = {
    "window": {
        "anchored": "Refusionsvinduet åbner på borgerens første opholdsdag og løber et år "
        "(Social- og Boligstyrelsens vejledning)",
        "rolling365": "En dag får refusion, når færre dage end loftet har fået refusion i de "
        "foregående 365 dage",
    },
    "cap": {
        "per_day": "Hver dag vurderes efter det loft, der gælder den dag",
        "window_start": "Loftet, der gjaldt, da vinduet åbnede, gælder hele vinduet",
    },
    "days": {
        "nights": "Et ophold tæller sine overnatninger; udskrivningsdagen tæller ikke",
        "dates": "Et ophold tæller alle datoer, også udskrivningsdagen",
    },
}


@dataclass(frozen=True)
class UsedParameter:
    """A parameter value the engine used, with its title; flagged when it is not law."""

    value: ParameterValue
    title: str

    @property
    def enacted(self) -> bool:
        """Return whether the value is enacted law."""
        return self.value.status == "law"

    @property
    def notice(self) -> str:
        """Return the Danish warning for a value that is not law."""
        if self.value.status == "agreed":
            return "politisk aftale, ikke vedtaget"
        if self.value.status == "assumed":
            return "antaget værdi, ikke vedtaget eller kontrolleret"
        if self.value.status == "scenario":
            return "scenarie, ikke gældende regler"
        return "vedtaget lov"


def readings_in_danish(readings: Readings) -> list[str]:
    """Return the readings of § 177 the calculation used, in Danish."""
    return [
        READING_TEXTS["window"][readings.window],
        READING_TEXTS["cap"][readings.cap],
        READING_TEXTS["days"][readings.days],
    ]


def problem_in_danish(problem: str) -> str:
    """Return the engine's problem as a Danish sentence the user can act on."""
    text = problem.strip().rstrip(".")
    if text.startswith("ingen takst den "):
        raw = text.removeprefix("ingen takst den ")
        try:
            day = date.fromisoformat(raw)
            raw = f"{day:%d.%m.%Y}"
        except ValueError:
            pass
        return (
            f"Refusionen kan ikke beregnes: en boform har ingen takst den {raw}. "
            "Bed en administrator om at indsætte boformens takst."
        )
    return f"Refusionen kan ikke beregnes: {text}."
