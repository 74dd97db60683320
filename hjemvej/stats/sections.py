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
        "stats:shelter_users",
        "Brugere af boformer",
        "Personer, ophold og overnatninger på boformer som Danmarks Statistik opgør dem, for "
        "kommunens borgere og pr. boform, ved siden af landstallene.",
    ),
)
