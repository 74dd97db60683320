"""Fixed word lists for the demo: names, aliases, shelters, notes (none is a real person's)."""

from __future__ import annotations

#: Common Danish first names (Danmarks Statistik's lists of the most used names, by gender).
MALE_FIRST_NAMES = (
    "Peter", "Jens", "Lars", "Michael", "Henrik", "Thomas", "Søren", "Jan", "Niels", "Christian",
    "Martin", "Anders", "Morten", "Jesper", "Mads", "Rasmus", "Per", "Hans", "Kim", "Mikkel",
    "Ole", "Brian", "Jørgen", "Frederik", "Kasper", "Erik", "Carsten", "Torben", "Poul", "Bent",
    "Steen", "Kenneth", "Allan", "Flemming", "Johnny", "René", "Bo", "Claus", "Dennis", "Jonas",
    "Mathias", "Nikolaj", "Simon", "Emil", "Tobias", "Kurt", "Leif", "Finn", "Jimmy", "Benny",
)  # fmt: skip
FEMALE_FIRST_NAMES = (
    "Anne", "Kirsten", "Mette", "Hanne", "Anna", "Helle", "Susanne", "Lene", "Maria", "Marianne",
    "Lone", "Camilla", "Pia", "Louise", "Charlotte", "Tina", "Gitte", "Bente", "Jette", "Karen",
    "Inge", "Dorte", "Julie", "Sara", "Line", "Malene", "Birgitte", "Rikke", "Heidi", "Trine",
    "Janni", "Natasja", "Sabrina", "Maja", "Emma", "Ida", "Laura", "Cecilie", "Sanne", "Tanja",
)  # fmt: skip
#: Common Danish surnames.
LAST_NAMES = (
    "Nielsen", "Jensen", "Hansen", "Andersen", "Pedersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen",
    "Christiansen", "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen",
    "Mikkelsen", "Olesen", "Frederiksen", "Laursen", "Henriksen", "Lund", "Holm", "Schmidt",
    "Eriksen", "Kristiansen", "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen", "Jeppesen",
    "Mogensen", "Vestergaard", "Nissen", "Lauridsen", "Kjær", "Jepsen", "Skov", "Østergaard",
    "Søndergaard", "Dam", "Bach", "Kjeldsen",
)  # fmt: skip
#: First and last names of citizens from abroad without a Danish CPR number.
FOREIGN_MALE_FIRST_NAMES = ("Tomasz", "Andrei", "Marius", "Darius", "Piotr", "Ionut")
FOREIGN_FEMALE_FIRST_NAMES = ("Elena", "Agnieszka", "Ioana", "Kristina")
FOREIGN_LAST_NAMES = ("Nowak", "Popescu", "Ionescu", "Horvat", "Dumitru", "Novak")
#: What staff call a citizen whose name they do not know.
ALIASES = (
    "Kaptajnen", "Store Per", "Musikeren", "Cykel-Bo", "Manden med hunden", "Digteren",
    "Kvinden fra stationen", "Svenskeren", "Tegneren", "Den lange", "Skipper", "Fiskeren",
)  # fmt: skip
#: Where staff see a person, for aliases like "Søren fra Banegården" once the plain ones are used.
ALIAS_PLACES = (
    "Banegården", "Havnen", "Torvet", "Kirken", "Broen", "Stranden", "Parken", "Biblioteket",
    "Rådhuset", "Værestedet", "Natcaféen", "Busterminalen", "Kanalen", "Åen", "Skoven", "Molen",
    "Kajen", "Anlægget", "Kirkegården", "Stadion", "Hallen", "Posthuset", "Apoteket", "Bageren",
    "Kiosken", "Tanken", "Pladsen", "Gågaden", "Bænken", "Springvandet", "Netto", "Genbrugen",
    "Varmestuen", "Hjørnet", "Vandrerhjemmet", "Stationen", "Færgen", "Museet", "Vaskeriet",
    "Kolonihaven",
)  # fmt: skip
WHERE_TO_MEET = (
    "Kan træffes på varmestuen om formiddagen",
    "Kommer i natcaféen de fleste aftener",
    "Ses ved banegården",
    "Kan træffes via boformen",
    "Henter post hos Kirkens Korshær",
    "Ring til søsteren, hvis borgeren ikke kan findes",
)
CONTACT_NOTES = (
    "Opfølgning på boligsituationen.",
    "Talt om økonomi og budget for en kommende bolig.",
    "Netværksmøde med borgeren og de personer, borgeren har valgt.",
    "Fulgt borgeren til lægen.",
    "Boligtilbud gennemgået sammen med borgeren.",
    "Aftalt næste skridt i handleplanen.",
    "Borgeren var ikke hjemme; efterladt besked.",
    "Hjælp til post fra det offentlige.",
    "Kort telefonsamtale; borgeren har det godt.",
    "Opsøgt på gaden; borgeren ønskede ikke at tale i dag.",
)
WITH_WHOM = ("Borgeren", "Borgeren og boformen", "Boformen", "Borgerens søster", "Jobcentret")
CONSENTS = (
    ("Boformen", "Oplysninger om ophold og handleplan"),
    ("Jobcentret", "Oplysninger om forsørgelse og beskæftigelse"),
    ("Psykiatrien", "Oplysninger om udskrivning og opfølgning"),
    ("Egen læge", "Helbredsoplysninger af betydning for støtten"),
    ("Boligselskabet", "Oplysninger om boligbehov og støtte i boligen"),
    ("Kriminalforsorgen", "Oplysninger om løsladelse og bolig"),
)
#: Fictional shelter names for the national data set (name, then the town in parentheses).
SHELTER_WORDS = (
    "Herberget Lindely", "Forsorgshjemmet Engbo", "Herberget Ankeret", "Kollegiet Kompasset",
    "Herberget Fyrtårnet", "Forsorgshjemmet Bakkely", "Herberget Læhegnet", "Husly",
    "Forsorgshjemmet Skovbo", "Herberget Ly", "Herberget Broen", "Forsorgshjemmet Solgården",
)  # fmt: skip
