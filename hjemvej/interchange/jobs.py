"""The import and the export of the records page (``/data/indlaes/``) as background jobs."""

from __future__ import annotations

import io
import tempfile
import threading
from pathlib import Path

from django.db import connection

from hjemvej.accounts.models import Municipality
from hjemvej.accounts.policy import Action, allowed
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.jobs.models import Job
from hjemvej.jobs.progress import Progress
from hjemvej.jobs.registry import File, Link, kind

IMPORT = "interchange.import_records"
EXPORT = "interchange.export_records"
#: How many problems the job's page lists (the count says how many there are in all).
SHOWN = 200


def _municipality(job: Job) -> Municipality:
    user = job.requested_by
    if user is None or not allowed(user, Action.IMPORT_EXPORT_RECORDS):
        raise DomainError("Du har ikke længere adgang til at indlæse eller hente kommunens data.")
    found = Municipality.objects.filter(code=str(job.params["municipality"])).first()
    if found is None or found.pk != user.municipality_id:
        raise DomainError("Du kan kun indlæse og hente data for din egen kommune.")
    return found


def _share_outside(job: Job, share: float) -> None:
    """Write the share done from another connection: the import's transaction hides its own.

    On SQLite (one writer at a time) the import's transaction holds the database, so the page
    shows the steps before and after it only.
    """
    if connection.vendor != "postgresql":
        return

    def write() -> None:
        from django.db import connections

        try:
            Job.objects.filter(pk=job.pk).update(
                step="Kontrollerer og skriver rækkerne", done=1 + round(share * 98), total=100
            )
        finally:
            connections.close_all()

    thread = threading.Thread(target=write)
    thread.start()
    thread.join()


@kind(IMPORT)
def import_records(job: Job, progress: Progress) -> Link:
    """Import (or check, ``dry_run``) the uploaded workbook; the file is gone when it ends."""
    from hjemvej.interchange.problems import ImportRefused
    from hjemvej.interchange.read import read_workbook
    from hjemvej.interchange.run import CREATED, UNCHANGED, UPDATED, records_import
    from hjemvej.interchange.upload import upload_take

    data = upload_take(int(str(job.params["upload"])))  # deleted now, whatever happens next
    municipality = _municipality(job)
    assert job.requested_by is not None
    progress.expect(100)
    progress.step("Læser projektmappen")
    sheets, problems = read_workbook(io.BytesIO(data))
    del data
    if problems:
        raise DomainError(str(problems[0]))
    last = [-1]

    def share_done(share: float) -> None:
        percent = round(share * 100)
        if percent // 5 != last[0]:
            last[0] = percent // 5
            _share_outside(job, share)

    dry_run = bool(job.params.get("dry_run"))
    try:
        summary = records_import(
            actor=job.requested_by,
            municipality=municipality,
            sheets=sheets,
            today=dates.today(),
            dry_run=dry_run,
            progress=share_done,
        )
    except ImportRefused as refused:
        found = refused.problems
        lines = [str(problem) for problem in found[:SHOWN]]
        if len(found) > SHOWN:
            lines.append(f"… og {len(found) - SHOWN} problemer mere")
        raise DomainError(
            f"{len(found)} problemer i filen; intet er skrevet:\n" + "\n".join(lines)
        ) from None
    total = {
        key: sum(c[key] for c in summary.counts.values()) for key in (CREATED, UPDATED, UNCHANGED)
    }
    head = "Prøvekørsel, intet er skrevet" if dry_run else "Indlæst"
    verb = "ville blive " if dry_run else ""
    return Link(
        text=f"{head}: {total[CREATED]} rækker {verb}oprettet, {total[UPDATED]} {verb}ændret, "
        f"{total[UNCHANGED]} uændrede."
    )


@kind(EXPORT)
def export_records(job: Job, progress: Progress) -> File:
    """Write the municipality's records as the import's workbook (a file with CPR numbers)."""
    from hjemvej.interchange.export import collect, workbook
    from hjemvej.interchange.upload import XLSX_TYPE

    municipality = _municipality(job)
    progress.expect(2)
    progress.step("Samler kommunens poster")
    found, pks = collect(municipality)
    progress.step("Skriver projektmappen")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "poster.xlsx"
        workbook(found).save(path)
        data = path.read_bytes()
    return File(
        name=f"hjemvej-{municipality.code}-poster-{dates.today():%Y-%m-%d}.xlsx",
        content_type=XLSX_TYPE,
        data=data,
        citizen_ids=pks,
        audit_detail={"export": "records", "municipality": municipality.code, "format": "xlsx"},
    )
