"""What an audit entry's ``detail`` may hold: the allow-list, enforced on every write.

An entry says who did what to which citizen's record, when. Its ``detail`` adds ids, counts,
formats, page names and the names of the fields changed, never a value that says what kind of
thing happened: no kind of transition (a prison release or a psychiatric discharge is crime or
health data, GDPR art. 9 and 10), no kind of risk to a tenancy or reason it ended (an eviction),
no income kind, no free text. ``audit.record`` and ``record_many`` call :func:`checked`, which
refuses anything else with :class:`AuditDetailRefused` (a programming error: the caller writes
an entry the log must not hold; nothing is stored, and the request or job fails loudly).

Field names can reveal a kind too (``discharge_agreement_on`` exists only for a psychiatric
discharge), so for the records in :data:`GENERALISED` the list of fields is replaced by one
neutral name, the same for every kind (:func:`generalised`). docs/access.md, "The audit log".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

#: Records whose field names would tell the kind apart: their ``fields`` become one neutral name.
GENERALISED: dict[str, str] = {"followup.Transition": "transition_fields"}
#: Field names that reveal a kind of transition, a health matter or an eviction: never stored.
REVEALING_FIELDS = frozenset({"discharge_agreement_on"})

_NAME = re.compile(r"[a-z][a-z0-9_]{0,62}")
_PARAMETER = re.compile(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)*")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LABEL = re.compile(r"[a-z_]+\.[A-Z][A-Za-z]+")
_FINGERPRINT = re.compile(r"[0-9A-Za-z:._-]{1,64}")
_JOB = re.compile(r"[0-9a-f-]{1,40}")


class AuditDetailRefused(ValueError):
    """The detail holds a key or a value the audit log must not hold."""


def _is_id(value: object) -> bool:
    return value is None or (isinstance(value, int) and not isinstance(value, bool) and value > 0)


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**9


def _counts_by_label(value: object) -> bool:
    """A mapping from model labels (``shelters.Stay``) to counts: what an erasure touched."""
    return isinstance(value, dict) and all(
        isinstance(k, str) and bool(_LABEL.fullmatch(k)) and _is_count(n) for k, n in value.items()
    )


def _ids(value: object) -> bool:
    return isinstance(value, list) and all(_is_id(v) and v is not None for v in value)


def _fields(value: object) -> bool:
    return isinstance(value, list) and all(
        isinstance(v, str) and _NAME.fullmatch(v) and v not in REVEALING_FIELDS for v in value
    )


def _date(value: object) -> bool:
    return isinstance(value, str) and bool(_DATE.fullmatch(value))


def _one_of(*allowed: str) -> Callable[[object], bool]:
    return lambda value: isinstance(value, str) and value in allowed


def _page(value: object) -> bool:
    from hjemvej.accounts.audit_words import PAGES  # the page names: one list, with their words

    return isinstance(value, str) and (value == "" or value in PAGES)


def _bounds(value: object) -> bool:
    """``core.bounds``' confirmations: each a field name and the parameter that bounds it."""
    return isinstance(value, list) and all(
        isinstance(v, dict)
        and set(v) == {"field", "bound"}
        and _fields([v["field"]])
        and isinstance(v["bound"], str)
        and bool(_PARAMETER.fullmatch(v["bound"]))
        for v in value
    )


_BOOL: Callable[[object], bool] = lambda value: isinstance(value, bool)  # noqa: E731
_OPTIONAL_COUNT: Callable[[object], bool] = lambda v: v is None or _is_count(v)  # noqa: E731

#: Every key an entry's detail may hold, and what its value may be.
VALUES: dict[str, Callable[[object], bool]] = {
    "page": _page,
    "fields": _fields,
    "by": _one_of("cpr", "name"),
    "found": _BOOL,
    "cpr": _BOOL,
    "hits": _is_count,
    "format": _one_of("csv", "xlsx", "pdf", "json", "zip", "txt"),
    # "dst": a shelter's quarterly file to Danmarks Statistik (stats/dst.py).
    "export": _one_of("stays", "reimbursement_claim", "support_claim", "dst", "records"),
    "job": lambda v: isinstance(v, str) and bool(_JOB.fullmatch(v)),
    "reason": _one_of(
        "mulig dobbeltregistrering ved indskrivning", "mulig dobbeltregistrering ved oprettelse"
    ),
    # Kinds that say nothing about health, crime or eviction: scenario, support course, contact,
    # grant, consent. Never a transition's, a tenancy risk's or an income's kind (pension: health?).
    "kind": _one_of(
        *("law", "practice"),
        *("sel85", "cti", "icm", "act", "m_act", "sel99"),
        *("visit", "phone", "network_meeting", "meeting", "outreach", "message", "other"),
        *("deposit_loan", "moving_grant", "furniture_grant"),
        *("hf_deposit", "hf_establishment", "hf_starter_kit", "own_payment_back"),
        "shelter",  # a consent that opens the records to the shelter's staff ("other" is above)
        "municipalities",  # a consent that opens notes between the municipalities that help
    ),
    "decision": _one_of("granted", "refused"),
    "answer": _one_of("offered", "accepted", "declined", "withdrawn"),
    "section": _one_of("sel141", "sel142"),
    "template": _one_of("appointment", "grant_decision", "reminder"),
    "channel": _one_of("digital_post", "post", "handed"),
    "object": _one_of("budget"),
    "measure": lambda v: isinstance(v, str) and bool(_NAME.fullmatch(v)),
    "lines": lambda v: _is_count(v) or v in ("months", "year", "removed"),
    "parameter_set": lambda v: isinstance(v, str) and bool(_FINGERPRINT.fullmatch(v)),
    "overrides": lambda v: isinstance(v, list) and all(_page_free_parameter(p) for p in v),
    "deleted": lambda v: isinstance(v, str) and bool(_LABEL.fullmatch(v)),
    "confirmed_outside_bounds": _bounds,
    "municipality": lambda v: isinstance(v, str) and bool(re.fullmatch(r"\d{3,4}", v)),
    # A handover between acting municipalities (citizens.borders): the two municipalities' codes.
    "from_municipality": lambda v: isinstance(v, str) and bool(re.fullmatch(r"\d{3,4}", v)),
    "to_municipality": lambda v: isinstance(v, str) and bool(re.fullmatch(r"\d{3,4}", v)),
    "max_citizens": _OPTIONAL_COUNT,
    "participants": _is_count,
    "steps": _is_count,
    "year": _OPTIONAL_COUNT,
    "month": _OPTIONAL_COUNT,
    "quarter": lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 4,
    "week": lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 53,
    "within": _OPTIONAL_COUNT,
    "admitted": _date,
    "discharged": _date,
    "valid_from": _date,
    "period_start": _date,
    "period_end": _date,
    "confirmed_despite_possible_duplicates": _ids,
    "ended_situations": _ids,
    # An erasure (privacy.retention): rows removed and kept per kind of record (model label).
    "removed": lambda v: _counts_by_label(v),
    "kept": lambda v: _counts_by_label(v),
    **{
        key: _is_id
        for key in (
            "id",
            "shelter",
            "stay",
            "course",
            "plan",
            "action_plan",
            "transition",
            "tenancy",
            "offer",
            "dwelling",
            "grant",
            "replaces",
            "claim",
            "source",
            "target",
        )
    },
}


def _page_free_parameter(value: object) -> bool:
    return isinstance(value, str) and bool(_PARAMETER.fullmatch(value))


_READ = frozenset(
    {
        "page",
        "shelter",
        "dwelling",
        "year",
        "month",
        "quarter",
        "week",
        "within",
        "hits",
        "format",
        "job",
        "measure",
    }
)
_RECORD = frozenset(VALUES) - {"page", "by", "found", "hits", "job", "export", "reason"}
#: Which keys each action may use.
ACTION_KEYS: dict[str, frozenset[str]] = {
    "view": _READ,
    "search": frozenset({"page", "by", "found", "hits", "reason"}),
    "export": frozenset({"page", "format", "export", "job", "claim", "municipality"}) | _READ,
    "reveal_cpr": frozenset(),
    "merge": frozenset({"page", "hits", "source", "target", "ended_situations"}),
    "unmerge": frozenset({"page", "source", "target", "ended_situations"}),
    "create": _RECORD,
    "update": _RECORD,
    "erase": frozenset({"removed", "kept"}),
}


def generalised(object_type: str, detail: Mapping[str, object]) -> dict[str, object]:
    """Return the detail with a record's revealing field names replaced by its neutral name."""
    neutral = GENERALISED.get(object_type)
    if neutral is None or "fields" not in detail:
        return dict(detail)
    return {**detail, "fields": [neutral]}


def refusal(action: str, detail: Mapping[str, object]) -> str:
    """Return why the detail may not be stored ("" when it may)."""
    allowed = ACTION_KEYS.get(action)
    if allowed is None:
        return f"handlingen '{action}' kendes ikke"
    for key, value in detail.items():
        if key not in allowed:
            return f"nøglen '{key}' er ikke tilladt for handlingen '{action}'"
        if not VALUES[key](value):
            return f"værdien for '{key}' er ikke tilladt (kun id'er, antal, formater og sidenavne)"
    return ""


def checked(
    action: str, object_type: str, detail: Mapping[str, object] | None
) -> dict[str, object]:
    """Return the detail to store, generalised; raise ``AuditDetailRefused`` if not allowed."""
    stored = generalised(object_type, detail or {})
    if why := refusal(action, stored):
        raise AuditDetailRefused(f"Logposten afvist: {why}.")
    return stored
