"""The Danish pages of a bad request (400) and of a body too large (413).

Django answers a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE`` (or with too many fields) with
``RequestDataTooBig``, a ``SuspiciousOperation``, and so with its bad-request view: an English
page, status 400. This handler (``handler400`` in ``urls.py``) says in Danish what went wrong, and
answers a body too large with 413. The pages are rendered without a request context or the
database, as the 500 page is: a bad request may not have a session or a user.
"""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpRequest, HttpResponse
from django.template import loader


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Answer 413 for a body too large, else 400, each with its Danish page."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        return HttpResponse(loader.get_template("413.html").render(), status=413)
    return HttpResponse(loader.get_template("400.html").render(), status=400)
