"""Danish labels for the law engine's keys the housing forms and pages use."""

from __future__ import annotations

from hjemvej.rules.affordability import ALL_RATES

#: The pension kinds of ``hjemvej.rules.affordability.PensionKind``.
PENSION_KINDS: dict[str, str] = {
    "disability_pension": "Førtidspension (tilkendt fra 2003)",
    "disability_pension_before_2003": "Førtidspension (tilkendt før 2003)",
    "senior_pension": "Seniorpension",
    "old_age_pension": "Folkepension",
}
#: Førtidspension in any form: almenboligloven § 59, stk. 6, nr. 6.
DISABILITY_PENSIONS = frozenset({"disability_pension", "disability_pension_before_2003"})

#: The rates of ``ALL_RATES``: kontanthjælp (since 1 July 2025), uddannelseshjælp and
#: selvforsørgelses- og hjemrejseydelse (until 30 June 2025), førtidspension and folkepension.
RATE_LABELS: dict[str, str] = {
    "minimum": "Mindstesats",
    "basic": "Grundsats",
    "raised": "Forhøjet sats",
    "living_at_home": "Sats for hjemmeboende",
    "single_supplement": "Tillæg til enlige uden børn",
    "child_supplement": "Børnetillæg",
    "single_parent_supplement": "Tillæg til enlige forsørgere",
    "edu_away_from_home": "Uddannelseshjælp, udeboende",
    "edu_living_at_home": "Uddannelseshjælp, hjemmeboende",
    "edu_single_parent": "Uddannelseshjælp, enlig forsørger",
    "edu_parent": "Uddannelseshjælp, forsørger",
    "edu_activity_25_29": "Uddannelseshjælp, aktivitetstillæg 25–29 år, udeboende",
    "edu_activity_under_25": "Uddannelseshjælp, aktivitetstillæg under 25 år, udeboende",
    "sho_non_parent": "Selvforsørgelses- og hjemrejseydelse, ikke-forsørger",
    "sho_living_at_home": "Selvforsørgelses- og hjemrejseydelse, hjemmeboende",
    "sho_single_parent": "Selvforsørgelses- og hjemrejseydelse, enlig forsørger",
    "sho_parent": "Selvforsørgelses- og hjemrejseydelse, forsørger",
    "disability_single": "Førtidspension, enlig",
    "disability_couple": "Førtidspension, gift eller samlevende",
    "old_age_basic": "Folkepension, grundbeløb",
    "old_age_supplement_single": "Folkepension, pensionstillæg for enlige",
    "old_age_supplement_couple": "Folkepension, pensionstillæg for gifte og samlevende",
}
assert set(RATE_LABELS) == set(ALL_RATES), "every rate needs a Danish label"
#: The pension kind each pension rate belongs to.
PENSION_RATE_KINDS: dict[str, str] = {
    "disability_single": "disability_pension",
    "disability_couple": "disability_pension",
    "old_age_basic": "old_age_pension",
    "old_age_supplement_single": "old_age_pension",
    "old_age_supplement_couple": "old_age_pension",
}
#: The incomes paid under aktivloven, on which the rent can be paid directly (§ 90).
DIRECT_RENT_KINDS = frozenset(
    {"cash_benefit", "education_benefit", "self_support_benefit", "special_support"}
)


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
