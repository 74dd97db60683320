"""Reimbursement claims (§ 177 and § 176 a) as background jobs: making one, and its exports.

Making a claim runs the law engine over every stay of the municipality (seconds on a national
installation); a claim never changes once made, so each of its exports is written once and handed
out again (``File.key``), with an export entry in the audit log on every download.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, allowed
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.jobs.models import Job
from hjemvej.jobs.progress import Progress
from hjemvej.jobs.registry import File, Link, kind

MAKE = "economy.claim_create"
EXPORT = "economy.claim_export"
EXPORTS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _user(job: Job, action: Action) -> User:
    user = job.requested_by
    if user is None or not allowed(user, action) or user.municipality is None:
        raise DomainError("Du har ikke længere adgang til kommunens økonomi.")
    return user


def make_title(start: date, last: date) -> str:
    """Return the Danish title of the job that makes a claim for ``start`` to ``last``."""
    return f"Refusionsopgørelse {start:%d.%m.%Y}–{last:%d.%m.%Y}"


@kind(MAKE)
def claim_make(job: Job, progress: Progress) -> Link:
    """Compute and store the claim the job's parameters describe; link to its page."""
    from hjemvej.economy.services import claim_create
    from hjemvej.rules.shelter import Readings

    user = _user(job, Action.MANAGE_ECONOMY)
    params = job.params
    progress.expect(2)
    progress.step("Beregner refusionen for hvert ophold")
    claim = claim_create(
        actor=user,
        municipality=user.municipality,  # type: ignore[arg-type]
        start=date.fromisoformat(str(params["start"])),
        end=date.fromisoformat(str(params["end"])),
        today=date.fromisoformat(str(params["today"])),
        readings=Readings(**params["readings"]),
    )
    progress.step("Gemmer opgørelsen")
    return Link(
        text=f"Se refusionsopgørelse nr. {claim.pk}",
        url=reverse("economy:claim", kwargs={"pk": claim.pk}),
    )


def export_title(claim_pk: int, fmt: str) -> str:
    """Return the Danish title of a claim's export job."""
    return f"Refusionsopgørelse nr. {claim_pk} som {'CSV' if fmt == 'csv' else 'Excel'}"


def export_key(claim_pk: int, fmt: str) -> str:
    """Return the key a claim's export is stored under (written once)."""
    return f"economy.claim:{claim_pk}:{fmt}"


@dataclass(frozen=True)
class _ClaimKind:
    """What differs between the § 177 and the § 176 a claim's export; the rest is shared."""

    claims: Callable[[int], QuerySet[Any]]  # the municipality's claims of the kind
    lines: Callable[[Any], QuerySet[Any]]  # a claim's lines
    csv: Callable[[Any, list[Any], dict[str, str]], str | bytes]
    xlsx: Callable[..., bytes]
    prefix: str  # the file name's start
    export: str  # the audit detail's "export"
    key: Callable[[int, str], str]


def _claim_file(job: Job, progress: Progress, claim_kind: _ClaimKind) -> File:
    """Write a claim's lines as xlsx or CSV (pseudonymous ids only), once per claim and format."""
    from hjemvej.economy import selectors

    user = _user(job, Action.VIEW_ECONOMY)
    fmt = str(job.params["fmt"])
    found = (
        claim_kind.claims(user.municipality_id)  # type: ignore[arg-type]
        .filter(pk=int(str(job.params["claim"])))
        .first()
    )
    if found is None or fmt not in EXPORTS:
        raise DomainError("Refusionsopgørelsen findes ikke.")
    progress.expect(2)
    progress.step("Henter opgørelsens linjer")
    lines = list(claim_kind.lines(found))
    texts = selectors.rule_texts(found)
    progress.step("Skriver filen")
    if fmt == "csv":
        body = claim_kind.csv(found, lines, texts)
    else:
        body = claim_kind.xlsx(
            found, lines, texts, exported_by=user.get_username(), exported_on=dates.today()
        )
    name = f"{claim_kind.prefix}-{found.pk}-{found.period_start:%Y%m%d}-{found.period_end:%Y%m%d}"
    return File(
        name=f"{name}.{fmt}",
        content_type=EXPORTS[fmt],
        data=body if isinstance(body, bytes) else body.encode("utf-8"),
        citizen_ids=sorted({line.citizen_pk for line in lines}),
        audit_detail={"export": claim_kind.export, "claim": found.pk, "format": fmt},
        key=claim_kind.key(found.pk, fmt),
    )


@kind(EXPORT)
def claim_export(job: Job, progress: Progress) -> File:
    """Write the § 177 claim's lines as xlsx or CSV (pseudonymous ids only)."""
    from hjemvej.economy import exports, selectors

    return _claim_file(
        job,
        progress,
        _ClaimKind(
            claims=selectors.claims_for,
            lines=selectors.claim_lines,
            csv=exports.claim_csv,
            xlsx=exports.claim_xlsx,
            prefix="refusionsopgoerelse",
            export="reimbursement_claim",
            key=export_key,
        ),
    )


# --- The § 176 a claim --------------------------------------------------------------------------

MAKE_SUPPORT = "economy.support_claim_create"
EXPORT_SUPPORT = "economy.support_claim_export"


def support_make_title(start: date, last: date) -> str:
    """Return the Danish title of the job that makes a § 176 a claim for ``start`` to ``last``."""
    return f"Refusionsopgørelse efter § 176 a {start:%d.%m.%Y}–{last:%d.%m.%Y}"


@kind(MAKE_SUPPORT)
def support_claim_make(job: Job, progress: Progress) -> Link:
    """Compute and store the § 176 a claim the job's parameters describe; link to its page."""
    from hjemvej.economy.services import support_claim_create

    user = _user(job, Action.MANAGE_ECONOMY)
    params = job.params
    progress.expect(2)
    progress.step("Beregner refusionen for hvert forløb og § 107-ophold")
    claim = support_claim_create(
        actor=user,
        municipality=user.municipality,  # type: ignore[arg-type]
        start=date.fromisoformat(str(params["start"])),
        end=date.fromisoformat(str(params["end"])),
        today=date.fromisoformat(str(params["today"])),
    )
    progress.step("Gemmer opgørelsen")
    return Link(
        text=f"Se refusionsopgørelse efter § 176 a nr. {claim.pk}",
        url=reverse("economy:support_claim", kwargs={"pk": claim.pk}),
    )


def support_export_title(claim_pk: int, fmt: str) -> str:
    """Return the Danish title of a § 176 a claim's export job."""
    kind_of = "CSV" if fmt == "csv" else "Excel"
    return f"Refusionsopgørelse efter § 176 a nr. {claim_pk} som {kind_of}"


def support_export_key(claim_pk: int, fmt: str) -> str:
    """Return the key a § 176 a claim's export is stored under (written once)."""
    return f"economy.support_claim:{claim_pk}:{fmt}"


@kind(EXPORT_SUPPORT)
def support_claim_export(job: Job, progress: Progress) -> File:
    """Write the § 176 a claim's lines as xlsx or CSV (pseudonymous ids only)."""
    from hjemvej.economy import exports
    from hjemvej.economy.selectors import support_claims

    return _claim_file(
        job,
        progress,
        _ClaimKind(
            claims=support_claims.support_claims_for,
            lines=support_claims.support_claim_lines,
            csv=exports.support_claim_csv,
            xlsx=exports.support_claim_xlsx,
            prefix="refusionsopgoerelse-176a",
            export="support_claim",
            key=support_export_key,
        ),
    )
