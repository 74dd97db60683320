"""The small demo's housing: landlords, dwellings, incomes, offers, leases, risks and grants.

Built through the housing services after the rest of the small demo, so every row obeys the
services' rules: historical moves into a home (the citizens' "housed" list events) become leases
of dwellings outside the register; citizens in homelessness today get offers from the register,
some accepted (a lease, the situation ended, the shelter stay discharged), some declined, some
open; tenancies get arrears and eviction warnings; moves get deposits, loans and grants that feed
the economy figures.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal

from hjemvej.accounts.models import User
from hjemvej.citizens.models import ByNameListEvent, Citizen, ListEventKind, ListEventReason
from hjemvej.core.errors import DomainError
from hjemvej.demo.small_base import Demo
from hjemvej.housing import services
from hjemvej.housing.models import (
    AreaStatus,
    DeclineReason,
    Dwelling,
    DwellingKind,
    DwellingStatus,
    GrantDecision,
    GrantKind,
    IncomeKind,
    Landlord,
    LandlordKind,
    OfferStatus,
    Tenancy,
    TenancyEnd,
    TenancyRiskKind,
)
from hjemvej.housing.own_payment import own_payment_back
from hjemvej.shelters.models import ExitDestination, ExitReason, Stay
from hjemvej.shelters.services import stay_discharge

CITY = ("9990", "Demo By")
LANDLORDS = (
    ("Boligselskabet Kystbo", LandlordKind.SOCIAL),
    ("Fællesbo Demo", LandlordKind.SOCIAL),
    ("Arbejdernes Boligforening Demo", LandlordKind.SOCIAL),
    ("Udlejningsselskabet Havnefronten ApS", LandlordKind.PRIVATE),
    ("Demo Kommune, skæve boliger", LandlordKind.MUNICIPAL),
)
STREETS = (
    "Fjordvej",
    "Skolegade",
    "Engparken",
    "Møllebakken",
    "Søndergade",
    "Lærkevej",
    "Havnegade",
    "Vibeholm",
    "Kirkestien",
    "Stationsvej",
)
#: (area status, weight) for almene dwellings.
AREAS = (
    (AreaStatus.ORDINARY, 70),
    (AreaStatus.PREVENTION, 10),
    (AreaStatus.VULNERABLE, 14),
    (AreaStatus.TRANSFORMATION, 6),
)
DECLINES = (
    DeclineReason.RENT,
    DeclineReason.LOCATION,
    DeclineReason.SIZE,
    DeclineReason.NOT_NOW,
    DeclineReason.NO_ANSWER,
)
ENDS = (TenancyEnd.MOVED, TenancyEnd.TERMINATED, TenancyEnd.EVICTED, TenancyEnd.OTHER)


def _money(rng: random.Random, low: int, high: int, step: int = 25) -> Decimal:
    """Return whole kroner between low and high in steps."""
    return Decimal(rng.randrange(low, high + 1, step))


def _make_dwellings(
    rng: random.Random, actor: User, demo: Demo, count: int
) -> tuple[list[Landlord], list[Dwelling]]:
    landlords = [
        services.landlord_create(
            actor=actor,
            municipality=demo.municipality,
            name=name,
            kind=kind,
            phone=f"70 {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
        )
        for name, kind in LANDLORDS
    ]
    dwellings = []
    for index in range(count):
        owner = rng.choices(landlords, weights=(30, 25, 20, 15, 10))[0]
        social = owner.kind == LandlordKind.SOCIAL
        if owner.kind == LandlordKind.MUNICIPAL:
            kind = rng.choice((DwellingKind.SKAEV, DwellingKind.TRANSITIONAL))
        elif owner.kind == LandlordKind.PRIVATE:
            kind = DwellingKind.PRIVATE
        else:
            kind = rng.choice((DwellingKind.FAMILY, DwellingKind.FAMILY, DwellingKind.YOUTH))
        rooms = rng.choice((1, 1, 2, 2, 3)) if kind != DwellingKind.SKAEV else 1
        area = {1: rng.randint(24, 42), 2: rng.randint(45, 68), 3: rng.randint(70, 92)}[rooms]
        rent = _money(rng, 1900 + 600 * rooms, 3300 + 1300 * rooms)
        status = DwellingStatus.WITHDRAWN if rng.random() < 0.06 else DwellingStatus.AVAILABLE
        dwelling = services.dwelling_create(
            actor=actor,
            municipality=demo.municipality,
            data=services.DwellingData(
                landlord=owner,
                address=f"{STREETS[index % len(STREETS)]} {rng.randint(1, 120)}, "
                f"{rng.choice(('st. tv.', '1. th.', '2. tv.', '3. th.', 'st.'))}",
                postcode=CITY[0],
                city=CITY[1],
                area_m2=area,
                rent_monthly=rent,
                kind=kind,
                rooms=rooms,
                utilities_monthly=_money(rng, 250, 850),
                deposit=(rent * 3).quantize(Decimal(1)) if social else rent * 2,
                municipal_allocation=social and rng.random() < 0.65,
                area_status=(
                    rng.choices([a for a, _ in AREAS], weights=[w for _, w in AREAS])[0]
                    if social
                    else AreaStatus.ORDINARY
                ),
                status=status,
                available_from=demo.today + timedelta(days=rng.randint(-40, 60)),
            ),
        )
        dwellings.append(dwelling)
    return landlords, dwellings


def _add_income(rng: random.Random, actor: User, citizen: Citizen, today: date) -> None:
    """Give the citizen one or two incomes: mostly kontanthjælp, some pension or wages."""
    since = today - timedelta(days=rng.randint(40, 900))
    roll = rng.random()
    if roll < 0.68:
        rates: tuple[str, ...] = ("basic", "single_supplement")
        if rng.random() < 0.15:
            rates = ("minimum",)
        data = services.IncomeData(
            kind=IncomeKind.CASH_BENEFIT,
            monthly_after_tax=_money(rng, 6200, 7900),
            valid_from=since,
            rates=rates,
        )
    elif roll < 0.86:
        gross = _money(rng, 17500, 20500)
        data = services.IncomeData(
            kind=IncomeKind.PENSION,
            pension_kind="disability_pension",
            monthly_after_tax=(gross * Decimal("0.72")).quantize(Decimal(1)),
            monthly_before_tax=gross,
            valid_from=since,
        )
    elif roll < 0.93:
        gross = _money(rng, 14000, 24000)
        data = services.IncomeData(
            kind=IncomeKind.WAGES,
            monthly_after_tax=(gross * Decimal("0.68")).quantize(Decimal(1)),
            monthly_before_tax=gross,
            valid_from=since,
            label="Løn, deltid",
        )
    else:
        data = services.IncomeData(
            kind=IncomeKind.PENSION,
            pension_kind="old_age_pension",
            monthly_after_tax=_money(rng, 10500, 13500),
            valid_from=since,
        )
    services.income_add(actor=actor, citizen=citizen, data=data)


def _history(rng: random.Random, actor: User, citizen: Citizen, today: date) -> list[Tenancy]:
    """Turn each earlier move into a home (a "housed" list event) into a lease."""
    events = list(citizen.list_events.order_by("date", "id"))
    made = []
    for index, event in enumerate(events):
        if event.kind != ListEventKind.LEFT or event.reason != ListEventReason.HOUSED:
            continue
        back = next(
            (
                e
                for e in events[index + 1 :]
                if e.kind == ListEventKind.ENTERED and e.date > event.date
            ),
            None,
        )
        tenancy = services.tenancy_create(
            actor=actor,
            citizen=citizen,
            address=f"{rng.choice(STREETS)} {rng.randint(1, 200)}, {CITY[0]} {CITY[1]}",
            rent_monthly=_money(rng, 2600, 5400),
            lease_signed_on=event.date - timedelta(days=rng.randint(3, 30)),
            move_in=event.date,
            today=today,
        )
        if back is not None:
            reason = ENDS[2] if rng.random() < 0.35 else rng.choice(ENDS)
            services.tenancy_end(
                actor=actor, tenancy=tenancy, move_out=back.date, end_reason=reason, today=today
            )
        made.append(tenancy)
    return made


def _move(
    rng: random.Random, actor: User, citizen: Citizen, dwelling: Dwelling, today: date
) -> tuple[Tenancy | None, str]:
    """Offer the dwelling; answer it; with a yes, sign the lease and perhaps move in."""
    offered = today - timedelta(days=rng.randint(3, 80))
    offer = services.offer_create(
        actor=actor,
        citizen=citizen,
        dwelling=dwelling,
        offered_on=offered,
        answer_by=offered + timedelta(days=14),
        today=today,
    )
    roll = rng.random()
    if roll < 0.22 or offered > today - timedelta(days=5):
        return None, "open"
    answered = min(offered + timedelta(days=rng.randint(1, 10)), today)
    if roll < 0.45:
        services.offer_answer(
            actor=actor,
            offer=offer,
            answer=OfferStatus.DECLINED,
            answered_on=answered,
            decline_reason=rng.choice(DECLINES),
            today=today,
        )
        return None, "declined"
    services.offer_answer(
        actor=actor, offer=offer, answer=OfferStatus.ACCEPTED, answered_on=answered, today=today
    )
    if roll < 0.5:
        return None, "accepted"  # the lease is not signed yet
    signed = min(answered + timedelta(days=rng.randint(1, 7)), today)
    move_in = signed + timedelta(days=rng.randint(0, 30))
    tenancy = services.tenancy_create(
        actor=actor,
        citizen=citizen,
        offer=offer,
        lease_signed_on=signed,
        move_in=move_in,
        today=today,
    )
    stay = Stay.objects.filter(citizen=citizen, discharged__isnull=True).first()
    if stay is not None and stay.admitted <= move_in <= today:
        stay_discharge(
            actor=actor,
            stay=stay,
            discharged=move_in,
            today=today,
            exit_reason=ExitReason.AGREEMENT,
            exit_destination=ExitDestination.OWN_HOME_SUPPORT,
        )
    return tenancy, "let"


def _risks(rng: random.Random, actor: User, tenancy: Tenancy, today: date) -> int:
    """Give a running tenancy arrears, a demand or an eviction warning; some are resolved."""
    first = max(tenancy.move_in, today - timedelta(days=150))
    if first >= today:
        return 0
    noted = first + timedelta(days=rng.randint(0, (today - first).days))
    kind = rng.choice(
        (
            TenancyRiskKind.ARREARS,
            TenancyRiskKind.ARREARS,
            TenancyRiskKind.DEMAND,
            TenancyRiskKind.EVICTION_WARNING,
            TenancyRiskKind.NEIGHBOUR,
        )
    )
    money = kind in (TenancyRiskKind.ARREARS, TenancyRiskKind.DEMAND)
    risk = services.tenancy_risk_add(
        actor=actor,
        tenancy=tenancy,
        kind=kind,
        noted_on=noted,
        amount=_money(rng, 1800, 9500) if money else None,
        deadline=(
            noted + timedelta(days=rng.randint(8, 30))
            if kind in (TenancyRiskKind.EVICTION_WARNING, TenancyRiskKind.DEMAND)
            else None
        ),
        today=today,
    )
    if rng.random() < 0.35 and noted < today:
        services.tenancy_risk_resolve(
            actor=actor,
            risk=risk,
            resolved_on=noted + timedelta(days=rng.randint(0, (today - noted).days)),
            today=today,
            note="Betalt efter aftale",
        )
    return 1


def _own_payment_back(actor: User, tenancies: list[Tenancy], today: date) -> int:
    """Pay the own payment back to the first citizen who moved in after stays (no randomness).

    The demo's example of the practice Dialogforum for Socialt Udsatte's memo names: the own
    payment collected during the stays, paid back for the establishment in the new home.
    """
    for tenancy in sorted(tenancies, key=lambda t: (t.move_in, t.pk)):
        if tenancy.move_in < today - timedelta(days=300):
            continue
        paid = own_payment_back(tenancy.citizen, tenancy.move_in)
        if paid.total <= 0 or paid.problem:
            continue
        services.grant_create(
            actor=actor,
            citizen=tenancy.citizen,
            data=services.GrantData(
                kind=GrantKind.OWN_PAYMENT_BACK,
                amount=Decimal(paid.total) / 100,
                decided_on=tenancy.move_in,
                tenancy=tenancy,
                paid_on=tenancy.move_in,
            ),
            today=today,
        )
        return 1
    return 0


def _grants(
    rng: random.Random, actor: User, citizen: Citizen, tenancy: Tenancy, today: date
) -> int:
    """Decide the money to move: the deposit (follow-up payment or loan) and furnishing."""
    decided = min(max(tenancy.lease_signed_on, today - timedelta(days=330)), today)
    paid = decided + timedelta(days=rng.randint(0, 6))
    paid_on = paid if paid <= today else None
    deposit = tenancy.dwelling.deposit if tenancy.dwelling else _money(rng, 6000, 15000, 500)
    made = 0
    roll = rng.random()
    kind = GrantKind.HF_DEPOSIT if roll < 0.5 else GrantKind.MOVING_GRANT
    income: Decimal | None = None
    moving_refused = kind == GrantKind.MOVING_GRANT and rng.random() < 0.4
    if 0.5 <= roll < 0.8:
        kind, income = GrantKind.DEPOSIT_LOAN, Decimal(rng.randrange(90000, 210000, 500))
    services.grant_create(
        actor=actor,
        citizen=citizen,
        data=services.GrantData(
            kind=kind,
            amount=deposit,
            decided_on=decided,
            tenancy=tenancy,
            decision=GrantDecision.REFUSED if moving_refused else GrantDecision.GRANTED,
            paid_on=None if moving_refused else paid_on,
            household_income_year=income,
            reason="Borgeren kan få beboerindskudslån." if moving_refused else "",
        ),
        today=today,
    )
    made += 1
    furnishing = rng.choice(
        (GrantKind.HF_STARTER_KIT, GrantKind.HF_ESTABLISHMENT, GrantKind.FURNITURE_GRANT)
    )
    refused = furnishing == GrantKind.FURNITURE_GRANT and rng.random() < 0.5
    services.grant_create(
        actor=actor,
        citizen=citizen,
        data=services.GrantData(
            kind=furnishing,
            amount=(
                _money(rng, 3000, 9000, 500)
                if furnishing == GrantKind.FURNITURE_GRANT
                else Decimal(6000)
            ),
            decided_on=decided,
            tenancy=tenancy,
            decision=GrantDecision.REFUSED if refused else GrantDecision.GRANTED,
            paid_on=None if refused else paid_on,
            reason="Borgeren har selv indbo." if refused else "",
        ),
        today=today,
    )
    return made + 1


def play_housing(
    rng: random.Random,
    demo: Demo,
    citizens: Sequence[Citizen],
    logins: Mapping[str, User],
) -> str:
    """Build the demo's housing through the services; return a Danish summary line."""
    actor = logins.get("raadgiver") or logins.get("sagsbehandler") or demo.actor
    today = demo.today
    _, dwellings = _make_dwellings(rng, actor, demo, max(12, len(citizens) // 4))
    incomes = 0
    for citizen in citizens:
        if rng.random() < 0.75:
            _add_income(rng, actor, citizen, today)
            incomes += 1
            if rng.random() < 0.12:
                services.household_set(
                    actor=actor,
                    citizen=citizen,
                    adults=rng.choice((1, 2)),
                    children=rng.randint(1, 3),
                )
    tenancies: list[Tenancy] = []
    for citizen in citizens:
        tenancies += _history(rng, actor, citizen, today)
    on_list = {
        e.citizen_id: e.kind
        for e in ByNameListEvent.objects.filter(citizen__in=citizens).order_by("date", "id")
    }
    homeless = [c for c in citizens if on_list.get(c.pk) == ListEventKind.ENTERED]
    rng.shuffle(homeless)
    offers = {"open": 0, "declined": 0, "accepted": 0, "let": 0}
    free = [d for d in dwellings if d.status == DwellingStatus.AVAILABLE]
    for citizen, dwelling in zip(homeless[: len(free) - 4], free, strict=False):
        tenancy, outcome = _move(rng, actor, citizen, dwelling, today)
        offers[outcome] += 1
        if tenancy is not None:
            tenancies.append(tenancy)
    running = [t for t in tenancies if t.move_out is None or t.move_out > today]
    risks = sum(_risks(rng, actor, t, today) for t in running if rng.random() < 0.35)
    grants = 0
    for tenancy in tenancies:
        if tenancy.move_in >= today - timedelta(days=400) and rng.random() < 0.8:
            try:
                grants += _grants(rng, actor, tenancy.citizen, tenancy, today)
            except DomainError:  # an over-ceiling loan needs a reason; the demo skips it
                continue
    grants += _own_payment_back(actor, tenancies, today)
    return (
        f"Boliger: {len(dwellings)}, indkomster: {incomes}, tilbud: {sum(offers.values())} "
        f"({offers['declined']} takket nej, {offers['open']} ubesvaret), "
        f"lejemål: {len(tenancies)}, risici: {risks}, bevillinger: {grants}"
    )
