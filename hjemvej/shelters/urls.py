"""Shelters with their residents, occupancy, admissions and discharges."""

from django.urls import path

from hjemvej.shelters.views import pages as views

app_name = "shelters"

urlpatterns = [
    path("", views.shelter_list, name="list"),
    path("<int:pk>/", views.shelter_detail, name="detail"),
]
