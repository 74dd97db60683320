"""§ 176 a: the state's reimbursement of Housing First support (§ 85 a) and § 107 botilbud.

``model`` holds the inputs, readings and results, ``periods`` finds the reimbursement periods,
``money`` prices each calendar month (and says where it rounds), and ``reimbursement`` puts them
together with the Danish explanation.
"""

from hjemvej.rules.dates import add_months
from hjemvej.rules.support.model import (
    HOUSING_FIRST_METHODS,
    METHOD_LABELS,
    SUPPORT_READINGS,
    Basis,
    CourseResult,
    DecisionReading,
    Method,
    MethodChange,
    MonthRow,
    ReimbursementPeriod,
    Sel107Anchor,
    Sel107Continuation,
    Sel107Decision,
    Stay,
    StayKind,
    SupportCourse,
    SupportReadings,
)
from hjemvej.rules.support.reimbursement import support_reimbursement

__all__ = [
    "HOUSING_FIRST_METHODS",
    "METHOD_LABELS",
    "SUPPORT_READINGS",
    "Basis",
    "CourseResult",
    "DecisionReading",
    "Method",
    "MethodChange",
    "MonthRow",
    "ReimbursementPeriod",
    "Sel107Anchor",
    "Sel107Continuation",
    "Sel107Decision",
    "Stay",
    "StayKind",
    "SupportCourse",
    "SupportReadings",
    "add_months",
    "support_reimbursement",
]
