"""The support pages: a citizen's support tab, reviews and assessments, caseload and its limits."""

from hjemvej.support.views.caseload import caseload, limits
from hjemvej.support.views.citizen import assessment, citizen, review_add

__all__ = ["assessment", "caseload", "citizen", "limits", "review_add"]
