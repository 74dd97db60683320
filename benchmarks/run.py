"""Run the registered benchmarks, print a table and write ``var/bench/results.json``.

Usage: ``python -m benchmarks.run [--only NAME] [--strict]``. Exits 1 when a correctness check
fails or a measurement could not be made; a missed time target only fails with ``--strict``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Sequence
from datetime import UTC, datetime

from benchmarks.registry import Context, Measurement, Report, discover


def _format_value(m: Measurement) -> str:
    if m.value is None:
        return "—"
    return f"{m.value:.3f} {m.unit}" if m.unit == "s" else f"{m.value:.1f} {m.unit}"


def _format_target(m: Measurement) -> str:
    if m.target is None:
        return ""
    return f"< {m.target:g} {m.unit}"


def render(reports: dict[str, Report]) -> str:
    """Return the results as a plain text table: name, measured, target, status."""
    rows: list[tuple[str, str, str, str, str]] = [
        ("benchmark", "measure", "measured", "target", "")
    ]
    for bench, report in reports.items():
        for m in report.measurements:
            note = f"  ({m.note})" if m.note else ""
            rows.append((bench, m.name, _format_value(m), _format_target(m), m.status + note))
        for c in report.checks:
            rows.append(
                (
                    bench,
                    c.name,
                    "equal" if c.passed else "DIFFERS",
                    "equal",
                    "OK" if c.passed else "FAILED",
                )
            )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[i].ljust(widths[i]) for i in range(4)]
        lines.append("  ".join([*cells, row[4]]).rstrip())
        if index == 0:
            lines.append("  ".join("-" * w for w in widths))
    details = [
        f"{bench}: {c.name}: {c.detail}"
        for bench, report in reports.items()
        for c in report.checks
        if not c.passed and c.detail
    ]
    return "\n".join(lines + (["", *details] if details else []))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmarks from the command line."""
    registry = discover()
    parser = argparse.ArgumentParser(description="Kør Hjemvejs benchmarks.")
    parser.add_argument("--only", choices=sorted(registry), help="kør kun denne benchmark")
    parser.add_argument("--strict", action="store_true", help="fejl også når et tidsmål misses")
    args = parser.parse_args(argv)

    ctx = Context()
    ctx.bench_dir.mkdir(parents=True, exist_ok=True)
    names = [args.only] if args.only else sorted(registry)
    reports = {name: registry[name](ctx) for name in names}

    print()
    print(render(reports))
    failed = any(r.failed for r in reports.values())
    missed = any(r.missed for r in reports.values())
    code = 1 if failed or (args.strict and missed) else 0

    results = {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpu_count": os.cpu_count(),
        "strict": args.strict,
        "exit_code": code,
        "benchmarks": {
            name: {
                "info": report.info,
                "measurements": [m.as_dict() for m in report.measurements],
                "checks": [c.as_dict() for c in report.checks],
            }
            for name, report in reports.items()
        },
    }
    path = ctx.bench_dir / "results.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nResultater skrevet til {path.relative_to(ctx.root)}")
    if failed:
        print("FEJL: et output afviger fra referencen, eller en måling kunne ikke laves.")
    elif missed:
        print("Et tidsmål blev ikke nået" + (" (--strict: fejl)." if args.strict else "."))
    return code


if __name__ == "__main__":
    sys.exit(main())
