"""Danish labels for the law engine's keys the housing forms and pages use."""

from __future__ import annotations

from hjemvej.rules.affordability import CASH_BENEFIT_RATES

#: The pension kinds of ``hjemvej.rules.affordability.PensionKind``.
PENSION_KINDS: dict[str, str] = {
    "disability_pension": "Førtidspension (tilkendt fra 2003)",
    "disability_pension_before_2003": "Førtidspension (tilkendt før 2003)",
    "senior_pension": "Seniorpension",
    "old_age_pension": "Folkepension",
}
#: Førtidspension in any form: almenboligloven § 59, stk. 6, nr. 6.
DISABILITY_PENSIONS = frozenset({"disability_pension", "disability_pension_before_2003"})

#: The cash-benefit rates of ``CASH_BENEFIT_RATES`` (kontanthjælp since 1 July 2025).
RATE_LABELS: dict[str, str] = {
    "minimum": "Mindstesats",
    "basic": "Grundsats",
    "raised": "Forhøjet sats",
    "living_at_home": "Sats for hjemmeboende",
    "single_supplement": "Tillæg til enlige uden børn",
    "child_supplement": "Børnetillæg",
    "single_parent_supplement": "Tillæg til enlige forsørgere",
}
assert set(RATE_LABELS) == set(CASH_BENEFIT_RATES), "every rate needs a Danish label"


def rate_keys(raw: str) -> tuple[str, ...]:
    """Return the rate keys stored space-separated on an income."""
    return tuple(raw.split())


def rates_text(raw: str) -> str:
    """Return the rates of an income in Danish, joined with "og"."""
    labels = [RATE_LABELS.get(key, key).lower() for key in rate_keys(raw)]
    if not labels:
        return ""
    if len(labels) == 1:
        return labels[0]
    return ", ".join(labels[:-1]) + " og " + labels[-1]
