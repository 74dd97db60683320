"""The access copy as files: a tagged PDF (PDF/UA-1) to read and JSON with the same data.

The PDF opens with what the copy is, in plain Danish: the law (databeskyttelsesforordningen
art. 15), the rights to have data corrected or erased, and whom to contact (the acting
municipality's details, as its letters show them). Then who the citizen is, every kind of record
held about them, and who has read or changed the record and when. ``indsigt.json`` holds the
same, with each value both as stored (``value``) and as the PDF writes it (``text``).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

from hjemvej.accounts.models import User
from hjemvej.citizens.models import Citizen
from hjemvej.core.formatting import long_date
from hjemvej.core.pdf import render
from hjemvej.followup.letters.sender import sender_values
from hjemvej.followup.letters.texts import letterhead
from hjemvej.privacy.access_copy.gather import identity, person_ids, sections, user_text
from hjemvej.privacy.access_copy.trail import trail

TEMPLATE = Path(__file__).with_name("access_copy.typ")
TITLE = "Indsigt i dine oplysninger"
PDF_NAME = "indsigt.pdf"
JSON_NAME = "indsigt.json"


def contact_lines(citizen: Citizen, made_by: User) -> list[str]:
    """Return whom the citizen contacts: the municipality's letterhead and the case worker."""
    municipality = citizen.acting_municipality
    head = letterhead(sender_values(municipality=municipality, actor=made_by)) or (
        municipality.name,
    )
    worker = user_text(made_by)
    if made_by.email:
        worker = f"{worker}, {made_by.email}"
    return [*head, f"Din kopi er lavet af {worker}."]


def introduction(municipality: str) -> list[str]:
    """Return the plain Danish opening: what this is, the law, the citizen's other rights."""
    return [
        f"Her er en kopi af alle de oplysninger, {municipality} har registreret om dig i Hjemvej. "
        "Hjemvej er det system, kommunen bruger i arbejdet med hjemløshed: ophold på "
        "forsorgshjem og herberger, støtte, bolig og opfølgning.",
        "Du har ret til at få kopien efter databeskyttelsesforordningens artikel 15 (retten til "
        "indsigt). Kopien viser også, hvem der har læst eller ændret dine oplysninger, og hvornår.",
        "Kopien er din egen. Derfor står dit fulde CPR-nummer i den. Pas godt på den, og giv den "
        "kun til nogen, du stoler på.",
        "Er en oplysning forkert, har du ret til at få den rettet (artikel 16). Du kan også bede "
        "om at få oplysninger slettet (artikel 17), når kommunen ikke længere må eller skal "
        "gemme dem. Kontakt kommunen, så retter vi det.",
        "Mener du, at kommunen behandler dine oplysninger forkert, kan du klage til Datatilsynet "
        "(datatilsynet.dk).",
        f"Filen {JSON_NAME} rummer de samme oplysninger i et format, som en computer kan læse.",
    ]


def copy_data(*, citizen: Citizen, made_by: User, made_on: date) -> dict[str, Any]:
    """Return everything the copy holds, as the PDF and the JSON show it."""
    municipality = citizen.acting_municipality.name
    return {
        "title": TITLE,
        "made_on": made_on.isoformat(),
        "made_on_text": long_date(made_on),
        "municipality": municipality,
        "introduction": introduction(municipality),
        "contact": contact_lines(citizen, made_by),
        "identity": identity(citizen),
        "sections": sections(citizen),
        "audit": trail(person_ids(citizen)),
    }


def zipped(data: dict[str, Any], *, made_on: date) -> bytes:
    """Return the copy as one zip file: the PDF and the JSON."""
    pdf = render(TEMPLATE, data, made_on=made_on)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(PDF_NAME, pdf)
        archive.writestr(JSON_NAME, json.dumps(data, ensure_ascii=False, indent=2))
    return buffer.getvalue()
