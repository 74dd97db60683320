"""§ 177 days running out, from the alerts' selector, kept a while for exactly the same inputs.

The alerts' selector counts every candidate citizen's days with the law engine, a few tenths of
a second on a national scale. Its answer depends only on the stays of the citizens in a stay
tonight (every stay of theirs, on any shelter), those shelters' registration and rates, the
parameter set, the day and the warning days. Those inputs are read (two queries) and hashed; the
selector runs only when the hash is new, and its rows are kept for ``MEMO_SECONDS``. Asked for
some citizens (one citizen's tab), it reads and counts only theirs.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Collection
from datetime import date

from django.core.cache import cache
from django.db.models import Q

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import stays_for
from hjemvej.rules.parameters import ParameterSet, ParameterValue
from hjemvej.shelters.alerts import reimbursement_alerts
from hjemvej.shelters.models import ShelterRate, Stay, StayType

MEMO_SECONDS = 600

#: An alert as kept: citizen, shelter, window start and end, used, cap, days left, reached on.
AlertFact = tuple[int, str, date, date, int, ParameterValue, int, date | None]


def _inputs(user: User, today: date, citizen_ids: Collection[int] | None) -> tuple[object, ...]:
    """Return everything the user's alerts are computed from, as plain values."""
    tonight = (
        stays_for(user)
        .filter(stay_type=StayType.STAY, admitted__lte=today)
        .filter(Q(discharged__isnull=True) | Q(discharged__gt=today))
        .values("citizen_id")
    )
    if citizen_ids is not None:
        tonight = tonight.filter(citizen_id__in=citizen_ids)
    history = list(
        Stay.objects.filter(citizen_id__in=tonight)
        .order_by("citizen_id", "admitted", "pk")
        .values_list(
            "citizen_id",
            "pk",
            "shelter_id",
            "shelter__name",
            "shelter__on_tilbudsportalen",
            "stay_type",
            "admitted",
            "discharged",
            "agreed_daily_rate",
        )
    )
    rates = list(
        ShelterRate.objects.filter(shelter_id__in={row[2] for row in history})
        .order_by("shelter_id", "valid_from")
        .values_list("shelter_id", "valid_from", "daily_rate")
    )
    return (history, rates)


def days_running_out(
    user: User,
    *,
    today: date,
    within: int,
    params: ParameterSet,
    citizen_ids: Collection[int] | None = None,
) -> list[AlertFact]:
    """Return the user's citizens in a stay tonight near (``within`` days) or past the § 177 cap.

    ``citizen_ids`` narrows it to those citizens (all the user may see when None).
    """
    if citizen_ids is not None and not citizen_ids:
        return []
    # The stays read name the citizens counted, so the key also says whose answer it is.
    inputs = (today, within, params.fingerprint, _inputs(user, today, citizen_ids))
    digest = hashlib.sha256(pickle.dumps(inputs, protocol=pickle.HIGHEST_PROTOCOL)).hexdigest()
    key = f"followup:alerts:{digest}"
    found: list[AlertFact] | None = cache.get(key)
    if found is None:
        alerts = reimbursement_alerts(
            user, today=today, within=within, params=params, citizen_ids=citizen_ids
        )
        found = [
            (
                row.citizen_pk,
                row.shelter_name,
                row.window_start,
                row.window_end,
                row.used,
                row.cap,
                row.days_left,
                row.reached_on,
            )
            for row in [*alerts.past, *alerts.near]
        ]
        cache.set(key, found, MEMO_SECONDS)
    return found
