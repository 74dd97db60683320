"""Load a municipality's stays from the case records into the law engine's columns, fast.

The paying municipality is the citizen's acting municipality (handlekommune); a shelter in another
municipality is *external*. Rows come out sorted by citizen and admission, so the engine need not
sort them again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import numpy as np

from hjemvej.rules.shelter.model import MISSING, BoolArray, IntArray, RateSchedule, StayTable
from hjemvej.shelters.models import OwnPayment, Shelter, Stay
from hjemvej.shelters.selectors import rate_schedules


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
    shelters: list[ShelterInfo]
    pseudonyms: dict[int, str]  # citizen pk → pseudonym (what economists see)

    def __len__(self) -> int:
        return len(self.stay_pk)


def _oere(value: Decimal | None) -> int:
    return MISSING if value is None else int(value * 100)


def load_stays(municipality_id: int, *, until: date | None = None) -> MunicipalityStays:
    """Return every stay of the municipality's live citizens (admitted before ``until``)."""
    stays = Stay.objects.filter(
        citizen__acting_municipality_id=municipality_id, citizen__merged_into__isnull=True
    )
    if until is not None:
        stays = stays.filter(admitted__lt=until)
    rows = list(
        stays.order_by("citizen_id", "admitted").values_list(
            "pk",
            "citizen_id",
            "citizen__pseudonym",
            "shelter_id",
            "admitted",
            "discharged",
            "agreed_daily_rate",
            "own_payment",
            "own_payment_reduced",
        )
    )
    shelter_ids = sorted({r[3] for r in rows})
    code_of = {pk: i for i, pk in enumerate(shelter_ids)}
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
    schedules = rate_schedules(shelter_ids)
    n = len(rows)
    stay_pk = np.fromiter((r[0] for r in rows), dtype=np.int64, count=n)
    citizen_pk = np.fromiter((r[1] for r in rows), dtype=np.int64, count=n)
    shelter_pk = np.fromiter((r[3] for r in rows), dtype=np.int64, count=n)
    shelter_code = np.fromiter((code_of[r[3]] for r in rows), dtype=np.int64, count=n)
    own = np.fromiter(
        (
            0
            if r[7] == OwnPayment.WAIVED
            else _oere(r[8])
            if r[7] == OwnPayment.REDUCED
            else MISSING
            for r in rows
        ),
        dtype=np.int64,
        count=n,
    )
    _, citizen_code = np.unique(citizen_pk, return_inverse=True)
    qualifies = np.array([shelters[c].on_tilbudsportalen for c in range(len(shelters))], dtype=bool)
    external = np.array([shelters[c].external for c in range(len(shelters))], dtype=bool)
    table = StayTable(
        stay_id=[str(pk) for pk in stay_pk.tolist()],
        citizen_id=[str(pk) for pk in citizen_pk.tolist()],
        citizen=citizen_code.astype(np.int64),
        admitted=np.fromiter((r[4].toordinal() for r in rows), dtype=np.int64, count=n),
        discharged=np.fromiter(
            (r[5].toordinal() if r[5] else MISSING for r in rows), dtype=np.int64, count=n
        ),
        daily_rate=np.fromiter((_oere(r[6]) for r in rows), dtype=np.int64, count=n),
        own_payment=own,
        qualifies=qualifies[shelter_code] if n else np.zeros(0, dtype=bool),
        shelter=shelter_code,
        rate_schedules=tuple(schedules.get(pk, RateSchedule((), ())) for pk in shelter_ids),
    )
    return MunicipalityStays(
        municipality_id=municipality_id,
        table=table,
        stay_pk=stay_pk,
        citizen_pk=citizen_pk,
        shelter_pk=shelter_pk,
        shelter_code=shelter_code,
        external=external[shelter_code] if n else np.zeros(0, dtype=bool),
        shelters=shelters,
        pseudonyms={r[1]: r[2] for r in rows},
    )
