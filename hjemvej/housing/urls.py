"""URLs of the housing app: a citizen's housing tab and forms, and the dwellings register."""

from django.urls import path

from hjemvej.housing import views

app_name = "housing"

CITIZEN = "borgere/<int:pk>/bolig/"

urlpatterns = [
    path(CITIZEN, views.citizen, name="citizen"),
    path(f"{CITIZEN}soeg/", views.search, name="search"),
    path(f"{CITIZEN}husstand/", views.household_edit, name="household"),
    path(f"{CITIZEN}indkomst/ny/", views.income_add, name="income_add"),
    path(f"{CITIZEN}indkomst/<int:income_pk>/ret/", views.income_edit, name="income_edit"),
    path(f"{CITIZEN}tilbud/nyt/", views.offer_create, name="offer_create"),
    path(f"{CITIZEN}tilbud/<int:offer_pk>/svar/", views.offer_answer, name="offer_answer"),
    path(f"{CITIZEN}lejemaal/nyt/", views.tenancy_create, name="tenancy_create"),
    path(f"{CITIZEN}lejemaal/<int:tenancy_pk>/fraflytning/", views.tenancy_end, name="tenancy_end"),
    path(
        f"{CITIZEN}lejemaal/<int:tenancy_pk>/indflyttet/",
        views.tenancy_housed,
        name="tenancy_housed",
    ),
    path(f"{CITIZEN}lejemaal/<int:tenancy_pk>/risiko/ny/", views.risk_add, name="risk_add"),
    path(f"{CITIZEN}risiko/<int:risk_pk>/loest/", views.risk_resolve, name="risk_resolve"),
    path(f"{CITIZEN}bevilling/ny/", views.grant_create, name="grant_create"),
    path(f"{CITIZEN}bevilling/<int:grant_pk>/ret/", views.grant_edit, name="grant_edit"),
    path("boliger/", views.dwelling_list, name="dwelling_list"),
    path("boliger/ny/", views.dwelling_create, name="dwelling_create"),
    path("boliger/<int:dwelling_pk>/", views.dwelling_detail, name="dwelling_detail"),
    path("boliger/<int:dwelling_pk>/ret/", views.dwelling_edit, name="dwelling_edit"),
    path("boliger/udlejere/", views.landlord_list, name="landlord_list"),
    path("boliger/udlejere/ny/", views.landlord_create, name="landlord_create"),
    path("boliger/udlejere/<int:landlord_pk>/ret/", views.landlord_edit, name="landlord_edit"),
]
