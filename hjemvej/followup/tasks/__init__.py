"""The task engine in the app: facts from the database, the rules, rows in the user's scope.

``open_tasks(user=, today=, citizen=)`` is what pages call (the citizen's follow-up tab too);
``weekly_rows`` is the weekly follow-up of citizens on external shelters; ``municipality_tasks``
is the command line's view of a whole municipality. Names are added only for users who may see
them (``citizen_names``).
"""

from hjemvej.followup.tasks.rows import (
    UNASSIGNED,
    TaskRow,
    citizen_names,
    municipality_tasks,
    open_tasks,
)
from hjemvej.followup.tasks.weekly import WeeklyRow, weekly_rows

__all__ = [
    "UNASSIGNED",
    "TaskRow",
    "WeeklyRow",
    "citizen_names",
    "municipality_tasks",
    "open_tasks",
    "weekly_rows",
]
