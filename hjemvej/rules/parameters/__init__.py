"""Date-versioned parameters of law and policy: load, validate, look up by date, override.

Every number of law or policy lives in ``params/*.yaml``. A file holds one area of law::

    area: shelter
    title: Boformer efter § 110 og statsrefusion efter § 177
    parameters:
      shelter.reimbursement.day_cap:
        title: Loft over refusionsberettigede dage pr. år
        unit: days
        nullable: true
        values:
          - from: 2023-10-01
            value: 120
            reference: Serviceloven § 177, stk. 1, jf. lov nr. 482 af 12. maj 2023
            source: https://www.retsinformation.dk/eli/lta/2023/482
            status: law

A value is in force from its ``from`` date until the next value's ``from`` date (closed-open).
Money is written in kroner and held as integer øre; percentages are held as ``Decimal``.
"""

from hjemvej.rules.parameters.load import (
    PARAMS_DIR,
    default_parameters,
    load_parameters,
    parse_override,
)
from hjemvej.rules.parameters.model import Override, Parameter, ParameterSet, ParameterValue
from hjemvej.rules.parameters.values import (
    COUNT_UNITS,
    MONEY_UNITS,
    SINGULAR_LABELS,
    STATUS_LABELS,
    STATUSES,
    UNIT_LABELS,
    UNITS,
    ParameterError,
    Status,
    Value,
    decimal_comma,
    exact_kroner,
    format_kroner,
    format_value,
    is_enacted,
    parse_value,
)

__all__ = [
    "COUNT_UNITS",
    "MONEY_UNITS",
    "PARAMS_DIR",
    "SINGULAR_LABELS",
    "STATUSES",
    "STATUS_LABELS",
    "UNITS",
    "UNIT_LABELS",
    "Override",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "ParameterValue",
    "Status",
    "Value",
    "decimal_comma",
    "default_parameters",
    "exact_kroner",
    "format_kroner",
    "format_value",
    "is_enacted",
    "load_parameters",
    "parse_override",
    "parse_value",
]
