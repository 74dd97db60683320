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
    Section(
        "stats:outcomes",
        "Resultatmål",
        "Tid i hjemløshed, udflytning til egen bolig, tilbagefald efter 6, 12 og 24 måneder, "
        "bolig et år efter støtten, første gang i hjemløshed, udskrivning efter aftale og "
        "tiden fra boform til bolig, med borgerne bag hvert tal.",
    ),
    Section(
        "stats:prevention",
        "Forebyggelse",
        "Borgere i risiko for hjemløshed, talt for sig: nye og åbne risici, hvor mange der blev "
        "afværget, og hvor mange der alligevel kom på listen inden for den fastsatte periode.",
    ),
    Section(
        "stats:shelter_users",
        "Brugere af boformer",
        "Personer, ophold og overnatninger på boformer som Danmarks Statistik opgør dem, for "
        "kommunens borgere og pr. boform, ved siden af landstallene.",
    ),
    Section(
        "stats:dst",
        "Indberetning til Danmarks Statistik",
        "Boformens kvartalsvise fil til statistikken »Herberger og forsorgshjem mv.« og listen "
        "over det, der skal rettes først. Filen indeholder CPR-numre: kun boformens leder og, for "
        "en kommunal boform, kommunens administrator kan danne den.",
    ),
    Section(
        "stats:count_week",
        "VIVE's tælleuge",
        "Kommunens optælling til VIVE's kortlægning af hjemløshed i uge 6 (eller en anden uge) "
        "fra listen: personer pr. situation og skemaets oplysninger, og hvem der mangler svar.",
    ),
    Section(
        "stats:support",
        "Støtte i tal",
        "Forløb og personer med CTI, ICM, ACT, M-ACT og § 85 pr. år ved siden af landets tal, "
        "og sagsstammerne måned for måned holdt op mod grænserne for metodefidelitet.",
    ),
)
