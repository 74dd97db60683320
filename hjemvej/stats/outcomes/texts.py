"""What each outcome measure means, in plain Danish: the title, the question and the definition.

The pages, the command line's help and the council report say the same words; the measures
themselves are computed in ``outcomes`` and documented in docs/statistics.md.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MeasureText:
    """A measure as users read it."""

    @property
    def each(self) -> str:
        """Return "hver borger", "hvert ophold" …: one line behind the figures."""
        return EACH[self.counts]

    @property
    def plural(self) -> str:
        """Return "borgere", "ophold" …: the lines behind the figures."""
        return PLURAL[self.counts]

    key: str
    slug: str  # the page's address under /statistik/resultater/
    title: str
    question: str
    definition: tuple[str, ...]
    counts: str  # what one line behind it is: "borger", "ophold", "forløb", "flytning"
    national: str = ""  # a national figure to compare with, with its source


TEXTS: tuple[MeasureText, ...] = (
    MeasureText(
        key="time_homeless",
        slug="tid-i-hjemloeshed",
        title="Tid i hjemløshed",
        question="Hvor længe er borgerne i hjemløshed?",
        definition=(
            "Tallene gælder de borgere, der var i en hjemløshedssituation mindst én dag i året "
            "(en af de ni situationer i den nationale definition, også gade, sofa og "
            "natvarmestue, ikke kun boform).",
            "Dage i året: de dage i året, borgeren var i en situation. En situation tæller fra "
            "sin første dag til dagen før den slutter, som på by-name-listen; et ophold, der "
            "begynder og slutter samme dag, giver ingen dag i situationen.",
            "Samlet tid: alle borgerens dage i hjemløshed fra den første registrering til "
            "årets slutning (eller opgørelsesdagen), som listen viser den.",
            "Gennemsnittet er summen af dagene delt med antallet af borgere; medianen er den "
            "midterste borger (halvdelen har færre dage, halvdelen flere).",
        ),
        counts="borger",
    ),
    MeasureText(
        key="exits_housing",
        slug="til-egen-bolig",
        title="Ud af listen til egen bolig",
        question="Hvor mange af dem, der gik af listen, fik egen bolig?",
        definition=(
            "Tallene gælder de borgere, der gik af by-name-listen i året. For hver borger tæller "
            "den seneste gang i året, borgeren gik af listen.",
            "Til egen bolig: årsagen var »Har fået bolig«. Den årsag skrives, når borgeren "
            "flytter ind i et lejemål, eller udskrives fra en boform til egen bolig, egen bolig "
            "med støtte eller et botilbud eller en plejebolig.",
            "Andelen er antallet til egen bolig delt med alle, der gik af listen (også som "
            "inaktive, døde eller ikke længere omfattet).",
        ),
        counts="borger",
    ),
    MeasureText(
        key="returns_any",
        slug="tilbage-i-hjemloeshed",
        title="Tilbage i hjemløshed efter indflytning",
        question="Hvor mange kom tilbage i hjemløshed inden for 6, 12 og 24 måneder?",
        definition=(
            "Tallene gælder de borgere, der flyttede ind i egen bolig i året: hver borgers "
            "første indflytning i året i et lejemål (en udslusningsbolig tæller ikke som egen "
            "bolig).",
            "Tilbage i hjemløshed: en ny hjemløshedssituation (en af de ni) eller et ophold på "
            "en boform efter § 110, som begynder efter indflytningsdagen. En situation, der "
            "aldrig blev afsluttet ved indflytningen, tæller ikke som tilbagefald.",
            "Inden for 6 måneder: før samme dato 6 kalendermåneder efter indflytningen (findes "
            "datoen ikke, den 1. i måneden efter). Flyttede borgeren ind 1. april, tæller en ny "
            "situation fra 30. september (dag 182) med, men ikke en fra 1. oktober (dag 183). "
            "Det samme for 12 og 24 måneder.",
            "Et år opgøres først, når alle årets indflyttere er fulgt hele perioden: 6, 12 eller "
            "24 måneder efter årets sidste dag. Indtil da står der »ikke opgjort endnu«.",
        ),
        counts="borger",
    ),
    MeasureText(
        key="returns_shelter",
        slug="tilbage-paa-boform",
        title="Nyt ophold på boform efter indflytning",
        question="Hvor mange fik et nyt ophold på en boform inden for 6, 12 og 24 måneder?",
        definition=(
            "De samme borgere som »Tilbage i hjemløshed efter indflytning«: hver borgers første "
            "indflytning i egen bolig i året.",
            "Nyt ophold: en indskrivning på en boform efter serviceloven § 110 (ikke "
            "efterforsorg) efter indflytningsdagen, på enhver boform.",
            "Perioderne regnes i kalendermåneder fra indflytningen, og året opgøres først, når "
            "alle er fulgt hele perioden, som ved tilbagefald til hjemløshed.",
        ),
        counts="borger",
    ),
    MeasureText(
        key="housing_kept",
        slug="bolig-efter-stoette",
        title="I egen bolig 12 måneder efter, at støtten begyndte",
        question="Bor borgerne i egen bolig et år efter, at støtten begyndte?",
        definition=(
            "Tallene gælder de borgere, der begyndte et støtteforløb i året: CTI, ICM, ACT eller "
            "M-ACT efter § 85 a eller bostøtte efter § 85. For hver metode tæller borgerens "
            "første forløb i året; »Alle metoder« tæller borgerens første forløb af dem alle.",
            "I egen bolig: på samme dato 12 kalendermåneder efter, at støtten begyndte, har "
            "borgeren et lejemål i egen bolig (ikke en udslusningsbolig) og er ikke i en "
            "hjemløshedssituation. Det gælder, også hvis støtten er slut.",
            "Støtten kan begynde, før borgeren har en bolig (CTI's kontaktperiode): så viser "
            "tallet, hvor mange der har fået og beholdt en bolig et år efter.",
            "Et år opgøres først, når dagen 12 måneder efter årets sidste dag er gået.",
        ),
        counts="forløb",
    ),
    MeasureText(
        key="first_time",
        slug="foerste-gang",
        title="Første gang i hjemløshed",
        question="Hvor mange af dem, der kom på listen, var i hjemløshed for første gang?",
        definition=(
            "Tallene gælder de borgere, der kom på by-name-listen i året (nyidentificeret, "
            "vendt tilbage fra bolig eller vendt tilbage fra inaktiv). For hver borger tæller "
            "den første gang i året.",
            "Første gang: borgeren har ingen hjemløshedssituation og intet ophold på en boform "
            "med en dag i de 24 kalendermåneder før den dag, borgeren kom på listen. Kom "
            "borgeren på listen 15. marts 2026, ses der efter fra 15. marts 2024: var borgerens "
            "sidste dag i en situation 15. marts 2024, er det ikke første gang; var den sidste "
            "dag 14. marts 2024, er det første gang.",
            "Hjemvej kender kun det, kommunen har registreret: en borger, der var hjemløs i en "
            "anden kommune eller før kommunen tog Hjemvej i brug, ser ud til at være der for "
            "første gang.",
        ),
        counts="borger",
    ),
    MeasureText(
        key="stays_by_agreement",
        slug="udskrevet-efter-aftale",
        title="Ophold afsluttet efter aftale",
        question="Hvor mange ophold på boform sluttede efter aftale med boformen?",
        definition=(
            "Tallene gælder kommunens borgeres ophold på boformer efter § 110, der blev "
            "afsluttet i året (efterforsorg tæller ikke). Et ophold over nytår tæller i det år, "
            "det sluttede. Samme borger kan have flere ophold.",
            "Andelen efter aftale er de ophold, hvor udflytningsforholdet er »Efter aftale«, "
            "delt med de ophold, hvor udflytningsforholdet er oplyst, som i den nationale "
            "opgørelse. Andelen med uoplyst udflytningsforhold står for sig.",
        ),
        counts="ophold",
        national=(
            "I hele landet skete to tredjedele af udflytningerne fra en boform i 2024 efter "
            "aftale med boformen (Det Nationale Partnerskab mod Hjemløshed, afrapportering "
            "2025, figur 4, på Danmarks Statistiks registerdata; uoplyste udflytninger indgår "
            "ikke)."
        ),
    ),
    MeasureText(
        key="admission_to_offer",
        slug="fra-indskrivning-til-tilbud",
        title="Fra indskrivning til første boligtilbud",
        question="Hvor længe går der fra indskrivning på boform til det første boligtilbud?",
        definition=(
            "Tallene gælder ophold på boformer efter § 110, hvor borgeren fik sit første "
            "boligtilbud under opholdet i året (fra indskrivningsdagen til og med "
            "udskrivningsdagen).",
            "Dagene regnes fra indskrivningen til den dag, tilbuddet blev givet. Ophold uden "
            "tilbud indgår ikke: tallet siger, hvor hurtigt tilbuddet kom til dem, der fik et.",
        ),
        counts="ophold",
    ),
    MeasureText(
        key="offer_to_move_in",
        slug="fra-tilbud-til-indflytning",
        title="Fra boligtilbud til indflytning",
        question="Hvor længe går der fra boligtilbuddet til indflytningen?",
        definition=(
            "Tallene gælder indflytninger i egen bolig i året fra et boligtilbud i Hjemvej "
            "(lejemål uden tilbud, fx en bolig uden for registret, indgår ikke).",
            "Dagene regnes fra den dag, boligen blev tilbudt, til indflytningsdagen.",
        ),
        counts="flytning",
    ),
)

#: Each kind of line with its article ("hver borger", "hvert ophold") and its plural.
EACH: dict[str, str] = {
    "borger": "hver borger",
    "ophold": "hvert ophold",
    "forløb": "hvert forløb",
    "flytning": "hver flytning",
}
PLURAL: dict[str, str] = {
    "borger": "borgere",
    "ophold": "ophold",
    "forløb": "forløb",
    "flytning": "flytninger",
}

BY_KEY: dict[str, MeasureText] = {text.key: text for text in TEXTS}
BY_SLUG: dict[str, MeasureText] = {text.slug: text for text in TEXTS}

#: What a figure's status says when it has no value, or that the year is counted to date.
STATUS_TEXTS: dict[str, str] = {
    "not_yet": "ikke opgjort endnu",
    "no_base": "ingen at opgøre",
    "partial": "året til dato",
    "ok": "",
}
