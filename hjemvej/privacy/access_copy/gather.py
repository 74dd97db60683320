"""Everything held about one citizen, gathered through the app registry and written as words.

Every model with a link to a citizen, directly or through another record (a stay plan through its
stay, a tenancy risk through its tenancy), is found by :func:`linked_models`. Each has a Danish
heading in :data:`PARTS` or a reason in :data:`LEFT_OUT`; a model found that has neither is still
included, under its own plural name, and ``tests/privacy`` fails until it is given a heading.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst

from hjemvej.accounts.models import User
from hjemvej.citizens import cpr
from hjemvej.citizens.models import Citizen
from hjemvej.core.formatting import danish_number


@dataclass(frozen=True)
class Part:
    """How one kind of record is shown: its heading, its order, fields left out of the copy."""

    heading: str
    order: tuple[str, ...] = ()
    omit: frozenset[str] = field(default_factory=frozenset)
    #: A lookup for a model that names the citizen by number rather than by a link.
    lookup: str = ""
    #: Only the records that still concern the citizen (an undone merge joined two people).
    where: tuple[tuple[str, object], ...] = ()


#: Every kind of record about a citizen, in the order the copy shows them.
PARTS: dict[str, Part] = {
    "citizens.HomelessnessSituation": Part("Hjemløshedssituationer", ("start",)),
    "citizens.ByNameListEvent": Part(
        "Hændelser på den navngivne liste (by-name-listen)", ("date",)
    ),
    "citizens.Consent": Part("Samtykker", ("given_on",)),
    "citizens.RiskOfHomelessness": Part("Risici for hjemløshed", ("noted_on",)),
    "citizens.ActingMunicipalityPeriod": Part(
        "Handlekommuner over tid (og aftaler om en del af hjælpen)", ("valid_from",)
    ),
    "citizens.ActingMunicipalityDispute": Part("Uenighedssager om handlekommune", ("brought_on",)),
    "shelters.Stay": Part("Ophold på boformer (forsorgshjem og herberger)", ("admitted",)),
    "followup.StayPlan": Part("Opholdsplaner", ("made_on",)),
    "support.SupportCourse": Part("Støtteforløb", ("start",)),
    "support.Contact": Part("Kontakter og notater", ("date",)),
    "support.CourseReview": Part("Opfølgninger på støtteforløb", ("held_on",)),
    "support.CtiAssessment": Part("Vurderinger i CTI's fase 3", ("assessed_on",)),
    "support.BotilbudStay": Part("Ophold i midlertidigt botilbud (§ 107)", ("start",)),
    "housing.Household": Part("Husstand"),
    "housing.IncomeSource": Part("Indkomster", ("valid_from",)),
    "housing.HousingOffer": Part("Boligtilbud", ("offered_on",)),
    "housing.Tenancy": Part("Lejemål", ("move_in",)),
    "housing.TenancyRisk": Part("Risici for lejemål (fx restance og varsler)", ("noted_on",)),
    "housing.Grant": Part("Bevillinger (lån til indskud, tilskud og betalinger)", ("decided_on",)),
    "followup.Transition": Part("Kritiske overgange", ("expected_on",)),
    "followup.TransitionMeeting": Part("Møder om kritiske overgange", ("held_on",)),
    "followup.ActionPlan": Part("Handleplaner", ("meeting_on",)),
    "followup.PlanParticipant": Part("Deltagere i handleplaner"),
    "followup.PlanStep": Part("Skridt i handleplaner", ("due",)),
    "followup.Task": Part("Opgaver", ("due",)),
    # The letter's text is the letter itself: the copy names each letter, its subject and date.
    "followup.Letter": Part("Breve", ("sent_on",), omit=frozenset({"values"})),
    "citizens.Merge": Part(
        "Sammenlægninger af dobbelte registreringer",
        ("merged_at",),
        omit=frozenset({"moved", "undone_at"}),
        where=(("undone_at__isnull", True),),
    ),
    # A claim's lines name the citizen by number (the claim keeps them when records change).
    "economy.ClaimLine": Part(
        "Refusionsopgørelser til staten, der omfatter dine ophold",
        ("admitted",),
        omit=frozenset({"citizen_pk", "stay_pk", "rule_versions"}),
        lookup="citizen_pk",
    ),
    "economy.SupportClaimLine": Part(
        "Refusionsopgørelser til staten efter § 176 a, der omfatter dine støtteforløb og ophold "
        "i botilbud",
        ("start",),
        omit=frozenset({"citizen_pk", "course_pk", "rule_versions"}),
        lookup="citizen_pk",
    ),
}

#: Models that point at a citizen but are not a part of their own, and why.
LEFT_OUT: dict[str, str] = {
    "accounts.AuditEntry": "Vises i sin egen del: hvem der har læst og ændret oplysningerne.",
    "citizens.CitizenState": "Beregnes af situationer, ophold og kontakter, som alle er med.",
}

#: Danish names for the fields models leave with Django's English default.
FIELD_NAMES: dict[str, str] = {
    "created_at": "oprettet",
    "created_by": "oprettet af",
    "updated_at": "senest ændret",
    "source": "registreringen, der blev lagt ind",
    "target": "lagt ind i",
    "moved_cpr": "CPR-nummeret fulgte med",
    "merged_by": "lagt sammen af",
    "merged_at": "lagt sammen",
    "undone_at": "fortrudt",
    "claim": "opgørelse",
}


def linked_models(target: type[models.Model]) -> list[type[models.Model]]:
    """Return every model linked to ``target`` by a chain of foreign keys, in registry order."""
    found: set[type[models.Model]] = {target}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            if model in found:
                continue
            if any(f.is_relation and f.related_model in found for f in model._meta.concrete_fields):
                found.add(model)
                grew = True
    return [model for model in apps.get_models() if model in found and model is not target]


def _lookups(
    model: type[models.Model], linked: list[type[models.Model]], depth: int = 0
) -> list[str]:
    """Return the lookups from ``model`` to a citizen (``citizen``, ``stay__citizen`` …)."""
    if model is Citizen:
        return ["pk"]
    if depth > 4:
        return []
    paths = []
    for f in model._meta.concrete_fields:
        if not f.is_relation or f.related_model is None or f.related_model is model:
            continue
        related: Any = f.related_model
        if related is Citizen:
            paths.append(f.name)
        elif related in linked:
            paths.extend(
                f"{f.name}__{p}" for p in _lookups(related, linked, depth + 1) if p != "pk"
            )
    return paths


def user_text(user: User | None, username: str = "") -> str:
    """Return a staff member as the citizen reads them: the full name (or the user name)."""
    if user is None:
        return username or "ukendt"
    return user.get_full_name() or user.get_username()


def _text(record: models.Model, f: models.Field[Any, Any], value: object) -> str:
    if value is None or value == "":
        return ""
    if f.choices:
        return str(getattr(record, f"get_{f.name}_display")())
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%d.%m.%Y kl. %H.%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, Decimal):
        return danish_number(value, 2)
    if isinstance(value, User):
        return f"{user_text(value)} ({value.get_role_display()})"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _raw(value: object) -> object:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value)
    return value


def field_name(f: models.Field[Any, Any]) -> str:
    """Return a field's Danish name: its verbose name, or a word for Django's English default."""
    name = str(f.verbose_name)
    if f.name in FIELD_NAMES and name == f.name.replace("_", " "):
        name = FIELD_NAMES[f.name]
    return capfirst(name)


def record_fields(record: models.Model, omit: frozenset[str] = frozenset()) -> list[dict[str, Any]]:
    """Return a record's fields as ``{field, name, value, text}``: the citizen's link left out."""
    rows = []
    for f in record._meta.concrete_fields:
        if f.primary_key or f.name in omit or (f.related_model is Citizen and f.name == "citizen"):
            continue
        value = getattr(record, f.name)
        rows.append(
            {
                "field": f.name,
                "name": field_name(f),
                "value": _raw(value),
                "text": _text(record, f, value),
            }
        )
    return rows


def section(
    model: type[models.Model], citizen_ids: list[int], linked: list[type[models.Model]]
) -> dict[str, Any]:
    """Return one kind of record about the citizens ``citizen_ids`` (one person) as a section."""
    label = model._meta.label
    part = PARTS.get(label) or Part(str(model._meta.verbose_name_plural).capitalize())
    lookups = [part.lookup] if part.lookup else _lookups(model, linked)
    condition = Q()
    for lookup in lookups:
        condition |= Q(**{f"{lookup}__in": citizen_ids})
    records: Any = []
    if lookups:
        records = model._default_manager.filter(condition, **dict(part.where)).distinct()
        records = records.order_by(*part.order, "pk")
    noun = str(model._meta.verbose_name)
    return {
        "model": label,
        "heading": part.heading,
        "records": [
            {"title": f"{number}. {noun}", "fields": record_fields(record, part.omit)}
            for number, record in enumerate(records, start=1)
        ],
    }


def _whole_cpr(citizen: Citizen) -> str:
    """Return the whole CPR number as DDMMÅÅ-XXXX: the copy is the citizen's own."""
    if not citizen.cpr_token:
        return ""
    number = cpr.decrypt(citizen.cpr_token)
    return f"{number[:6]}-{number[6:]}"


def identity(citizen: Citizen) -> dict[str, Any]:
    """Return who the citizen is: name, alias, the whole CPR number, birth date and contact."""
    merged = list(Citizen.objects.filter(merged_into=citizen).order_by("pk"))
    rows = [
        ("Fornavn", citizen.first_name),
        ("Efternavn", citizen.last_name),
        ("Alias", citizen.alias),
        ("CPR-nummer", _whole_cpr(citizen)),
        ("Fødselsdato", f"{citizen.birth_date:%d.%m.%Y}" if citizen.birth_date else ""),
        ("Køn", citizen.get_gender_display()),
        ("Telefon", citizen.phone),
        ("E-mail", citizen.email),
        ("Hvor du kan træffes", citizen.contact_note),
        ("Handlekommune", citizen.acting_municipality.name),
        (
            "Opholdskommune",
            citizen.residence_municipality.name if citizen.residence_municipality else "",
        ),
        (
            "Sagsbehandler",
            _text(citizen, Citizen._meta.get_field("case_worker"), citizen.case_worker),
        ),
        ("Internt pseudonym (bruges i udtræk i stedet for navnet)", citizen.pseudonym),
        ("Registreret", _text(citizen, Citizen._meta.get_field("created_at"), citizen.created_at)),
        *(
            (f"Dobbelt registrering lagt sammen med denne (nr. {m.pk})", m.display_name)
            for m in merged
        ),
    ]
    return {
        "name": citizen.display_name,
        "fields": [{"name": name, "text": text} for name, text in rows],
    }


def person_ids(citizen: Citizen) -> list[int]:
    """Return the citizen's id and those of the registrations merged into them (one person)."""
    return [citizen.pk, *Citizen.objects.filter(merged_into=citizen).values_list("pk", flat=True)]


def sections(citizen: Citizen) -> list[dict[str, Any]]:
    """Return every kind of record held about the citizen, in the order of :data:`PARTS`."""
    ids = person_ids(citizen)
    linked = linked_models(Citizen)
    models_ = {m._meta.label: m for m in linked if m._meta.label not in LEFT_OUT}
    for label in PARTS:
        models_.setdefault(label, apps.get_model(label))
    order = list(PARTS)
    labels = sorted(models_, key=lambda label: order.index(label) if label in order else len(order))
    return [section(models_[label], ids, linked) for label in labels]
