"""Forms that change a citizen's data, all through services.

Each view: the policy decorator (the role may do this at all), the object scope (the citizen from
``citizens_for``; a stay, course, consent or merge of that citizen, else 404; a stay at another
shelter than shelter staff's own, 403), GET shows the form, POST validates and calls the service;
a ``DomainError`` becomes a field error; success redirects to the citizen's page with a message.

The views live in one module per subject; ``hjemvej/citizens/urls.py`` reaches them all here.
"""

from hjemvej.citizens.views.edit.citizen import (
    admit_new,
    citizen_create,
    citizen_edit,
    situation_add,
    situation_end,
)
from hjemvej.citizens.views.edit.consent import consent_add, consent_withdraw
from hjemvej.citizens.views.edit.merge import merge, unmerge
from hjemvej.citizens.views.edit.stays import stay_admit, stay_discharge, stay_edit
from hjemvej.citizens.views.edit.support import contact_add, course_create, course_edit

__all__ = [
    "admit_new",
    "citizen_create",
    "citizen_edit",
    "consent_add",
    "consent_withdraw",
    "contact_add",
    "course_create",
    "course_edit",
    "merge",
    "situation_add",
    "situation_end",
    "stay_admit",
    "stay_discharge",
    "stay_edit",
    "unmerge",
]
