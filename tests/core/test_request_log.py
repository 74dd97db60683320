"""One JSON line per request: who (id, role) did what (method, path), how it went; nothing else."""

from __future__ import annotations

import json
import logging

import pytest
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.test import Client
from django.urls import path

from hjemvej.accounts.models import Role, User
from hjemvej.accounts.policy import Action, policy
from hjemvej.core.logs import HideLongNumbers, JsonFormatter
from tests import factories
from tests.processes import KEY_A, SECRET, environment, settings_in

CPR = "0101901234"
KEYS = {"time", "level", "request_id", "method", "path", "status", "duration_ms", "user_id", "role"}


@policy(Action.SIGNED_IN)
def failing(request: HttpRequest) -> HttpResponse:
    raise ValueError(f"borgeren Søren Hansen med CPR {CPR}")


@policy(Action.SIGNED_IN)
def gone(request: HttpRequest) -> HttpResponse:
    return HttpResponseNotFound("væk")  # returned, not raised: Django logs it after the middleware


urlpatterns = [path("fejl/", failing), path("vaek/", gone)]


def lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, object]]:
    """Return the lines as the configured console handler writes them (its filters, JSON)."""
    console = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, HideLongNumbers) for f in h.filters)
    )
    formatter = JsonFormatter()
    return [json.loads(formatter.format(r)) for r in caplog.records if console.filter(r)]


@pytest.fixture
def worker(db: None) -> User:
    user = factories.user("raadgiver", Role.CASE_WORKER)
    user.first_name, user.last_name = "Rikke", "Rådgiver"
    user.save()
    return user


@pytest.mark.django_db
def test_a_request_logs_one_json_line_without_the_query(
    client: Client, worker: User, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(worker)
    with caplog.at_level(logging.INFO, logger="hjemvej.request"):
        response = client.get("/borgere/", {"q": "Søren 010190-1234"})
    assert response.status_code == 302  # the list moves a CPR-like search out of the URL
    [line] = [x for x in lines(caplog) if x.get("logger") == "hjemvej.request"]
    assert line.keys() >= KEYS
    assert line["method"] == "GET"
    assert line["path"] == "/borgere/"
    assert line["status"] == 302
    assert line["user_id"] == worker.pk
    assert line["role"] == Role.CASE_WORKER
    assert line["level"] == "INFO"
    assert isinstance(line["duration_ms"], (int, float))
    assert line["request_id"] == response.headers["X-Request-ID"]
    text = json.dumps(line, ensure_ascii=False)
    for secret in ("010190", "1234", "Søren", "Rikke", "raadgiver"):
        assert secret not in text


@pytest.mark.django_db
def test_a_cpr_number_typed_into_the_path_is_not_logged(
    client: Client, worker: User, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(worker)
    with caplog.at_level(logging.INFO), caplog.at_level(logging.INFO, logger="hjemvej.request"):
        client.get("/borgere/010190-1234/")
        client.get("/borgere/0101901234/")
        client.get("/borgere/12/")
    logged = lines(caplog)
    paths = [x["path"] for x in logged if x.get("logger") == "hjemvej.request"]
    assert paths == ["/borgere/[tal]/", "/borgere/[tal]/", "/borgere/12/"]
    assert any(x["message"] == "Not Found: /borgere/[tal]/" for x in logged)  # Django's own line
    assert "1234" not in json.dumps(logged)


@pytest.mark.django_db
def test_a_sane_request_id_is_kept_and_an_insane_one_replaced(client: Client) -> None:
    given = client.get("/helbred/live", HTTP_X_REQUEST_ID="lb-7f3a9c12-0001")
    assert given.headers["X-Request-ID"] == "lb-7f3a9c12-0001"
    for bad in ("a b", "x" * 200, "010190-1234\n", "<script>"):
        replaced = client.get("/helbred/live", HTTP_X_REQUEST_ID=bad)
        assert replaced.headers["X-Request-ID"] != bad
        assert len(replaced.headers["X-Request-ID"]) == 32


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_django_s_own_lines_carry_the_request_id(
    client: Client, worker: User, caplog: pytest.LogCaptureFixture
) -> None:
    client.force_login(worker)
    with caplog.at_level(logging.INFO):
        response = client.get("/vaek/")
    assert response.status_code == 404
    logged = lines(caplog)
    assert any(x["logger"] == "django.request" for x in logged)
    assert {x["request_id"] for x in logged} == {response.headers["X-Request-ID"]}


@pytest.mark.django_db
def test_an_anonymous_request_logs_no_user(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="hjemvej.request"):
        client.get("/login/")
    [line] = [x for x in lines(caplog) if x.get("logger") == "hjemvej.request"]
    assert line["user_id"] is None
    assert line["role"] is None


@pytest.mark.urls(__name__)
@pytest.mark.django_db
def test_a_server_error_logs_level_error_with_frames_but_not_the_message(
    worker: User, caplog: pytest.LogCaptureFixture
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(worker)
    with caplog.at_level(logging.INFO):
        response = client.get("/fejl/", {"cpr": CPR})
    assert response.status_code == 500
    logged = lines(caplog)
    request_line = next(x for x in logged if x.get("logger") == "hjemvej.request")
    assert request_line["level"] == "ERROR"
    assert request_line["status"] == 500
    errors = [x for x in logged if x.get("exception")]
    assert errors
    assert {x["request_id"] for x in logged} == {response.headers["X-Request-ID"]}
    assert "ValueError" in json.dumps(errors)
    assert "failing" in json.dumps(errors)  # the frame: where it happened
    text = json.dumps(logged, ensure_ascii=False)
    assert "010190" not in text
    assert "Søren" not in text
    assert "Hansen" not in text


def test_json_is_the_default_log_format_of_a_real_installation(tmp_path: object) -> None:
    real = environment(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/x",
        HJEMVEJ_SECRET_KEY=SECRET,
        HJEMVEJ_CPR_KEY=KEY_A,
    )
    assert settings_in(real, "LOG_FORMAT") == {"LOG_FORMAT": "json"}
    assert settings_in(environment(), "LOG_FORMAT") == {"LOG_FORMAT": "text"}
    chosen = environment(HJEMVEJ_LOG_FORMAT="json")
    assert settings_in(chosen, "LOG_FORMAT") == {"LOG_FORMAT": "json"}
