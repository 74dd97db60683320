"""Error reports to Sentry or GlitchTip: off unless ``HJEMVEJ_ERROR_DSN`` is set (operations.md).

The settings call :func:`start` when the variable is set; otherwise sentry-sdk is never initialised
and nothing leaves the server. Started, a report is sent for every exception a request or a command
does not handle, and for every log line at level ERROR (not the request log's own line: the
exception's report is that error).

A report carries no more than the JSON log line does (``hjemvej.core.logs``), and it is built anew
from a short list of fields (:func:`only_what_the_log_holds`) rather than cleaned of what is known
to be dangerous, so a field a future sentry-sdk adds is left out too. Kept: the exception's type
and module and the traceback's frames (file, line, function); the request's method and its URL
pattern (``/borgere/<int:pk>/``, never the path or the query string); the request id as a tag, so
the report is found in the log; the user's numeric id and role; a log line's message as written in
the code (its template, never the values put into it); the release, environment and server name.
Never sent: the exception's message (it may quote what a user typed), local variables, source
lines, request bodies, query strings, cookies, headers, breadcrumbs (log messages and SQL with its
parameters), the command line and the installed modules. The sdk's own options are set to collect
none of these either (:func:`start`), so each is left out twice.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

import sentry_sdk
from django.utils.functional import empty
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.integrations.logging import LoggingIntegration, ignore_logger

from hjemvej.core.logs import hide_long_numbers, request_id
from hjemvej.core.middleware import current_request

if TYPE_CHECKING:
    from django.http import HttpRequest
    from sentry_sdk._types import DataCollectionUserOptions, Event, Hint

#: The top-level fields of a report that are copied as they are: ids, names of code and machine.
PLAIN_FIELDS = (
    *("event_id", "timestamp", "level", "platform", "logger", "release", "environment"),
    *("server_name", "sdk"),
)
#: A stack frame's fields: where the code is, never its variables or its source lines.
FRAME_FIELDS = ("filename", "abs_path", "module", "function", "lineno", "colno", "in_app")
#: How an exception was caught (Django's handler, a log line) and how chained ones relate.
MECHANISM_FIELDS = ("type", "handled", "source", "exception_id", "parent_id", "is_exception_group")
#: The transaction is kept only when sentry-sdk named it by its URL pattern (not the path).
PATTERN_SOURCES = ("route", "component")

#: sentry-sdk's data collection, every category off (sentry_sdk._types.DataCollectionUserOptions).
NOTHING_COLLECTED: DataCollectionUserOptions = {
    "user_info": False,
    "cookies": {"mode": "off"},
    "http_headers": {"request": {"mode": "off"}},
    "http_bodies": [],
    "url_query_params": {"mode": "off"},
    "graphql": {"document": False, "variables": False},
    "gen_ai": {"inputs": False, "outputs": False},
    "database_query_data": False,
    "queues": False,
    "stack_frame_variables": False,
    "frame_context_lines": 0,
}


def start(*, dsn: str, environment: str) -> None:
    """Initialise sentry-sdk for this process (each gunicorn worker imports the settings)."""
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=f"hjemvej@{version('hjemvej')}",
        # Collect nothing about people: no user details, cookies, headers, bodies, query strings,
        # SQL parameters, local variables or source lines (sentry-sdk's "data collection"; it
        # replaces send_default_pii, which is False when unset).
        data_collection=NOTHING_COLLECTED,
        include_local_variables=False,
        include_source_context=False,
        max_request_body_size="never",
        max_breadcrumbs=0,
        before_breadcrumb=lambda crumb, hint: None,
        before_send=only_what_the_log_holds,
        before_send_transaction=lambda event, hint: None,
        traces_sample_rate=None,
        profiles_sample_rate=None,
        auto_session_tracking=False,
        send_client_reports=False,
        enable_logs=False,
        enable_metrics=False,
        spotlight=False,
        in_app_include=["hjemvej"],
        integrations=[
            DjangoIntegration(transaction_style="url", middleware_spans=False),
            # Log lines at ERROR become reports; none become breadcrumbs.
            LoggingIntegration(level=None, event_level=logging.ERROR),
        ],
    )
    # The request line of a 500 (hjemvej.core.middleware) repeats the exception's report.
    ignore_logger("hjemvej.request")


def only_what_the_log_holds(event: Event, hint: Hint) -> Event | None:
    """Return the report rebuilt from the fields listed above (sentry-sdk's ``before_send``)."""
    kept: dict[str, Any] = {k: event[k] for k in PLAIN_FIELDS if k in event}  # type: ignore[literal-required]
    exceptions = [_exception(value) for value in event.get("exception", {}).get("values", [])]
    if exceptions:
        kept["exception"] = {"values": exceptions}
    record = hint.get("log_record")
    if isinstance(record, logging.LogRecord):  # the code's text; the values put in are left out
        template = getattr(record, "msg_template", record.msg)  # the log's filter may fill msg
        # logger.error(an_exception) logs the exception's message: only its type is sent.
        text = template if isinstance(template, str) else f"<{type(template).__name__}>"
        kept["logentry"] = {"message": hide_long_numbers(text)}
    info = event.get("transaction_info") or {}
    if event.get("transaction") and info.get("source") in PATTERN_SOURCES:
        kept["transaction"] = event["transaction"]
        kept["transaction_info"] = {"source": info["source"]}
    request = current_request.get()
    if request is not None and request.method:
        kept["request"] = {"method": request.method}
    trace = (event.get("contexts") or {}).get("trace") or {}
    contexts = {"trace": {k: trace[k] for k in ("trace_id", "span_id") if k in trace}}
    runtime = (event.get("contexts") or {}).get("runtime")
    if runtime:
        contexts["runtime"] = {k: runtime[k] for k in ("name", "version") if k in runtime}
    kept["contexts"] = contexts
    rid = request_id.get()
    if rid:
        kept["tags"] = {"request_id": rid}
    user = _user(request)
    if user:
        kept["user"] = user
    result: Event = kept  # type: ignore[assignment]
    return result


def _exception(value: Mapping[str, Any]) -> dict[str, Any]:
    """Return an exception's type, module, mechanism and frames: never its value (message)."""
    kept: dict[str, Any] = {k: value[k] for k in ("type", "module") if k in value}
    mechanism = value.get("mechanism")
    if isinstance(mechanism, Mapping):
        kept["mechanism"] = {k: mechanism[k] for k in MECHANISM_FIELDS if k in mechanism}
    frames = (value.get("stacktrace") or {}).get("frames") or []
    if frames:
        kept["stacktrace"] = {
            "frames": [{k: frame[k] for k in FRAME_FIELDS if k in frame} for frame in frames]
        }
    return kept


def _user(request: HttpRequest | None) -> dict[str, object] | None:
    """Return the signed-in user's id and role, as the request log has them, or None.

    Only a user already loaded is read: a report must not query the database (the error may be
    the database's).
    """
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    if not user.is_authenticated:
        return None
    return {"id": str(user.pk), "role": getattr(user, "role", None)}
