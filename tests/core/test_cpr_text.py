"""One CPR detector for free text, search fields and log lines, whatever the separators."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from hjemvej.citizens import cpr
from hjemvej.core import cpr_text
from hjemvej.core.logs import hide_long_numbers

#: What people put between the digits: hyphen, en dash, em dash, minus sign, non-breaking
#: hyphen, hyphen, figure dash, dot, space, non-breaking space, narrow no-break space.
SEPARATORS = ["-", "\u2013", "\u2014", "\u2212", "\u2011", "\u2010", "\u2012", ".", " ", "\u00a0"]


@st.composite
def cpr_numbers(draw: st.DrawFn) -> str:
    """Ten digits whose first six are a real date (DDMMÅÅ), as a CPR number's are."""
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2025, 12, 31)))
    tail = draw(st.integers(min_value=0, max_value=9999))
    return f"{born:%d%m%y}{tail:04d}"


@st.composite
def written(draw: st.DrawFn) -> str:
    """A CPR number as a person may write it: any separators between any digits."""
    digits = draw(cpr_numbers())
    parts = [digits[0]]
    for digit in digits[1:]:
        gap = draw(st.sampled_from(["", "", "", *SEPARATORS, " - ", ". ", " \u2013 "]))
        parts.append(gap + digit)
    return "".join(parts)


WORDS = st.text(alphabet="abcæøå ,:;!?()", max_size=30)


@given(number=written(), before=WORDS, after=WORDS)
@example(number="010180\u20135678", before="CPR ", after="")
@example(number="010180.5678", before="", after=" er hans")
@example(number="01 01 80 56 78", before="nr. ", after=".")
@example(number="01.01.80-5678", before="", after="")
def test_a_cpr_number_is_found_and_hidden_however_it_is_written(
    number: str, before: str, after: str
) -> None:
    text = f"{before}{number}{after}"
    assert cpr_text.in_text(text)
    assert cpr.in_text(text)  # the citizens' room uses the same detector
    assert cpr_text.looks_like_cpr(text)
    hidden = cpr_text.hide(text)
    assert sum(c.isdigit() for c in hidden) < 6
    assert sum(c.isdigit() for c in hide_long_numbers(text)) < 6


@given(
    phone=st.integers(min_value=10_000_000, max_value=99_999_999),
    gap=st.sampled_from(["", " ", "-", "."]),
    prefix=st.sampled_from(["", "+45 ", "0045 ", "tlf. "]),
)
def test_a_phone_number_of_eight_digits_is_not_a_cpr_number(
    phone: int, gap: str, prefix: str
) -> None:
    digits = f"{phone}"
    text = prefix + gap.join(digits[i : i + 2] for i in range(0, 8, 2))
    assert not cpr_text.in_text(text)
    assert cpr_text.hide(text) == text


@given(oere=st.integers(min_value=0, max_value=999_999_999))
def test_an_amount_is_not_a_cpr_number(oere: int) -> None:
    """Up to 9.999.999,99 kr.: nine digits. Ten digits with a date in front may be a CPR number."""
    kroner, rest = divmod(oere, 100)
    danish = f"{kroner:,}".replace(",", ".") + f",{rest:02d} kr."
    assert not cpr_text.in_text(danish)
    assert not cpr_text.in_text(f"{kroner}.{rest:02d}")


@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)))
def test_a_date_and_a_time_are_not_a_cpr_number(day: date) -> None:
    for text in (
        f"{day:%d.%m.%Y}",
        f"{day:%d.%m.%Y} kl. 12.30",
        f"{day:%d.%m.%Y} 12:30",
        f"{day:%Y-%m-%d} 10:00",
        f"fra {day:%d.%m.%Y} til {day + timedelta(days=30):%d.%m.%Y}",
        # A period as Hjemvej writes it (core.formatting.period_text): »01.01.–05.12.2026«.
        f"tallene omfatter {day - timedelta(days=40):%d.%m.}\u2013{day:%d.%m.%Y}.",
        f"{day - timedelta(days=3):%d.}\u2013{day:%d.%m.%Y}",
        f"{day - timedelta(days=3):%d.%m.}-{day:%d.%m.%Y}",
    ):
        assert not cpr_text.in_text(text), text


def test_ten_digits_that_are_no_date_are_not_a_cpr_number() -> None:
    assert not cpr_text.in_text("ordre 4512345678")  # day 45
    assert not cpr_text.in_text("+45 12 34 56 78")  # a Danish phone number with its country code
    assert not cpr_text.in_text("01018056789")  # eleven digits: a longer number
    assert cpr_text.in_text("CPR: 0101805678.")


def test_a_search_field_refuses_a_date_part_as_well() -> None:
    assert cpr_text.looks_like_cpr("010180")
    assert cpr_text.looks_like_cpr("01.01.80")
    assert cpr_text.looks_like_cpr("01\u201301\u201380")
    assert not cpr_text.looks_like_cpr("Søren Hansen")
    assert not cpr_text.looks_like_cpr("Søren 12")


def test_the_log_still_hides_any_long_number() -> None:
    assert hide_long_numbers("/borgere/1234567890123/") == "/borgere/[tal]/"
    assert hide_long_numbers("GET /borgere/?q=010180\u20135678") == "GET /borgere/?q=[tal]"
    assert hide_long_numbers("/borgere/42/") == "/borgere/42/"
