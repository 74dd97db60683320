"""Work that should not wait in a request: background jobs, their progress, their files, schedules.

A room declares a kind of job with :func:`hjemvej.jobs.registry.kind` in its own ``jobs.py``
(the council report in ``economy``, the list export in ``casefile`` …); a page starts it with
:func:`hjemvej.jobs.services.job_start` and sends the user to the job's page, which shows the
progress and offers the file when it is done. The queue is django-tasks with its database backend
(``django_tasks_db``): the jobs wait in PostgreSQL, and ``hjemvej worker`` processes run them and
the periodic jobs declared with :func:`hjemvej.jobs.registry.periodic`. In the embedded SQLite
trial (``make run``) a thread in the web process runs them instead (``workers.py``).
"""
