"""``hjemvej worker``: run the background jobs and start the periodic ones when they are due.

Usage::

    hjemvej worker            # runs until stopped (SIGTERM: ends the job in hand, then stops)
    hjemvej worker --batch    # runs every waiting job, then stops
    hjemvej worker --no-schedule

Start as many as the work needs, on one machine or several (docs/operations.md, systemd unit
``hjemvej-worker``): each takes the next waiting job from the database (locked, so no job runs
twice), and every worker looks each minute whether a periodic job is due; one of them starts it.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from typing import Any

from django.core.management.base import CommandParser
from django.db import close_old_connections

from hjemvej.core.management.cli import DanishCommand

logger = logging.getLogger("hjemvej.jobs")

#: How often a worker looks whether a periodic job is due (seconds).
SCHEDULE_SECONDS = 60


class Command(DanishCommand):
    """Run the background jobs."""

    help = (
        "Kør baggrundsjob (rapporter, udtræk, refusionsopgørelser) og start de planlagte job, "
        "når de skal køre. Start én eller flere på hver maskine; --batch kører de ventende job "
        "og stopper."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", action="store_true", help="kør de ventende job, og stop så")
        parser.add_argument(
            "--no-schedule",
            dest="schedule",
            action="store_false",
            help="start ikke planlagte job (en anden worker gør det)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from hjemvej.jobs import schedule, workers

        worker_id = f"{socket.gethostname()[:40]}-{os.getpid()}"
        if options["schedule"]:
            schedule.tick()
            if not options["batch"]:
                threading.Thread(
                    target=_schedule_forever, name="hjemvej-schedule", daemon=True
                ).start()
        runner = workers.worker(batch=options["batch"], worker_id=worker_id)
        logger.info("worker started", extra={"job": worker_id})
        if not options["batch"]:
            runner.configure_signals()
        runner.run()


def _schedule_forever() -> None:
    from hjemvej.jobs import schedule

    while True:
        time.sleep(SCHEDULE_SECONDS)
        try:
            close_old_connections()
            schedule.tick()
        except Exception:  # a database away for a moment: the next minute tries again
            logger.exception("schedule tick failed")
