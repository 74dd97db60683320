"""Landlords and dwellings: the municipality's register of homes it can offer."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, Municipality, User
from hjemvej.core import dates
from hjemvej.core.bounds import Bounds
from hjemvej.core.changes import save_changes
from hjemvej.core.errors import DomainError
from hjemvej.housing.models import (
    AreaStatus,
    Dwelling,
    DwellingKind,
    DwellingStatus,
    Landlord,
    LandlordKind,
    TenantMaintenance,
)
from hjemvej.housing.services.common import check_money, rent_bounds

#: The statuses a user sets by hand; offers and tenancies set "reserved" and "let".
MANUAL_STATUSES = frozenset({DwellingStatus.AVAILABLE, DwellingStatus.WITHDRAWN})


@dataclass(frozen=True)
class DwellingData:
    """What a user writes about a dwelling (money in kroner)."""

    landlord: Landlord
    address: str
    postcode: str
    city: str
    area_m2: int
    rent_monthly: Decimal
    kind: str = DwellingKind.FAMILY
    rooms: int = 1
    single_room: bool = False
    rent_includes_heating: bool = False
    rent_includes_hot_water: bool = False
    rent_includes_electricity: bool = False
    tenant_maintenance: str = TenantMaintenance.NONE
    utilities_monthly: Decimal = Decimal(0)
    deposit: Decimal = Decimal(0)
    municipal_allocation: bool = False
    area_status: str = AreaStatus.ORDINARY
    status: str = DwellingStatus.AVAILABLE
    available_from: date | None = None
    note: str = ""

    def cleaned(self) -> dict[str, object]:
        """Return the fields with text stripped, ready for the model."""
        values = asdict(self)
        values["landlord"] = self.landlord  # asdict would copy the model instance's fields
        for name in ("address", "postcode", "city", "note"):
            values[name] = str(values[name]).strip()
        return values


def _check_landlord(name: str, kind: str, municipality: Municipality, pk: int | None) -> None:
    if not name.strip():
        raise DomainError("Skriv udlejerens navn.", field="name")
    if kind not in LandlordKind.values:
        raise DomainError("Vælg udlejerens type.", field="kind")
    # Compared in Python: SQLite folds only ASCII case, and Danish names have Æ, Ø and Å.
    others = Landlord.objects.filter(municipality=municipality).exclude(pk=pk or 0)
    wanted = name.strip().casefold()
    if any(other.casefold() == wanted for other in others.values_list("name", flat=True)):
        raise DomainError("Der findes allerede en udlejer med dette navn.", field="name")


def landlord_create(
    *,
    actor: User,
    municipality: Municipality,
    name: str,
    kind: str = LandlordKind.SOCIAL,
    phone: str = "",
    email: str = "",
) -> Landlord:
    """Register a landlord (a housing organisation or another) in the municipality."""
    _check_landlord(name, kind, municipality, None)
    with transaction.atomic():
        landlord = Landlord.objects.create(
            municipality=municipality,
            name=name.strip(),
            kind=kind,
            phone=phone.strip(),
            email=email.strip(),
        )
        audit.record(actor=actor, action=AuditAction.CREATE, obj=landlord)
    return landlord


def landlord_update(
    *, actor: User, landlord: Landlord, name: str, kind: str, phone: str = "", email: str = ""
) -> Landlord:
    """Change a landlord's name, type or contact details."""
    _check_landlord(name, kind, landlord.municipality, landlord.pk)
    values: dict[str, object] = {
        "name": name.strip(),
        "kind": kind,
        "phone": phone.strip(),
        "email": email.strip(),
    }
    if (
        kind != LandlordKind.SOCIAL
        and landlord.dwellings.filter(municipal_allocation=True).exists()
    ):
        raise DomainError(
            "Udlejeren har boliger med kommunal anvisning efter § 59, som kun gælder almene "
            "boliger. Ret boligerne først.",
            field="kind",
        )
    save_changes(actor=actor, instance=landlord, values=values)
    return landlord


def _check_dwelling(data: DwellingData, municipality_id: int, bounds: Bounds, on: date) -> None:
    """Raise the first rule the dwelling's data breaks, in Danish, on its field."""
    if data.landlord.municipality_id != municipality_id:
        raise DomainError("Udlejeren hører til en anden kommune.", field="landlord")
    if not data.address.strip():
        raise DomainError("Skriv boligens adresse.", field="address")
    if not re.fullmatch(r"\d{4}", data.postcode.strip()):
        raise DomainError("Postnummeret skal være fire cifre.", field="postcode")
    if not data.city.strip():
        raise DomainError("Skriv byen.", field="city")
    if data.kind not in DwellingKind.values:
        raise DomainError("Vælg boligtypen.", field="kind")
    if not 1 <= data.rooms <= 20:
        raise DomainError("Antallet af værelser skal være mellem 1 og 20.", field="rooms")
    if not 1 <= data.area_m2 <= 1000:
        raise DomainError("Arealet skal være mellem 1 og 1.000 m².", field="area_m2")
    check_money(data.rent_monthly, "rent_monthly", "huslejen", required=True, positive=True)
    check_money(data.utilities_monthly, "utilities_monthly", "forbruget")
    check_money(data.deposit, "deposit", "indskuddet")
    rent_bounds(data.rent_monthly, on=on, bounds=bounds)
    bounds.amount(
        data.utilities_monthly,
        field="utilities_monthly",
        label="forbruget",
        on=on,
        maximum="bounds.utilities.monthly.max",
    )
    bounds.amount(
        data.deposit,
        field="deposit",
        label="indskuddet",
        on=on,
        maximum="bounds.dwelling.deposit.max",
    )
    if data.tenant_maintenance not in TenantMaintenance.values:
        raise DomainError("Vælg, hvem der har vedligeholdelsespligten.", field="tenant_maintenance")
    if data.area_status not in AreaStatus.values:
        raise DomainError("Vælg områdets status.", field="area_status")
    if data.municipal_allocation and data.landlord.kind != LandlordKind.SOCIAL:
        raise DomainError(
            "Kommunal anvisning efter almenboligloven § 59 gælder kun almene boliger. Vælg en "
            "almen boligorganisation som udlejer, eller fjern krydset.",
            field="municipal_allocation",
        )


def dwelling_create(
    *, actor: User, municipality: Municipality, data: DwellingData, confirmed: bool = False
) -> Dwelling:
    """Register a dwelling the municipality can offer (a rent above the usual: ``confirmed``)."""
    bounds = Bounds(confirmed=confirmed)
    _check_dwelling(data, municipality.pk, bounds, dates.today())
    if data.status not in MANUAL_STATUSES:
        raise DomainError("En ny bolig er enten ledig eller ikke til rådighed.", field="status")
    bounds.done()
    with transaction.atomic():
        dwelling = Dwelling.objects.create(municipality=municipality, **data.cleaned())
        audit.record(actor=actor, action=AuditAction.CREATE, obj=dwelling, detail=bounds.audit())
    return dwelling


def dwelling_update(
    *, actor: User, dwelling: Dwelling, data: DwellingData, confirmed: bool = False
) -> Dwelling:
    """Change a dwelling; its status changes by hand only between ledig and ikke til rådighed."""
    bounds = Bounds(confirmed=confirmed, known={"rent_monthly": dwelling.rent_monthly})
    _check_dwelling(data, dwelling.municipality_id, bounds, dates.today())
    values = data.cleaned()
    if data.status != dwelling.status and not (
        dwelling.status in MANUAL_STATUSES and data.status in MANUAL_STATUSES
    ):
        raise DomainError(
            "Status følger boligtilbud og lejemål, mens boligen er tilbudt eller udlejet. "
            "Besvar tilbuddet eller registrér fraflytningen.",
            field="status",
        )
    bounds.done()
    save_changes(actor=actor, instance=dwelling, values=values, detail=bounds.audit())
    return dwelling
