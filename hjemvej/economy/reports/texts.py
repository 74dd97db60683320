"""The plain-Danish account of the rules and readings behind the figures (dashboard and report).

Short sentences, the most important first. Every value comes from the parameter set the figures
used, so the text says what was computed, not what the law said when this was written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from hjemvej.core.formatting import long_date
from hjemvej.core.law import READING_TEXTS, status_notice
from hjemvej.rules.parameters import ParameterError, ParameterSet, ParameterValue
from hjemvej.rules.shelter.model import Readings
from hjemvej.rules.shelter.periods import CAP, OWN_PAYMENT, RATE
from hjemvej.rules.support.model import BOTILBUD_PERIOD, BOTILBUD_RATE, BOTILBUD_WITHIN

__all__ = ["READING_TEXTS", "Section", "rules_account"]

CAP_START = date(2023, 10, 1)


@dataclass(frozen=True)
class Section:
    """A heading and its paragraphs."""

    heading: str
    paragraphs: tuple[str, ...]


def _flagged(value: ParameterValue) -> str:
    """Return ' (politisk aftale, ikke vedtaget lov)' for a value that is not enacted law."""
    return "" if value.enacted else f" ({status_notice(value)})"


def _values(params: ParameterSet, name: str, start: date, end: date) -> list[ParameterValue]:
    try:
        return params[name].between(start, end)
    except ParameterError:
        return []


def rules_account(
    params: ParameterSet, readings: Readings, *, start: date, end: date
) -> list[Section]:
    """Return the account of § 177, § 176 a and full-year persons for ``[start, end)``."""
    last = end - timedelta(days=1)
    rate = params.at(RATE, last)
    caps = [v for v in _values(params, CAP, max(start, CAP_START), end) if v.value is not None]
    own = _values(params, OWN_PAYMENT, start, end)

    shelter: list[str] = [
        f"Staten betaler {rate.display} af kommunens udgift til ophold på boformer efter "
        f"serviceloven § 110 (§ 177){_flagged(rate)}.",
        "Udgiften er boformens takst pr. døgn minus borgerens egenbetaling.",
    ]
    if caps:
        shelter.append(
            f"Siden {long_date(CAP_START)} får kommunen kun refusion for et begrænset antal dage "
            "pr. borger i hvert refusionsår. Dage ud over loftet betaler kommunen selv."
        )
        for value in caps:
            until = (
                f" til {long_date(value.valid_to - timedelta(days=1))}" if value.valid_to else ""
            )
            shelter.append(
                f"Loftet er {value.display} fra {long_date(value.valid_from)}{until}"
                f"{_flagged(value)}. Kilde: {value.reference}."
            )
    shelter.append(
        "Kun boformer, der er registreret på Tilbudsportalen, giver refusion. Dage på andre "
        "boformer koster, men tæller ikke med i loftet."
    )
    for value in own:
        shelter.append(
            f"Egenbetalingen er {value.display} fra {long_date(value.valid_from)}"
            f"{_flagged(value)}. Kilde: {value.reference}."
        )
    shelter.append(
        "Kommunen kan nedsætte eller frafalde egenbetalingen ved afgørelse. Så bruges det "
        "nedsatte beløb."
    )

    reading_lines = [
        "Loven lader nogle spørgsmål stå åbne. Hjemvej har regnet med disse læsninger:",
        f"Refusionsåret: {READING_TEXTS['window'][readings.window]}.",
        f"Loftet: {READING_TEXTS['cap'][readings.cap]}.",
        f"Dage: {READING_TEXTS['days'][readings.days]}.",
    ]
    if readings.window == "anchored":
        reading_lines.append(
            "Det betyder: Refusionsåret begynder den første dag, borgeren bor på en boform "
            f"{long_date(CAP_START)} eller senere, og løber til samme dato året efter. Det næste "
            "refusionsår begynder den første opholdsdag derefter, også midt i et ophold. "
            "Årsdagen for 29. februar er 1. marts."
        )

    support: list[str] = []
    support_rate = _values(params, "support.reimbursement.rate", start, end)
    period = _values(params, "support.reimbursement.period_months", start, end)
    if support_rate:
        months = f"{period[-1].display}" if period else "2 år"
        support.append(
            f"Staten betaler {support_rate[-1].display} af kommunens udgift til Housing "
            f"First-støtte efter § 85 a (CTI, ICM, ACT og M-ACT) i op til {months} efter "
            "udskrivning fra en boform (§ 176 a). Støtten skal være besluttet før udskrivningen."
        )
        support.append(
            "Det gælder også, når borgeren kom direkte fra boformen i midlertidigt botilbud efter "
            "§ 107, og støtten blev besluttet, efter at opholdet i botilbuddet sluttede."
        )
        support.append(
            "Perioden regnes fra den første udskrivning. Den begynder ikke forfra, hvis borgeren "
            "kommer på boform igen."
        )
    botilbud_rate = _values(params, BOTILBUD_RATE, start, end)
    botilbud_period = _values(params, BOTILBUD_PERIOD, start, end)
    botilbud_within = _values(params, BOTILBUD_WITHIN, start, end)
    if botilbud_rate and botilbud_period and botilbud_within:
        support.append(
            f"Staten betaler også {botilbud_rate[-1].display} af udgiften til midlertidigt "
            f"botilbud efter § 107 i op til {botilbud_period[-1].display} inden for "
            f"{botilbud_within[-1].display} efter udskrivningen, når botilbuddet er besluttet "
            f"før{_flagged(botilbud_rate[-1])}."
        )
    for value in _values(params, "support.extension.all_situations", start, end):
        if value.value is True:
            support.append(
                "Refusionen udvides til borgere i alle hjemløshedssituationer (gade, sofa, "
                "natvarmestue og andre steder) fra "
                f"{long_date(value.valid_from)}{_flagged(value)}. "
                f"Kilde: {value.reference}."
            )
    for value in _values(params, "support.extension.period_months", start, end):
        support.append(
            f"Efter udvidelsen gives refusion i op til {value.display} fra støttens start"
            f"{_flagged(value)}."
        )

    persons = [
        "En helårsperson svarer til én borger på boform hele året.",
        "Helårspersoner = overnatninger i ophold på boform i perioden (ikke efterforsorg) ÷ "
        "dage i perioden (365, i skudår 366).",
        "For en måned eller året til dato deles med de dage, der er talt. Eksterne boformer er "
        "boformer uden for kommunen.",
    ]
    return [
        Section("Statsrefusion af ophold på boformer (serviceloven § 177)", tuple(shelter)),
        Section("Læsninger af reglerne", tuple(reading_lines)),
        Section("Statsrefusion af Housing First-støtte (serviceloven § 176 a)", tuple(support)),
        Section("Helårspersoner", tuple(persons)),
    ]
