"""A shelter's identifiers in the Central Business Register (CVR): its CVR and P-number.

Danmarks Statistik knows a shelter reporting its stays by these (``hjemvej/stats/dst.py``).

- The **CVR number** has 8 digits, never begins with 0, and every CVR number passes the modulus 11
  check with the weights 2, 7, 6, 5, 4, 3, 2, 1 (Erhvervsstyrelsen, "Modulus 11 kontrol",
  https://erhvervsstyrelsen.dk/modulus_11). The check is python-stdnum's ``dk.cvr``.
- The **P-number** (the production unit's number) has 10 digits. It is *not* checked with modulus
  11: Erhvervsstyrelsen's same page says a series of P-numbers was made with the wrong weights,
  so a real P-number may fail the check.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from stdnum.dk import cvr as stdnum_cvr

_CVR = re.compile(r"\d{8}")
_P_NUMBER = re.compile(r"\d{10}")


def validate_cvr(value: str) -> None:
    """Refuse a CVR number that is not 8 digits, begins with 0 or fails modulus 11."""
    if not _CVR.fullmatch(value):
        raise ValidationError("CVR-nummeret skal have 8 cifre.", code="cvr_length")
    if value.startswith("0"):
        raise ValidationError("Et CVR-nummer begynder aldrig med 0.", code="cvr_zero")
    if not stdnum_cvr.is_valid(value):
        raise ValidationError(
            "CVR-nummeret er ikke gyldigt: kontrolcifferet passer ikke (modulus 11).",
            code="cvr_checksum",
        )


def validate_p_number(value: str) -> None:
    """Refuse a P-number that is not 10 digits (no check digit: see the module's docstring)."""
    if not _P_NUMBER.fullmatch(value):
        raise ValidationError("P-nummeret skal have 10 cifre.", code="p_number_length")
