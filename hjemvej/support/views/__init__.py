"""The support pages: a citizen's support tab, reviews and assessments, § 107 stays, caseload."""

from hjemvej.support.views.botilbud import botilbud_add, botilbud_edit
from hjemvej.support.views.caseload import caseload, limits
from hjemvej.support.views.citizen import assessment, citizen, review_add

__all__ = [
    "assessment",
    "botilbud_add",
    "botilbud_edit",
    "caseload",
    "citizen",
    "limits",
    "review_add",
]
