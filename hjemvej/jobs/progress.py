"""How far a running job has come, written to its row as it goes (the page polls it)."""

from __future__ import annotations

from hjemvej.jobs.models import Job


class Progress:
    """Steps of a job: ``step("Beregner refusion")`` moves on one step and says what it does.

    Each call writes the job's row at once in its own statement, outside any transaction the
    job's work is in, so the job's page shows it while the work goes on.
    """

    def __init__(self, job: Job, *, total: int = 0) -> None:
        self.job = job
        self.done = 0
        self.total = total

    def expect(self, total: int) -> None:
        """Say how many steps the job has (known once the work has looked at its input)."""
        self.total = total
        Job.objects.filter(pk=self.job.pk).update(total=total)

    def step(self, text: str) -> None:
        """Start the next step."""
        self.done += 1
        self.total = max(self.total, self.done)
        Job.objects.filter(pk=self.job.pk).update(
            step=text[:200], done=self.done - 1, total=self.total
        )

    def __call__(self, text: str) -> None:
        """A progress callback (``progress=...`` of the report builders) is a step."""
        self.step(text)
