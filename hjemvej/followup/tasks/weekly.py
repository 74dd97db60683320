"""The weekly follow-up list: every citizen on an external shelter and their next contact."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hjemvej.accounts.models import User
from hjemvej.accounts.policy import Action, allowed
from hjemvej.core.law import current_parameters
from hjemvej.followup.tasks.rows import TaskRow, to_rows, without_cycle_collection
from hjemvej.followup.tasks.scope import (
    Gathered,
    citizen_info,
    external_stays,
    last_contacts,
    open_stays,
    scope_for,
)
from hjemvej.rules.followup import Facts, derive_tasks
from hjemvej.rules.parameters import ParameterSet


@dataclass(frozen=True)
class WeeklyRow:
    """A citizen on a shelter outside the acting municipality: where, since when, next contact."""

    shelter_name: str
    admitted: date
    last_contact: date | None
    task: TaskRow  # the weekly contact: due date, status, who, why

    @property
    def citizen_id(self) -> int:
        """Return the citizen's id."""
        return self.task.citizen_id


def weekly_rows(*, user: User, today: date, params: ParameterSet | None = None) -> list[WeeklyRow]:
    """Return the user's citizens on external shelters tonight, the most urgent contact first."""
    if not allowed(user, Action.VIEW_TASKS):
        return []
    params = params or current_parameters()
    scope = scope_for(user)
    with without_cycle_collection():
        info = citizen_info(scope, today, with_list=False)
        stays = open_stays(scope, today)
        external = external_stays(stays, info, last_contacts(scope, today))
        gathered = Gathered(Facts(external_stays=external), info, {})
        tasks = derive_tasks(gathered.facts, as_of=today, params=params)
        rows = {r.key: r for r in to_rows(tasks, gathered)}
    found = [
        WeeklyRow(
            s.shelter_name, s.admitted, s.last_contact, rows[f"weekly_contact:stay:{s.stay_id}"]
        )
        for s in external
    ]
    return sorted(found, key=lambda r: (r.task.due, r.shelter_name, r.citizen_id))
