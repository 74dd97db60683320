"""Load a municipality's stays from the case records into the law engine's columns, fast.

The one reading of a municipality's stays that every count and cost starts from: the economy's
figures, budgets, scenarios and claims and the statistics' measures (``hjemvej.stats.measures``).

The paying municipality is the acting municipality (handlekommune) of the citizen on the day of
admission (``municipality_stays``), and from the change day the new one when a change moves the
payment of a running stay (``citizens.borders.paying_pieces``); a shelter in another
municipality is *external*. Rows come
out sorted by citizen and admission, so the engine need not sort them again. A stay's rate and
own payment are read as everywhere else (``hjemvej.shelters.rules_rows``).
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from hjemvej.citizens.borders import Piece, paying_pieces
from hjemvej.citizens.models import MAIN_BASES, ActingMunicipalityPeriod
from hjemvej.rules.shelter.model import MISSING, BoolArray, IntArray, OtherStays, StayTable
from hjemvej.shelters.models import Shelter, Stay, StayType
from hjemvej.shelters.rules_rows import STAY_COLUMNS, StayRecord, rate_schedules, stay_table


@dataclass
class ShelterInfo:
    """What the figures show about a shelter."""

    pk: int
    name: str
    municipality: str
    external: bool
    on_tilbudsportalen: bool


@dataclass
class MunicipalityStays:
    """A municipality's stays as engine input plus the keys that lead back to the records."""

    municipality_id: int
    table: StayTable
    stay_pk: IntArray
    citizen_pk: IntArray
    shelter_pk: IntArray
    shelter_code: IntArray  # dense 0..len(shelters)-1, index into ``shelters``
    external: BoolArray
    is_stay: BoolArray  # a stay of type ophold (not efterforsorg): it has nights at the shelter
    shelters: list[ShelterInfo]
    pseudonyms: dict[int, str]  # citizen pk → pseudonym (what economists see)

    def __len__(self) -> int:
        return len(self.stay_pk)


def _crossed() -> QuerySet[ActingMunicipalityPeriod, Any]:
    """Return the citizens (``citizen_id`` values) who ever had another acting municipality."""
    return (
        ActingMunicipalityPeriod.objects.filter(basis__in=MAIN_BASES)
        .exclude(municipality_id=F("citizen__acting_municipality_id"))
        .values("citizen_id")
    )


def municipality_stays(municipality_id: int) -> QuerySet[Stay]:
    """Return the stays the municipality pays: it was acting municipality the day of admission.

    The acting municipality of a stay is the one of the citizen's period as acting municipality
    (``citizens.ActingMunicipalityPeriod``, not an L 130 agreement) that holds the day of
    admission; a stay before the citizen's first period belongs to the current acting
    municipality. So after a handover or Ankestyrelsen's decision the old municipality keeps the
    stays it paid, and the new one pays and claims (§ 177) the stays from its first day. A stay
    that spans a change that moves its payment (``citizens.borders.paying_pieces``) is split:
    the days from the change are the new municipality's (``load_stays`` splits it; this query
    gives the stays admitted under the municipality). A merged citizen's stays moved to the
    citizen kept; an erased citizen's stays still count (only a pseudonym is left, no name).
    """
    return Stay.objects.filter(citizen__merged_into__isnull=True).filter(
        acting_on_the_day(municipality_id, "admitted")
    )


def acting_on_the_day(municipality_id: int, day: str) -> Q:
    """Return the filter of the records whose citizen the municipality acted for on their day.

    ``day`` names the record's date field (a stay's ``admitted``, a course's ``start``); the
    record's model has a ``citizen``. The period as acting municipality (a main basis, not an
    L 130 agreement) that holds the day decides; a day before the citizen's first period belongs
    to today's acting municipality, as a citizen who never had another (``municipality_stays``).
    """
    main = ActingMunicipalityPeriod.objects.filter(basis__in=MAIN_BASES)
    # The few citizens who ever had another acting municipality than today's: only their records
    # need the period of the day; every other record belongs to today's.
    crossed = _crossed()
    holding = main.filter(citizen_id=OuterRef("citizen_id"), valid_from__lte=OuterRef(day)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef(day))
    )
    here = Q(citizen__acting_municipality_id=municipality_id)
    return (here & ~Q(citizen_id__in=crossed)) | (
        Q(citizen_id__in=crossed)
        & (Exists(holding.filter(municipality_id=municipality_id)) | (here & ~Exists(holding)))
    )


def paid_by(municipality_id: int, stays: QuerySet[Stay]) -> QuerySet[Stay]:
    """Return the given stays of the municipality's citizens who never crossed a border.

    Every such stay is the municipality's, whole; the stays of citizens who ever had another
    acting municipality come piece by piece from ``crossed_pieces``.
    """
    return stays.filter(citizen__acting_municipality_id=municipality_id).exclude(
        citizen_id__in=_crossed()
    )


#: What ``load_stays`` reads of a stay: the engine's columns, the stay type and the pseudonym.
_LOADED = (*STAY_COLUMNS, "stay_type", "citizen__pseudonym")


def crossed_pieces(
    stays: QuerySet[Stay], columns: Sequence[str]
) -> list[tuple[tuple[Any, ...], Piece]]:
    """Return each piece of the given stays of citizens who ever crossed a border, with its row.

    Each stay of a citizen who ever had another acting municipality is cut into the pieces its
    paying municipalities pay (``citizens.borders.paying_pieces``); every piece comes with the
    stay's ``columns``, in citizen and admission order (two queries: stays, then periods).
    """
    rows = list(
        stays.filter(citizen_id__in=_crossed())
        .order_by("citizen_id", "admitted")
        .values_list(
            *columns, "citizen_id", "admitted", "discharged", "citizen__acting_municipality_id"
        )
    )
    if not rows:
        return []
    periods: dict[int, list[ActingMunicipalityPeriod]] = defaultdict(list)
    for period in ActingMunicipalityPeriod.objects.filter(
        citizen_id__in={row[-4] for row in rows}
    ).only("id", "citizen_id", "municipality_id", "valid_from", "valid_to", "basis"):
        periods[period.citizen_id].append(period)
    width = len(columns)
    return [
        (row[:width], piece)
        for row in rows
        for piece in paying_pieces(
            periods[row[-4]], admitted=row[-3], discharged=row[-2], fallback=row[-1]
        )
    ]


def _crossed_rows(
    municipality_id: int, stays: QuerySet[Stay], until: date | None
) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Return the crossed citizens' rows the municipality pays and the rows others pay.

    A row is a piece (``crossed_pieces``), with the piece's days as admitted and discharged.
    The rows others pay are kept only for citizens the municipality pays some days of (they
    fill the same § 177 windows). Both sorted by citizen and admission.
    """
    ours: list[tuple[Any, ...]] = []
    theirs: list[tuple[Any, ...]] = []
    admitted_at, discharged_at = STAY_COLUMNS.index("admitted"), STAY_COLUMNS.index("discharged")
    for row, piece in crossed_pieces(stays, _LOADED):
        if until is not None and piece.start >= until:
            continue
        cut = list(row)
        cut[admitted_at], cut[discharged_at] = piece.start, piece.end
        (ours if piece.municipality_id == municipality_id else theirs).append(tuple(cut))
    paid = {row[1] for row in ours}
    return ours, [row for row in theirs if row[1] in paid]


def load_stays(municipality_id: int, *, until: date | None = None) -> MunicipalityStays:
    """Return every stay of the municipality's live citizens (admitted before ``until``).

    The rows are the days the municipality pays: a stay split where its payment moved
    (``citizens.borders.paying_pieces``) gives the municipality a row of its days only. The
    citizens who ever had another acting municipality are read by a second, small query, and
    the days others paid of their stays go with the table (``StayTable.others``): the § 177
    windows count a citizen's days in any shelter, whoever paid them (SEL § 177).
    """
    stays = Stay.objects.filter(citizen__merged_into__isnull=True)
    if until is not None:
        stays = stays.filter(admitted__lt=until)
    rows: list[tuple[Any, ...]] = list(
        paid_by(municipality_id, stays).order_by("citizen_id", "admitted").values_list(*_LOADED)
    )
    ours, theirs = _crossed_rows(municipality_id, stays, until)
    if ours:
        rows = list(heapq.merge(rows, ours, key=lambda row: (row[1], row[3])))
    width = len(STAY_COLUMNS)
    records = [StayRecord._make(row[:width]) for row in rows]
    shelter_ids = sorted({r.shelter_id for r in records})
    shelters = [
        ShelterInfo(
            pk=s.pk,
            name=s.name,
            municipality=s.municipality.name,
            external=s.municipality_id != municipality_id,
            on_tilbudsportalen=s.on_tilbudsportalen,
        )
        for s in Shelter.objects.filter(pk__in=shelter_ids)
        .select_related("municipality")
        .order_by("pk")
    ]
    table = stay_table(records, rate_schedules(shelter_ids), shelter_ids=shelter_ids)
    n = len(records)
    if theirs:
        citizens = np.unique(np.fromiter((r.citizen_id for r in records), dtype=np.int64, count=n))
        table.others = OtherStays(
            citizen=np.searchsorted(citizens, np.array([row[1] for row in theirs], dtype=np.int64)),
            admitted=np.array([row[3].toordinal() for row in theirs], dtype=np.int64),
            discharged=np.array(
                [MISSING if row[4] is None else row[4].toordinal() for row in theirs],
                dtype=np.int64,
            ),
            qualifies=np.array([row[width - 1] for row in theirs], dtype=bool),
        )
    shelter_code = table.shelter
    external = np.array([shelters[c].external for c in range(len(shelters))], dtype=bool)
    return MunicipalityStays(
        municipality_id=municipality_id,
        table=table,
        stay_pk=np.fromiter((r.pk for r in records), dtype=np.int64, count=n),
        citizen_pk=np.fromiter((r.citizen_id for r in records), dtype=np.int64, count=n),
        shelter_pk=np.fromiter((r.shelter_id for r in records), dtype=np.int64, count=n),
        shelter_code=shelter_code,
        external=external[shelter_code] if n else np.zeros(0, dtype=bool),
        is_stay=np.fromiter((row[width] == StayType.STAY for row in rows), dtype=bool, count=n),
        shelters=shelters,
        pseudonyms={row[1]: row[-1] for row in rows},
    )
