"""The workers that run the jobs: ``hjemvej worker`` processes, or a thread of the web process.

The embedded SQLite trial (``make run``) needs no second process: the first job a process queues
starts one worker thread there (the same worker as ``hjemvej worker``, without signals or
schedule), which runs every waiting job and then looks again every second. In real use
``HJEMVEJ_JOBS_IN_PROCESS`` is off and ``hjemvej worker`` processes run the jobs
(docs/operations.md).
"""

from __future__ import annotations

import os
import threading

from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

_lock = threading.Lock()
_thread: threading.Thread | None = None
_running: Worker | None = None


def worker(*, batch: bool, worker_id: str) -> Worker:
    """Return the database queue's worker for the default queue."""
    return Worker(
        queue_names=["default"],
        interval=1.0,
        batch=batch,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )


def ensure_in_process() -> None:
    """Start this process's worker thread unless it runs already."""
    global _thread, _running
    with _lock:
        if _thread is not None and _thread.is_alive():
            return
        _running = worker(batch=False, worker_id=f"web-{os.getpid()}")
        _thread = threading.Thread(target=_running.run, name="hjemvej-jobs", daemon=True)
        _thread.start()


def stop_in_process(timeout: float = 10) -> None:
    """Stop this process's worker thread after the job in hand (its next look ends the loop)."""
    global _thread, _running
    with _lock:
        if _running is not None:
            _running.running = False
        if _thread is not None:
            _thread.join(timeout)
        _thread = _running = None


def run_waiting() -> int:
    """Run every waiting job in this thread, then return how many ran.

    The same steps as the worker's loop (take the next job locked, claim it, run it), without
    the loop's closing of old database connections between jobs: the caller's connection, and
    its transaction, stay as they are (the test suite runs jobs inside a test's transaction).
    """
    runner = worker(batch=True, worker_id=f"here-{os.getpid()}-{threading.get_ident()}"[:64])
    ran = 0
    while True:
        waiting = DBTaskResult.objects.ready().filter(
            backend_name=runner.backend_name, queue_name__in=runner.queue_names
        )
        with exclusive_transaction(waiting.db):
            found = waiting.get_locked()
            if found is not None:
                found.claim(runner.worker_id)
        if found is None:
            return ran
        runner.run_task(found)
        ran += 1
