"""The sender of a letter: the municipality's letterhead and the worker who writes.

``sender_values`` copies them into the letter's stored values on the day it is sent, so a letter
says later what it said then, even after the municipality moves or the worker changes team.
"""

from __future__ import annotations

from hjemvej.accounts.models import Municipality, User


def has_postal_address(municipality: Municipality) -> bool:
    """Return whether the municipality has a whole postal address: street, postal code and city."""
    return all(
        part.strip() for part in (municipality.address, municipality.postal_code, municipality.city)
    )


def sender_values(*, municipality: Municipality, actor: User) -> dict[str, str]:
    """Return the sender as a letter stores it: what is known, never half an address."""
    whole = has_postal_address(municipality)
    details = {
        "sender_name": municipality.sender_name.strip(),
        "municipality_address": municipality.address.strip() if whole else "",
        "municipality_postal_code": municipality.postal_code.strip() if whole else "",
        "municipality_city": municipality.city.strip() if whole else "",
        "municipality_phone": municipality.phone.strip(),
        "municipality_email": municipality.email.strip(),
        "municipality_website": municipality.website.strip(),
        "sender_team": actor.team.strip(),
        "sender_email": actor.email.strip(),
    }
    return {
        "municipality": municipality.name,
        "sender": actor.get_full_name() or actor.get_username(),
        **{key: value for key, value in details.items() if value},
    }
