"""Benchmark ``reimbursement``: the § 177 engine and CLI on the synthetic national file.

Measures the engine in process (median of 7 after a warm-up), the whole CLI (median of 5 wall
times and its peak memory), and checks the CLI's output byte for byte, and the engine's numbers,
against the plain reference (:mod:`benchmarks.reference`) under four sets of readings. The
reference is slow, so its output is cached in ``var/bench/reference/``, keyed by the input's
hash, ``as_of``, the readings, the parameters' fingerprint and the reference's own source.
"""

from __future__ import annotations

import hashlib
import json
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from statistics import median

from benchmarks import reference
from benchmarks.generate import GENERATOR_VERSION, generate, summary, write_csv
from benchmarks.registry import Check, Context, Measurement, Report, benchmark, median_time
from hjemvej.rules.parameters import default_parameters
from hjemvej.rules.shelter.model import Readings, StayResults, StayTable

AS_OF = date(2026, 11, 21)
SEED = 1
CITIZENS = 23_000
ENGINE_TARGET = 0.05  # seconds
CLI_TARGET = 0.75  # seconds
ENGINE_RUNS = 7
CLI_RUNS = 5

#: The readings compared with the reference; the first is the default.
READINGS: tuple[tuple[str, ...], ...] = (
    (),
    ("window=rolling365",),
    ("cap=window_start",),
    ("days=dates",),
)

TIME_BINARY = Path("/usr/bin/time")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_dataset(ctx: Context) -> tuple[Path, dict[str, object]]:
    """Return the national file and its shape; generate it when missing, changed or outdated."""
    path = ctx.bench_dir / "national.csv"
    meta_path = ctx.bench_dir / "national.meta.json"
    wanted = {"generator_version": GENERATOR_VERSION, "seed": SEED, "citizens": CITIZENS}
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if {k: meta.get(k) for k in wanted} == wanted and meta.get("sha256") == _sha256(path):
            return path, dict(meta.get("summary", {}))
    print(f"Danner {path.relative_to(ctx.root)} (generator version {GENERATOR_VERSION}) …")
    rows = generate(SEED, CITIZENS)
    write_csv(rows, path)
    shape = summary(rows)
    meta = {**wanted, "sha256": _sha256(path), "summary": shape}
    meta_path.write_text(json.dumps(meta, indent=2), "utf-8")
    return path, shape


def _label(items: tuple[str, ...]) -> str:
    return reference.ReferenceReadings.parse(items).key()


@dataclass
class _ReferenceOutput:
    path: Path
    seconds: float
    cached: bool


def reference_output(ctx: Context, stays: Path, items: tuple[str, ...]) -> _ReferenceOutput:
    """Return the reference's output for the readings, from the cache when it is there."""
    readings = reference.ReferenceReadings.parse(items)
    key = {
        "input_sha256": _sha256(stays),
        "as_of": AS_OF.isoformat(),
        "readings": readings.key(),
        "parameters": default_parameters().fingerprint,
        "reference_sha256": _sha256(Path(reference.__file__)),
    }
    digest = hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()[:16]
    folder = ctx.bench_dir / "reference"
    out = folder / f"{readings.key()}-{digest}.csv"
    meta = out.with_suffix(".json")
    if out.exists() and meta.exists():
        seconds = float(json.loads(meta.read_text(encoding="utf-8"))["seconds"])
        return _ReferenceOutput(out, seconds, cached=True)
    print(f"Kører referencen ({readings.key()}); det tager op til et minut …")
    start = time.perf_counter()
    results = reference.compute(reference.read_stays(stays), AS_OF, readings)
    reference.write_results(results, out)
    seconds = time.perf_counter() - start
    meta.write_text(json.dumps({**key, "seconds": seconds}, indent=2), encoding="utf-8")
    for stale in folder.glob(f"{readings.key()}-*"):
        if stale.stem != out.stem:
            stale.unlink()
    return _ReferenceOutput(out, seconds, cached=False)


@dataclass
class _CliRun:
    seconds: float
    peak_mib: float | None
    returncode: int
    stderr: str


def _run_cli(ctx: Context, stays: Path, items: tuple[str, ...], out: Path) -> _CliRun:
    """Run ``hjemvej reimbursement`` once; measure wall time and the process's peak RSS."""
    command = [
        str(ctx.root / ".venv" / "bin" / "hjemvej"),
        "reimbursement",
        str(stays.relative_to(ctx.root)),
        "--as-of",
        AS_OF.isoformat(),
    ]
    for item in items:
        command += ["--reading", item]
    command += ["--out", str(out.relative_to(ctx.root))]
    with tempfile.TemporaryDirectory() as tmp:
        rss_file = Path(tmp) / "rss"
        if TIME_BINARY.exists():
            command = [str(TIME_BINARY), "-f", "%M", "-o", str(rss_file), *command]
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ctx.root, capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - start
        peak: float | None = None
        if TIME_BINARY.exists() and rss_file.exists():
            text = rss_file.read_text().strip().splitlines()
            peak = int(text[-1]) / 1024 if text and text[-1].isdigit() else None
        if peak is None:
            # The maximum over all children so far: exact while the CLI is the biggest child.
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return _CliRun(seconds, peak, done.returncode, done.stderr)


def compare_bytes(expected: Path, got: Path) -> str:
    """Return '' when the files are byte for byte equal, else where they first differ."""
    if not got.exists():
        return f"{got.name} blev ikke skrevet"
    a, b = expected.read_bytes(), got.read_bytes()
    if a == b:
        return ""
    lines_a, lines_b = a.split(b"\n"), b.split(b"\n")
    differing = sum(1 for x, y in zip(lines_a, lines_b, strict=False) if x != y)
    for number, (x, y) in enumerate(zip(lines_a, lines_b, strict=False), start=1):
        if x != y:
            return (
                f"{differing} linjer afviger (reference {len(lines_a)} linjer,"
                f" CLI {len(lines_b)});"
                f" første, linje {number}: reference {x.decode(errors='replace')!r},"
                f" CLI {y.decode(errors='replace')!r}"
            )
    return f"længden afviger: reference {len(a)} bytes, CLI {len(b)} bytes"


def _parse_reference(path: Path) -> list[tuple[str, int, int, int, int, int]]:
    """Return (stay_id, days, reimbursed_days, gross, own, reimbursement in øre) per row."""

    def oere(text: str) -> int:
        kroner, _, rest = text.lstrip("-").partition(".")
        value = int(kroner) * 100 + int(rest)
        return -value if text.startswith("-") else value

    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        f = line.split(",")
        rows.append((f[0], int(f[2]), int(f[3]), oere(f[4]), oere(f[5]), oere(f[6])))
    return rows


def compare_engine(stay_ids: list[str], results: StayResults, expected: Path) -> str:
    """Return '' when the engine's numbers equal the reference's, else the first difference."""
    want = _parse_reference(expected)
    columns = (
        results.days,
        results.reimbursed_days,
        results.gross_cost,
        results.own_payment,
        results.reimbursement,
    )
    got = [(stay_id, *(int(c[i]) for c in columns)) for i, stay_id in enumerate(stay_ids)]
    if len(got) != len(want):
        return f"{len(got)} ophold fra motoren, {len(want)} fra referencen"
    bad = [(g, w) for g, w in zip(got, want, strict=True) if g != w]
    if not bad:
        return ""
    g, w = bad[0]
    return (
        f"{len(bad)} ophold afviger; første {w[0]}: reference "
        f"(dage, refunderede dage, brutto, egenbetaling, refusion i øre) {w[1:]}, motor {g[1:]}"
    )


def _time_engine(stays: Path, report: Report) -> StayTable | None:
    """Time the engine in process; return the table it read, or None when it is missing."""
    try:
        from hjemvej.rules.shelter import reimburse
        from hjemvej.stays_csv import read_stays_csv
    except ImportError as exc:
        report.measurements.append(
            Measurement("engine: reimburse", None, "s", ENGINE_TARGET, note=str(exc))
        )
        return None
    params = default_parameters()
    start = time.perf_counter()
    table = read_stays_csv(stays)
    report.measurements.append(
        Measurement("engine: read_stays_csv (once)", time.perf_counter() - start, "s")
    )
    seconds = median_time(
        lambda: reimburse(table, as_of=AS_OF, params=params, readings=Readings()),
        runs=ENGINE_RUNS,
        warmup=1,
    )
    report.measurements.append(
        Measurement(f"engine: reimburse (median of {ENGINE_RUNS})", seconds, "s", ENGINE_TARGET)
    )
    return table


def _check_engine(table: StayTable, refs: dict[str, _ReferenceOutput], report: Report) -> None:
    from hjemvej.rules.shelter import reimburse

    params = default_parameters()
    for items in READINGS:
        label = _label(items)
        results = reimburse(table, as_of=AS_OF, params=params, readings=Readings.parse(items))
        problem = compare_engine(list(table.stay_id), results, refs[label].path)
        report.checks.append(Check(f"engine = reference ({label})", not problem, problem))


def _cli(ctx: Context, stays: Path, refs: dict[str, _ReferenceOutput], report: Report) -> None:
    runs: list[_CliRun] = []
    out = ctx.bench_dir / "out.csv"
    for _ in range(CLI_RUNS):
        out.unlink(missing_ok=True)
        run = _run_cli(ctx, stays, (), out)
        runs.append(run)
        if run.returncode != 0:
            break
    failed = next((r for r in runs if r.returncode != 0), None)
    if failed is not None:
        last = " | ".join(failed.stderr.strip().splitlines()[-3:])
        note = f"exit {failed.returncode}: {last}"
        report.measurements.append(Measurement("CLI: wall time", None, "s", CLI_TARGET, note))
        report.checks.append(Check("CLI kører", False, note))
        return
    report.measurements.append(
        Measurement(
            f"CLI: wall time (median of {CLI_RUNS})",
            median(r.seconds for r in runs),
            "s",
            CLI_TARGET,
        )
    )
    peaks = [r.peak_mib for r in runs if r.peak_mib is not None]
    how = "/usr/bin/time" if TIME_BINARY.exists() else "RUSAGE_CHILDREN"
    report.measurements.append(
        Measurement("CLI: peak memory (max RSS)", max(peaks) if peaks else None, "MiB", note=how)
    )
    for items in READINGS:
        label = _label(items)
        target = out if not items else ctx.bench_dir / f"out-{label}.csv"
        if items:
            target.unlink(missing_ok=True)
            run = _run_cli(ctx, stays, items, target)
            if run.returncode != 0:
                tail = " | ".join(run.stderr.strip().splitlines()[-3:])
                report.checks.append(
                    Check(f"CLI = reference ({label})", False, f"exit {run.returncode}: {tail}")
                )
                continue
        problem = compare_bytes(refs[label].path, target)
        report.checks.append(Check(f"CLI = reference ({label})", not problem, problem))


@benchmark("reimbursement")
def bench_reimbursement(ctx: Context) -> Report:
    """Time the § 177 engine and CLI on the national file; compare with the reference."""
    report = Report()
    stays, shape = ensure_dataset(ctx)
    report.info.update(
        {
            "file": str(stays.relative_to(ctx.root)),
            "sha256": _sha256(stays),
            "as_of": str(AS_OF),
            "data": shape,
        }
    )
    if shutil.which("hjemvej", path=str(ctx.root / ".venv" / "bin")) is None:
        report.checks.append(Check("CLI findes", False, ".venv/bin/hjemvej mangler"))
    # The engine's timing first, in a process the reference has not yet filled with objects.
    table = _time_engine(stays, report)
    refs = {_label(items): reference_output(ctx, stays, items) for items in READINGS}
    if table is not None:
        _check_engine(table, refs, report)
    _cli(ctx, stays, refs, report)
    for label, ref in refs.items():
        report.measurements.append(
            Measurement(
                f"reference: {label}",
                ref.seconds,
                "s",
                note="tid fra cache" if ref.cached else "",
            )
        )
    return report
