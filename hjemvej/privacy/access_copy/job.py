"""The access copy as a background job: gathered, written to the audit log, typeset, zipped."""

from __future__ import annotations

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction
from hjemvej.accounts.policy import Action, allowed, citizens_for
from hjemvej.core import dates
from hjemvej.core.errors import DomainError
from hjemvej.jobs.models import Job
from hjemvej.jobs.progress import Progress
from hjemvej.jobs.registry import File, kind

KIND = "privacy.access_copy"
TITLE = "Indsigt efter GDPR art. 15 (borgerens egen kopi)"
#: The page word of the audit entries (``audit_words.PAGES``): the copy made, and each download.
PAGE = "privacy:access_copy"


@kind(KIND)
def access_copy(job: Job, progress: Progress) -> File:
    """Make the citizen's copy for the user who asked, if they still may; audit that it was made."""
    from hjemvej.privacy.access_copy.document import copy_data, zipped

    user = job.requested_by
    if user is None or not allowed(user, Action.MAKE_ACCESS_COPY):
        raise DomainError("Du har ikke længere adgang til at lave borgerens indsigt.")
    citizen = (
        citizens_for(user)
        .select_related("acting_municipality", "residence_municipality", "case_worker")
        .filter(pk=int(str(job.params["citizen"])))
        .first()
    )
    if citizen is None:
        raise DomainError("Borgeren findes ikke længere blandt dine borgere.")
    made_on = dates.today()
    progress.expect(3)
    progress.step("Samler borgerens oplysninger og loggen")
    # Written first, so that the copy itself shows that it was made, by whom and when.
    audit.record(
        actor=user,
        action=AuditAction.VIEW,
        citizen=citizen,
        detail={"page": PAGE, "job": str(job.pk)},
    )
    data = copy_data(citizen=citizen, made_by=user, made_on=made_on)
    progress.step("Skriver PDF og JSON")
    content = zipped(data, made_on=made_on)
    progress.step("Gemmer filen")
    return File(
        name=f"hjemvej-indsigt-{made_on:%Y-%m-%d}.zip",
        content_type="application/zip",
        data=content,
        citizen_ids=[citizen.pk],
        audit_detail={"page": PAGE, "format": "zip"},
    )
