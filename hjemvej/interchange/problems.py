"""A problem with an input file: where (sheet, row, column) and which rule it breaks, in Danish."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem; ``row`` is the row's number in the sheet as a spreadsheet shows it."""

    sheet: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = [f"ark {self.sheet}" if self.sheet else "filen"]
        if self.row:
            where.append(f"række {self.row}")
        if self.column:
            where.append(f"kolonne {self.column}")
        return f"{', '.join(where)}: {self.message}"


class ImportRefused(Exception):
    """The file has problems; nothing was written. ``problems`` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problemer i filen; intet er skrevet")
        self.problems = sorted(set(problems))
