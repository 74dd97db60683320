"""``hjemvej export stays``' file: every stay in the input format of ``hjemvej reimbursement``.

One row per stay: ``citizen_id,stay_id,admitted,discharged,daily_rate,own_payment,stay_type``,
comma-separated, decimal point, ISO dates, UTF-8. ``stay_type`` is ``ophold`` or ``efterforsorg``
(Danmarks Statistik's opholdstype 1 and 3); ``hjemvej reimbursement`` ignores it, as it ignores
every column it does not use. ``citizen_id`` is the citizen's pseudonym
(``Citizen.pseudonym``), never the CPR number or the name. A stay is read as the citizen's page
and the economy read it (``hjemvej.shelters.rules_rows``), but for one documented difference:
``daily_rate`` is the stay's agreed rate, or else the shelter's rate in force on the admission
date (``rate_on_admission``): the file has one rate per stay, so a change of the shelter's rate
during a stay is not carried (the citizen's page computes with every rate). ``own_payment`` is
empty for the statutory rate, 0 when waived and the amount when reduced. The file is written to
a temporary file and renamed, so no half file is left, and the export is logged in the audit log
(one entry per citizen, with the operating system user).
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from hjemvej.core.management.cli import command_line_actor
from hjemvej.stays_csv import COLUMNS, file_kroner

#: How many stays without a rate are named in the error message.
SHOWN_PROBLEMS = 10
#: The file's columns: what ``hjemvej reimbursement`` reads, and the stay's type.
EXPORT_COLUMNS = (*COLUMNS, "stay_type")


def _own_payment(oere: int | None) -> str:
    """Return the own payment as the file writes it: empty (statutory), 0 (waived) or 50.50."""
    if oere is None:
        return ""
    return file_kroner(oere) if oere else "0"


#: The help of ``hjemvej export stays``.
HELP = (
    "Skriv alle ophold i det format, "
    "'hjemvej reimbursement' læser (citizen_id,stay_id,admitted,discharged,daily_rate,"
    "own_payment) og opholdets type (stay_type: ophold eller efterforsorg), med pseudonymer "
    "som borger-id. daily_rate er opholdets aftalte takst "
    "eller boformens takst på indskrivningsdagen: en taksændring under et ophold kommer "
    "ikke med i filen."
)


def export_stays(out: Path, *, municipality_code: str | None = None) -> tuple[int, int]:
    """Write the stays file atomically; return the number of stays and of citizens."""
    from hjemvej.accounts import audit
    from hjemvej.accounts.models import AuditAction, Municipality
    from hjemvej.shelters.models import Stay, StayType
    from hjemvej.shelters.rules_rows import (
        STAY_COLUMNS,
        StayRecord,
        rate_on_admission,
        rate_schedules,
    )

    stays = Stay.objects.all()
    detail: dict[str, object] = {"export": "stays"}
    if municipality_code is not None:
        municipality = Municipality.objects.filter(code=municipality_code).first()
        if municipality is None:
            raise CommandError(
                f"--municipality: der er ingen kommune med koden '{municipality_code}'"
            )
        stays = stays.filter(citizen__acting_municipality=municipality)
        detail["municipality"] = municipality.code
    found = list(
        stays.order_by("citizen_id", "admitted", "id").values_list(
            *STAY_COLUMNS, "citizen__pseudonym", "shelter__name", "stay_type"
        )
    )
    schedules = rate_schedules({row[2] for row in found})
    in_file = {StayType.STAY: "ophold", StayType.AFTERCARE: "efterforsorg"}  # the file's words

    rows: list[tuple[str, str, str, str, str, str, str]] = []
    citizen_ids: set[int] = set()
    missing: list[str] = []
    for *columns, pseudonym, shelter_name, stay_type in found:
        stay = StayRecord._make(columns)
        rate = rate_on_admission(stay, schedules)
        if rate is None:
            missing.append(f"ophold {stay.pk} på {shelter_name} fra {stay.admitted:%d.%m.%Y}")
            continue
        rows.append(
            (
                pseudonym,
                str(stay.pk),
                stay.admitted.isoformat(),
                stay.discharged.isoformat() if stay.discharged is not None else "",
                file_kroner(rate),
                _own_payment(stay.own_payment_oere),
                in_file[stay_type],
            )
        )
        citizen_ids.add(stay.citizen_id)
    if missing:
        shown = "; ".join(missing[:SHOWN_PROBLEMS])
        more = (
            f" (og {len(missing) - SHOWN_PROBLEMS} flere)" if len(missing) > SHOWN_PROBLEMS else ""
        )
        raise CommandError(
            f"{len(missing)} ophold har hverken en aftalt takst eller en takst for boformen på "
            f"indskrivningsdagen; intet er skrevet: {shown}{more}"
        )

    fd, tmp = tempfile.mkstemp(dir=out.resolve().parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(EXPORT_COLUMNS)
            writer.writerows(rows)
        with transaction.atomic():  # the log and the file: both or neither
            audit.record_many(
                actor=None,
                username=command_line_actor(),
                action=AuditAction.EXPORT,
                citizen_ids=sorted(citizen_ids),
                detail=detail,
            )
            os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(rows), len(citizen_ids)
