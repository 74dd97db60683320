"""Danmarks Statistik's shelter statistic: a shelter's quarterly file, and what to fix before it.

Every § 110 shelter reports to Danmarks Statistik (DST) each quarter »a file with the users who
are admitted to or discharged from« it (DST, statistikdokumentation »Boformer«, Statistisk
behandling), either as a text file made by its system or in a spreadsheet DST sends it. This
module makes the text file from the shelter's stays (docs/statistics.md, »Danmarks Statistik's
shelter statistic«, says what is DST's and what is assumed):

- One line per stay admitted or discharged in the quarter ``[start, end)``. A stay admitted
  before the quarter and discharged after it (or still open) is not in the file: it has neither.
  A discharge after the quarter's end is not yet written (it belongs to a later quarter's file).
- The fields: CVR and P-number of the shelter, the CPR number, the stay type, the admission and
  discharge dates, where the citizen stayed before, how the stay ended and where the citizen
  went, coded by ``dst_codes``; a missing answer is ``uoplyst``.
- The CPR number is decrypted only in :func:`file_lines`, line by line while the file is
  written; the report itself holds the encrypted token. Nothing here logs.

Before the file is made, :func:`dst_report` lists the problems: those that block the file
(the shelter's CVR or P-number missing, a quarter not yet over, two stays of one citizen sharing
a night, an open stay followed by a new admission: DST would see two admissions in a row) and
the answers that will be written »uoplyst« (no CPR number, where the citizen stayed before, how
the stay ended, where they went).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from django.db.models import Q, QuerySet

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens import cpr
from hjemvej.core.errors import DomainError
from hjemvej.shelters.models import ExitDestination, ExitReason, PriorResidence, Shelter, Stay
from hjemvej.shelters.services import nights_end
from hjemvej.stats import dst_codes
from hjemvej.stats.dst_codes import UNKNOWN

#: The first year of the variables the file holds (stay types and »senest opholdt sig«: 2021).
FIRST_YEAR = 2021
LAST_YEAR = 2100
#: The file's columns, in order (the header line).
HEADER = (
    "cvrnr",
    "pnr",
    "cprnr",
    "opholdstype",
    "indskrivningsdato",
    "udskrivningsdato",
    "senest_opholdt",
    "udflytningsforhold",
    "fraflyttet_til",
)
SEPARATOR = ";"
NEWLINE = "\r\n"
DATE_FORMAT = "%Y-%m-%d"
_QUARTER = re.compile(r"(\d{4})-[QqKk]([1-4])")

#: The fields a problem names, in Danish.
FIELD_WORDS = {
    "cvr_number": "CVR-nummer",
    "p_number": "P-nummer",
    "quarter": "kvartal",
    "cpr": "CPR-nummer",
    "admitted": "indskrevet",
    "discharged": "udskrevet",
    "prior_residence": "senest opholdt sig",
    "exit_reason": "udflytningsforhold",
    "exit_destination": "fraflyttet til",
}


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter, ``[start, end)``."""

    year: int
    number: int

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> date:
        return (
            date(self.year + 1, 1, 1)
            if self.number == 4
            else date(self.year, 3 * self.number + 1, 1)
        )

    @property
    def last_day(self) -> date:
        return self.end - timedelta(days=1)

    @property
    def label(self) -> str:
        """Return the quarter in Danish: »1. kvartal 2026«."""
        return f"{self.number}. kvartal {self.year}"

    @property
    def key(self) -> str:
        """Return the quarter as the page's chooser writes it: ``2026-K1``."""
        return f"{self.year}-K{self.number}"

    @classmethod
    def containing(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def previous(self) -> Quarter:
        return (
            Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)
        )


def parse_quarter(text: str) -> Quarter | None:
    """Return the quarter written ``ÅÅÅÅ-Q1`` (or ``ÅÅÅÅ-K1``), from 2021; else None."""
    found = _QUARTER.fullmatch(text.strip())
    if found is None or not FIRST_YEAR <= int(found[1]) <= LAST_YEAR:
        return None
    return Quarter(int(found[1]), int(found[2]))


def quarters_until(today: date) -> list[Quarter]:
    """Return the quarters from 2021 up to the one holding ``today``, the newest first."""
    found, quarter = [], Quarter.containing(today)
    while quarter.year >= FIRST_YEAR:
        found.append(quarter)
        quarter = quarter.previous()
    return found


class DstRow(NamedTuple):
    """One stay as the file writes it; ``cpr_token`` is still encrypted ("" when none)."""

    stay_id: int
    citizen_id: int
    cpr_token: str
    admitted: date
    discharged: date | None  # None when not discharged before the quarter's end
    stay_type: str
    prior_residence: str
    exit_reason: str
    exit_destination: str


class Problem(NamedTuple):
    """Something to fix before (``blocking``) or that the file writes »uoplyst«."""

    blocking: bool
    field: str
    message: str
    stay_id: int | None = None
    citizen_id: int | None = None
    admitted: date | None = None

    def text(self) -> str:
        """Return the problem as one Danish line naming the stay and the field, never a person."""
        where = (
            f"Ophold nr. {self.stay_id} (indskrevet {self.admitted:%d.%m.%Y})"
            if self.stay_id is not None and self.admitted is not None
            else ("Kvartalet" if self.field == "quarter" else "Boformen")
        )
        return f"{where}, {FIELD_WORDS.get(self.field, self.field)}: {self.message}"


@dataclass(frozen=True)
class DstReport:
    """A shelter's quarter: the file's rows and the problems found."""

    shelter: Shelter
    quarter: Quarter
    rows: tuple[DstRow, ...]
    problems: tuple[Problem, ...]

    @property
    def blocking(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.blocking)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.blocking)

    @property
    def citizen_ids(self) -> list[int]:
        """Return the citizens the file names (for the audit entry)."""
        return sorted({row.citizen_id for row in self.rows})

    @property
    def admissions(self) -> int:
        return sum(self.quarter.start <= row.admitted for row in self.rows)

    @property
    def discharges(self) -> int:
        return sum(row.discharged is not None for row in self.rows)


_COLUMNS = (
    "pk",
    "citizen_id",
    "citizen__cpr_token",
    "admitted",
    "discharged",
    "stay_type",
    "prior_residence",
    "exit_reason",
    "exit_destination",
)


def dst_report(
    *, shelter: Shelter, quarter: Quarter, stays: QuerySet[Stay], today: date
) -> DstReport:
    """Return the shelter's rows and problems for the quarter, from ``stays``.

    ``stays`` are the stays the caller may report (``accounts.policy.dst_stays_for``: all the
    shelter's stays for its leader); the overlaps are looked for among them.
    """
    start, end = quarter.start, quarter.end
    stays = stays.filter(shelter_id=shelter.pk)
    found = stays.filter(
        Q(admitted__gte=start, admitted__lt=end) | Q(discharged__gte=start, discharged__lt=end)
    ).order_by("admitted", "pk")
    rows = tuple(_row(values, end) for values in found.values_list(*_COLUMNS))
    problems = [
        *_shelter_problems(shelter),
        *_quarter_problems(quarter, today),
        *_overlaps(rows, stays),
        *(problem for row in rows for problem in _missing(row)),
    ]
    problems.sort(key=lambda p: (not p.blocking, p.stay_id is not None, p.admitted, p.stay_id))
    return DstReport(shelter, quarter, rows, tuple(problems))


def _row(values: Sequence[object], end: date) -> DstRow:
    row = DstRow._make(values)
    token = row.cpr_token or ""
    if row.discharged is not None and row.discharged >= end:  # reported in a later quarter
        return row._replace(cpr_token=token, discharged=None, exit_reason="", exit_destination="")
    return row._replace(cpr_token=token)


def _shelter_problems(shelter: Shelter) -> list[Problem]:
    problems = []
    for field, word in (("cvr_number", "CVR-nummer"), ("p_number", "P-nummer")):
        if not getattr(shelter, field):
            problems.append(
                Problem(
                    True,
                    field,
                    f"Boformen har intet {word}. Administratoren skriver det på boformen i "
                    "administrationen (Boformer).",
                )
            )
    return problems


def _quarter_problems(quarter: Quarter, today: date) -> list[Problem]:
    if today >= quarter.end:
        return []
    return [
        Problem(
            True,
            "quarter",
            f"{quarter.label} slutter den {quarter.last_day:%d.%m.%Y}: filen kan dannes fra den "
            f"{quarter.end:%d.%m.%Y}.",
        )
    ]


def _overlaps(rows: Sequence[DstRow], stays: QuerySet[Stay]) -> list[Problem]:
    """Return a problem for each reported stay that shares a night with another of the citizen's.

    An open stay followed by a later admission lacks its discharge (DST would see two
    admissions in a row and invent a stay of one night); other overlaps are just that. The
    stays are compared as stored: a discharge after the quarter counts, though not yet written.
    """
    by_citizen: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    others = stays.filter(citizen_id__in={row.citizen_id for row in rows})
    for pk, citizen_id, admitted, discharged in others.order_by("admitted", "pk").values_list(
        "pk", "citizen_id", "admitted", "discharged"
    ):
        by_citizen[citizen_id].append((pk, admitted, discharged))
    problems = []
    for row in rows:
        stays_of_citizen = by_citizen[row.citizen_id]
        own = next(s for s in stays_of_citizen if s[0] == row.stay_id)
        for other in stays_of_citizen:
            if other[0] != row.stay_id and _share_a_night(own, other):
                problems.append(_overlap(row, own, other))
                break
    return problems


def _share_a_night(
    one: tuple[int, date, date | None], other: tuple[int, date, date | None]
) -> bool:
    return one[1] < nights_end(other[1], other[2]) and other[1] < nights_end(one[1], one[2])


def _overlap(
    row: DstRow, own: tuple[int, date, date | None], other: tuple[int, date, date | None]
) -> Problem:
    pk, admitted, discharged = other
    if own[2] is None and admitted > row.admitted:
        return Problem(
            True,
            "discharged",
            f"Opholdet er ikke udskrevet, men borgeren er indskrevet igen på boformen den "
            f"{admitted:%d.%m.%Y} (ophold nr. {pk}).",
            row.stay_id,
            row.citizen_id,
            row.admitted,
        )
    until = f"{discharged:%d.%m.%Y}" if discharged is not None else "ikke udskrevet"
    return Problem(
        True,
        "admitted",
        f"Opholdet overlapper ophold nr. {pk} ({admitted:%d.%m.%Y}–{until}) for samme borger.",
        row.stay_id,
        row.citizen_id,
        row.admitted,
    )


def _missing(row: DstRow) -> list[Problem]:
    """Return the row's answers the file writes »uoplyst« (not blocking: DST accepts them)."""
    missing = []
    if not row.cpr_token:
        missing.append(
            (
                "cpr",
                "Borgeren har intet CPR-nummer i Hjemvej (fx kendt under alias) og skrives som "
                "»uoplyst«. Skriv CPR-nummeret på borgerens side, hvis det kendes.",
            )
        )
    if row.prior_residence in ("", PriorResidence.UNKNOWN):
        missing.append(("prior_residence", "Uoplyst: hvor borgeren boede før opholdet."))
    if row.discharged is not None:
        if row.exit_reason in ("", ExitReason.UNKNOWN):
            missing.append(("exit_reason", "Uoplyst: hvordan opholdet sluttede."))
        if row.exit_destination in ("", ExitDestination.UNKNOWN):
            missing.append(("exit_destination", "Uoplyst: hvor borgeren flyttede hen."))
    return [
        Problem(False, field, message, row.stay_id, row.citizen_id, row.admitted)
        for field, message in missing
    ]


def file_lines(report: DstReport) -> Iterator[str]:
    """Yield the file's lines; each CPR number is decrypted only as its line is written.

    Refuses (``DomainError``) a report with problems that block it.
    """
    if report.blocking:
        raise DomainError(
            f"Filen kan ikke dannes: {len(report.blocking)} problem(er) skal rettes først."
        )
    shelter = report.shelter
    yield SEPARATOR.join(HEADER) + NEWLINE
    for row in report.rows:
        discharged = row.discharged is not None
        fields = (
            shelter.cvr_number,
            shelter.p_number,
            cpr.decrypt(row.cpr_token) if row.cpr_token else UNKNOWN,
            dst_codes.code(dst_codes.STAY_TYPE, row.stay_type),
            row.admitted.strftime(DATE_FORMAT),
            row.discharged.strftime(DATE_FORMAT) if row.discharged is not None else "",
            dst_codes.code(dst_codes.PRIOR_RESIDENCE, row.prior_residence),
            dst_codes.code(dst_codes.EXIT_REASON, row.exit_reason) if discharged else "",
            dst_codes.code(dst_codes.EXIT_DESTINATION, row.exit_destination) if discharged else "",
        )
        yield SEPARATOR.join(fields) + NEWLINE


def file_name(report: DstReport) -> str:
    """Return the file's name: the shelter's P-number (or id) and the quarter, no person."""
    shelter = report.shelter.p_number or str(report.shelter.pk)
    return f"dst-herberger-{shelter}-{report.quarter.key}.txt"


def record_export(report: DstReport, *, actor: User | None, username: str = "") -> None:
    """Log the file as one export naming every citizen in it; ``username`` for the command line."""
    detail: dict[str, object] = {
        "export": "dst",
        "format": "txt",
        "shelter": report.shelter.pk,
        "year": report.quarter.year,
        "quarter": report.quarter.number,
    }
    if actor is not None:
        detail["page"] = "stats:dst"
    audit.record_many(
        actor=actor,
        username=username,
        action=AuditAction.EXPORT,
        citizen_ids=report.citizen_ids,
        detail=detail,
    )
