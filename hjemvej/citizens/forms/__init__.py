"""Forms that change the person record: identity, situations and consent.

Forms only parse and check input; the services in ``hjemvej/citizens/services.py`` decide and
write. The fields and ``HjemvejForm`` they are built from are in ``hjemvej/core/forms.py``.
"""

from hjemvej.citizens.forms.citizen import (
    AT_RISK,
    LEAVING_REASONS,
    CitizenCreateForm,
    CitizenDetailsForm,
    CitizenEditForm,
    SituationAddForm,
    SituationEndForm,
)
from hjemvej.citizens.forms.consent import ConsentAddForm, ConsentWithdrawForm

__all__ = [
    "AT_RISK",
    "LEAVING_REASONS",
    "CitizenCreateForm",
    "CitizenDetailsForm",
    "CitizenEditForm",
    "ConsentAddForm",
    "ConsentWithdrawForm",
    "SituationAddForm",
    "SituationEndForm",
]
