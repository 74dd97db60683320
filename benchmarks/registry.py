"""The registry of benchmarks and what a benchmark reports.

A benchmark is a function decorated with ``@benchmark("name")`` in a module
``benchmarks/bench_<something>.py``; :func:`discover` imports every such module, so adding a
benchmark is adding a file. The function gets a :class:`Context` and returns a :class:`Report`:
timed measurements (with an optional upper target) and correctness checks.
"""

from __future__ import annotations

import importlib
import pkgutil
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"


@dataclass(frozen=True)
class Context:
    """Where a benchmark reads and writes."""

    root: Path = ROOT
    bench_dir: Path = BENCH_DIR


@dataclass
class Measurement:
    """One measured number; ``target`` is an upper bound, ``value`` None when not measured."""

    name: str
    value: float | None
    unit: str
    target: float | None = None
    note: str = ""

    @property
    def status(self) -> str:
        """Return OK, MISSED, ERROR (not measured) or '' (no target)."""
        if self.value is None:
            return "ERROR"
        if self.target is None:
            return ""
        return "OK" if self.value < self.target else "MISSED"

    def as_dict(self) -> dict[str, object]:
        """Return the measurement as JSON-ready data."""
        return {**asdict(self), "status": self.status}


@dataclass
class Check:
    """One correctness check, e.g. the CLI's output equals the reference's byte for byte."""

    name: str
    passed: bool
    detail: str = ""

    def as_dict(self) -> dict[str, object]:
        """Return the check as JSON-ready data."""
        return asdict(self)


@dataclass
class Report:
    """What one benchmark found; ``info`` holds context such as the data set's size."""

    measurements: list[Measurement] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    info: dict[str, object] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """Return whether a check failed or a measurement could not be made."""
        return any(not c.passed for c in self.checks) or any(
            m.status == "ERROR" for m in self.measurements
        )

    @property
    def missed(self) -> bool:
        """Return whether a measured value missed its target."""
        return any(m.status == "MISSED" for m in self.measurements)


BenchmarkFunction = Callable[[Context], Report]
REGISTRY: dict[str, BenchmarkFunction] = {}


def benchmark(name: str) -> Callable[[BenchmarkFunction], BenchmarkFunction]:
    """Register the decorated function as the benchmark ``name``."""

    def register(function: BenchmarkFunction) -> BenchmarkFunction:
        if name in REGISTRY:
            raise ValueError(f"benchmark '{name}' er registreret to gange")
        REGISTRY[name] = function
        return function

    return register


def discover() -> dict[str, BenchmarkFunction]:
    """Import every ``benchmarks/bench_*.py`` module and return the registry."""
    package = Path(__file__).resolve().parent
    for module in sorted(pkgutil.iter_modules([str(package)]), key=lambda m: m.name):
        if module.name.startswith("bench_"):
            importlib.import_module(f"benchmarks.{module.name}")
    return REGISTRY


def timings(function: Callable[[], object], runs: int, warmup: int = 0) -> list[float]:
    """Return the wall times in seconds of ``runs`` calls after ``warmup`` calls."""
    for _ in range(warmup):
        function()
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def median_time(function: Callable[[], object], runs: int, warmup: int = 0) -> float:
    """Return the median wall time in seconds of ``runs`` calls after ``warmup`` calls."""
    return statistics.median(timings(function, runs, warmup))
