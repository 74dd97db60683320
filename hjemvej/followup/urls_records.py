"""URLs of a citizen's follow-up records: the tab, transitions, plans, stay plans, letters."""

from django.urls import path

from hjemvej.followup.views import letters, plans, tab, transitions

BASE = "borgere/<int:pk>/opfoelgning/"

urlpatterns = [
    path(BASE, tab.citizen, name="citizen"),
    path(f"{BASE}overgang/ny/", transitions.transition_create, name="transition_create"),
    path(
        f"{BASE}overgang/<int:transition_pk>/",
        transitions.transition_edit,
        name="transition_edit",
    ),
    path(
        f"{BASE}overgang/<int:transition_pk>/moede/",
        transitions.meeting_add,
        name="transition_meeting_add",
    ),
    path(f"{BASE}handleplan/ny/", plans.plan_create, name="plan_create"),
    path(f"{BASE}handleplan/<int:plan_pk>/skridt/", plans.step_add, name="step_add"),
    path(
        f"{BASE}handleplan/<int:plan_pk>/skridt/<int:step_pk>/udfoert/",
        plans.step_done,
        name="step_done",
    ),
    path(f"{BASE}opholdsplan/<int:stay_pk>/ny/", plans.stay_plan_create, name="stay_plan_create"),
    path(f"{BASE}brev/ny/", letters.letter_new, name="letter_new"),
    path(f"{BASE}brev/<int:letter_pk>/", letters.letter_detail, name="letter"),
    path(f"{BASE}brev/<int:letter_pk>/pdf/", letters.letter_pdf, name="letter_pdf"),
]
