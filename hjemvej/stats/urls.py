"""Statistics' pages under /statistik/."""

from django.urls import URLPattern, path

from hjemvej.stats.views import index, outcomes

app_name = "stats"

urlpatterns: list[URLPattern] = [
    path("", index.index, name="index"),
    path("resultater/", outcomes.index, name="outcomes"),
    path("resultater/<slug:measure>/", outcomes.measure, name="outcome"),
    path("resultater/<slug:measure>/borgere/", outcomes.citizens, name="outcome_citizens"),
]
