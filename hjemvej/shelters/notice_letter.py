"""The shelter's notice of an admission to the acting municipality, as a letter (PDF/UA-1).

For an acting municipality that does not use this installation (``notices.notice_in_installation``):
the shelter prints or sends the letter and records the day it was sent on the stay, so the
deadline (SEL § 110, stk. 6: working days counted from the day after the admission) is tracked
either way. The letter names the citizen by name and birth date, never the CPR number.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hjemvej.core.pdf import render
from hjemvej.rules.explain import danish_date
from hjemvej.rules.parameters import default_parameters
from hjemvej.shelters.models import Stay
from hjemvej.shelters.selectors import notice_days

TEMPLATE = Path(__file__).with_name("notice_letter.typ")
SUBJECT = "Underretning om indskrivning på boform efter serviceloven § 110"


def notice_letter_pdf(stay: Stay, *, today: date) -> bytes:
    """Return the notice of the stay's admission as a letter to the acting municipality."""
    citizen, shelter = stay.citizen, stay.shelter
    municipality = citizen.acting_municipality
    born = (
        f", født {danish_date(citizen.birth_date)}"
        if citizen.birth_date is not None
        else ", fødselsdato ukendt"
    )
    paragraphs = [
        f"{shelter.name} har den {danish_date(stay.admitted)} indskrevet "
        f"{citizen.display_name}{born}, som har {municipality.name} som handlekommune.",
        "Boformen underretter hermed handlekommunen om indskrivningen efter serviceloven "
        "§ 110, stk. 6, så kommunen kan tage stilling til borgerens videre forløb.",
    ]
    found = notice_days(stay.admitted, default_parameters())
    if found is not None:  # an admission before the rule has no deadline
        days, deadline = found
        paragraphs.append(
            f"Fristen for underretningen er {danish_date(deadline)}: {days} hverdage regnet fra "
            "dagen efter indskrivningen (weekender og helligdage tæller ikke)."
        )
    postal = [
        municipality.sender_name or municipality.name,
        *([municipality.address] if municipality.address else []),
        *(
            [f"{municipality.postal_code} {municipality.city}".strip()]
            if municipality.postal_code or municipality.city
            else []
        ),
    ]
    data = {
        "header": [shelter.name, f"{shelter.municipality.name} Kommune"],
        "postal": postal,
        "dated": [f"Dato: {danish_date(today)}"],
        "subject": SUBJECT,
        "paragraphs": paragraphs,
        "sender": shelter.name,
        "references": [
            "Serviceloven § 110, stk. 6 (boformens underretning af handlekommunen), "
            "https://www.retsinformation.dk/eli/lta/2024/909"
        ],
    }
    return render(TEMPLATE, data, made_on=today)
