"""The council report as a background job (a few seconds for a large municipality)."""

from __future__ import annotations

from datetime import date

from hjemvej.accounts.policy import Action, allowed
from hjemvej.core.errors import DomainError
from hjemvej.jobs.models import Job
from hjemvej.jobs.progress import Progress
from hjemvej.jobs.registry import File, kind

KIND = "economy.council_report"
FORMATS = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
#: The report's steps: the content's five (the list's flows among them), the charts, the file.
STEPS = 7


def title(year: int, fmt: str) -> str:
    """Return the job's Danish title."""
    return f"Byrådsrapport {year} ({'PDF' if fmt == 'pdf' else 'Excel'})"


@kind(KIND)
def council_report(job: Job, progress: Progress) -> File:
    """Make the council report for the job's year and format, as of the day it was asked for."""
    from hjemvej.economy.reports.content import council_report as gather
    from hjemvej.economy.reports.content import report_year_problem

    user = job.requested_by
    if user is None or not allowed(user, Action.VIEW_ECONOMY) or user.municipality is None:
        raise DomainError("Du har ikke længere adgang til kommunens økonomi.")
    year, fmt = int(str(job.params["year"])), str(job.params["fmt"])
    as_of = date.fromisoformat(str(job.params["as_of"]))
    problem = report_year_problem(year, as_of)
    if problem or fmt not in FORMATS:
        raise DomainError(problem or "Rapporten findes som pdf eller xlsx.")
    progress.expect(STEPS)
    report = gather(user.municipality, year=year, as_of=as_of, progress=progress)
    if fmt == "pdf":
        from hjemvej.economy.reports.pdf import render_pdf

        progress.step("Skriver PDF")
        data = render_pdf(report)
    else:
        from hjemvej.economy.reports.xlsx import render_xlsx

        progress.step("Skriver regneark")
        data = render_xlsx(report)
    name = f"hjemvej-byraadsrapport-{user.municipality.code}-{year}.{fmt}"
    return File(name=name, content_type=FORMATS[fmt], data=data)
