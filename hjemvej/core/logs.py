"""Log lines as JSON, one object a line, for a municipality's monitoring (docs/operations.md).

Only named fields go into a line: the time, level, logger and message, the request's id, method,
path (never the query string), status, duration and the user's id and role. A long number (a CPR
number typed into the address bar, however written: ``core.cpr_text``) is hidden in every
message. An exception is logged as its type and the traceback's frames, never its message, which
may quote what a user typed.
"""

from __future__ import annotations

import contextvars
import json
import logging
import re
import traceback
from datetime import UTC, datetime

from hjemvej.core import cpr_text

#: The id of the request being served in this thread or task, for every line it logs.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

#: Nine digits or more (a dash of any kind allowed between them): no id of ours is that long, but
#: a CPR number typed into the address bar is, and Django's own lines quote the path ("Not Found").
LONG_NUMBER = re.compile(r"\d(?:[\-\u2010-\u2015\u2212]?\d){8,}")


def hide_long_numbers(text: str) -> str:
    """Return the text with every possible CPR number and every long number replaced by ``[tal]``.

    A CPR number however it is written (dots, spaces, dashes of every kind: ``core.cpr_text``,
    the one detector), then any other run of nine digits or more.
    """
    return LONG_NUMBER.sub("[tal]", cpr_text.hide(text, "[tal]"))


class HideLongNumbers(logging.Filter):
    """Hide long numbers in every line's message, whatever the format (settings.LOGGING)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's message; never drop the record."""
        message = record.getMessage()
        hidden = hide_long_numbers(message)
        if hidden != message:
            # The code's own text, before the values went in, for an error report (errorreport).
            record.msg_template = record.msg
            record.msg, record.args = hidden, None
        return True


#: The request fields a line may carry (set with ``extra=`` by the request middleware).
REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user_id", "role")
#: The fields of a background job's line: its id and kind (``hjemvej.jobs``).
JOB_FIELDS = ("job", "kind")


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        """Return the record's line."""
        line: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None)
            or request_id.get()
            # Django logs a 4xx answer after the middleware has returned, with the request.
            or getattr(getattr(record, "request", None), "request_id", None),
        }
        for field in (*REQUEST_FIELDS, *JOB_FIELDS):
            if hasattr(record, field):
                line[field] = getattr(record, field)
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            line["exception"] = {
                "type": f"{kind.__module__}.{kind.__qualname__}",
                "frames": [
                    f"{frame.filename}:{frame.lineno} in {frame.name}"
                    for frame in traceback.extract_tb(tb)
                ],
            }
        return json.dumps(line, ensure_ascii=False, default=str)
