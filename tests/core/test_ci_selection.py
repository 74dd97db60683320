"""CI runs each test on the databases where its result can differ, and every test somewhere.

``.ci/run`` runs the suite on SQLite with ``HJEMVEJ_TESTS=database`` (only the tests that use the
database, none in a browser) and the whole suite on PostgreSQL; ``.ci/every_test_ran.py`` then
checks the two runs' reports against the whole suite (tests/conftest.py, docs/operations.md).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.conftest import pytest_collection_modifyitems
from tests.processes import environment

ROOT = Path(__file__).resolve().parents[2]
#: Browser tests, tests of the pure rules, and a module with tests with and without the database.
SAMPLE = ["tests/browser/test_axe.py", "tests/rules/test_paths.py", "tests/core/test_periods.py"]


def checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("every_test_ran", ROOT / ".ci/every_test_ran.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def collect(**env: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *SAMPLE],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in done.stdout.splitlines() if "::" in line]


def test_the_sqlite_run_leaves_out_only_what_is_the_same_on_every_database() -> None:
    everything = collect()
    database = collect(HJEMVEJ_TESTS="database")
    assert set(database) < set(everything)
    left_out = set(everything) - set(database)
    assert {test.split("::")[0] for test in left_out} == set(SAMPLE)
    assert {test.split("::")[0] for test in database} == {"tests/core/test_periods.py"}
    # The tests of the periods that use the database stay; those that do not go.
    periods = {test for test in everything if test.startswith("tests/core/test_periods.py")}
    assert periods & set(database)
    assert periods & left_out


def test_an_unknown_selection_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HJEMVEJ_TESTS", "sqlite")
    with pytest.raises(pytest.UsageError, match="HJEMVEJ_TESTS='sqlite'"):
        pytest_collection_modifyitems(pytest.Config.__new__(pytest.Config), [])


REPORT = """<?xml version="1.0" encoding="utf-8"?><testsuites><testsuite name="pytest">{}
</testsuite></testsuites>"""


def report(path: Path, *cases: tuple[str, str, bool]) -> str:
    body = "".join(
        f'<testcase classname="{c}" name="{n}" time="0.1">{"<skipped/>" if s else ""}</testcase>'
        for c, n, s in cases
    )
    path.write_text(REPORT.format(body), encoding="utf-8")
    return str(path)


def test_the_check_names_a_test_that_ran_nowhere_or_was_always_skipped(tmp_path: Path) -> None:
    every_test_ran = checker()
    ids = [
        "tests/rules/test_paths.py::test_a",
        "tests/core/test_x.py::TestSome::test_b[a::b-1]",
        "tests/core/test_x.py::test_c",
        "tests/core/test_x.py::test_d",
    ]
    everything = {every_test_ran.junit_id(nodeid) for nodeid in ids}
    assert ("tests.core.test_x.TestSome", "test_b[a::b-1]") in everything
    sqlite = report(
        tmp_path / "sqlite.xml",
        ("tests.core.test_x.TestSome", "test_b[a::b-1]", False),
        ("tests.core.test_x", "test_c", True),
        ("tests.core.test_x", "test_d", True),
    )
    postgres = report(
        tmp_path / "postgres.xml",
        ("tests.rules.test_paths", "test_a", False),
        ("tests.core.test_x", "test_c", False),
        ("tests.core.test_x", "test_d", True),
    )
    assert every_test_ran.problems(everything, [sqlite, postgres]) == [
        "Sprunget over i alle CI-kørsler: tests.core.test_x::test_d"
    ]
    assert every_test_ran.problems(everything, [sqlite]) == [
        "Kørte ikke i CI: tests.rules.test_paths::test_a",
        "Sprunget over i alle CI-kørsler: tests.core.test_x::test_c",
        "Sprunget over i alle CI-kørsler: tests.core.test_x::test_d",
    ]


def test_ci_checks_both_runs_after_the_postgresql_run() -> None:
    lines = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    suites = [n for n, line in enumerate(lines) if "make test" in line]
    checks = [n for n, line in enumerate(lines) if ".ci/every_test_ran.py" in line]
    assert len(suites) == 2
    assert len(checks) == 1
    sqlite, postgres = (lines[n] for n in suites)
    assert "HJEMVEJ_TESTS=database" in sqlite
    assert "make test-postgres" not in sqlite
    assert "HJEMVEJ_TESTS" not in postgres
    assert "make test-postgres" in postgres
    assert checks[0] > suites[1]
    assert "var/ci/sqlite.xml" in sqlite
    assert "var/ci/postgres.xml" in postgres
    assert "var/ci/sqlite.xml var/ci/postgres.xml" in lines[checks[0]]
