"""Every error of the API as JSON ``{"detail": [{"field": …, "msg": …}]}`` with a Danish message.

``field`` names the field of the request body, query or path the message is about (None when the
error is about the request as a whole). No message repeats a value the client sent: a CPR number
sent by mistake in the wrong field is never echoed back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError

from hjemvej.core.bounds import CONFIRM_LABEL, NeedsConfirmation
from hjemvej.core.errors import DomainError

UNAUTHENTICATED = (
    "Angiv en gyldig API-nøgle i headeren »Authorization: Bearer <nøgle>«. Nøglen er ukendt eller "
    "tilbagekaldt, eller brugeren er deaktiveret."
)
FORBIDDEN = "Din rolle giver ikke adgang til dette i Hjemvej."
NOT_FOUND = "Findes ikke, eller du har ikke adgang til det."
BAD_REQUEST = "Forespørgslens indhold kunne ikke læses: send gyldig JSON."
SERVER_ERROR = "Der opstod en fejl i Hjemvej. Prøv igen senere."

#: The parts of a location that are no field (where the value was, the body's parameter name).
_WHERE = {"body", "query", "path", "header", "cookie", "form", "payload", "filters"}


def error_body(*items: tuple[str | None, str]) -> dict[str, list[dict[str, str | None]]]:
    """Return the JSON of an error: each item a field (or None) and its Danish message."""
    return {"detail": [{"field": field, "msg": msg} for field, msg in items]}


def _field(loc: Sequence[Any]) -> str | None:
    names = [str(part) for part in loc if not (isinstance(part, str) and part in _WHERE)]
    return ".".join(names) or None


def _limit(ctx: Mapping[str, Any], key: str) -> str:
    return str(ctx.get(key, "")).replace(".", ",")


def danish(error: Mapping[str, Any]) -> str:
    """Return pydantic's validation error in Danish, without the value that was sent."""
    kind = str(error.get("type", ""))
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind == "missing":
        return "Feltet skal udfyldes."
    if kind.startswith(("date_", "datetime_")):
        return "Ugyldig dato: skriv den som ÅÅÅÅ-MM-DD."
    if kind.startswith("int_") or kind == "int_type":
        return "Skal være et helt tal."
    if kind.startswith("bool_"):
        return "Skal være true eller false."
    if kind.startswith("string_") and kind != "string_too_long":
        return "Skal være tekst."
    if kind == "string_too_long":
        return f"Må højst have {ctx.get('max_length', '')} tegn."
    if kind in ("decimal_parsing", "decimal_type", "finite_number"):
        return "Skal være et beløb i kroner, fx 1234.50."
    if kind == "decimal_max_places":
        return "Højst to decimaler (øre)."
    if kind in ("decimal_max_digits", "decimal_whole_digits"):
        return "Beløbet er for stort."
    if kind == "less_than_equal":
        return f"Må højst være {_limit(ctx, 'le')}."
    if kind == "less_than":
        return f"Skal være mindre end {_limit(ctx, 'lt')}."
    if kind == "greater_than_equal":
        return f"Skal mindst være {_limit(ctx, 'ge')}."
    if kind == "greater_than":
        return f"Skal være større end {_limit(ctx, 'gt')}."
    if kind in ("literal_error", "enum"):
        expected = str(ctx.get("expected", "")).replace(" or ", " eller ")
        return f"Ugyldig værdi: vælg mellem {expected}."
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "Skal være et JSON-objekt."
    if kind in ("list_type", "tuple_type"):
        return "Skal være en liste."
    if kind == "value_error":  # our own validators raise ValueError with a Danish message
        return str(ctx.get("error", "Ugyldig værdi."))
    if kind == "json_invalid":
        return BAD_REQUEST
    return "Ugyldig værdi."


def install(api: NinjaAPI) -> None:
    """Answer every error the API meets in Danish JSON (ninja's handlers answer in English)."""

    def respond(request: HttpRequest, status: int, *items: tuple[str | None, str]) -> HttpResponse:
        return api.create_response(request, error_body(*items), status=status)

    def validation(request: HttpRequest, exc: Any) -> HttpResponse:  # ValidationError
        items = [(_field(error.get("loc", ())), danish(error)) for error in exc.errors]
        return respond(request, 422, *(items or [(None, "Ugyldig forespørgsel.")]))

    def domain(request: HttpRequest, exc: Any) -> HttpResponse:  # DomainError
        return respond(request, 422, (exc.field, exc.message))

    def needs_confirmation(request: HttpRequest, exc: Any) -> HttpResponse:  # NeedsConfirmation
        # The page's message asks for a tick in a box; the API's client sends "confirmed".
        box = f"sæt kryds ved »{CONFIRM_LABEL}«"
        items = [(field, msg.replace(box, 'send "confirmed": true')) for field, msg in exc.warnings]
        return respond(request, 422, *items)

    def unauthenticated(request: HttpRequest, exc: Any) -> HttpResponse:  # AuthenticationError
        response = respond(request, 401, (None, UNAUTHENTICATED))
        response["WWW-Authenticate"] = 'Bearer realm="Hjemvej"'
        return response

    def forbidden(request: HttpRequest, exc: Any) -> HttpResponse:  # PermissionDenied
        return respond(request, 403, (None, FORBIDDEN))

    def not_found(request: HttpRequest, exc: Any) -> HttpResponse:  # Http404
        return respond(request, 404, (None, NOT_FOUND))

    def throttled(request: HttpRequest, exc: Any) -> HttpResponse:  # Throttled
        wait = math.ceil(exc.wait) if exc.wait is not None else None
        when = f" om {wait} sekunder" if wait is not None else " om lidt"
        return respond(
            request, 429, (None, f"For mange forespørgsler med denne API-nøgle. Prøv igen{when}.")
        )

    def http_error(request: HttpRequest, exc: Any) -> HttpResponse:  # HttpError
        status = exc.status_code
        if status == 401:
            return unauthenticated(request, AuthenticationError())
        if status == 403:
            return forbidden(request, PermissionDenied())
        if status == 404:
            return not_found(request, Http404())
        return respond(request, 400 if status < 500 else status, (None, BAD_REQUEST))

    api.add_exception_handler(ValidationError, validation)
    api.add_exception_handler(DomainError, domain)
    api.add_exception_handler(NeedsConfirmation, needs_confirmation)
    api.add_exception_handler(AuthenticationError, unauthenticated)
    api.add_exception_handler(Throttled, throttled)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(PermissionDenied, forbidden)
    api.add_exception_handler(Http404, not_found)
