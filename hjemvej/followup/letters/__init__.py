"""Letters in plain Danish from templates: compose the text, render the PDF, read a grant.

``compose(template, values)`` makes the text from stored values alone; ``render_pdf`` prints it;
``grant_values`` copies what a decision letter says about a grant into those values, so the
letter stays the same even if the grant is changed later.
"""

from __future__ import annotations

from hjemvej.core.formatting import long_date
from hjemvej.followup.letters.pdf import render_pdf
from hjemvej.followup.letters.texts import (
    TEMPLATES,
    LetterField,
    LetterSpec,
    LetterText,
    MissingValue,
    compose,
)
from hjemvej.housing.models import Grant

__all__ = [
    "TEMPLATES",
    "LetterField",
    "LetterSpec",
    "LetterText",
    "MissingValue",
    "compose",
    "grant_values",
    "long_date",
    "render_pdf",
]


def grant_values(grant: Grant) -> dict[str, str]:
    """Return what a decision letter says about the grant, as text."""
    return {
        "grant_id": str(grant.pk),
        "grant_kind": grant.kind,
        "decision": grant.decision,
        "amount": str(grant.amount),
        "decided_on": grant.decided_on.isoformat(),
        "reason": grant.reason.strip(),
        "repayment_monthly": str(grant.repayment_monthly or ""),
        "repayment_from": grant.repayment_from.isoformat() if grant.repayment_from else "",
    }
