"""Forms that change a citizen's data: Danish labels and messages, DKFDS widgets.

Forms only parse and check input; the services (``hjemvej/{citizens,shelters,support}/services.py``)
decide and write. A service's ``DomainError`` becomes an error on the field it names.

The fields and ``HjemvejForm`` are in ``base``; the forms in one module per subject. Every name is
importable from ``hjemvej.citizens.forms``.
"""

from hjemvej.citizens.forms.base import (
    DATE_FORMATS,
    REQUIRED,
    DateField,
    DateInput,
    HjemvejForm,
    MoneyField,
    MunicipalityField,
    parse_money,
)
from hjemvej.citizens.forms.citizen import (
    LEAVING_REASONS,
    CitizenCreateForm,
    CitizenDetailsForm,
    CitizenEditForm,
    SituationAddForm,
    SituationEndForm,
)
from hjemvej.citizens.forms.consent import ConsentAddForm, ConsentWithdrawForm
from hjemvej.citizens.forms.merge import MergeSearchForm
from hjemvej.citizens.forms.stays import (
    AdmitNewForm,
    ShelterField,
    StayAdmitForm,
    StayDetailsForm,
    StayDischargeForm,
    StayEditForm,
    shelters_for,
)
from hjemvej.citizens.forms.support import ContactForm, CourseForm, WorkerField, workers_for

__all__ = [
    "DATE_FORMATS",
    "LEAVING_REASONS",
    "REQUIRED",
    "AdmitNewForm",
    "CitizenCreateForm",
    "CitizenDetailsForm",
    "CitizenEditForm",
    "ConsentAddForm",
    "ConsentWithdrawForm",
    "ContactForm",
    "CourseForm",
    "DateField",
    "DateInput",
    "HjemvejForm",
    "MergeSearchForm",
    "MoneyField",
    "MunicipalityField",
    "ShelterField",
    "SituationAddForm",
    "SituationEndForm",
    "StayAdmitForm",
    "StayDetailsForm",
    "StayDischargeForm",
    "StayEditForm",
    "WorkerField",
    "parse_money",
    "shelters_for",
    "workers_for",
]
