"""Letters from templates: preview one, send one; the sender and the case number go with it.

Each function validates everything first and raises ``DomainError`` with a Danish message on the
field it concerns; a letter is written in one transaction with an audit entry that names the
template, the channel and ids, never the letter's text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from django.db import transaction

from hjemvej.accounts import audit
from hjemvej.accounts.models import AuditAction, User
from hjemvej.citizens import cpr
from hjemvej.citizens.models import Citizen
from hjemvej.core.errors import DomainError
from hjemvej.followup import letters
from hjemvej.followup.letters.sender import sender_values
from hjemvej.followup.models import Letter, LetterChannel
from hjemvej.housing.models import Grant
from hjemvej.rules.parameters import default_parameters

COMPLAINT_WEEKS = "followup.letters.complaint_weeks"
LOAN_FREE_YEARS = "housing.deposit_loan.free_years"

#: A case (journal) number as the municipality's case system writes it, fx 27.12.04-G01-17-26.
CASE_NUMBER = re.compile(r"^[0-9A-Za-zÆØÅæøå][0-9A-Za-zÆØÅæøå .\-/_]*$")
CASE_NUMBER_LENGTH = 40
CPR_REFUSED = "Skriv ikke et CPR-nummer i brevet."


def _typed(value: object) -> str:
    """Return text as typed, with its line breaks as ``\n`` and no blank lines at the ends."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _case_number(raw: str) -> str:
    """Return the case number, checked: no CPR number, the characters of a journal number."""
    number = raw.strip()
    if not number:
        return ""
    if cpr.in_text(number):
        raise DomainError(CPR_REFUSED, field="case_number")
    if len(number) > CASE_NUMBER_LENGTH:
        raise DomainError(
            f"Sagsnummeret kan højst have {CASE_NUMBER_LENGTH} tegn.", field="case_number"
        )
    if not CASE_NUMBER.match(number):
        raise DomainError(
            "Skriv sagsnummeret med tal og bogstaver, evt. med punktum, bindestreg eller "
            "skråstreg, fx 27.12.04-G01-17-26.",
            field="case_number",
        )
    return number


def _letter_values(
    *,
    actor: User,
    citizen: Citizen,
    template: str,
    values: Mapping[str, str],
    today: date,
    grant: Grant | None,
    case_number: str,
) -> tuple[dict[str, str], letters.LetterText]:
    """Validate a letter's values; return what would be stored and the text it gives.

    The stored values hold the sender as it is today (``sender_values``); the case number is
    stored on the letter itself.
    """
    spec = letters.TEMPLATES.get(template)
    if spec is None:
        raise DomainError("Vælg en brevskabelon.", field="template")
    known = {field.name for field in spec.fields}
    stored = {name: _typed(value) for name, value in values.items() if name in known}
    if spec.needs_grant:
        if grant is None:
            raise DomainError("Vælg den afgørelse, brevet handler om.", field="grant")
        if grant.citizen_id != citizen.pk:
            raise DomainError("Afgørelsen hører til en anden borger.", field="grant")
        stored |= letters.grant_values(grant)
    for name, value in stored.items():
        if cpr.in_text(value):
            raise DomainError(CPR_REFUSED, field=name)
    stored["recipient"] = citizen.display_name
    stored |= sender_values(municipality=citizen.acting_municipality, actor=actor)
    stored["sent_on"] = today.isoformat()
    if spec.needs_grant:
        # The law's numbers as they are on the day it is sent, so the letter renders the same later.
        params = default_parameters()
        stored["complaint_weeks"] = str(params.value(COMPLAINT_WEEKS, today))
        stored["loan_free_years"] = str(params.value(LOAN_FREE_YEARS, today))
    try:
        return stored, letters.compose(template, stored | {"case_number": case_number})
    except letters.MissingValue as missing:
        raise DomainError(missing.message, field=missing.field) from None


def letter_preview(
    *,
    actor: User,
    citizen: Citizen,
    template: str,
    values: Mapping[str, str],
    today: date,
    grant: Grant | None = None,
    case_number: str = "",
) -> letters.LetterText:
    """Return the letter ``letter_send`` would send with these values (nothing is written)."""
    return _letter_values(
        actor=actor,
        citizen=citizen,
        template=template,
        values=values,
        today=today,
        grant=grant,
        case_number=_case_number(case_number),
    )[1]


def letter_send(
    *,
    actor: User,
    citizen: Citizen,
    template: str,
    values: Mapping[str, str],
    channel: str,
    today: date,
    grant: Grant | None = None,
    case_number: str = "",
) -> Letter:
    """Record a letter sent to the citizen from a template; the PDF is rendered from ``values``.

    ``values`` holds the template's fields as text (dates as ÅÅÅÅ-MM-DD, the address line among
    them); other keys are ignored. A decision letter takes the decision from ``grant``. The
    recipient's name, the sender (the municipality's letterhead and the worker's contact as they
    are today) and the date are added, so the stored values and the case number are enough to
    render the very same letter again. Line breaks typed in a value are kept.
    """
    if channel not in LetterChannel.values:
        raise DomainError("Vælg hvordan brevet sendes.", field="channel")
    number = _case_number(case_number)
    stored, text = _letter_values(
        actor=actor,
        citizen=citizen,
        template=template,
        values=values,
        today=today,
        grant=grant,
        case_number=number,
    )
    with transaction.atomic():
        letter = Letter.objects.create(
            citizen=citizen,
            template=template,
            subject=text.subject,
            values=stored,
            case_number=number,
            channel=channel,
            sent_on=today,
            sent_by=actor,
        )
        detail: dict[str, object] = {"template": template, "channel": channel}
        if grant is not None:
            detail["grant"] = grant.pk
        audit.record(
            actor=actor, action=AuditAction.CREATE, citizen=citizen, obj=letter, detail=detail
        )
    return letter
