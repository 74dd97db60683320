"""The sections of /statistik/, as the index page lists them (URL name, title, what it shows)."""

from __future__ import annotations

from typing import NamedTuple


class Section(NamedTuple):
    url_name: str
    title: str
    text: str


#: In the order the index page shows them; each section's module adds nothing else to the index.
SECTIONS: tuple[Section, ...] = (
    Section(
        "stats:flows",
        "Listen over tid",
        "Borgere på listen måned for måned: hvor mange der kommer på og går af, hvorfor, og "
        "kommunens mål, fx »funktionelt nul« for langvarig hjemløshed.",
    ),
)
