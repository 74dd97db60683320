"""The council report's account of § 176 a reads the § 107 numbers from the parameters."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hjemvej.economy.reports.texts import rules_account
from hjemvej.rules.parameters import Override, default_parameters
from hjemvej.rules.shelter import Readings


def support_text(*overrides: tuple[str, int | Decimal]) -> str:
    params = default_parameters().with_overrides(
        [Override(name, value, date(2024, 1, 1)) for name, value in overrides]
    )
    sections = rules_account(params, Readings(), start=date(2025, 1, 1), end=date(2026, 1, 1))
    section = next(s for s in sections if "§ 176 a" in s.heading)
    return " ".join(section.paragraphs)


def test_the_sel107_sentence_follows_the_parameters() -> None:
    text = support_text()
    assert "50 % af udgiften til midlertidigt botilbud efter § 107 i op til 6 måneder" in text
    assert "inden for 12 måneder efter udskrivningen" in text
    changed = support_text(
        ("support.botilbud.reimbursement.rate", Decimal("40")),
        ("support.botilbud.reimbursement.period_months", 4),
    )
    assert "40 % af udgiften til midlertidigt botilbud efter § 107 i op til 4 måneder" in changed


def test_the_account_names_the_sel107_path() -> None:
    assert "direkte fra boformen i midlertidigt botilbud efter § 107" in support_text()
