"""The public documents that the scenarios' notes and the parameters' sources cite, by name."""

DIALOGUE_FORUM = "Dialogforum for Socialt Udsatte, opfølgning på dialogmødet 7. oktober 2025"
NATIONAL_PARTNERSHIP = "Det Nationale Partnerskab mod Hjemløshed, afrapportering 2025"
RANDERS_BUDGET = "Randers Kommune, budgetforslag 2026"
COUNCIL = "Rådet for Socialt Udsatte"
NORDDJURS_STANDARD = "Norddjurs Kommune, kvalitetsstandard for Housing First-bostøtte"

#: A parameter's ``source`` that begins with one of these names took its value from it.
PUBLIC_DOCUMENTS = (
    DIALOGUE_FORUM,
    NATIONAL_PARTNERSHIP,
    RANDERS_BUDGET,
    COUNCIL,
    NORDDJURS_STANDARD,
)
