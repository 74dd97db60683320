"""A pseudonym never reads as a CPR number.

Pseudonyms are "B" and 12 random hexadecimal digits, so about one in three thousand holds ten
digits in a row whose first six are a date: the CPR detector (``core.cpr_text``) would then mask it
in the logs, refuse it in a note, and an auditor reading an export could not tell it from one.
"""

from __future__ import annotations

import re

import pytest

from hjemvej.citizens import models
from hjemvej.core import cpr_text


def test_a_pseudonym_that_reads_as_a_cpr_number_is_drawn_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draws = iter(["0101805678ab", "a1b2c3d4e5f6"])  # the first holds 010180-5678
    monkeypatch.setattr("hjemvej.citizens.models.secrets.token_hex", lambda n: next(draws))
    assert cpr_text.in_text("B0101805678AB")
    assert models.new_pseudonym() == "BA1B2C3D4E5F6"


def test_pseudonyms_keep_their_form() -> None:
    drawn = {models.new_pseudonym() for _ in range(2000)}
    assert len(drawn) == 2000
    assert all(re.fullmatch(r"B[0-9A-F]{12}", p) for p in drawn)
    assert not any(cpr_text.in_text(p) for p in drawn)
