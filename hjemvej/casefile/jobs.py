"""The by-name list's export as a background job (seconds for a national list)."""

from __future__ import annotations

from datetime import date

from django.http import QueryDict

from hjemvej.accounts.policy import Action, allowed
from hjemvej.core.errors import DomainError
from hjemvej.jobs.models import Job
from hjemvej.jobs.progress import Progress
from hjemvej.jobs.registry import File, kind

KIND = "casefile.list_export"
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def title(fmt: str) -> str:
    """Return the job's Danish title."""
    return f"Borgerlisten som {'CSV' if fmt == 'csv' else 'Excel (xlsx)'}"


@kind(KIND)
def list_export(job: Job, progress: Progress) -> File:
    """Write the whole filtered list (every page) in the user's scope, as on the day asked."""
    from hjemvej.casefile import exports, selectors
    from hjemvej.casefile.filters import filter_form_for
    from hjemvej.stats.long_term import long_term_threshold, threshold_days

    user = job.requested_by
    if user is None or not allowed(user, Action.EXPORT_LIST):
        raise DomainError("Du har ikke længere adgang til at hente borgerlisten.")
    fmt = str(job.params["fmt"])
    if fmt not in FORMATS:
        raise DomainError("Listen kan hentes som xlsx eller csv.")
    today = date.fromisoformat(str(job.params["today"]))
    progress.expect(3)
    progress.step("Finder borgerne med de valgte filtre")
    threshold = long_term_threshold(today)
    long_term_days = threshold_days(threshold)
    form = filter_form_for(user, QueryDict(str(job.params["filters"])))
    citizens = selectors.by_name_list(
        user, today=today, filters=form.filters(), long_term_days=long_term_days
    )
    progress.step("Samler listens rækker")
    rows = selectors.list_rows(citizens, today=today, long_term_days=long_term_days, with_cpr=False)
    progress.step("Skriver filen")
    if fmt == "csv":
        content = exports.write_csv(rows, threshold=threshold)
    else:
        content = exports.write_xlsx(
            rows,
            threshold=threshold,
            today=today,
            username=user.get_username(),
            filters=form.describe(),
        )
    return File(
        name=f"hjemvej-borgere-{today:%Y-%m-%d}.{fmt}",
        content_type=FORMATS[fmt],
        data=content if isinstance(content, bytes) else content.encode("utf-8"),
        citizen_ids=[row.citizen.pk for row in rows],
        audit_detail={"page": "by_name_list", "format": fmt},
    )
