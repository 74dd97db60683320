"""The stays file that ``hjemvej reimbursement`` reads, and the results it writes.

This is the edge between files and the pure rules: the rules never read or write a file.
"""

from hjemvej.stays_csv.read import (
    COLUMNS,
    RESULT_COLUMNS,
    InputProblem,
    StaysInputError,
    read_stays_csv,
)
from hjemvej.stays_csv.write import file_kroner, results_as_json, write_results_csv

__all__ = [
    "COLUMNS",
    "RESULT_COLUMNS",
    "InputProblem",
    "StaysInputError",
    "file_kroner",
    "read_stays_csv",
    "results_as_json",
    "write_results_csv",
]
