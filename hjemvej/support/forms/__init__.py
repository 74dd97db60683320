"""Forms of support: courses, § 107 stays and contacts, and the method structure (reviews,
assessments, limits).

Forms only parse and check input; ``hjemvej/support/services.py`` decides and writes.
"""

from hjemvej.support.forms.botilbud import BotilbudForm
from hjemvej.support.forms.courses import (
    ContactForm,
    CourseForm,
    WorkerField,
    choice_legend,
    workers_for,
)
from hjemvej.support.forms.methods import AssessmentForm, CaseloadLimitsForm, ReviewForm

__all__ = [
    "AssessmentForm",
    "BotilbudForm",
    "CaseloadLimitsForm",
    "ContactForm",
    "CourseForm",
    "ReviewForm",
    "WorkerField",
    "choice_legend",
    "workers_for",
]
