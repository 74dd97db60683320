"""The by-name list and the citizen's page, with the forms that change a citizen's data."""

from django.urls import path

from hjemvej.citizens.views import detail, edit, listing

app_name = "citizens"

urlpatterns = [
    path("", listing.citizen_list, name="list"),
    path("eksport/<str:fmt>/", listing.citizen_export, name="export"),
    path("ny/", edit.citizen_create, name="create"),
    path("indskriv/", edit.admit_new, name="admit_new"),
    path("<int:pk>/", detail.citizen_detail, name="detail"),
    path("<int:pk>/cpr/", detail.reveal_cpr, name="reveal_cpr"),
    path("<int:pk>/rediger/", edit.citizen_edit, name="edit"),
    path("<int:pk>/situation/", edit.situation_add, name="situation_add"),
    path("<int:pk>/situation/afslut/", edit.situation_end, name="situation_end"),
    path("<int:pk>/ophold/indskriv/", edit.stay_admit, name="stay_admit"),
    path("<int:pk>/ophold/<int:stay_pk>/udskriv/", edit.stay_discharge, name="stay_discharge"),
    path("<int:pk>/ophold/<int:stay_pk>/rediger/", edit.stay_edit, name="stay_edit"),
    path("<int:pk>/forloeb/ny/", edit.course_create, name="course_create"),
    path("<int:pk>/forloeb/<int:course_pk>/", edit.course_edit, name="course_edit"),
    path("<int:pk>/kontakt/ny/", edit.contact_add, name="contact_add"),
    path("<int:pk>/samtykke/ny/", edit.consent_add, name="consent_add"),
    path(
        "<int:pk>/samtykke/<int:consent_pk>/tilbagekald/",
        edit.consent_withdraw,
        name="consent_withdraw",
    ),
    path("<int:pk>/sammenlaeg/", edit.merge, name="merge"),
    path("sammenlaegning/<int:merge_pk>/fortryd/", edit.unmerge, name="unmerge"),
]
