"""The reimbursement claim: computed with the batch engine, cut to the period, and checked later.

The engine runs over each citizen's whole history (the one-year windows reach back), and
``monthly_figures`` with one group per stay cuts the result to ``[start, end)``; each line's
reimbursement is its exact amount rounded once, and the claim's totals are the sums of its lines
(what the municipality claims, line by line).

``stays_fingerprint`` hashes exactly what decides the claim: each stay's row as the engine sees it
(ids, dates, agreed rate, own payment, the shelter's registration) and the shelters' rates in force
before the day the claim counts to. A discharge or a rate change after that day changes nothing in
the claim and nothing in the hash; any change that could change a line changes the hash.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.db.models import QuerySet

from hjemvej.citizens.borders import acting_changes_since
from hjemvej.core import law
from hjemvej.core.law import UsedParameter
from hjemvej.economy.models import ClaimLine, ReimbursementClaim, SupportClaim
from hjemvej.economy.selectors.common import per_stay, shelter_parameters_used
from hjemvej.rules.parameters import ParameterSet
from hjemvej.rules.shelter import MISSING, Readings
from hjemvej.rules.shelter.periods import CAP, OWN_PAYMENT, RATE, Schedule, counted_periods
from hjemvej.stats.stays import MunicipalityStays, load_stays

#: Short Danish names of the rule versions a line lists.
RULE_NAMES = {CAP: "Loft over dage", RATE: "Refusionssats", OWN_PAYMENT: "Egenbetaling"}


def claim_as_of(end: date, today: date) -> date:
    """Return the day the claim counts to (not included): the period's end, or today if earlier."""
    return min(end, today)


def rule_key(name: str, valid_from: date) -> str:
    """Return the key of one parameter value: ``name@YYYY-MM-DD``."""
    return f"{name}@{valid_from.isoformat()}"


def stays_fingerprint(stays: MunicipalityStays, as_of: date) -> str:
    """Return a SHA-256 of the stay rows and rates that decide figures counted before ``as_of``."""
    table = stays.table
    cut = as_of.toordinal()
    # A discharge on or after the cut day counts the same days as an open stay.
    discharged = np.where(
        (table.discharged == MISSING) | (table.discharged >= cut), MISSING, table.discharged
    )
    digest = hashlib.sha256()
    for column in (
        stays.stay_pk,
        stays.citizen_pk,
        stays.shelter_pk,
        table.admitted,
        discharged,
        table.daily_rate,
        table.own_payment,
        table.qualifies.astype(np.int64),
    ):
        digest.update(np.ascontiguousarray(column, dtype=np.int64).tobytes())
        digest.update(b"|")
    rates = [
        [info.pk, [[s, r] for s, r in zip(sched.starts, sched.rates, strict=True) if s < cut]]
        for info, sched in zip(stays.shelters, table.rate_schedules, strict=True)
    ]
    digest.update(json.dumps(rates).encode())
    others = table.others
    if others is not None and len(others):
        # The days other municipalities paid fill the same windows: a change there (or of who
        # pays) changes the claim. Hashed only when there are any, so a claim without citizens
        # who crossed a border keeps the fingerprint it was made with.
        other_end = np.where(
            (others.discharged == MISSING) | (others.discharged >= cut), MISSING, others.discharged
        )
        digest.update(b"others|")
        for column in (
            stays.citizen_pk[np.searchsorted(table.citizen, others.citizen)]
            if len(table.citizen)
            else others.citizen,
            others.admitted,
            other_end,
            others.qualifies.astype(np.int64),
        ):
            digest.update(np.ascontiguousarray(column, dtype=np.int64).tobytes())
            digest.update(b"|")
    return digest.hexdigest()


@dataclass(frozen=True)
class LineData:
    """One stay's line as computed (money in øre)."""

    stay_pk: int
    citizen_pk: int
    pseudonym: str
    shelter_name: str
    external: bool
    registered: bool
    admitted: date
    discharged: date | None
    days: int
    reimbursed_days: int
    gross_cost: int
    own_payment: int
    reimbursement: int
    rule_versions: list[str]

    @property
    def net_cost(self) -> int:
        """Return gross cost − own payment − reimbursement in øre."""
        return self.gross_cost - self.own_payment - self.reimbursement


@dataclass
class ClaimComputation:
    """A claim before it is stored."""

    start: date
    end: date
    as_of: date
    parameter_set: str
    readings: Readings
    parameters: list[dict[str, str | None]]
    data_fingerprint: str
    stays_in: int
    lines: list[LineData] = field(default_factory=list)

    def total(self, key: str) -> int:
        """Return the sum of one field over the lines."""
        return sum(int(getattr(line, key)) for line in self.lines)


def parameter_record(used: UsedParameter) -> dict[str, str | None]:
    """Return one parameter value as the claim stores it (JSON-ready, Danish labels)."""
    value = used.value
    return {
        "key": rule_key(value.name, value.valid_from),
        "name": value.name,
        "title": used.title,
        "value": value.display,
        "valid_from": value.valid_from.isoformat(),
        "valid_to": value.valid_to.isoformat() if value.valid_to else None,
        "valid_from_text": f"{value.valid_from:%d.%m.%Y}",
        "valid_to_text": f"{value.valid_to - timedelta(days=1):%d.%m.%Y}" if value.valid_to else "",
        "status": value.status,
        "status_label": value.status_label,
        "notice": used.notice,
        "reference": value.reference,
    }


def compute_claim(
    municipality_id: int,
    *,
    start: date,
    end: date,
    today: date,
    params: ParameterSet,
    readings: Readings,
) -> ClaimComputation:
    """Compute every stay's days and § 177 reimbursement in ``[start, end)``; raise ValueError
    (a shelter without a rate, a parameter without a value) when it cannot be computed."""
    as_of = claim_as_of(end, today)
    stays = load_stays(municipality_id, until=as_of)
    table = stays.table
    cut = per_stay(table, start=start, end=end, as_of=as_of, params=params, readings=readings)
    days, reimbursed, gross, own = cut.days, cut.reimbursed_days, cut.gross_cost, cut.own_payment
    reimbursement = cut.reimbursement
    rows = np.flatnonzero(days > 0)
    versions = _rule_versions(stays, rows, start, end, as_of, params, readings)
    used = shelter_parameters_used(params, readings, start, as_of)
    computation = ClaimComputation(
        start=start,
        end=end,
        as_of=as_of,
        parameter_set=params.fingerprint,
        readings=readings,
        parameters=[parameter_record(u) for u in used],
        data_fingerprint=stays_fingerprint(stays, as_of),
        stays_in=len(stays),
    )
    for row, rule_versions in zip(rows.tolist(), versions, strict=True):
        citizen_pk = int(stays.citizen_pk[row])
        shelter = stays.shelters[int(stays.shelter_code[row])]
        discharged = int(table.discharged[row])
        computation.lines.append(
            LineData(
                stay_pk=int(stays.stay_pk[row]),
                citizen_pk=citizen_pk,
                pseudonym=stays.pseudonyms[citizen_pk],
                shelter_name=shelter.name,
                external=shelter.external,
                registered=shelter.on_tilbudsportalen,
                admitted=date.fromordinal(int(table.admitted[row])),
                discharged=None if discharged == MISSING else date.fromordinal(discharged),
                days=int(days[row]),
                reimbursed_days=int(reimbursed[row]),
                gross_cost=int(gross[row]),
                own_payment=int(own[row]),
                reimbursement=int(reimbursement[row]),
                rule_versions=rule_versions,
            )
        )
    computation.lines.sort(key=lambda line: (line.pseudonym, line.admitted, line.stay_pk))
    return computation


def _rule_versions(
    stays: MunicipalityStays,
    rows: np.ndarray,
    start: date,
    end: date,
    as_of: date,
    params: ParameterSet,
    readings: Readings,
) -> list[list[str]]:
    """Return per line the parameter values in force on its days in the period.

    The cap and the reimbursement rate apply to stays on registered shelters; the statutory own
    payment to stays without a decided own payment. Under the ``window_start`` reading the cap
    may be the one in force when the window opened, up to a year before the day.
    """
    table = stays.table
    _, first, stop = counted_periods(table, as_of=as_of.toordinal(), days=readings.days)
    lo = np.maximum(first[rows], start.toordinal())
    hi = np.minimum(stop[rows], end.toordinal()) - 1  # the last counted day in the period
    qualifies = table.qualifies[rows]
    statutory = table.own_payment[rows] == MISSING
    per_param: list[tuple[Schedule, np.ndarray, np.ndarray, np.ndarray]] = []
    for name, applies in ((CAP, qualifies), (RATE, qualifies), (OWN_PAYMENT, statutory)):
        schedule = Schedule.of(params, name)
        from_day = lo
        if name == CAP and readings.cap == "window_start":
            from_day = np.maximum(lo - 365, schedule.starts[0])
        per_param.append((schedule, schedule.index(from_day), schedule.index(hi), applies))
    cache: dict[tuple[int, ...], list[str]] = {}
    keys = [
        [rule_key(e.name, e.valid_from) for e in schedule.entries] for schedule, *_ in per_param
    ]
    result: list[list[str]] = []
    for i in range(len(rows)):
        signature: list[int] = []
        for _, first_index, last_index, applies in per_param:
            if applies[i]:
                signature.extend((int(first_index[i]), int(last_index[i])))
            else:
                signature.extend((-1, -1))
        key = tuple(signature)
        if key not in cache:
            listed: list[str] = []
            for p, param_keys in enumerate(keys):
                a, b = key[2 * p], key[2 * p + 1]
                if a >= 0:
                    listed.extend(param_keys[a : b + 1])
            cache[key] = listed
        result.append(cache[key])
    return result


# --- Reading claims back ----------------------------------------------------------------------


def claims_for(municipality_id: int) -> QuerySet[ReimbursementClaim]:
    """Return the municipality's claims, newest first."""
    return ReimbursementClaim.objects.filter(municipality_id=municipality_id).select_related(
        "created_by", "municipality"
    )


def claim_lines(claim: ReimbursementClaim) -> QuerySet[ClaimLine]:
    """Return the claim's lines in the order of the page and the exports."""
    return claim.lines.order_by("pseudonym", "admitted", "stay_pk")


def claim_readings(claim: ReimbursementClaim) -> Readings:
    """Return the readings the claim was computed with."""
    return Readings(**{k: v for k, v in claim.readings.items() if k in ("window", "cap", "days")})


def rule_texts(claim: ReimbursementClaim | SupportClaim) -> dict[str, str]:
    """Return each rule version's key as short Danish text: 'Loft over dage: 120 dage (lov)'."""
    texts = {}
    for record in claim.parameters:
        name = str(record["name"])
        label = RULE_NAMES.get(name, str(record["title"]))
        texts[str(record["key"])] = f"{label}: {record['value']} ({record['status_label']})"
    return texts


@dataclass(frozen=True)
class ClaimStatus:
    """Whether a stored claim still matches the stays and the parameters in force."""

    data_changed: bool
    parameters_changed: bool
    current_parameter_set: str
    current_data_fingerprint: str
    incomplete: bool  # made before the period ended: later days are not in it
    # The data changed, and a citizen of the claim (then or now) got another acting municipality
    # for days the claim counts after it was made: who pays some of the stays moved.
    acting_changed: bool = False

    @property
    def out_of_date(self) -> bool:
        """Return whether a stay or a parameter changed since the claim was made."""
        return self.data_changed or self.parameters_changed


def claim_status(claim: ReimbursementClaim, *, params: ParameterSet | None = None) -> ClaimStatus:
    """Compare the claim's fingerprints with the current stays and parameters."""
    params = params or law.current_parameters()
    stays = load_stays(claim.municipality_id, until=claim.as_of)
    current = stays_fingerprint(stays, claim.as_of)
    data_changed = current != claim.data_fingerprint
    return ClaimStatus(
        data_changed=data_changed,
        acting_changed=data_changed and acting_moved(claim, set(stays.citizen_pk.tolist())),
        parameters_changed=params.fingerprint != claim.parameter_set,
        current_parameter_set=params.fingerprint,
        current_data_fingerprint=current,
        incomplete=claim.as_of < claim.period_end,
    )


def acting_moved(claim: ReimbursementClaim | SupportClaim, citizens: set[int]) -> bool:
    """Return whether a citizen of the claim, then or now, changed acting municipality since.

    A change recorded after the claim was made that holds a day the claim counts (before its
    as-of day) moves who pays and claims some days: the citizen's lines may have left this
    municipality's claim or come into it (``stats.stays.load_stays``, ``support_entries``).
    ``citizens`` are the claim's citizens as the records stand now.
    """
    changed = acting_changes_since(claim.created_at, before=claim.as_of)
    if not changed:
        return False
    if changed & citizens:
        return True
    return claim.lines.filter(citizen_pk__in=changed).exists()


def last_day(end: date) -> date:
    """Return the last day of a closed-open period that ends on ``end``."""
    return end - timedelta(days=1)
