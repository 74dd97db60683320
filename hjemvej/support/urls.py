"""URLs of the support app: a citizen's support tab and the caseload pages."""

from django.urls import path

from hjemvej.support import views

app_name = "support"

urlpatterns = [
    path("borgere/<int:pk>/stoette/", views.citizen, name="citizen"),
    path(
        "borgere/<int:pk>/stoette/forloeb/<int:course_pk>/opfoelgning/",
        views.review_add,
        name="review_add",
    ),
    path(
        "borgere/<int:pk>/stoette/forloeb/<int:course_pk>/vurdering/",
        views.assessment,
        name="assessment",
    ),
    path("borgere/<int:pk>/stoette/botilbud/ny/", views.botilbud_add, name="botilbud_add"),
    path(
        "borgere/<int:pk>/stoette/botilbud/<int:botilbud_pk>/",
        views.botilbud_edit,
        name="botilbud_edit",
    ),
    path("stoette/sagsstamme/", views.caseload, name="caseload"),
    path("stoette/graenser/", views.limits, name="limits"),
]
