"""The ``hjemvej`` command line.

The rules commands (``reimbursement``, ``budget``, ``params``) run without starting Django, so
they are fast; every other command is a Django management command (``migrate``, ``runserver`` …).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from hjemvej.stays_csv.dates import parse_date

if TYPE_CHECKING:
    from hjemvej.rules.parameters import ParameterSet
    from hjemvej.rules.shelter.model import Readings, StayTable

#: Exit code for bad input (files, arguments): nothing was written.
BAD_INPUT = 2


class UserError(Exception):
    """A problem the user can fix; the message is Danish and printed as it is."""


class _DanishParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(BAD_INPUT, f"{self.prog}: fejl: {message}\n")


#: The years ``budget --year`` reckons: the law's tables begin in the 1990s; 2200 is a typing error.
YEARS = range(1900, 2201)


def _year(text: str) -> int:
    """Return the year, or make argparse exit 2 with a Danish message."""
    from hjemvej.stays_csv.text import shorten

    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{shorten(text)}' er ikke et årstal") from None
    if year not in YEARS:
        raise argparse.ArgumentTypeError(
            f"årstallet '{shorten(text)}' skal ligge mellem {YEARS.start} og {YEARS.stop - 1}"
        )
    return year


def _rules_parser() -> argparse.ArgumentParser:
    parser = _DanishParser(
        prog="hjemvej",
        description=(
            "Hjemvej på kommandolinjen. Regelkommandoerne står herunder; alle andre kommandoer "
            "er Djangos (fx 'hjemvej migrate', 'hjemvej runserver')."
        ),
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_DanishParser)

    def law_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("stays", type=Path, metavar="STAYS.csv", help="opholdene (CSV)")
        p.add_argument("--as-of", type=parse_date, required=True, help="opgørelsesdato")
        p.add_argument(
            "--reading",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help="window=anchored|rolling365, cap=per_day|window_start, days=nights|dates",
        )
        p.add_argument(
            "--set",
            action="append",
            default=[],
            dest="overrides",
            metavar="PARAM=VALUE[@YYYY-MM-DD]",
            help="scenarie: erstat en parameters værdi fra datoen (uden dato: altid)",
        )
        p.add_argument("--out", type=Path, help="skriv resultatet til filen (ellers stdout)")

    reimbursement = sub.add_parser(
        "reimbursement", help="udgift, egenbetaling og statsrefusion (§ 177) pr. ophold"
    )
    law_options(reimbursement)
    reimbursement.add_argument("--format", choices=("csv", "json"), default="csv")
    reimbursement.add_argument(
        "--explain", metavar="CITIZEN_ID", help="forklar én borgers refusion dag for dag"
    )

    budget = sub.add_parser("budget", help="årets udgift, refusion og helårspersoner")
    law_options(budget)
    budget.add_argument("--year", type=_year, required=True)
    budget.add_argument("--monthly", action="store_true", help="også måned for måned")
    budget.add_argument("--format", choices=("text", "csv", "json"), default="text")

    params = sub.add_parser("params", help="parametre og deres værdi på en dato")
    params.add_argument("--date", type=parse_date, help="dato (standard: i dag)")
    return parser


RULES_COMMANDS = {"reimbursement", "budget", "params"}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = list(sys.argv[1:] if argv is None else argv)
    if (args and args[0] in RULES_COMMANDS) or args[:1] in (["-h"], ["--help"]):
        if args[:1] in (["-h"], ["--help"]):
            _rules_parser().print_help()
            print("\nDjango-kommandoer: hjemvej help")
            return 0
        return _run_rules(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hjemvej.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(["hjemvej", *args])
    except ImproperlyConfigured as exc:  # a missing or malformed key: say so, without a traceback
        print(f"hjemvej: {exc}", file=sys.stderr)
        return 1
    return 0


def _run_rules(args: list[str]) -> int:
    from hjemvej.rules.parameters import ParameterError

    ns = _rules_parser().parse_args(args)
    commands: dict[str, Callable[[argparse.Namespace], int]] = {
        "reimbursement": _reimbursement,
        "budget": _budget,
        "params": _params,
    }
    try:
        return commands[ns.command](ns)
    except (UserError, ParameterError) as exc:
        print(f"hjemvej {ns.command}: {exc}", file=sys.stderr)
        return BAD_INPUT
    except OverflowError:  # a number the checks let through and the engine cannot hold
        print(
            f"hjemvej {ns.command}: et tal i inddata er for stort til, at Hjemvej kan regne med "
            "det; kontrollér beløb, datoer og --set",
            file=sys.stderr,
        )
        return BAD_INPUT


def _law_inputs(ns: argparse.Namespace) -> tuple[StayTable, ParameterSet, Readings]:
    from hjemvej.rules.parameters import default_parameters, parse_override
    from hjemvej.rules.shelter.model import Readings
    from hjemvej.stays_csv import StaysInputError, read_stays_csv

    try:
        readings = Readings.parse(ns.reading)
    except ValueError as exc:
        raise UserError(f"--reading: {exc}") from None
    params = default_parameters()
    overrides = [parse_override(text, params) for text in ns.overrides]
    if overrides:
        params = params.with_overrides(overrides)
    if not ns.stays.is_file():
        raise UserError(f"{ns.stays}: filen findes ikke")
    try:
        table = read_stays_csv(ns.stays)
    except StaysInputError as exc:
        raise UserError(f"{len(exc.problems)} fejl i inddata; intet er skrevet:\n{exc}") from None
    return table, params, readings


def _notices(params: ParameterSet, table: StayTable, as_of: date) -> list[str]:
    """Return what the user must know: a scenario, and values that are not enacted law."""
    from hjemvej.core.law import status_notice
    from hjemvej.rules.shelter.periods import CAP, OWN_PAYMENT, RATE

    notes: list[str] = []
    if params.is_scenario:
        notes.append(
            "SCENARIE – resultatet bygger ikke på gældende regler: "
            + ", ".join(o.describe() for o in params.overrides)
        )
    if len(table):
        first = date.fromordinal(int(table.admitted.min()))
        for name in (CAP, RATE, OWN_PAYMENT):
            for value in params[name].between(first, as_of):
                if not value.enacted and value.status != "scenario":  # told in the line above
                    notes.append(
                        f"{name} = {value.display} fra {value.valid_from.isoformat()} er "
                        f"{status_notice(value)} ({value.reference})"
                    )
    return notes


def _reimbursement(ns: argparse.Namespace) -> int:
    from hjemvej.rules.shelter import reimburse, reimburse_plain
    from hjemvej.stays_csv import results_as_json, write_results_csv

    table, params, readings = _law_inputs(ns)
    explain_rows = None
    if ns.explain is not None:
        explain_rows = [i for i, c in enumerate(table.citizen_id) if c == ns.explain]
        if not explain_rows:
            raise UserError(f"--explain: borgeren '{ns.explain}' findes ikke i {ns.stays}")
    results = reimburse(table, as_of=ns.as_of, params=params, readings=readings)
    notes = _notices(params, table, ns.as_of)
    meta: dict[str, object] = {
        "as_of": ns.as_of.isoformat(),
        "readings": {"window": readings.window, "cap": readings.cap, "days": readings.days},
        "parameter_set": params.fingerprint,
        "scenario": [o.describe() for o in params.overrides],
        "notices": notes,
    }
    if ns.out is not None or explain_rows is None:

        def write(out: TextIO) -> None:
            if ns.format == "json":
                out.write(results_as_json(table, results, meta))
            else:
                write_results_csv(out, table, results)

        _write_output(ns.out, write)
    if explain_rows is not None:
        import numpy as np

        subset = table.take(np.array(explain_rows, dtype=np.int64))
        _, explanations = reimburse_plain(subset, as_of=ns.as_of, params=params, readings=readings)
        print(explanations[ns.explain].as_text())
    for note in notes:
        print(f"Bemærk: {note}", file=sys.stderr)
    return 0


def _budget(ns: argparse.Namespace) -> int:
    from hjemvej.rules.budget import budget_year
    from hjemvej.rules.parameters import decimal_comma, format_kroner
    from hjemvej.stays_csv import file_kroner

    table, params, readings = _law_inputs(ns)
    whole, months = budget_year(
        table, year=ns.year, as_of=ns.as_of, params=params, readings=readings
    )
    lines = [*(months if ns.monthly else []), whole]
    notes = _notices(params, table, ns.as_of)

    def label(line_start: date, line_end: date) -> str:
        return str(ns.year) if (line_end - line_start).days > 31 else line_start.strftime("%Y-%m")

    def write(out: TextIO) -> None:
        if ns.format == "json":
            rows = [
                {
                    "period": label(x.start, x.end),
                    "days": x.days,
                    "reimbursed_days": x.reimbursed_days,
                    "full_year_persons": str(x.full_year_persons),
                    "gross_cost": file_kroner(x.gross_cost),
                    "own_payment": file_kroner(x.own_payment),
                    "reimbursement": file_kroner(x.reimbursement),
                    "net_cost": file_kroner(x.net_cost),
                }
                for x in lines
            ]
            meta = {
                "year": ns.year,
                "as_of": ns.as_of.isoformat(),
                "parameter_set": params.fingerprint,
                "scenario": [o.describe() for o in params.overrides],
                "notices": notes,
            }
            out.write(json.dumps({"meta": meta, "periods": rows}, ensure_ascii=False, indent=2))
            out.write("\n")
        elif ns.format == "csv":
            out.write(
                "period,days,reimbursed_days,full_year_persons,gross_cost,own_payment,"
                "reimbursement,net_cost\n"
            )
            for x in lines:
                money = (x.gross_cost, x.own_payment, x.reimbursement, x.net_cost)
                out.write(
                    f"{label(x.start, x.end)},{x.days},{x.reimbursed_days},{x.full_year_persons},"
                    + ",".join(map(file_kroner, money))
                    + "\n"
                )
        else:
            header = (
                f"{'Periode':<8} {'Dage':>9} {'Helårspers.':>11} {'Bruttoudgift':>17} "
                f"{'Egenbetaling':>15} {'Refusion':>17} {'Nettoudgift':>17}"
            )
            out.write(f"Boformer efter § 110, {ns.year} (opgjort pr. {ns.as_of:%d.%m.%Y})\n")
            out.write(header + "\n")
            for x in lines:
                out.write(
                    f"{label(x.start, x.end):<8} {x.days:>9} "
                    f"{decimal_comma(x.full_year_persons):>11} "
                    f"{format_kroner(x.gross_cost):>17} {format_kroner(x.own_payment):>15} "
                    f"{format_kroner(x.reimbursement):>17} {format_kroner(x.net_cost):>17}\n"
                )
            out.write("Beløb i kr.\n")

    _write_output(ns.out, write)
    for note in notes:
        print(f"Bemærk: {note}", file=sys.stderr)
    return 0


def _params(ns: argparse.Namespace) -> int:
    from zoneinfo import ZoneInfo

    from hjemvej.rules.parameters import ParameterError, default_parameters

    on: date = ns.date or datetime.now(ZoneInfo("Europe/Copenhagen")).date()
    params = default_parameters()
    print(f"Parametre den {on:%d.%m.%Y} (parametersæt {params.fingerprint})")
    area = ""
    for param in params:
        if param.area != area:
            area = param.area
            print(f"\n[{area}]")
        try:
            value = param.at(on)
        except ParameterError:  # a parameter whose first value lies after the date
            print(f"  {param.name}: (ingen værdi endnu; første fra {param.first_date})")
            continue
        print(f"  {param.name} = {value.display}  [{value.status_label}]")
        print(f"      {param.title}")
        print(f"      fra {value.valid_from:%d.%m.%Y}; {value.reference}")
    return 0


def _write_output(target: Path | None, write: Callable[[TextIO], None]) -> None:
    """Write to stdout, or to the file through a temporary file so no half file is ever left."""
    if target is None:
        write(sys.stdout)
        return
    directory = target.resolve().parent
    if not directory.is_dir():
        raise UserError(f"--out: mappen {directory} findes ikke")
    fd, tmp = tempfile.mkstemp(dir=directory, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            write(handle)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


if __name__ == "__main__":
    raise SystemExit(main())
