"""What the API reads and writes: pydantic schemas (ninja), English field names, Danish errors.

No schema carries a CPR number out: the admission takes one in (``AdmitIn.cpr``) and nothing
ever returns it. The economy and statistics schemas hold numbers only: no name, pseudonym or id
of a citizen.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import AfterValidator, Field

from hjemvej.shelters.models import (
    ExitDestination,
    ExitReason,
    OwnPayment,
    PriorResidence,
    StayType,
)

#: The days the API accepts: wide enough for any record, narrow enough for the date arithmetic.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)
#: The largest id in a path (PostgreSQL's integer; larger is refused, never a database error).
MAX_ID = 2_147_483_647
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _in_range(day: date) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError("Datoen skal ligge mellem 1900-01-01 og 2199-12-31.")
    return day


def _plain(text: str) -> str:
    if _CONTROL.search(text):
        raise ValueError("Teksten må ikke indeholde styretegn (fx linjeskift).")
    return text.strip()


Day = Annotated[date, AfterValidator(_in_range)]
Text = Annotated[str, Field(max_length=100), AfterValidator(_plain)]
#: Kroner with øre in: a JSON number or a string ("1234.50"), at most two decimals, never negative
#: (as the stay's columns hold them). Money goes out as a string with two decimals.
Kroner = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2)]
Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorItem(Schema):
    field: str | None = Field(
        description="Feltet fejlen gælder, eller null for hele forespørgslen."
    )
    msg: str = Field(description="Fejlen på dansk.")


class ErrorOut(Schema):
    detail: list[ErrorItem]


class MeOut(Schema):
    """The user the token acts as."""

    username: str
    role: str
    municipality: str | None = Field(description="Kommunekoden.")
    shelter: int | None = Field(description="Boformens id (medarbejdere på en boform).")


class CitizenOut(Schema):
    """A citizen in the token's scope: by id, never by CPR number."""

    id: int
    first_name: str
    last_name: str
    alias: str
    acting_municipality: str = Field(description="Handlekommunens kode.")
    on_list: bool | None = Field(description="På den navngivne liste (null: ikke vist for rollen).")
    status: str | None = Field(
        description="Borgerens status: on_list (på den navngivne liste), off_list (ikke på "
        "listen nu, men har været i hjemløshed), at_risk (i risiko for hjemløshed: følges kun "
        "for en risiko og har aldrig været på listen). null: ikke vist for rollen (boformens "
        "medarbejdere; en borger i risiko for en rolle, der ikke følger borgere i risiko)."
    )
    situation: str | None = Field(description="Den åbne hjemløshedssituation (kode), eller null.")
    situation_start: date | None


class PaymentOut(Schema):
    """A stay's payment, as the page that corrects the stay shows it."""

    agreed_daily_rate: str | None = Field(
        description='Aftalt takst pr. døgn i kr. med øre (tekst, fx "1234.50"), hvis '
        "opholdet har en anden takst end boformens; ellers null."
    )
    own_payment: str = Field(description="Egenbetalingen: statutory, reduced eller waived.")
    own_payment_reduced: str | None = Field(
        description="Nedsat egenbetaling pr. døgn i kr. med øre (tekst), eller null."
    )
    own_payment_decided_on: date | None = Field(description="Afgørelsen om egenbetaling.")


class StayOut(Schema):
    id: int
    citizen: int
    shelter: int
    shelter_name: str
    admitted: date
    discharged: date | None
    stay_type: str
    notified_on: date | None = Field(
        description="Underretningen af handlekommunen (§ 110, stk. 6)."
    )
    exit_reason: str
    exit_destination: str
    payment: PaymentOut | None = Field(
        description="Opholdets betaling; null for en rolle, der ser opholdet, men ikke må rette "
        "det (som på siderne)."
    )


class CourseOut(Schema):
    id: int
    citizen: int
    kind: str
    decided_on: date
    start: date
    end: date | None
    worker: str | None = Field(description="Bostøttemedarbejderens brugernavn.")


class BotilbudOut(Schema):
    """A temporary § 107 botilbud stay ``[start, end)``, as the citizen's page shows it."""

    id: int
    citizen: int
    provider: str = Field(description="Botilbuddets navn.")
    decided_on: date = Field(description="Afgørelsen.")
    start: date
    end: date | None = Field(description="Første dag uden ophold, eller null mens det varer.")
    monthly_cost: str = Field(description='Udgift pr. måned i kr. med øre (tekst, fx "42000.50").')


class RiskOut(Schema):
    """A risk of homelessness ``[noted_on, ended_on)`` (the note is not sent)."""

    id: int
    citizen: int
    kind: str = Field(
        description="Risikoen: eviction, prison_release, hospital_discharge, leaving_care, other."
    )
    noted_on: date = Field(description="Registreret.")
    expected_on: date | None = Field(description="Forventet dato, eller null.")
    ended_on: date | None = Field(description="Første dag risikoen ikke gælder, eller null.")
    outcome: str = Field(
        description="Udfaldet: averted, became_homeless, moved_away, other; tom mens den gælder."
    )


class AdmitIn(Schema):
    """An admission (indskrivning): a known citizen by id, or by CPR number, or a new citizen."""

    shelter: int = Field(ge=1, le=MAX_ID, description="Boformens id.")
    admitted: Day
    citizen: int | None = Field(
        None, ge=1, le=MAX_ID, description="En borger, nøglen allerede ser (id), eller null."
    )
    cpr: Annotated[str, Field(max_length=20), AfterValidator(_plain)] = Field(
        "", description="CPR-nummeret (sendes kun her, i indholdet; det sendes aldrig tilbage)."
    )
    first_name: Text = ""
    last_name: Text = ""
    alias: Text = ""
    acting_municipality: str | None = Field(
        None,
        pattern=r"^\d{3}$",
        description="Handlekommunens kode for en ny borger (standard: boformens kommune).",
    )
    stay_type: StayType = StayType.STAY
    prior_residence: PriorResidence = PriorResidence.UNKNOWN
    notified_on: Day | None = None
    agreed_daily_rate: Kroner | None = Field(
        None,
        description='Aftalt takst pr. døgn (kr. med øre, tal eller tekst, fx "1234.50"): kun '
        "hvis opholdet har en anden takst end boformens.",
    )
    own_payment: OwnPayment = Field(OwnPayment.STATUTORY, description="Egenbetalingen.")
    own_payment_reduced: Kroner | None = Field(
        None, description="Nedsat egenbetaling pr. døgn (kr. med øre): kun ved reduced."
    )
    own_payment_decided_on: Day | None = Field(None, description="Afgørelsen om egenbetaling.")
    confirmed: bool = Field(
        False,
        description="Bekræfter en takst over den sædvanlige grænse (som afkrydsningen på siden).",
    )
    confirmed_despite: list[Id] | None = Field(
        None,
        max_length=100,
        description="Opret en ny borger trods de mulige match, svaret 409 viste: præcis de id'er "
        "(candidates), det viste. Ellers null.",
    )
    confirm_cpr_match: bool = Field(
        False,
        description="Bekræfter, at borgeren med CPR-nummeret er personen, selvom navnet ikke "
        "svarer til det angivne (svaret 409 med cpr_match viste navnet). Virker kun for en "
        "borger, nøglen må se.",
    )


class CandidateOut(Schema):
    """A possible duplicate: what the admission page shows of it, never a CPR number."""

    id: int = Field(description="Borgerens id: send det som citizen, eller i confirmed_despite.")
    name: str
    alias: str
    birth_year: int | None
    reasons: list[str] = Field(description="Hvorfor det er et muligt match.")
    visible: bool = Field(description="Om nøglen må se borgeren (GET /borgere/{id}).")


class CprMatchOut(Schema):
    """The citizen a known CPR number belongs to, shown only to a user who may see them."""

    id: int
    name: str


class ConflictOut(Schema):
    """The admission needs the client's decision first (409): possible duplicates or a name."""

    detail: list[ErrorItem]
    candidates: list[CandidateOut] = Field(
        description="De mulige match (tom, når det er CPR-nummerets navn, der skal bekræftes)."
    )
    cpr_match: CprMatchOut | None = Field(
        description="Borgeren med CPR-nummeret, når nøglen må se borgeren; ellers null."
    )


class DischargeIn(Schema):
    discharged: Day
    exit_reason: ExitReason = ExitReason.UNKNOWN
    exit_destination: ExitDestination = ExitDestination.UNKNOWN


class NoticeIn(Schema):
    notified_on: Day = Field(description="Dagen handlekommunen blev underrettet.")


class AmountsOut(Schema):
    """Days and money (kroner with øre, as text) of one month or the year: no citizen."""

    label: str
    month: int | None
    days: int
    reimbursed_days: int
    nights: int
    gross_cost: str
    own_payment: str
    reimbursement: str
    net_cost: str


class SplitOut(Schema):
    key: str = Field(description="all, internal (i kommunen) eller external (uden for).")
    title: str
    months: list[AmountsOut]
    year: AmountsOut


class ShelterFiguresOut(Schema):
    """The year's § 110 figures of the token's municipality, as on the economy's figures page."""

    year: int
    as_of: date
    municipality: str
    parameter_set: str
    problem: str = Field(description="Tom, eller hvorfor tallene ikke kunne regnes.")
    splits: list[SplitOut]


class FlowMonthOut(Schema):
    month: date
    last_day: date
    on_list_start: int
    inflow: int
    outflow: int
    on_list_end: int
    long_term_end: int
    entered: dict[str, int]
    left: dict[str, int]


class ListFlowsOut(Schema):
    """The by-name list month by month (counts only), as on /statistik/listen/."""

    municipality: str
    as_of: date
    months: list[FlowMonthOut]


#: The errors any operation may answer, each ``ErrorOut`` (docs/api.md, "Fejl").
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def answers(model: object, status: int = 200) -> dict[int, object]:
    """Return an operation's responses: its own and every error, as the schema documents them."""
    return {status: model, **ERRORS}
