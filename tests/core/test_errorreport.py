"""Error reports (Sentry, GlitchTip): off unless configured; sent, they hold no personal data.

The reports go to a real HTTP server on 127.0.0.1 (tests.core.receiver) that speaks the envelope
protocol, so what is asserted is what would leave the municipality's network.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import sentry_sdk
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import Action, policy
from hjemvej.core import errorreport
from tests import factories
from tests.core.receiver import Receiver
from tests.processes import HJEMVEJ, ROOT, environment, free_port

CPR = "0101901234"
#: What must never leave: the CPR number in its forms, the citizen's and the user's names, the
#: names of the query's and the form's fields, the cookie, a header's value, the host and path.
NEVER = (
    "010190",
    "Søren",
    "Hansen",
    "Rikke",
    "raadgiver",
    "navn",
    "valg",
    "sessionid",
    "Testbrowser",
    "testserver",
    "/fejl/0",
)


@policy(Action.SIGNED_IN)
def failing(request: HttpRequest, number: int) -> HttpResponse:
    name = request.POST["navn"]  # local variables holding personal data
    cpr = request.POST["cpr"]
    raise ValueError(f"borgeren {name} med CPR {cpr} ({number})")


urlpatterns = [path("fejl/<int:number>/", failing)]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A receiver, and sentry-sdk started against it; both stopped afterwards."""
    with Receiver() as receiver:
        errorreport.start(dsn=receiver.dsn, environment="test")
        try:
            yield receiver
        finally:
            sentry_sdk.get_client().close(timeout=2)
            sentry_sdk.get_global_scope().set_client(None)
    assert not sentry_sdk.get_client().is_active()


@pytest.fixture
def worker(db: None) -> User:
    user = factories.user("raadgiver", Role.CASE_WORKER)
    user.first_name, user.last_name = "Rikke", "Rådgiver"
    user.save()
    return user


def assert_nothing_personal(receiver: Receiver) -> None:
    text = receiver.text()
    for secret in NEVER:
        assert secret not in text


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_server_error_is_reported_with_type_frames_request_id_and_user_only(
    receiver: Receiver, worker: User
) -> None:
    client = Client(raise_request_exception=False, HTTP_X_REQUEST_ID="rapport-7f3a")
    client.force_login(worker)
    client.cookies["valg"] = f"Søren Hansen {CPR}"
    response = client.post(
        f"/fejl/{CPR}/?cpr={CPR}&navn=Søren+Hansen",
        {"navn": "Søren Hansen", "cpr": "010190-1234"},
        HTTP_REFERER=f"http://testserver/borgere/?q={CPR}",
        HTTP_USER_AGENT="Testbrowser Søren",
    )
    assert response.status_code == 500
    sentry_sdk.flush(timeout=5)
    [event] = receiver.events(at_least=1, wait=5)
    assert receiver.paths == ["/api/1/envelope/"]

    [exception] = event["exception"]["values"]
    assert exception["type"] == "ValueError"
    assert "value" not in exception  # the message quotes what a user typed
    frames = exception["stacktrace"]["frames"]
    assert frames[-1]["function"] == "failing"
    assert frames[-1]["filename"].endswith("test_errorreport.py")
    assert isinstance(frames[-1]["lineno"], int)
    assert all("vars" not in f and "context_line" not in f for f in frames)

    assert event["tags"] == {"request_id": "rapport-7f3a"}
    assert event["user"] == {"id": str(worker.pk), "role": Role.CASE_WORKER}
    assert event["request"] == {"method": "POST"}
    assert event["transaction"] == "/fejl/{number}/"  # the pattern, not the path
    assert event["environment"] == "test"
    assert event["release"].startswith("hjemvej@")
    assert "breadcrumbs" not in event
    assert "extra" not in event
    assert_nothing_personal(receiver)


@pytest.mark.django_db
def test_an_error_log_line_is_reported_by_its_template_without_its_values(
    receiver: Receiver,
) -> None:
    log = logging.getLogger("hjemvej.test_errorreport")
    log.error("Brevet til %s kunne ikke dannes", f"Søren Hansen {CPR}")
    try:
        raise KeyError(f"Søren Hansen {CPR}")
    except KeyError:
        log.exception("Opslag fejlede for %s", f"Søren Hansen {CPR}")
    log.error(ValueError(f"Søren Hansen {CPR}"))  # an exception as the message: its type only
    logging.getLogger("hjemvej.request").error("POST /fejl/%s 500", CPR)  # the request line
    log.warning("Søren Hansen %s", CPR)  # below ERROR: neither a report nor a breadcrumb
    sentry_sdk.flush(timeout=5)
    events = receiver.events(at_least=3, wait=5)
    assert [e["logentry"]["message"] for e in events] == [
        "Brevet til %s kunne ikke dannes",
        "Opslag fejlede for %s",
        "<ValueError>",
    ]
    assert events[1]["exception"]["values"][0]["type"] == "KeyError"
    assert all("tags" not in e and "user" not in e for e in events)  # outside a request
    assert_nothing_personal(receiver)


def test_the_tests_run_with_error_reports_off() -> None:
    assert not sentry_sdk.get_client().is_active()


#: Run in a fresh process: which client the settings started, its options and what it collects.
CLIENT = """
import json, django
django.setup()
import sentry_sdk
client = sentry_sdk.get_client()
off = ({"mode": "off"}, {"request": {"mode": "off"}}, {"document": False, "variables": False},
       {"inputs": False, "outputs": False})
names = ("environment", "include_local_variables", "max_request_body_size", "max_breadcrumbs",
         "include_source_context")
print(json.dumps({
    "active": client.is_active(),
    "pii": client.should_send_default_pii(),
    "collected": {k: v for k, v in (client.options.get("data_collection") or {}).items()
                  if v and v not in off and k != "provided_by_user"},
    "options": {k: client.options.get(k) for k in names},
}))
"""


def _client_in_a_fresh_process(env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CLIENT],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "hjemvej.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, object] = json.loads(done.stdout)
    return result


def test_the_settings_start_error_reports_only_when_a_dsn_is_set(tmp_path: Path) -> None:
    off = _client_in_a_fresh_process(environment(HJEMVEJ_VAR_DIR=str(tmp_path)))
    assert off["active"] is False
    dsn = f"http://key@127.0.0.1:{free_port()}/1"
    on = _client_in_a_fresh_process(
        environment(
            HJEMVEJ_VAR_DIR=str(tmp_path),
            HJEMVEJ_ERROR_DSN=dsn,
            HJEMVEJ_ERROR_ENVIRONMENT="test-kommune",
        )
    )
    assert on == {
        "active": True,
        "pii": False,
        "collected": {},
        "options": {
            "environment": "test-kommune",
            "include_local_variables": False,
            "max_request_body_size": "never",
            "max_breadcrumbs": 0,
            "include_source_context": False,
        },
    }
    default = _client_in_a_fresh_process(
        environment(HJEMVEJ_VAR_DIR=str(tmp_path), HJEMVEJ_ERROR_DSN=dsn)
    )
    assert default["options"]["environment"] == "production"  # type: ignore[index]


def test_each_worker_of_hjemvej_serve_reports(tmp_path: Path) -> None:
    """gunicorn's workers load the settings, so each starts its reports: a real server error.

    The trial database in an empty var/ has no tables, so a request with a session cookie fails
    in the session lookup: an error no test code raises.
    """
    port = free_port()
    with Receiver() as receiver:
        env = environment(
            HJEMVEJ_VAR_DIR=str(tmp_path),
            HJEMVEJ_BIND=f"127.0.0.1:{port}",
            HJEMVEJ_WORKERS="2",
            HJEMVEJ_ERROR_DSN=receiver.dsn,
        )
        server = subprocess.Popen(
            [str(HJEMVEJ), "serve"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        try:
            request = urllib.request.Request(
                f"http://127.0.0.1:{port}/login/?cpr={CPR}&navn=S%C3%B8ren+Hansen",
                headers={"Cookie": f"sessionid={'s' * 32}; valg={CPR}", "X-Request-ID": "serve-1"},
            )
            deadline = time.monotonic() + 30
            while True:
                try:
                    urllib.request.urlopen(request)
                    status = 200
                    break
                except urllib.error.HTTPError as error:
                    status = error.code
                    break
                except OSError:
                    assert server.poll() is None, server.communicate()[0]
                    assert time.monotonic() < deadline
                    time.sleep(0.2)
            assert status == 500
            events = receiver.events(at_least=1, wait=10)
        finally:
            server.terminate()
            server.wait(timeout=30)
    assert events[0]["tags"] == {"request_id": "serve-1"}
    assert events[0]["request"] == {"method": "GET"}
    # Django's 500 page needs the database too, so it fails again, after Hjemvej's request
    # handling has ended: a second report, without the request id (docs/operations.md).
    for event in events:
        assert event["exception"]["values"][-1]["type"] == "OperationalError"
        assert event["transaction"] == "/login/"
    assert_nothing_personal(receiver)
