"""Shared test setup."""

import os

import pytest
from django.conf import LazySettings
from django.db import connection
from playwright.sync_api import expect

from hjemvej.accounts.models import Role, User
from tests import factories

ARGON2 = "django.contrib.auth.hashers.Argon2PasswordHasher"

# A page that renders the law engine's figures can take longer than Playwright's default 5 s to
# appear on a loaded two-core machine; a real failure still fails, only later.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session", autouse=True)
def _require_postgres() -> None:
    """Fail, never skip, when a PostgreSQL run was asked for and another database is in use."""
    if os.environ.get("HJEMVEJ_REQUIRE_POSTGRES") == "1":
        assert connection.vendor == "postgresql", (
            "HJEMVEJ_REQUIRE_POSTGRES=1 men databasen er ikke PostgreSQL"
        )


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """On SQLite, test on a database file rather than in memory.

    With an in-memory database Django hands the test's single connection to the live server,
    whose threads then share one sqlite3 connection with each other and with the test. A thread
    inside SQLite calling one of Django's Python functions waits for the GIL while the thread
    holding the GIL waits for SQLite's connection mutex: the browser tests could hang for good.
    On a file every thread has its own connection, and SQLite's locks keep them apart.
    """
    from django.conf import settings

    for db_settings in settings.DATABASES.values():
        if db_settings["ENGINE"] == "django.db.backends.sqlite3":
            path = tmp_path_factory.mktemp("database") / "test.sqlite3"
            db_settings.setdefault("TEST", {})["NAME"] = str(path)


@pytest.fixture(autouse=True)
def _fast_passwords(request: pytest.FixtureRequest, settings: LazySettings) -> None:
    """Hash test passwords fast; tests marked ``argon2`` keep the real hasher."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", ARGON2]


@pytest.fixture(autouse=True)
def _jobs_run_by_the_test(settings: LazySettings) -> None:
    """Jobs wait for ``tests.background.run_jobs`` (or a worker the test starts), not a thread."""
    settings.JOBS_IN_PROCESS = False


@pytest.fixture(autouse=True)
def _no_second_factor(request: pytest.FixtureRequest, settings: LazySettings) -> None:
    """Local logins need no code from an app; tests marked ``second_factor`` need it."""
    settings.LOCAL_TOTP_REQUIRED = request.node.get_closest_marker("second_factor") is not None


@pytest.fixture
def worker() -> User:
    """A case worker in Aarhus (751); a module or folder that needs another defines its own."""
    return factories.user("sagsbehandler", Role.CASE_WORKER)


#: What a test asks for when it uses the database (pytest-django refuses a query to any other).
DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


def uses_database(item: pytest.Item) -> bool:
    """Return whether the test may use the suite's database (a fixture or the django_db marker)."""
    names = set(getattr(item, "fixturenames", ()))
    return item.get_closest_marker("django_db") is not None or bool(names & DATABASE_FIXTURES)


def same_on_every_database(item: pytest.Item) -> bool:
    """Return whether the test's result cannot depend on which database the suite runs on.

    A test that does not use the database cannot: pytest-django refuses it every query, and a
    process it starts gets a database of its own (tests/processes.py). A browser test (Playwright's
    ``page``) checks what the browser shows and does (layout, axe-core, clicks): the views and
    services behind the pages are tested on each database without a browser.
    """
    return "page" in getattr(item, "fixturenames", ()) or not uses_database(item)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With ``HJEMVEJ_TESTS=database``, leave out the tests that are the same on every database.

    CI (``.ci/run``) runs the suite twice, on SQLite and on PostgreSQL; a test whose result
    cannot depend on the database runs in the PostgreSQL run only, the production database.
    ``make test`` and ``make test-postgres`` without the variable run everything.
    """
    selection = os.environ.get("HJEMVEJ_TESTS", "")
    if selection == "":
        return
    if selection != "database":
        raise pytest.UsageError(f"HJEMVEJ_TESTS={selection!r}: kun 'database' eller tom")
    left_out = [item for item in items if same_on_every_database(item)]
    kept = [item for item in items if not same_on_every_database(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept


@pytest.fixture(autouse=True)
def _municipalities_after_a_flush(request: pytest.FixtureRequest) -> None:
    """Give a database test the 98 municipalities the migration ships, if a flush took them.

    A transactional test (a browser test's live server) ends by flushing its worker's database,
    the migration's rows included; pytest-django runs such tests after the others, but not every
    test says it uses the database in a way the ordering sees. One query per database test.
    """
    names = set(request.fixturenames)
    if not uses_database(request.node):
        return
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        names & {"transactional_db", "live_server"}
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from hjemvej.accounts.models import Municipality

    if not Municipality.objects.exists():
        factories.ensure_municipalities()
