"""Inputs and results of the housing rules: benefits received, allocation warnings, loan checks.

Money is integer øre. Periods are closed-open: a benefit received ``[start, end)``, end None while
it lasts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from hjemvej.rules.parameters import ParameterValue

#: The area statuses of almenboligloven §§ 61 a–61 b the rules know (the app's ``AreaStatus``).
AreaStatus = Literal["ordinary", "prevention", "vulnerable", "transformation"]
#: An omdannelsesområde is a parallelsamfund, which is an udsat boligområde (§ 61 a, stk. 2 og 4).
VULNERABLE_AREAS: frozenset[str] = frozenset({"vulnerable", "transformation"})

#: A benefit that an allocation rule names: kontanthjælp (§ 59, stk. 6, nr. 5) or førtidspension
#: (nr. 6). Other incomes play no part in the rules Hjemvej can check from its own records.
BenefitKind = Literal["cash_benefit", "disability_pension"]

#: How sure a warning is: the rule applies on the recorded facts, or the case worker must check.
Severity = Literal["applies", "check"]


@dataclass(frozen=True)
class BenefitPeriod:
    """A benefit a member of the household receives over ``[start, end)``."""

    kind: BenefitKind
    start: date
    end: date | None = None

    def covers(self, day: date) -> bool:
        """Return whether the benefit is received on the day."""
        return self.start <= day and (self.end is None or day < self.end)


@dataclass(frozen=True)
class AllocationWarning:
    """A reason, with its §, why a dwelling may not (or may not without a check) be allocated."""

    code: str  # stable: "benefit_months", "disability_pension", "check_criteria", ...
    severity: Severity
    text: str  # Danish, plain, for the case worker
    reference: str  # the §
    parameters: tuple[ParameterValue, ...] = ()

    @property
    def applies(self) -> bool:
        """Return whether the rule applies on the recorded facts (not only a check)."""
        return self.severity == "applies"


@dataclass(frozen=True)
class DepositLoanCheck:
    """The household income against the deposit-loan ceiling (boligstøtteloven § 56)."""

    on: date
    household_income_year: int
    children: int
    ceiling: int | None  # None: no ceiling is loaded for the date
    over_by: int  # øre above the ceiling; 0 when within or unknown
    repayment_free_until: date | None  # None: no free period is loaded for the date
    text: str
    parameters: tuple[ParameterValue, ...] = ()

    @property
    def within(self) -> bool | None:
        """Return whether the income is at most the ceiling; None when the ceiling is unknown."""
        if self.ceiling is None:
            return None
        return self.household_income_year <= self.ceiling

    @property
    def not_enacted(self) -> tuple[ParameterValue, ...]:
        """Return the values used that are not enacted law."""
        return tuple(p for p in self.parameters if not p.enacted)
