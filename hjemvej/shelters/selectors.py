"""Reads of shelters and stays, and a citizen's § 177 figures from the law engine.

A stay becomes the engine's row in ``hjemvej.shelters.rules_rows``, the one mapping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextChoices,
    Value,
)
from django.db.models.functions import Coalesce

from hjemvej.citizens.models import Citizen
from hjemvej.rules.calendar import notice_deadline
from hjemvej.rules.parameters import ParameterError, ParameterSet, default_parameters
from hjemvej.rules.shelter import (
    CitizenExplanation,
    RateSchedule,
    Readings,
    StayResults,
    reimburse_plain,
)
from hjemvej.shelters.models import (
    ExitDestination,
    ExitReason,
    Shelter,
    ShelterRate,
    Stay,
    StayType,
)
from hjemvej.shelters.rules_rows import StayRecord, rate_schedules, stay_table


@dataclass
class CitizenReimbursement:
    """The law engine's figures and explanation for one citizen's stays."""

    stays: list[Stay]
    results: StayResults | None
    explanation: CitizenExplanation | None
    problem: str = ""  # Danish, when the figures cannot be computed (e.g. a shelter has no rate)
    # The engine's row → the index of its stay; a stay cut where its payment moved has a row
    # per part (None: one row per stay).
    owner: list[int] | None = None

    def for_stay(self, index: int) -> dict[str, int]:
        """Return one stay's figures in øre (of all its parts)."""
        if self.results is None:
            return {}
        r = self.results
        rows = (
            [index] if self.owner is None else [i for i, o in enumerate(self.owner) if o == index]
        )
        return {
            "days": sum(int(r.days[i]) for i in rows),
            "reimbursed_days": sum(int(r.reimbursed_days[i]) for i in rows),
            "gross_cost": sum(int(r.gross_cost[i]) for i in rows),
            "own_payment": sum(int(r.own_payment[i]) for i in rows),
            "reimbursement": sum(int(r.reimbursement[i]) for i in rows),
            "net_cost": sum(int(r.net_cost[i]) for i in rows),
        }


def citizen_reimbursement(
    citizen: Citizen,
    *,
    as_of: date,
    stays: Sequence[Stay] | None = None,
    params: ParameterSet | None = None,
    readings: Readings | None = None,
    cuts: Mapping[int, Sequence[date]] | None = None,
    schedules: Mapping[int, RateSchedule] | None = None,
) -> CitizenReimbursement:
    """Compute and explain § 177 reimbursement of all the citizen's stays (all shelters).

    ``cuts``: per stay pk the days inside it where its payment moved to another municipality
    (``citizens.borders.paying_pieces``); the stay is computed and explained part by part.
    ``schedules``: the shelters' rates when the caller read them already (for many citizens).
    """
    if stays is None:
        stays = list(
            Stay.objects.filter(citizen=citizen).select_related("shelter").order_by("admitted")
        )
    stays = list(stays)
    if not stays:
        return CitizenReimbursement(stays=[], results=None, explanation=None)
    if schedules is None:
        schedules = rate_schedules(s.shelter_id for s in stays)
    key = str(citizen.pk)
    records: list[StayRecord] = []
    owner: list[int] = []
    for index, stay in enumerate(stays):
        record = StayRecord.of(stay)
        starts = [stay.admitted, *(cuts or {}).get(stay.pk, ())]
        ends: list[date | None] = [*starts[1:], stay.discharged]
        for start, end in zip(starts, ends, strict=True):
            records.append(record._replace(admitted=start, discharged=end))
            owner.append(index)
    table = stay_table(records, schedules, citizen_id=key)
    try:
        results, explanations = reimburse_plain(
            table, as_of=as_of, params=params or default_parameters(), readings=readings
        )
    except ValueError as exc:  # a rate or parameter missing for a day of a stay
        return CitizenReimbursement(stays=stays, results=None, explanation=None, problem=str(exc))
    return CitizenReimbursement(
        stays=stays,
        results=results,
        explanation=explanations.get(key),
        owner=owner if len(owner) != len(stays) else None,
    )


# --- Shelter pages: occupancy, residents, admissions and discharges ---------------------------

NOTICE_PARAMETER = "shelter.notification.working_days"
MOVEMENT_DAYS = 90


def current_stays(today: date) -> QuerySet[Stay]:
    """Return the stays whose citizen sleeps at a shelter the night of ``today`` (no aftercare)."""
    return Stay.objects.filter(stay_type=StayType.STAY, admitted__lte=today).filter(
        Q(discharged__isnull=True) | Q(discharged__gt=today)
    )


def occupancy_percent(residents: int, places: int) -> int | None:
    """Return residents as a whole percentage of places (None for a shelter without places)."""
    if places <= 0:
        return None
    return round(Decimal(residents * 100) / places)


@dataclass(frozen=True)
class ShelterSummary:
    """One row of the shelter list: figures only, no names.

    ``residents`` are the residents tonight of every municipality whose citizens this installation
    holds; ``own_residents`` those of them whose acting municipality is the user's. Residents whose
    municipality does not use this installation are not in it: the occupancy is a lower bound.
    """

    shelter: Shelter
    residents: int
    daily_rate: Decimal | None
    external: bool  # outside the user's municipality
    own: bool  # the user's own shelter (shelter staff)
    own_residents: int = 0

    @property
    def other_residents(self) -> int:
        """Return the residents of other municipalities (a count, never who)."""
        return self.residents - self.own_residents

    @property
    def occupancy(self) -> int | None:
        return occupancy_percent(self.residents, self.shelter.places)


def _rate_on(today: date) -> Subquery:
    return Subquery(
        ShelterRate.objects.filter(shelter_id=OuterRef("pk"), valid_from__lte=today)
        .order_by("-valid_from")
        .values("daily_rate")[:1]
    )


def shelter_summaries(
    *, today: date, municipality_id: int | None, own_shelter_id: int | None = None
) -> list[ShelterSummary]:
    """Return every shelter with its residents tonight and the rate in force today: one query.

    The residents are the installation's citizens of every municipality, counted; those whose
    acting municipality is ``municipality_id`` are counted apart.
    """
    here = current_stays(today).filter(shelter_id=OuterRef("pk")).order_by().values("shelter_id")
    residents = here.annotate(n=Count("pk")).values("n")
    own = (
        here.filter(citizen__acting_municipality_id=municipality_id)
        .annotate(n=Count("pk"))
        .values("n")
    )
    shelters = (
        Shelter.objects.select_related("municipality")
        .annotate(
            resident_count=Coalesce(Subquery(residents), 0),
            own_count=Coalesce(Subquery(own), 0),
            current_rate=_rate_on(today),
        )
        .order_by("name", "pk")
    )
    return [
        ShelterSummary(
            shelter=s,
            residents=s.resident_count,
            daily_rate=s.current_rate,
            external=municipality_id is not None and s.municipality_id != municipality_id,
            own=own_shelter_id is not None and s.pk == own_shelter_id,
            own_residents=s.own_count if municipality_id is not None else 0,
        )
        for s in shelters
    ]


@dataclass(frozen=True)
class NoticeStatus:
    """Whether the shelter told the acting municipality of an admission in time (§ 110, stk. 6)."""

    deadline: date | None  # None: no deadline was in force on the admission date
    notified_on: date | None
    late: bool  # notified after the deadline, or not notified and the deadline has passed
    text: str  # Danish


def notice_days(admitted: date, params: ParameterSet) -> tuple[int, date] | None:
    """Return the notice's working days in force on the admission date and its deadline.

    None for an admission before the rule (no deadline to keep).
    """
    try:
        working_days = params.count(NOTICE_PARAMETER, admitted)
    except ParameterError:
        return None
    return working_days, notice_deadline(admitted, working_days)


def notice_status(
    *, admitted: date, notified_on: date | None, today: date, params: ParameterSet
) -> NoticeStatus:
    """Return whether the notice came within the working days in force on the admission date."""
    found = notice_days(admitted, params)
    if found is None:
        text = f"Underrettet {notified_on:%d.%m.%Y}" if notified_on else "Ikke underrettet"
        return NoticeStatus(None, notified_on, False, f"{text}; ingen frist ved indskrivningen")
    _working_days, deadline = found
    if notified_on is not None:
        late = notified_on > deadline
        verdict = "for sent" if late else "rettidigt"
        text = f"Underrettet {notified_on:%d.%m.%Y}, {verdict} (frist {deadline:%d.%m.%Y})"
        return NoticeStatus(deadline, notified_on, late, text)
    if today > deadline:
        return NoticeStatus(
            deadline, None, True, f"Ikke underrettet, fristen udløb {deadline:%d.%m.%Y}"
        )
    return NoticeStatus(deadline, None, False, f"Ikke underrettet endnu, frist {deadline:%d.%m.%Y}")


@dataclass(frozen=True)
class ResidentRow:
    """A resident tonight; ``name`` only when the user may see the citizen's name."""

    stay_id: int
    citizen_id: int
    pseudonym: str
    name: str | None
    admitted: date
    days: int  # nights so far, up to and not including today
    notice: NoticeStatus


@dataclass(frozen=True)
class MovementRow:
    """An admission or a discharge in the recent past."""

    on: date
    kind: str  # "admitted" or "discharged"
    citizen_id: int
    pseudonym: str
    name: str | None
    stay_type: str  # Danish label
    exit_reason: str  # Danish label, discharges only
    exit_destination: str  # Danish label, discharges only

    @property
    def kind_label(self) -> str:
        return "Indskrevet" if self.kind == "admitted" else "Udskrevet"


#: Movements shown per page of a shelter's page; the residents tonight are shown whole.
MOVEMENTS_PER_PAGE = 50


@dataclass(frozen=True)
class ShelterPage:
    """What the shelter's page shows; ``named_citizen_ids`` are the citizens shown by name.

    ``movements`` are the rows of one page (``movement_page``) of the admissions and discharges
    since ``since``, newest first; ``admissions`` and ``discharges`` count them all.
    """

    shelter: Shelter
    rates: list[ShelterRate]
    daily_rate: Decimal | None
    residents: list[ResidentRow]
    movements: list[MovementRow]
    movement_page: Page[tuple[date, bool, int]]
    admissions: int
    discharges: int
    since: date
    named_citizen_ids: list[int]
    own_residents: int = 0  # residents tonight whose acting municipality is the user's

    @property
    def other_residents(self) -> int:
        """Return the residents tonight of other municipalities (a count, never who)."""
        return len(self.residents) - self.own_residents

    @property
    def occupancy(self) -> int | None:
        return occupancy_percent(len(self.residents), self.shelter.places)


def _label(choices: type[TextChoices], value: str) -> str:
    """Return the Danish label of a stored choice, as ``get_FOO_display`` does ("" for none)."""
    return str(dict(choices.choices).get(value, value))


def shelter_page(
    *,
    shelter: Shelter,
    today: date,
    named_stays: QuerySet[Stay] | None,
    params: ParameterSet | None = None,
    movements_page: str | int | None = None,
    municipality_id: int | None = None,
) -> ShelterPage:
    """Return the shelter's rates, residents tonight and one page of the last 90 days' movements.

    ``named_stays`` are the stays whose citizen the user may see by name (``stays_for(user)``), or
    None when the user may see no names; every other row is shown by pseudonym. The stays are read
    as plain values; the citizens only of the rows shown (the residents and the page's movements).
    Three queries, however many residents and movements. ``own_residents`` counts the residents
    whose acting municipality is ``municipality_id`` (the user's).
    """
    params = params or default_parameters()
    since = today - timedelta(days=MOVEMENT_DAYS)
    rates = list(
        ShelterRate.objects.filter(shelter=shelter)
        .select_related("changed_by")
        .order_by("-valid_from")
    )
    current_rate = next((r.daily_rate for r in rates if r.valid_from <= today), None)
    stays = {
        row[0]: row
        for row in Stay.objects.filter(shelter=shelter, admitted__lte=today)
        .filter(
            Q(discharged__isnull=True)
            | Q(discharged__gt=today)
            | Q(admitted__gte=since)
            | Q(discharged__gte=since)
        )
        .order_by()
        .values_list(
            "id",
            "admitted",
            "discharged",
            "stay_type",
            "exit_reason",
            "exit_destination",
            "notified_on",
            "citizen__acting_municipality_id",
        )
    }
    resident_ids = sorted(
        (admitted, pk)
        for pk, admitted, discharged, stay_type, *_ in stays.values()
        if stay_type == StayType.STAY and (discharged is None or discharged > today)
    )
    # A movement is (day, admission?, stay): newest first, an admission before a discharge.
    moved: list[tuple[date, bool, int]] = []
    for pk, admitted, discharged, *_ in stays.values():
        if admitted >= since:
            moved.append((admitted, True, pk))
        if discharged is not None and since <= discharged <= today:
            moved.append((discharged, False, pk))
    moved.sort(reverse=True)
    page = Paginator(moved, MOVEMENTS_PER_PAGE).get_page(movements_page)
    shown_stays = {pk for _, pk in resident_ids} | {pk for _, _, pk in page.object_list}
    named = (
        Exists(named_stays.filter(pk=OuterRef("pk")))
        if named_stays is not None
        else Value(False, output_field=BooleanField())
    )
    people: dict[int, tuple[int, str, str | None]] = {}
    if shown_stays:
        for stay in (
            Stay.objects.filter(pk__in=shown_stays)
            .select_related("citizen")
            .only(
                "id",
                "citizen__id",
                "citizen__pseudonym",
                "citizen__first_name",
                "citizen__last_name",
                "citizen__alias",
            )
            .annotate(named=named)
        ):
            citizen = stay.citizen
            name = citizen.display_name if stay.named else None
            people[stay.pk] = (citizen.pk, citizen.pseudonym, name)
    residents = []
    for admitted, pk in resident_ids:
        citizen_id, pseudonym, name = people[pk]
        residents.append(
            ResidentRow(
                stay_id=pk,
                citizen_id=citizen_id,
                pseudonym=pseudonym,
                name=name,
                admitted=admitted,
                days=(today - admitted).days,
                notice=notice_status(
                    admitted=admitted, notified_on=stays[pk][6], today=today, params=params
                ),
            )
        )
    movements = []
    for on, admission, pk in page.object_list:
        _, _, _, stay_type, exit_reason, exit_destination, _, _ = stays[pk]
        citizen_id, pseudonym, name = people[pk]
        movements.append(
            MovementRow(
                on=on,
                kind="admitted" if admission else "discharged",
                citizen_id=citizen_id,
                pseudonym=pseudonym,
                name=name,
                stay_type=_label(StayType, stay_type),
                exit_reason="" if admission else _label(ExitReason, exit_reason),
                exit_destination="" if admission else _label(ExitDestination, exit_destination),
            )
        )
    return ShelterPage(
        shelter=shelter,
        rates=rates,
        daily_rate=current_rate,
        residents=residents,
        movements=movements,
        movement_page=page,
        admissions=sum(1 for m in moved if m[1]),
        discharges=sum(1 for m in moved if not m[1]),
        since=since,
        named_citizen_ids=sorted({c for c, _, name in people.values() if name is not None}),
        own_residents=sum(
            1 for _, pk in resident_ids if municipality_id and stays[pk][7] == municipality_id
        ),
    )
