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
        "stats:outcomes",
        "Resultatmål",
        "Tid i hjemløshed, udflytning til egen bolig, tilbagefald efter 6, 12 og 24 måneder, "
        "bolig et år efter støtten, første gang i hjemløshed, udskrivning efter aftale og "
        "tiden fra boform til bolig, med borgerne bag hvert tal.",
    ),
)
