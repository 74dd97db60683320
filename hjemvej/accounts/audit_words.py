"""The audit log in words staff understand: the one Danish word for every record and every page.

An entry stores codes (``shelters.Stay``, ``shelters:detail``, field names); the log page shows
them through these mappings. ``tests/accounts/test_audit_words.py`` fails when a model or a URL
name of the project has no word here, so a new one cannot slip through. The words name records,
pages and fields, never a value: the log reveals what it revealed before (docs/access.md).
"""

from __future__ import annotations

from collections.abc import Mapping

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from hjemvej.accounts.audit_detail import VALUES, generalised

#: Every model of the project by its label (``AuditEntry.object_type``), as one word.
OBJECTS: dict[str, str] = {
    "accounts.Municipality": "kommune",
    "accounts.User": "bruger",
    "accounts.AuditEntry": "logpost",
    "accounts.IdentityMapping": "rolle fra kommunens login",
    "jobs.Job": "baggrundsjob",
    "interchange.SourceId": "ekstern id fra en indlæsning",
    "jobs.JobFile": "fil fra et baggrundsjob",
    "jobs.ScheduledRun": "planlagt kørsel",
    "citizens.Citizen": "borger",
    "citizens.Consent": "samtykke",
    "citizens.RiskOfHomelessness": "risiko for hjemløshed",
    "citizens.HomelessnessSituation": "hjemløshedssituation",
    "citizens.ByNameListEvent": "hændelse på den navngivne liste",
    "citizens.ActingMunicipalityPeriod": "periode som handlekommune",
    "citizens.ActingMunicipalityDispute": "uenighedssag om handlekommune",
    "citizens.Merge": "sammenlægning",
    "citizens.CitizenState": "borgerens status på listen",
    "citizens.KeyCheck": "nøglekontrol",
    "shelters.Shelter": "boform",
    "shelters.ShelterRate": "takst",
    "shelters.Stay": "ophold",
    "support.SupportCourse": "støtteforløb",
    "support.Contact": "kontakt",
    "support.CourseReview": "opfølgning på forløb",
    "support.CtiAssessment": "vurdering i CTI's fase 3",
    "support.CaseloadLimit": "grænse for sagsstamme",
    "support.BotilbudStay": "ophold i midlertidigt botilbud (§ 107)",
    "housing.Landlord": "udlejer",
    "housing.Dwelling": "bolig",
    "housing.HousingOffer": "boligtilbud",
    "housing.Tenancy": "lejemål",
    "housing.TenancyRisk": "risiko for lejemålet",
    "housing.IncomeSource": "indkomst",
    "housing.Household": "husstand",
    "housing.Grant": "bevilling",
    "followup.Transition": "kritisk overgang",
    "followup.TransitionMeeting": "møde om overgang",
    "followup.ActionPlan": "handleplan",
    "followup.PlanParticipant": "deltager i handleplan",
    "followup.PlanStep": "skridt i handleplan",
    "followup.StayPlan": "opholdsplan",
    "followup.Letter": "brev",
    "followup.Task": "opgave",
    "economy.ReimbursementClaim": "refusionsopgørelse",
    "economy.ClaimLine": "linje i refusionsopgørelse",
    "economy.SupportClaim": "refusionsopgørelse efter § 176 a",
    "economy.SupportClaimLine": "linje i refusionsopgørelse efter § 176 a",
    "economy_budgets.BudgetLine": "budgetlinje",
    "economy_scenarios.Scenario": "scenarie",
    "stats.ListTarget": "mål for listen",
    "api.ApiToken": "API-nøgle",
    "api.RateCount": "API-nøglens forespørgsler",
}

#: Every page by its URL name (and the few pages logged by another name), as what was read.
PAGES: dict[str, str] = {
    "start": "forsiden",
    "rules": "siden med reglerne i kraft",
    "rules_to_check": "siden med regelværdier til kontrol",
    "login": "log ind",
    "oidc_login": "log ind med kommunens login",
    "oidc_callback": "retur fra kommunens login",
    "second_factor": "kode fra godkendelses-app",
    "jobs:list": "mine baggrundsjob",
    "jobs:job": "et baggrundsjobs side",
    "jobs:file": "filen fra et baggrundsjob",
    "password_change": "skift adgangskode",
    "logout": "log ud",
    "health_live": "sundhedstjekket (kører)",
    "health_ready": "sundhedstjekket (klar)",
    "by_name_list": "den navngivne liste",
    "merge": "siden Sammenlæg borgere",
    "unmerge": "siden Fortryd sammenlægning",
    "citizen_create": "siden Opret borger",
    "admit_new": "siden Indskriv borger",
    "citizen_update": "siden Ret borgeren",
    "citizens:list": "den navngivne liste",
    "citizens:export": "udtrækket af den navngivne liste",
    "citizens:create": "siden Opret borger",
    "citizens:admit_new": "siden Indskriv borger",
    "citizens:detail": "borgerens side",
    "citizens:across_list": "borgere på tværs af kommunegrænser",
    "citizens:at_risk": "borgere i risiko for hjemløshed",
    "citizens:risk_add": "siden Registrér risiko for hjemløshed",
    "citizens:risk_end": "siden Afslut risiko for hjemløshed",
    "citizens:stay_notice_letter": "boformens underretningsbrev til handlekommunen",
    "citizens:across": "borgerens side på tværs af kommunegrænser",
    "citizens:across_contact_add": "siden Ny kontakt på tværs af kommunegrænser",
    "citizens:acting_change": "siden Skift handlekommune",
    "citizens:agreement_add": "siden Aftale efter § 9, stk. 11",
    "citizens:agreement_end": "siden Afslut aftale efter § 9, stk. 11",
    "citizens:dispute_add": "siden Ny uenighedssag om handlekommune",
    "citizens:dispute_decide": "siden Ankestyrelsens afgørelse",
    "citizens:dispute_withdraw": "siden Træk uenighedssagen tilbage",
    "citizens:reveal_cpr": "det fulde CPR-nummer",
    "citizens:edit": "siden Ret borgeren",
    "citizens:situation_add": "siden Registrér situation",
    "citizens:situation_end": "siden Afslut situation",
    "citizens:stay_admit": "siden Indskriv på boform",
    "citizens:stay_discharge": "siden Udskriv fra boform",
    "citizens:stay_edit": "siden Ret ophold",
    "citizens:course_create": "siden Opret støtteforløb",
    "citizens:course_edit": "siden Ret støtteforløb",
    "citizens:contact_add": "siden Registrér kontakt",
    "citizens:consent_add": "siden Registrér samtykke",
    "citizens:consent_withdraw": "siden Tilbagekald samtykke",
    "citizens:merge": "siden Sammenlæg borgere",
    "citizens:unmerge": "siden Fortryd sammenlægning",
    "shelters:list": "listen over boformer",
    "shelters:detail": "boformens side",
    "accounts:audit": "adgangsloggen",
    "economy:dashboard": "økonomioversigten",
    "economy:report": "rapporten til kommunalbestyrelsen",
    "economy:figures": "økonomitallene",
    "economy:shelter_figures": "økonomitallene pr. boform",
    "economy:stay_rows": "opholdene bag økonomitallene",
    "economy:claims": "refusionsopgørelserne",
    "economy:claim": "refusionsopgørelsen",
    "economy:claim_export": "udtrækket af refusionsopgørelsen",
    "economy:support_claims": "refusionsopgørelserne efter § 176 a",
    "economy:support_claim": "refusionsopgørelsen efter § 176 a",
    "economy:support_claim_export": "udtrækket af refusionsopgørelsen efter § 176 a",
    "economy:alerts": "varslerne om refusionsdage",
    "economy:budget": "budgettet",
    "economy:budget_edit": "siden Ret budget",
    "economy:forecast": "prognosen",
    "economy:forecast_chart": "prognosens graf",
    "economy:scenarios": "scenarierne",
    "economy:scenario_law_new": "siden Nyt lovscenarie",
    "economy:scenario_practice_new": "siden Nyt praksisscenarie",
    "economy:scenario": "scenariet",
    "housing:citizen": "borgerens boligside",
    "housing:search": "boligsøgningen for borgeren",
    "housing:household": "siden Ret husstand",
    "housing:income_add": "siden Registrér indkomst",
    "housing:income_edit": "siden Ret indkomst",
    "housing:offer_create": "siden Registrér boligtilbud",
    "housing:offer_answer": "siden Svar på boligtilbud",
    "housing:tenancy_create": "siden Registrér lejemål",
    "housing:tenancy_end": "siden Afslut lejemål",
    "housing:tenancy_housed": "siden Registrér indflytning",
    "housing:risk_add": "siden Registrér risiko for lejemålet",
    "housing:risk_resolve": "siden Afslut risiko for lejemålet",
    "housing:grant_create": "siden Registrér bevilling",
    "housing:grant_edit": "siden Ret bevilling",
    "housing:dwelling_list": "boligregistret",
    "housing:dwelling_create": "siden Opret bolig",
    "housing:dwelling_detail": "boligens side",
    "housing:dwelling_edit": "siden Ret bolig",
    "housing:landlord_list": "listen over udlejere",
    "housing:landlord_create": "siden Opret udlejer",
    "housing:landlord_edit": "siden Ret udlejer",
    "support:citizen": "borgerens støtteside",
    "support:review_add": "siden Registrér opfølgning på forløb",
    "support:assessment": "siden Vurdering i CTI's fase 3",
    "support:botilbud_add": "siden Nyt ophold i midlertidigt botilbud",
    "support:botilbud_edit": "siden Ret ophold i midlertidigt botilbud",
    "support:caseload": "sagsstammerne",
    "support:limits": "grænserne for sagsstamme",
    "followup:task_list": "opgavelisten",
    "followup:weekly": "den ugentlige opfølgningsliste",
    "followup:task_done": "siden Markér opgave som udført",
    "followup:task_create": "siden Opret opgave",
    "followup:citizen": "borgerens opfølgningsside",
    "followup:transition_create": "siden Registrér kritisk overgang",
    "followup:transition_edit": "siden Ret kritisk overgang",
    "followup:transition_meeting_add": "siden Registrér møde om overgang",
    "followup:plan_create": "siden Opret handleplan",
    "followup:step_add": "siden Tilføj skridt",
    "followup:step_done": "siden Markér skridt som udført",
    "followup:stay_plan_create": "siden Opret opholdsplan",
    "followup:letter_new": "siden Nyt brev",
    "followup:letter": "brevet",
    "followup:letter_pdf": "brevet som PDF",
    "privacy:access_copy": "borgerens indsigt (GDPR art. 15)",
    "privacy:retention": "listen over borgere til sletning",
    "interchange:records": "siden til indlæsning af data",
    "interchange:template": "skabelonen til indlæsning",
    "interchange:export": "udtrækket af kommunens poster",
    "stats:index": "statistikkens forside",
    "stats:flows": "statistikken Listen over tid",
    "stats:prevention": "statistikken Forebyggelse",
    "stats:flows_xlsx": "Listen over tid som Excel",
    "stats:flows_targets": "siden Mål for listen",
    "stats:dst": "indberetningen til Danmarks Statistik",
    "stats:dst_file": "filen til Danmarks Statistik",
    "stats:count_week": "optællingen til VIVE's kortlægning af hjemløshed",
    "stats:count_week_xlsx": "optællingen til VIVE's kortlægning som regneark",
    "stats:support": "støtte i tal",
    "stats:shelter_users": "brugere af boformer (tabeller som Danmarks Statistiks)",
    "stats:outcomes": "resultatmålene",
    "stats:outcome": "et resultatmål",
    "stats:outcome_citizens": "borgerne bag et resultatmål",
    # The administrators' page of API tokens, and the API (/api/v1/, docs/api.md).
    "apitokens:list": "siden med API-nøgler",
    "apitokens:revoke": "tilbagekald en API-nøgle",
    "api:api-root": "API'ets rod",
    "api:openapi-json": "API'ets OpenAPI-beskrivelse",
    "api:openapi-view": "API'ets dokumentation",
    "api:me": "API: hvem nøglen handler som",
    "api:citizens": "API: borgerlisten",
    "api:citizen": "API: en borger",
    "api:citizen_stays": "API: borgerens ophold",
    "api:citizen_courses": "API: borgerens støtteforløb",
    "api:citizen_botilbud": "API: borgerens ophold i midlertidigt botilbud (§ 107)",
    "api:citizen_risks": "API: borgerens risici for hjemløshed",
    "api:stays": "API: ophold",
    "api:stay_admit": "API: indskrivning",
    "api:stay_discharge": "API: udskrivning",
    "api:stay_notice": "API: underretning om indskrivning",
    "api:shelter_figures": "API: økonomiens tal for boformer",
    "api:list_flows": "API: listen over tid",
}

#: What was done, as the sentence's verb.
VERBS: dict[str, str] = {
    "view": "Læste",
    "create": "Oprettede",
    "update": "Ændrede",
    "export": "Eksporterede",
    "search": "Søgte",
    "reveal_cpr": "Viste det fulde CPR-nummer",
    "merge": "Lagde to borgere sammen",
    "unmerge": "Fortrød en sammenlægning af borgere",
    "erase": "Slettede borgerens personoplysninger efter sletteregel",
}

#: Each action as the kind of entry it filters in the log ("Handling": Læsninger, Ændringer …).
KINDS: dict[str, str] = {
    "view": "Læsninger",
    "create": "Oprettelser",
    "update": "Ændringer",
    "export": "Eksporter",
    "search": "Søgninger",
    "reveal_cpr": "Visninger af det fulde CPR-nummer",
    "merge": "Sammenlægninger af borgere",
    "unmerge": "Fortrudte sammenlægninger",
    "erase": "Sletninger efter sletteregel",
}

#: The detail's keys (``audit.record``'s ``detail``) in Danish; a key not here is shown as stored.
DETAIL_KEYS: dict[str, str] = {
    "fields": "felter",
    "by": "søgt på",
    "found": "fundet",
    "hits": "fundne",
    "format": "format",
    "export": "udtræk",
    "job": "baggrundsjob",
    "cpr": "CPR-nummer angivet",
    "kind": "art",
    "shelter": "boform nr.",
    "stay": "ophold nr.",
    "course": "forløb nr.",
    "plan": "handleplan nr.",
    "action_plan": "handleplan nr.",
    "transition": "overgang nr.",
    "tenancy": "lejemål nr.",
    "offer": "tilbud nr.",
    "dwelling": "bolig nr.",
    "grant": "bevilling nr.",
    "replaces": "erstatter nr.",
    "claim": "opgørelse nr.",
    "source": "fra borger nr.",
    "target": "til borger nr.",
    "admitted": "indskrevet",
    "discharged": "udskrevet",
    "year": "år",
    "month": "måned",
    "quarter": "kvartal",
    "week": "uge",
    "within": "dage tilbage højst",
    "municipality": "kommune",
    "from_municipality": "fra kommune",
    "to_municipality": "til kommune",
    "removed": "slettet (antal pr. slags)",
    "kept": "bevaret uden personoplysninger (antal pr. slags)",
    "reason": "årsag",
    "decision": "afgørelse",
    "answer": "svar",
    "section": "paragraf",
    "template": "brevskabelon",
    "channel": "sendt som",
    "object": "objekt",
    "measure": "mål",
    "lines": "linjer",
    "parameter_set": "parametersæt",
    "overrides": "ændrede parametre",
    "deleted": "slettet",
    "confirmed_outside_bounds": "bekræftet over sædvanlig grænse",
    "id": "nr.",
    "max_citizens": "højst borgere",
    "participants": "deltagere",
    "steps": "skridt",
    "valid_from": "gælder fra",
    "period_start": "periode fra",
    "period_end": "periode til",
    "confirmed_despite_possible_duplicates": "oprettet trods mulige dubletter, nr.",
    "ended_situations": "afsluttede situationer nr.",
}
#: The neutral names that stand for a record's fields (``audit_detail.GENERALISED``).
GENERAL_FIELDS: dict[str, str] = {"transition_fields": "felter i overgangen"}
#: What an old entry's key shows when the allow-list refuses it (written before the list).
HIDDEN = ("øvrige oplysninger", "skjult")
_SEARCHED_BY = {"cpr": "CPR-nummer", "name": "navn"}


def object_word(object_type: str) -> str:
    """Return the Danish word for a record's label; the label itself if the model is unknown."""
    return OBJECTS.get(object_type, object_type)


def describe(action: str, object_type: str, detail: Mapping[str, object]) -> str:
    """Return what was done as a short Danish sentence: "Læste borgerens side", "Ændrede ophold"."""
    verb = VERBS.get(action, action)
    page = str(detail.get("page", ""))
    if action == "view" and not page and object_type == "citizens.Citizen":
        page = "citizens:detail"  # the citizen's page logs the citizen, not a page name
    where = PAGES.get(page, page)
    if action == "view":
        return f"{verb} {where or object_word(object_type)}".strip()
    if action == "search":
        by = _SEARCHED_BY.get(str(detail.get("by", "")), "")
        parts = [verb, f"på {by}" if by else "", f"i {where}" if where else ""]
        return " ".join(part for part in parts if part)
    if action in ("create", "update", "export") and object_type:
        return f"{verb} {object_word(object_type)}"
    if action == "export" and where:
        return f"{verb} fra {where}"
    return verb


def detail_items(object_type: str, detail: object) -> list[tuple[str, str]]:
    """Return an entry's detail (field names and ids, never sensitive values) as Danish pairs.

    The page is part of the description, so it is left out; a record's field names are shown as
    the model names them (``case_worker`` → sagsbehandler).
    """
    if not isinstance(detail, dict):
        return []
    shown = generalised(object_type, detail)
    items: list[tuple[str, str]] = []
    for key, value in shown.items():
        if key == "page":
            continue
        if key not in VALUES or not VALUES[key](value):
            # Written before the allow-list (an eviction, a kind of transition): not shown.
            if HIDDEN not in items:
                items.append(HIDDEN)
            continue
        items.append((DETAIL_KEYS.get(str(key), str(key)), _value(object_type, str(key), value)))
    return items


def _value(object_type: str, key: str, value: object) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if key == "by":
        return _SEARCHED_BY.get(str(value), str(value))
    if key == "fields" and isinstance(value, list):
        return ", ".join(
            GENERAL_FIELDS.get(str(name)) or _field_name(object_type, str(name)) for name in value
        )
    if isinstance(value, list):
        return ", ".join(map(str, value))
    if isinstance(value, dict):  # counts per kind of record (an erasure)
        return ", ".join(f"{object_word(str(k))} {n}" for k, n in value.items())
    return "–" if value is None else str(value)


def _field_name(object_type: str, name: str) -> str:
    """Return a field's Danish name from its model; the stored name when there is none."""
    try:
        model = apps.get_model(object_type)
        return str(model._meta.get_field(name).verbose_name)
    except (LookupError, ValueError, FieldDoesNotExist, AttributeError):
        return name
