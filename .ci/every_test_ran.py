"""Check that every test of the suite ran in CI: in the SQLite run, the PostgreSQL run or both.

CI leaves the tests whose result cannot depend on the database out of the SQLite run
(``HJEMVEJ_TESTS=database``, tests/conftest.py); they run on PostgreSQL only. This collects the
whole suite as ``make test`` sees it and reads the runs' JUnit reports: a test that ran in
neither, or was skipped in every run that had it, fails CI by name.

Usage: python .ci/every_test_ran.py REPORT.xml [REPORT.xml ...]
"""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def junit_id(nodeid: str) -> tuple[str, str]:
    """Return (classname, name) as pytest's JUnit report names the test with this node id."""
    base, bracket, parameters = nodeid.partition("[")  # a parameter may hold "::"
    path, *parts = base.split("::")
    module = path.removesuffix(".py").replace("/", ".")
    return ".".join([module, *parts[:-1]]), parts[-1] + bracket + parameters


def collected() -> set[tuple[str, str]]:
    """Return every test of the suite, collected without a database or a selection."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("HJEMVEJ_") and k not in ("DATABASE_URL", "PYTEST_ADDOPTS")
    }
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pytest"), "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"Testene kunne ikke samles:\n{done.stdout}\n{done.stderr}")
    return {junit_id(line) for line in done.stdout.splitlines() if "::" in line}


def ran(reports: list[str]) -> tuple[set[tuple[str, str]], set[tuple[str, str]]]:
    """Return the tests the reports hold, and those of them that ran (not skipped) somewhere."""
    seen: set[tuple[str, str]] = set()
    run: set[tuple[str, str]] = set()
    for report in reports:
        for case in ET.parse(report).getroot().iter("testcase"):
            key = (case.get("classname", ""), case.get("name", ""))
            seen.add(key)
            if case.find("skipped") is None:
                run.add(key)
    return seen, run


def problems(everything: set[tuple[str, str]], reports: list[str]) -> list[str]:
    """Return, in Danish, each test of ``everything`` that did not run in any of the reports."""
    seen, run = ran(reports)
    return [f"Kørte ikke i CI: {c}::{n}" for c, n in sorted(everything - seen)] + [
        f"Sprunget over i alle CI-kørsler: {c}::{n}" for c, n in sorted((everything & seen) - run)
    ]


def main(reports: list[str]) -> int:
    if not reports:
        sys.exit(__doc__)
    everything = collected()
    found = problems(everything, reports)
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        return 1
    print(f"Alle {len(everything)} test kørte i CI ({', '.join(reports)}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
