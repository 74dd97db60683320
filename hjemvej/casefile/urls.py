"""The citizen's case file under ``/borgere/``: the list, the page, and the forms on it.

The URL names stay in the ``citizens`` namespace that staff's bookmarks and every template use;
each form's view lives in the room that owns the record (citizens, shelters, support).
"""

from django.urls import path

from hjemvej.casefile.views import across, detail, listing, merge
from hjemvej.citizens.views import borders, consent, person, prevention
from hjemvej.shelters.views import admit, stays
from hjemvej.support.views import courses

app_name = "citizens"

urlpatterns = [
    path("", listing.citizen_list, name="list"),
    path("eksport/<str:fmt>/", listing.citizen_export, name="export"),
    path("ny/", person.citizen_create, name="create"),
    path("indskriv/", admit.admit_new, name="admit_new"),
    path("paa-tvaers/", across.across_list, name="across_list"),
    path("risiko/", prevention.at_risk_list, name="at_risk"),
    path("<int:pk>/", detail.citizen_detail, name="detail"),
    path("<int:pk>/paa-tvaers/", across.across_detail, name="across"),
    path("<int:pk>/paa-tvaers/kontakt/", across.across_contact_add, name="across_contact_add"),
    path("<int:pk>/handlekommune/", borders.acting_change, name="acting_change"),
    path("<int:pk>/handlekommune/aftale/", borders.agreement_add, name="agreement_add"),
    path(
        "<int:pk>/handlekommune/aftale/<int:period_pk>/afslut/",
        borders.agreement_end,
        name="agreement_end",
    ),
    path("<int:pk>/handlekommune/uenighed/", borders.dispute_add, name="dispute_add"),
    path(
        "<int:pk>/handlekommune/uenighed/<int:dispute_pk>/afgoerelse/",
        borders.dispute_decide,
        name="dispute_decide",
    ),
    path(
        "<int:pk>/handlekommune/uenighed/<int:dispute_pk>/tilbage/",
        borders.dispute_withdraw,
        name="dispute_withdraw",
    ),
    path("<int:pk>/cpr/", detail.reveal_cpr, name="reveal_cpr"),
    path("<int:pk>/rediger/", person.citizen_edit, name="edit"),
    path("<int:pk>/situation/", person.situation_add, name="situation_add"),
    path("<int:pk>/situation/afslut/", person.situation_end, name="situation_end"),
    path("<int:pk>/ophold/indskriv/", stays.stay_admit, name="stay_admit"),
    path("<int:pk>/ophold/<int:stay_pk>/udskriv/", stays.stay_discharge, name="stay_discharge"),
    path("<int:pk>/ophold/<int:stay_pk>/rediger/", stays.stay_edit, name="stay_edit"),
    path(
        "<int:pk>/ophold/<int:stay_pk>/underretning.pdf",
        stays.stay_notice_letter,
        name="stay_notice_letter",
    ),
    path("<int:pk>/forloeb/ny/", courses.course_create, name="course_create"),
    path("<int:pk>/forloeb/<int:course_pk>/", courses.course_edit, name="course_edit"),
    path("<int:pk>/kontakt/ny/", courses.contact_add, name="contact_add"),
    path("<int:pk>/samtykke/ny/", consent.consent_add, name="consent_add"),
    path(
        "<int:pk>/samtykke/<int:consent_pk>/tilbagekald/",
        consent.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/risiko/ny/", prevention.risk_add, name="risk_add"),
    path(
        "<int:pk>/risiko/<int:homelessness_risk_pk>/afslut/", prevention.risk_end, name="risk_end"
    ),
    path("<int:pk>/sammenlaeg/", merge.merge, name="merge"),
    path("sammenlaegning/<int:merge_pk>/fortryd/", merge.unmerge, name="unmerge"),
]
