"""Write the results of ``hjemvej reimbursement`` as CSV or JSON, one row per stay.

Money: øre are written exactly as kroner with two decimals and a decimal point; nothing rounds.
Speed: the output of ~100,000 rows is built as one byte matrix with numpy.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from itertools import chain, repeat
from json.encoder import encode_basestring  # the C function json.dumps uses for a string
from typing import TextIO

import numpy as np
import numpy.typing as npt

from hjemvej.rules.shelter.model import BoolArray, IntArray, StayResults, StayTable
from hjemvej.stays_csv.read import RESULT_COLUMNS

U8Array = npt.NDArray[np.uint8]


def write_results_csv(out: TextIO, table: StayTable, results: StayResults) -> None:
    """Write one result row per stay in input order, money as kroner with two decimals."""
    days, reimbursed_days, *money = _result_columns(table, results)
    parts: list[_Part] = [
        *(_Text(table.stay_id, _csv_cell), ",", _Text(table.citizen_id, _csv_cell), ","),
        *((days, False), ",", (reimbursed_days, False)),
    ]
    for column in money:
        parts += [",", (column, True)]
    out.write(",".join(RESULT_COLUMNS) + "\n")
    out.write(_render(len(table), [*parts, "\n"]))


def results_as_json(table: StayTable, results: StayResults, meta: dict[str, object]) -> str:
    """Return ``{"meta": meta, "stays": [...]}``, one stay a line, money as "123.45" strings."""
    days, reimbursed_days, *money = _result_columns(table, results)
    parts: list[_Part] = [
        *('{"stay_id": "', _Text(table.stay_id, _json_chars), '", "citizen_id": "'),
        *(_Text(table.citizen_id, _json_chars), '", "days": ', (days, False)),
        *(', "reimbursed_days": ', (reimbursed_days, False)),
    ]
    for key, column in zip(RESULT_COLUMNS[4:], money, strict=True):
        parts += [f', "{key}": "', (column, True), '"']
    stays = _render(len(table), [*parts, "},\n"]).removesuffix(",\n")
    head = '{"meta": ' + json.dumps(meta, ensure_ascii=False, default=_json_default)
    return head + ', "stays": [' + (f"\n{stays}\n" if stays else "") + "]}"


def file_kroner(oere: int) -> str:
    """Return øre as kroner the way the files write them: two decimals, a decimal point, no
    thousands separator ("-12.05", "1234.50"); one value of what ``_number_block`` writes.
    """
    sign = "-" if oere < 0 else ""
    kroner, rest = divmod(abs(oere), 100)
    return f"{sign}{kroner}.{rest:02d}"


def _json_default(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _result_columns(table: StayTable, results: StayResults) -> list[IntArray]:
    columns = [
        *(results.days, results.reimbursed_days, results.gross_cost),
        *(results.own_payment, results.reimbursement, results.net_cost),
    ]
    for column in columns:
        if len(column) != len(table):
            raise ValueError(f"results have {len(column)} rows, the table {len(table)}")
    return [np.asarray(c, dtype=np.int64) for c in columns]


def _csv_cell(value: str) -> str:
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _json_chars(value: str) -> str:
    return encode_basestring(value)[1:-1]  # the quotes are in the template


@dataclass(frozen=True)
class _Text:
    """A text column and how to escape a value; ``escape(v) == v`` is checked fast for ASCII."""

    values: list[str]
    escape: Callable[[str], str]


# A constant, integers (True: øre written as kroner), or text.
_Part = str | tuple[IntArray, bool] | _Text


def _render(n: int, parts: Sequence[_Part]) -> str:
    """Return ``n`` rows, each the parts in order.

    The rows are built as UTF-8 bytes in a uint8 matrix, each part right-aligned in its own
    columns and padded with zero bytes, which are then dropped. Text that needs escaping or a
    control character, holds a NUL or is long goes the slower way: one string per value, joined.
    """
    if not n:
        return ""
    blocks = [block for part in parts if (block := _block(n, part)) is not None]
    if len(blocks) == len(parts):
        chars = np.concatenate(blocks, axis=1)
        text: str = chars[chars != 0].tobytes().decode()
        return text
    strings: list[Iterable[str]] = []
    for part in parts:
        if isinstance(part, str):
            strings.append(repeat(part))
        elif isinstance(part, _Text):
            strings.append(map(part.escape, part.values))
        else:
            strings.append(_render(n, [part, "\n"]).splitlines())
    return "".join(chain.from_iterable(zip(*strings, strict=False)))  # repeat() is endless


def _block(n: int, part: _Part) -> U8Array | None:
    """Return the part as UTF-8 bytes right-aligned in zero-padded rows, or None to go slowly."""
    if isinstance(part, str):
        return np.broadcast_to(np.frombuffer(part.encode("ascii"), dtype=np.uint8), (n, len(part)))
    if isinstance(part, tuple):
        return _number_block(*part)
    lengths = list(map(len, part.values))
    if max(lengths) > 64:  # keep the matrix small
        return None
    codes = np.array(part.values).view(np.uint32).reshape(n, -1)
    block: U8Array
    if codes.max() < 128:
        block = codes.astype(np.uint8)
    else:
        encoded = [value.encode() for value in part.values]
        lengths = list(map(len, encoded))
        block = np.array(encoded).view(np.uint8).reshape(n, -1)
    if np.count_nonzero(block) != sum(lengths):  # a NUL character in a value
        return None
    return None if _needs_escape(part.escape)[block].any() else block


@cache
def _needs_escape(escape: Callable[[str], str]) -> BoolArray:
    """Return, per byte, whether it cannot be written as it is.

    0 is the padding. Bytes from 128 are parts of non-ASCII characters, which neither CSV nor
    JSON (as json.dumps with ensure_ascii=False writes it) escapes.
    """
    table = np.zeros(256, dtype=np.bool_)
    table[1:32] = True
    table[127] = escape("\x7f") != "\x7f"
    for c in range(32, 127):
        table[c] = escape(chr(c)) != chr(c)
    return table


def _number_block(values: IntArray, cents: bool) -> U8Array:
    """Return the numbers as right-aligned ASCII rows with zero bytes in front as padding.

    With ``cents`` the values are øre written as kroner with exactly two decimals: -1205 ->
    "-12.05", 5 -> "0.05".
    """
    n = len(values)
    magnitude = np.abs(values)
    shown = 3 if cents else 1  # digits always written: "0.05", "0"
    width = max(len(str(int(magnitude.max()))), shown)
    digits = np.empty((n, width), dtype=np.uint8)
    rest = magnitude
    for k in range(width - 1, -1, -1):  # one digit a pass: division by a scalar is fast
        higher = rest // 10
        digits[:, k] = rest - higher * 10
        rest = higher
    digits += ord("0")
    for power in range(shown, width):
        digits[magnitude < 10**power, width - 1 - power] = 0
    sign = np.where(values < 0, ord("-"), 0).astype(np.uint8)[:, None]
    if not cents:
        return np.concatenate([sign, digits], axis=1)
    point = np.full((n, 1), ord("."), dtype=np.uint8)
    return np.concatenate([sign, digits[:, :-2], point, digits[:, -2:]], axis=1)
