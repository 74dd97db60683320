"""The national-style tables: the municipality's citizens on § 110 shelters in a year, as Danmarks
Statistik counts them (statistikbanken HERFOR1–3).

Counted: the stays of type ophold (efterforsorg has no nights) the municipality pays
(``stats.stays``: it was acting municipality on the day of admission; of a stay split where its
payment moved, the nights of the part it pays). A person's nights in the year are
the union of their stays' nights (``stats.measures``) that fall in the year and before the as-of
date; a person is counted when they have at least one. Counts only, no names. One query for the
stays and one for the shelters' names; the rest is one pass in numpy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import numpy as np

from hjemvej.citizens.models import Gender
from hjemvej.core.formatting import danish_number
from hjemvej.rules.shelter.model import MISSING, IntArray
from hjemvej.shelters.models import ExitReason, Shelter, Stay, StayType
from hjemvej.stats import bands as b
from hjemvej.stats import national
from hjemvej.stats.measures import (
    CountedPeriod,
    full_year_persons,
    night_bounds,
    nights_in,
    person_nights,
    year_period,
)
from hjemvej.stats.stays import crossed_pieces, paid_by

#: What the tables read of a stay.
_COLUMNS = (
    "citizen_id",
    "shelter_id",
    "admitted",
    "discharged",
    "exit_reason",
    "citizen__gender",
    "citizen__birth_date",
)

#: A nights-per-person figure's decimals, and a share's.
ONE = Decimal("0.1")
SHARE = Decimal("0.001")


@dataclass(frozen=True)
class BandRow:
    """One band of a table: how many (persons or stays) and their nights in the year."""

    code: str
    label: str
    count: int
    nights: int


@dataclass(frozen=True)
class Table:
    """A table by one dimension; ``rows`` always hold every band, with zeros."""

    dimension: str  # nights, stays, sex, age (persons); length (stays)
    title: str
    rows: list[BandRow]
    counts: str = "Personer"  # what ``count`` counts, as the column is headed

    @property
    def total(self) -> int:
        return sum(r.count for r in self.rows)

    @property
    def nights(self) -> int:
        """Return the nights of the table's rows."""
        return sum(r.nights for r in self.rows)

    @property
    def shown(self) -> list[tuple[BandRow, str, str]]:
        """Return each row with its count's share of the table and its nights, as Danish text."""
        total = self.total
        return [
            (r, _percent(_per(r.count, total, places=SHARE)), _int(r.nights)) for r in self.rows
        ]


@dataclass(frozen=True)
class Comparison:
    """A key figure beside the national one nearest in time."""

    title: str
    here: str  # Danish, formatted
    national: national.NationalFigure | None
    national_text: str = ""


@dataclass(frozen=True)
class ShelterLine:
    """One shelter's figures for the municipality's citizens in the year."""

    shelter_id: int
    name: str
    municipality: str
    persons: int
    stays: int
    nights: int

    @property
    def nights_per_person(self) -> Decimal | None:
        return _per(self.nights, self.persons)


@dataclass
class ShelterUsers:
    """The year's national-style tables for the municipality's citizens (or at one shelter)."""

    year: int
    period: CountedPeriod
    shelter_id: int | None
    persons: int = 0
    stays: int = 0
    nights: int = 0
    full_year_persons: Decimal = Decimal("0.00")
    discharges: int = 0  # stays of type ophold discharged in the counted days
    discharges_known: int = 0  # … with a known way of leaving (udflytningsforhold)
    by_agreement: int = 0
    tables: list[Table] = field(default_factory=list)
    shelters: list[ShelterLine] = field(default_factory=list)

    @property
    def nights_per_person(self) -> Decimal | None:
        return _per(self.nights, self.persons)

    def table(self, dimension: str) -> Table:
        """Return the table of one dimension."""
        return next(t for t in self.tables if t.dimension == dimension)

    def share(self, dimension: str, code: str) -> Decimal | None:
        """Return a band's share of the persons (None without persons)."""
        table = self.table(dimension)
        row = next(r for r in table.rows if r.code == code)
        return _per(row.count, self.persons, places=SHARE)

    @property
    def by_agreement_share(self) -> Decimal | None:
        return _per(self.by_agreement, self.discharges_known, places=SHARE)

    @property
    def comparisons(self) -> list[Comparison]:
        """Return the key figures beside the national ones."""
        year = self.year
        return [
            Comparison("Personer", _int(self.persons), national.nearest(national.PERSONS, year)),
            Comparison(
                "Overnatninger pr. person",
                _decimal(self.nights_per_person),
                national.nearest(national.NIGHTS_PER_PERSON, year),
            ),
            Comparison(
                "Andel med ophold hele året",
                _percent(self.share("nights", "365+")),
                national.nearest(national.WHOLE_YEAR_SHARE, year),
            ),
            Comparison(
                "Andel mænd",
                _percent(self.share("sex", "mand")),
                national.nearest(national.MEN_SHARE, year),
            ),
            Comparison(
                "Udskrivninger efter aftale (af dem med oplyst udflytningsforhold)",
                _percent(self.by_agreement_share),
                national.nearest(national.BY_AGREEMENT_SHARE, year),
            ),
        ]

    def csv_rows(self) -> list[tuple[str, str, int, int]]:
        """Return ``(dimension, band, persons, nights)`` per band of the persons' tables, then
        the total: the command line's rows."""
        rows = [
            (t.dimension, r.code, r.count, r.nights)
            for t in self.tables
            if t.dimension in PERSON_DIMENSIONS
            for r in t.rows
        ]
        return [*rows, ("total", "all", self.persons, self.nights)]


#: The tables of persons, in the order the page and the command line show them.
PERSON_DIMENSIONS = ("nights", "stays", "sex", "age")


def _per(part: int, whole: int, *, places: Decimal = ONE) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(places, ROUND_HALF_UP)


def _int(value: int) -> str:
    return danish_number(value)


def _decimal(value: Decimal | None) -> str:
    return "–" if value is None else danish_number(value, 1)


def _percent(share: Decimal | None) -> str:
    return "–" if share is None else f"{danish_number(share * 100)} %"


def _table(bands: b.Bands, index: IntArray, nights: IntArray, title: str = "") -> Table:
    counts = np.bincount(index[index >= 0], minlength=len(bands))
    sums = np.bincount(index[index >= 0], weights=nights[index >= 0], minlength=len(bands))
    rows = [
        BandRow(band.code, band.label, int(counts[i]), int(sums[i]))
        for i, band in enumerate(bands.bands)
    ]
    return Table(bands.dimension, title or bands.title, rows)


def shelter_users(
    municipality_id: int, *, year: int, as_of: date, shelter_id: int | None = None
) -> ShelterUsers:
    """Return the year's tables for the municipality's citizens, or at one shelter."""
    period = year_period(year, as_of=as_of)
    start, end = period.start, period.counted_end
    result = ShelterUsers(year=year, period=period, shelter_id=shelter_id)
    in_year = Stay.objects.filter(
        citizen__merged_into__isnull=True, stay_type=StayType.STAY, admitted__lt=end
    ).exclude(discharged__lt=start)
    rows = list(paid_by(municipality_id, in_year).order_by().values_list(*_COLUMNS))
    # The stays of citizens who crossed a border: the nights of the part the municipality pays
    # (a stay split where its payment moved), and its discharge only when the part ends with it.
    parts = [
        (row, piece)
        for row, piece in crossed_pieces(in_year, _COLUMNS)
        if piece.municipality_id == municipality_id
    ]
    rows += [(*row[:2], piece.start, piece.end, *row[4:]) for row, piece in parts]
    n = len(rows)
    citizen = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    shelter = np.fromiter((r[1] for r in rows), dtype=np.int64, count=n)
    admitted = np.fromiter((r[2].toordinal() for r in rows), dtype=np.int64, count=n)
    until = np.fromiter(
        (MISSING if r[3] is None else r[3].toordinal() for r in rows), dtype=np.int64, count=n
    )
    discharged = until.copy()
    for i, (row, piece) in enumerate(parts, start=n - len(parts)):
        if piece.end != row[3]:
            discharged[i] = MISSING  # the part ends where another municipality takes over
    lo, hi = night_bounds(admitted, until, as_of=as_of)
    stay_nights = nights_in(lo, hi, start, end)
    result.shelters = _per_shelter(citizen, shelter, lo, hi, stay_nights, period)
    if shelter_id is not None:
        keep = shelter == shelter_id
        rows = [r for r, k in zip(rows, keep.tolist(), strict=True) if k]
        citizen, lo, hi, stay_nights = citizen[keep], lo[keep], hi[keep], stay_nights[keep]
        discharged = discharged[keep]

    # Discharges in the counted days and how they ended (the national figure leaves out uoplyst).
    left = (discharged >= start.toordinal()) & (discharged < end.toordinal())
    reasons = [r[4] for r, gone in zip(rows, left.tolist(), strict=True) if gone]
    result.discharges = len(reasons)
    known = [r for r in reasons if r and r != ExitReason.UNKNOWN]
    result.discharges_known = len(known)
    result.by_agreement = sum(1 for r in known if r == ExitReason.AGREEMENT)

    people = person_nights(citizen, lo, hi, start, end)
    result.persons = people.persons
    result.nights = people.total
    result.stays = int(np.count_nonzero(stay_nights))
    result.full_year_persons = full_year_persons(result.nights, period)

    # Per person (people.person is sorted): their stays with a night in the year, their sex and
    # their age on 31 December of the year.
    counted = stay_nights > 0
    position = np.searchsorted(people.person, citizen[counted])
    stays_of = np.bincount(position, minlength=people.persons).astype(np.int64)
    sex = np.full(people.persons, b.SEX_OF_GENDER[Gender.UNKNOWN], dtype=np.int64)
    age = np.full(people.persons, -1, dtype=np.int64)
    with_nights = (r for r, c in zip(rows, counted.tolist(), strict=True) if c)
    for i, row in zip(position.tolist(), with_nights, strict=True):
        sex[i] = b.SEX_OF_GENDER.get(row[5], sex[i])
        if row[6] is not None:
            age[i] = year - row[6].year
    result.tables = [
        _table(b.NIGHTS, b.NIGHTS.index(people.nights), people.nights),
        _table(b.STAYS, b.STAYS.index(stays_of), people.nights),
        _sex_table(sex, people.nights),
        _age_table(age, people.nights),
    ]
    length = _table(
        b.NIGHTS, b.NIGHTS.index(stay_nights), stay_nights, "Ophold efter overnatninger i året"
    )
    result.tables.append(Table("length", length.title, length.rows, counts="Ophold"))
    return result


def _sex_table(sex: IntArray, nights: IntArray) -> Table:
    counts = np.bincount(sex, minlength=len(b.SEX))
    sums = np.bincount(sex, weights=nights, minlength=len(b.SEX))
    rows = [
        BandRow(band.code, band.label, int(counts[i]), int(sums[i])) for i, band in enumerate(b.SEX)
    ]
    return Table("sex", "Personer efter køn", rows)


def _age_table(age: IntArray, nights: IntArray) -> Table:
    known = age >= 0
    table = _table(b.AGE, np.where(known, b.AGE.index(age), -1), nights)
    unknown = BandRow(
        b.AGE_UNKNOWN.code,
        b.AGE_UNKNOWN.label,
        int(np.count_nonzero(~known)),
        int(nights[~known].sum()),
    )
    return Table(table.dimension, table.title, [*table.rows, unknown])


def _per_shelter(
    citizen: IntArray,
    shelter: IntArray,
    lo: IntArray,
    hi: IntArray,
    stay_nights: IntArray,
    period: CountedPeriod,
) -> list[ShelterLine]:
    """Return each shelter's persons, stays and nights in the year (shelters with nights only)."""
    ids = sorted(set(shelter[stay_nights > 0].tolist()))
    names = {
        s.pk: (s.name, s.municipality.name)
        for s in Shelter.objects.filter(pk__in=ids).select_related("municipality")
    }
    lines = []
    for shelter_id in ids:
        here = shelter == shelter_id
        people = person_nights(citizen[here], lo[here], hi[here], period.start, period.counted_end)
        name, where = names[shelter_id]
        lines.append(
            ShelterLine(
                shelter_id=shelter_id,
                name=name,
                municipality=where,
                persons=people.persons,
                stays=int(np.count_nonzero(stay_nights[here])),
                nights=people.total,
            )
        )
    lines.sort(key=lambda line: (-line.nights, line.name))
    return lines
