"""Read the stays file of ``hjemvej reimbursement`` into a ``StayTable``.

Input: a header and the columns ``citizen_id, stay_id, admitted, discharged, daily_rate,
own_payment`` in any order (others ignored), either comma-separated with decimal point or
semicolon-separated with decimal comma and ``.`` as thousands separator (Danish Excel), UTF-8 with
or without BOM, dates ``ÅÅÅÅ-MM-DD``, ``DD-MM-ÅÅÅÅ`` or ``DD.MM.ÅÅÅÅ``. Every problem in the file is
collected and reported at once, in Danish, naming file, line (header = 1) and column.

Money: kroner in the file become integer øre exactly (more than two decimals is an error, so
nothing is rounded on the way in).

Speed: the national file has ~100,000 rows, so each distinct string is parsed once, rows are split
with ``str.split`` (the ``csv`` module only when the file has quotes), and the checks are
vectorised with numpy.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import chain
from pathlib import Path

import numpy as np
import numpy.typing as npt

from hjemvej.rules.shelter.model import MISSING, BoolArray, IntArray, StayTable
from hjemvej.stays_csv.text import shorten

U8Array = npt.NDArray[np.uint8]

COLUMNS = ("citizen_id", "stay_id", "admitted", "discharged", "daily_rate", "own_payment")
RESULT_COLUMNS = (
    *("stay_id", "citizen_id", "days", "reimbursed_days"),
    *("gross_cost", "own_payment", "reimbursement", "net_cost"),
)

# An open stay occupies every night from admission on: its end is later than any date's ordinal
# (date.max.toordinal() == 3_652_059 < 2**22), and citizen << 23 keeps citizens' keys apart.
_OPEN_END = 1 << 22
_CITIZEN_SHIFT = 23

_YMD = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)
_DMY = re.compile(r"(\d{2})([-.])(\d{2})\2(\d{4})", re.ASCII)
_DIGITS = re.compile(r"\d+", re.ASCII)
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64)
_DAYS_BEFORE_MONTH = np.concatenate([[0], np.cumsum(_DAYS_IN_MONTH[:-1])])
#: The most a daily rate or own payment may be (kroner a night): not a plausibility bound (the
#: forms hold rates to bounds.shelter.daily_rate.max), but the most the engine can hold: days ×
#: rate for any stay of up to 2,000 years stays within its 64-bit øre.
MAX_KRONER = 100_000_000_000
_BLANK_LINE = "linjen er tom; tomme linjer må kun stå sidst i filen"


@dataclass(frozen=True)
class InputProblem:
    """One thing wrong in an input file, and where (line 1 is the header)."""

    file: str
    line: int | None
    column: str | None
    message: str  # Danish

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"linje {self.line}")
        if self.column is not None:
            where.append(f"kolonne {self.column}")
        return f"{', '.join(where)}: {self.message}"


class StaysInputError(Exception):
    """The stays file cannot be used; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: Sequence[InputProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(map(str, self.problems)))


# ----------------------------------------------------------------------------------------- reading


def read_stays_csv(path: Path) -> StayTable:
    """Read a stays file into a StayTable, or raise StaysInputError listing every problem."""
    name = path.name  # what the user knows the file as; tmp and absolute paths stay out
    try:
        data = path.read_bytes()
    except OSError as err:
        reason = {
            FileNotFoundError: "filen findes ikke",
            IsADirectoryError: "er en mappe, ikke en fil",
            PermissionError: "der er ikke adgang til at læse filen",
        }.get(type(err), f"filen kan ikke læses ({err.strerror})")
        raise StaysInputError([InputProblem(name, None, None, reason)]) from None
    return _parse_text(_decode(data, name), name)


def _decode(data: bytes, name: str) -> str:
    """Decode UTF-8 with or without BOM; anything else is a problem."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        msg = 'filen er gemt som UTF-16; gem den som "CSV UTF-8"'
        raise StaysInputError([InputProblem(name, None, None, msg)])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        byte = data[err.start : err.start + 1].hex().upper()
        msg = f'filen er ikke UTF-8 (byte 0x{byte} kan ikke læses); gem den som "CSV UTF-8"'
        raise StaysInputError([InputProblem(name, line, None, msg)]) from None


@dataclass
class _Grid:
    """Data rows as one flat list of fields, ``ncols`` per row; ``lines[i]`` is row i's line."""

    flat: list[str]
    ncols: int
    lines: Sequence[int]
    spaced: bool = True  # may have values with spaces around them
    raw: U8Array | None = None  # the rows as UTF-8 bytes, when every row is whole and unquoted
    seps: IntArray | None = None  # where in ``raw`` each field ends (delimiter or newline)

    def column(self, k: int) -> list[str]:
        return self.flat[k :: self.ncols]

    def bounds(self, k: int) -> tuple[IntArray, IntArray]:
        """Return where field k of each row starts in ``raw``, and its length in bytes."""
        assert self.seps is not None
        ends = self.seps[k :: self.ncols]
        before = self.seps[k - 1 :: self.ncols] if k else self.seps[self.ncols - 1 :: self.ncols]
        starts = before[: len(ends)] + 1 if k else np.concatenate([[0], before[:-1] + 1])
        return starts, ends - starts

    def row(self, i: int) -> list[str]:
        return self.flat[i * self.ncols : (i + 1) * self.ncols]


def _is_blank(fields: Sequence[str]) -> bool:
    return not "".join(fields).strip()


def _parse_text(text: str, name: str) -> StayTable:
    """Split, check and convert the decoded file; raise with every problem found."""
    if not text.strip():
        raise StaysInputError([InputProblem(name, None, None, "filen er tom")])
    first_line = text.split("\n", 1)[0]
    delim = ";" if first_line.count(";") > first_line.count(",") else ","
    problems: list[InputProblem] = []  # in the rows: reported only when the header is right
    split = _split_quoted if '"' in text else _split_plain
    header, grid = split(text, delim, name, problems)
    grid.spaced = any(c in text for c in " \t\xa0")

    names = [h.strip().lower() for h in header]
    position: dict[str, int] = {}
    header_problems: list[InputProblem] = []
    for col in COLUMNS:
        found = [i for i, h in enumerate(names) if h == col]
        if len(found) == 1:
            position[col] = found[0]
            continue
        if found:
            msg = "kolonnen står mere end én gang i overskriften"
        else:
            msg = f"kolonnen mangler i overskriften (den har: {', '.join(map(str.strip, header))})"
        header_problems.append(InputProblem(name, 1, col, msg))
    if header_problems:
        # Nothing else can be checked without the columns (a broken quote in line 1 aside).
        raise StaysInputError(header_problems + [p for p in problems if p.line == 1])

    table = _check_and_convert(grid, position, delim, name, problems)
    if problems:
        order = {col: position[col] for col in COLUMNS}
        problems.sort(key=lambda p: (p.line or 0, order.get(p.column or "", -1)))
        raise StaysInputError(problems)
    return table


def _split_plain(
    text: str, delim: str, name: str, problems: list[InputProblem]
) -> tuple[list[str], _Grid]:
    """Split a file without quotes: one flat ``str.split`` when every row is whole."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    header_line, _, body = text.partition("\n")
    header = header_line.split(delim)
    ncols = len(header)
    end = len(body)
    while end:  # trailing blank lines (also Excel's ";;;;;") are fine: cut them off
        cut = body.rfind("\n", 0, end)
        if body[cut + 1 : end].strip(" \t" + delim):
            break
        end = max(cut, 0)
    body = body[:end]
    if not body:
        return header, _Grid([], ncols, [])
    nrows = body.count("\n") + 1
    lines = range(2, nrows + 2)
    raw = np.frombuffer((body + "\n").encode(), dtype=np.uint8)
    seps = np.flatnonzero((raw == ord(delim)) | (raw == ord("\n")))
    # nrows newlines among nrows * ncols separators, every ncols-th of them a newline: then each
    # line holds exactly ncols - 1 delimiters.
    if len(seps) == nrows * ncols and (raw[seps[ncols - 1 :: ncols]] == ord("\n")).all():
        flat = body.replace("\n", delim).split(delim)
        return header, _Grid(flat, ncols, lines, raw=raw, seps=seps)
    records = [line.split(delim) for line in body.split("\n")]
    return header, _grid_from_records(records, lines, ncols, delim, name, problems)


def _split_quoted(
    text: str, delim: str, name: str, problems: list[InputProblem]
) -> tuple[list[str], _Grid]:
    """Split a file with quoted fields with the csv module, keeping each record's first line."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim, strict=True)
    records: list[list[str]] = []
    lines: list[int] = []
    header: list[str] = []
    previous = 0  # the line the last record ended on
    try:
        header = next(reader)
        previous = reader.line_num
        for record in reader:
            records.append(record)
            lines.append(previous + 1)
            previous = reader.line_num
    except csv.Error:
        # The rest cannot be split reliably after a broken quote: check what came before it.
        msg = (
            'anførselstegn (") passer ikke sammen: et felt i anførselstegn skal slutte med " '
            'lige før skilletegn eller linjeskift, og " inde i feltet skrives ""'
        )
        problems.append(InputProblem(name, previous + 1, None, msg))
    while records and _is_blank(records[-1]):
        records.pop()
        lines.pop()
    return header, _grid_from_records(records, lines, len(header), delim, name, problems)


def _grid_from_records(
    records: list[list[str]],
    lines: Sequence[int],
    ncols: int,
    delim: str,
    name: str,
    problems: list[InputProblem],
) -> _Grid:
    """Report the rows with the wrong number of fields and keep the rest."""
    bad = {i for i, r in enumerate(records) if len(r) != ncols}
    if not bad:
        return _Grid(list(chain.from_iterable(records)), ncols, lines)
    sep = "semikolon" if delim == ";" else "komma"
    for i in sorted(bad):
        fields = records[i]
        msg = f"linjen har {len(fields)} felter, men overskriften har {ncols} (skilletegn: {sep})"
        problems.append(
            InputProblem(name, lines[i], None, _BLANK_LINE if _is_blank(fields) else msg)
        )
    keep = [i for i in range(len(records)) if i not in bad]
    flat = list(chain.from_iterable(records[i] for i in keep))
    return _Grid(flat, ncols, [lines[i] for i in keep])


def _check_and_convert(
    grid: _Grid, position: Mapping[str, int], delim: str, name: str, problems: list[InputProblem]
) -> StayTable:
    """Check every value, appending to ``problems``; the table is only good if none were found."""
    lines = grid.lines
    n = len(lines)
    skip: set[int] = set()  # blank lines: one problem for the line, none for its fields

    def report(i: int, column: str, message: str) -> None:
        if i not in skip:
            problems.append(InputProblem(name, lines[i], column, message))

    citizen_id, stay_id = (grid.column(position[c]) for c in ("citizen_id", "stay_id"))
    if grid.spaced:  # pay for stripping only when a space is anywhere in the file
        citizen_id, stay_id = [c.strip() for c in citizen_id], [s.strip() for s in stay_id]
    usable = np.ones(n, dtype=np.bool_)  # takes part in the overlap check
    dated = np.ones(n, dtype=np.bool_)  # both dates readable
    if "" in citizen_id:
        for i in [i for i, value in enumerate(citizen_id) if not value]:
            usable[i] = False
            if _is_blank(grid.row(i)):  # Excel writes ";;;;;" for an empty formatted row
                dated[i] = False
                problems.append(InputProblem(name, lines[i], None, _BLANK_LINE))
                skip.add(i)
            else:
                report(i, "citizen_id", "feltet er tomt; hvert ophold skal have et borger-id")
    distinct = set(stay_id)
    if len(distinct) != n or "" in distinct:
        first_row: dict[str, int] = {}
        for i, value in enumerate(stay_id):
            j = first_row.setdefault(value, i)
            if not value:
                usable[i] = False
                report(i, "stay_id", "feltet er tomt; hvert ophold skal have et ophold-id")
            elif j != i:
                report(i, "stay_id", f"ophold-id {shorten(value)} står også på linje {lines[j]}")

    decimal, thousands = (",", ".") if delim == ";" else (".", "")

    def kroner(raw: str) -> int | str:
        return _parse_kroner(raw, decimal, thousands)

    converters: dict[str, tuple[Callable[[str], int | str], int | str]] = {
        "admitted": (_parse_date, "feltet er tomt; indskrivningsdatoen skal udfyldes"),
        "discharged": (_parse_date, MISSING),
        "daily_rate": (kroner, "feltet er tomt; dagstaksten skal udfyldes"),
        "own_payment": (kroner, MISSING),
    }
    columns: dict[str, IntArray] = {}
    for column, (parse, if_empty) in converters.items():
        raw_values = grid.column(position[column])
        if parse is _parse_date and grid.raw is not None:
            values, fast = _dates_from_bytes(grid.raw, *grid.bounds(position[column]))
            slow = np.flatnonzero(~fast)  # empty, spaced, wrong: the way below says why
            values[slow], errors = _convert([raw_values[i] for i in slow], parse, if_empty)
            columns[column] = values
        else:
            columns[column], errors = _convert(raw_values, parse, if_empty)
        if errors:
            for i, raw in enumerate(raw_values):
                if raw in errors:
                    report(i, column, errors[raw])
                    dated[i] &= column not in ("admitted", "discharged")

    admitted, discharged = columns["admitted"], columns["discharged"]
    before = dated & (discharged != MISSING) & (discharged < admitted)
    for i in np.flatnonzero(before).tolist():
        out, into = _iso(discharged[i]), _iso(admitted[i])
        report(i, "discharged", f"udskrevet {out} er før indskrevet {into}")
    citizen = _dense_codes(citizen_id)
    overlaps = _overlaps(citizen, admitted, discharged, usable & dated & ~before)
    for i, j in overlaps:
        report(
            i,
            "admitted",
            f"opholdet {stay_id[i]} ({_period(admitted[i], discharged[i])}) overlapper "
            f"opholdet {stay_id[j]} på linje {lines[j]} ({_period(admitted[j], discharged[j])}) "
            "for samme borger",
        )
    return StayTable(
        stay_id=stay_id,
        citizen_id=citizen_id,
        citizen=citizen,
        admitted=admitted,
        discharged=discharged,
        daily_rate=columns["daily_rate"],
        own_payment=columns["own_payment"],
        qualifies=np.ones(n, dtype=np.bool_),
    )


def _convert(
    raw_values: list[str], parse: Callable[[str], int | str], if_empty: int | str
) -> tuple[IntArray, dict[str, str]]:
    """Parse each distinct string once; return the values and a message per bad string."""
    parsed: dict[str, int] = {}
    errors: dict[str, str] = {}
    for raw in set(raw_values):
        result = parse(raw) if raw.strip() else if_empty
        if isinstance(result, str):
            errors[raw] = result
            result = MISSING
        parsed[raw] = result
    return np.array(list(map(parsed.__getitem__, raw_values)), dtype=np.int64), errors


def _parse_date(raw: str) -> int | str:
    """Return the date's ordinal, or a Danish message (ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ, DD.MM.ÅÅÅÅ)."""
    text = raw.strip()
    if match := _YMD.fullmatch(text):
        year, month, day = match.group(1, 2, 3)
    elif match := _DMY.fullmatch(text):
        day, month, year = match.group(1, 3, 4)
    else:
        return f"ugyldig dato '{shorten(raw)}'; skriv ÅÅÅÅ-MM-DD eller DD-MM-ÅÅÅÅ"
    try:
        return date(int(year), int(month), int(day)).toordinal()
    except ValueError:
        return f"datoen '{shorten(raw)}' findes ikke"


def _dates_from_bytes(
    raw: U8Array, starts: IntArray, lengths: IntArray
) -> tuple[IntArray, BoolArray]:
    """Return each ``ÅÅÅÅ-MM-DD``, ``DD-MM-ÅÅÅÅ`` or ``DD.MM.ÅÅÅÅ`` date's ordinal, and which were.

    The same dates as ``_parse_date`` reads, vectorised: ten bytes a row from the file.
    """
    good = lengths == 10
    c = raw[np.where(good, starts, 0)[:, None] + np.arange(10)].astype(np.int64) - ord("0")
    digit = (c >= 0) & (c <= 9)
    dash, dot = ord("-") - ord("0"), ord(".") - ord("0")
    iso = (c[:, 4] == dash) & (c[:, 7] == dash) & digit[:, [0, 1, 2, 3, 5, 6, 8, 9]].all(axis=1)
    dmy = ((c[:, 2] == dash) | (c[:, 2] == dot)) & (c[:, 5] == c[:, 2])
    dmy &= digit[:, [0, 1, 3, 4, 6, 7, 8, 9]].all(axis=1)
    good &= iso | dmy
    v = np.where(good[:, None], c, 0)
    year = np.where(iso, v[:, 0] * 1000 + v[:, 1] * 100 + v[:, 2] * 10 + v[:, 3], 0)
    year += np.where(iso, 0, v[:, 6] * 1000 + v[:, 7] * 100 + v[:, 8] * 10 + v[:, 9])
    month = np.where(iso, v[:, 5] * 10 + v[:, 6], v[:, 3] * 10 + v[:, 4])
    day = np.where(iso, v[:, 8] * 10 + v[:, 9], v[:, 0] * 10 + v[:, 1])
    good &= (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    month = np.where(good, month, 1)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    good &= day <= _DAYS_IN_MONTH[month] + (leap & (month == 2))
    y = year - 1  # the proleptic Gregorian ordinal, as date.toordinal()
    days = y * 365 + y // 4 - y // 100 + y // 400 + _DAYS_BEFORE_MONTH[month] + day
    return np.where(good, days + (leap & (month > 2)), MISSING), good


def _parse_kroner(raw: str, decimal: str, thousands: str) -> int | str:
    """Return kroner as exact øre, or a Danish message; never negative, at most two decimals."""
    text = raw.strip()
    negative = text[:1] in ("-", "−")
    whole, has_decimals, fraction = text[negative:].partition(decimal)
    if thousands and thousands in whole:
        groups = whole.split(thousands)
        well_placed = 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
        whole = "".join(groups) if well_placed else ""
    if not _DIGITS.fullmatch(whole) or (has_decimals and not _DIGITS.fullmatch(fraction)):
        example = "1234,50" if decimal == "," else "1234.50"
        return f"ugyldigt beløb '{shorten(raw)}'; skriv kroner som fx {example}"
    if len(fraction) > 2:
        return (
            f"beløbet '{shorten(raw)}' har mere end to decimaler; skriv kroner med højst to (øre)"
        )
    if len(whole.lstrip("0")) > len(str(MAX_KRONER)):  # never turn 23 digits into an int
        return _too_large(raw)
    ore = int(whole) * 100 + int(fraction.ljust(2, "0"))
    if negative and ore:
        return f"beløbet '{shorten(raw)}' er negativt"
    if ore > MAX_KRONER * 100:
        return _too_large(raw)
    return ore


def _too_large(raw: str) -> str:
    return (
        f"beløbet '{shorten(raw)}' er for stort; en takst eller egenbetaling pr. døgn kan højst "
        f"være {MAX_KRONER:,} kr.".replace(",", ".")
    )


def _iso(ordinal: int | np.int64) -> str:
    return date.fromordinal(int(ordinal)).isoformat()


def _period(admitted: np.int64, discharged: np.int64) -> str:
    if discharged == MISSING:
        return f"indskrevet {_iso(admitted)}, ikke udskrevet"
    return f"indskrevet {_iso(admitted)}, udskrevet {_iso(discharged)}"


def _dense_codes(values: list[str]) -> IntArray:
    """Number the distinct values 0, 1, … in order of first appearance."""
    distinct = dict.fromkeys(values)
    code = dict(zip(distinct, range(len(distinct)), strict=True))
    return np.array(list(map(code.__getitem__, values)), dtype=np.int64)


def _overlaps(
    citizen: IntArray, admitted: IntArray, discharged: IntArray, usable: BoolArray
) -> list[tuple[int, int]]:
    """Return (row, earlier row) for each stay sharing a night with a stay admitted before it.

    A stay occupies the nights [admitted, discharged); a same-day stay the night
    [admitted, admitted + 1); an open stay every night from admitted. Each stay is compared with
    the furthest-reaching stay of the citizen admitted before it (a running maximum), so an
    overlap with any earlier stay is found, not only with the one just before.
    """
    rows = np.flatnonzero(usable)
    adm, dis = admitted[rows], discharged[rows]
    end = np.where(dis == MISSING, _OPEN_END, np.maximum(dis, adm + 1))
    order = np.lexsort((adm, citizen[rows]))  # stable: equal admissions keep line order
    rows, adm, end = rows[order], adm[order], end[order]
    base = citizen[rows] << _CITIZEN_SHIFT
    reach = np.maximum.accumulate(base + end)
    # The row that set the running maximum, i.e. the stay reaching furthest so far.
    holder = np.maximum.accumulate(np.where(base + end == reach, np.arange(len(rows)), 0))
    clash = np.flatnonzero(base[1:] + adm[1:] < reach[:-1]) + 1
    return [(int(rows[k]), int(rows[holder[k - 1]])) for k in clash.tolist()]
