"""Statistics' pages under /statistik/."""

from django.urls import URLPattern, path

from hjemvej.stats.views import index, shelter_users

app_name = "stats"

urlpatterns: list[URLPattern] = [
    path("", index.index, name="index"),
    path("brugere/", shelter_users.shelter_users, name="shelter_users"),
]
