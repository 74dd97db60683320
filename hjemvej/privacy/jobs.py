"""Data protection's background jobs: the citizen's access copy (``access_copy/job.py``), and
retention: the run the administrator starts after review, and the nightly run.

The administrator's run erases the citizens the review list showed (their ids are the job's
parameters) that are still due when it runs. The nightly run erases, in every municipality, only
the citizens that have been due for ``privacy.retention.grace_days``: the review list shows them
first, and the municipality has that long to hand a case to its archive or to find it still in use.
"""

from __future__ import annotations

from datetime import date

from hjemvej.accounts.policy import Action, allowed
from hjemvej.core import dates, law
from hjemvej.core.errors import DomainError
from hjemvej.jobs.models import Job
from hjemvej.jobs.progress import Progress
from hjemvej.jobs.registry import Link, kind, periodic
from hjemvej.privacy.access_copy.job import access_copy  # noqa: F401  (privacy.access_copy)

RUN = "privacy.retention_run"
NIGHTLY = "privacy.retention_nightly"


def run_title(count: int) -> str:
    """Return the Danish title of the administrator's run."""
    return f"Sletning af {count} borgere efter sletteregel"


def _words(erased: int) -> str:
    return f"{erased} borger{'e' if erased != 1 else ''}s personoplysninger slettet"


@kind(RUN)
def retention_run_job(job: Job, progress: Progress) -> Link:
    """Erase the reviewed citizens (the job's ``citizen_ids``) that are still due."""
    from hjemvej.privacy.retention_services import retention_run

    user = job.requested_by
    if user is None or not allowed(user, Action.MANAGE_RETENTION) or user.municipality is None:
        raise DomainError("Du har ikke længere adgang til at slette efter sletteregel.")
    progress.expect(1)
    progress.step("Sletter personoplysninger")
    erased = retention_run(
        actor=user,
        today=date.fromisoformat(str(job.params["today"])),
        grace_days=0,
        municipality_id=user.municipality_id,
        citizen_ids=[int(pk) for pk in job.params.get("citizen_ids", [])],
    )
    return Link(text=_words(erased))


@periodic(NIGHTLY, cron="15 2 * * *", title="Sletter personoplysninger efter sletteregel")
def retention_nightly(job: Job, progress: Progress) -> Link:
    """Erase every citizen due for the grace period at least, in every municipality."""
    from hjemvej.privacy.retention import GRACE_DAYS
    from hjemvej.privacy.retention_services import retention_run, system_actor

    today = dates.today()
    progress.expect(1)
    progress.step("Sletter personoplysninger, der har været klar til sletning i karenstiden")
    erased = retention_run(
        actor=system_actor(),
        today=today,
        grace_days=law.current_parameters().count(GRACE_DAYS, today),
    )
    return Link(text=_words(erased))
