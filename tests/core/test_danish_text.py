"""Danish as Danes write it: singular and plural after a count, one full stop after kr., no
genitive glued onto a name, and the gender of the noun a message names."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template

import hjemvej
from hjemvej.core.errors import DomainError
from hjemvej.core.formatting import count_noun
from hjemvej.housing.services.common import check_money

TEMPLATES = sorted(Path(hjemvej.__file__).parent.rglob("templates/**/*.html"))
#: Plural nouns a page writes after a count; each needs its singular when the count is 1.
PLURALS = "dage|rækker|boliger|borgere|kontakter|opgaver|logposter|måneder|uger|personer"


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, "0 rækker"), (1, "1 række"), (2, "2 rækker"), (1234, "1.234 rækker")],
)
def test_count_noun_takes_the_singular_for_one(count: int, expected: str) -> None:
    assert count_noun(count, "række", "rækker") == expected


def test_the_template_filter_counts_in_danish() -> None:
    template = Template('{% load danish %}{{ a|antal:"dag,dage" }} og {{ b|antal:"dag,dage" }}')
    assert template.render(Context({"a": 1, "b": 3})) == "1 dag og 3 dage"


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_no_template_writes_a_plural_noun_straight_after_a_count(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert not re.findall(rf"\}}\}} (?:{PLURALS})\b", text), 'brug |antal:"ental,flertal"'


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(p.parents[3])))
def test_no_template_glues_a_genitive_onto_a_name(path: Path) -> None:
    # "Kasper Holm Jensens boligsiden": write "boligsiden for Kasper Holm Jensen".
    assert "}}s " not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("beløbet", "Beløbet kan ikke være negativt."),
        ("beløbet efter skat", "Beløbet efter skat kan ikke være negativt."),
        ("indskuddet", "Indskuddet kan ikke være negativt."),
        ("huslejen", "Huslejen kan ikke være negativ."),
    ],
)
def test_a_negative_amount_is_named_with_the_nouns_gender(label: str, message: str) -> None:
    with pytest.raises(DomainError) as raised:
        check_money(Decimal(-1), "amount", label)
    assert raised.value.message == message


def test_an_amount_ending_a_sentence_gets_one_full_stop() -> None:
    from datetime import date

    from hjemvej.rules.housing import deposit_loan_check

    check = deposit_loan_check(household_income_year=0, children=0, on=date(2026, 5, 1))
    assert "kr.." not in check.text
    assert check.text.endswith(" kr.")
