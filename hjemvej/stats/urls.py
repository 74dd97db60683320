"""Statistics' pages under /statistik/."""

from django.urls import URLPattern, path

from hjemvej.stats.views import flows, index

app_name = "stats"

urlpatterns: list[URLPattern] = [
    path("", index.index, name="index"),
    path("listen/", flows.flows, name="flows"),
    path("listen/xlsx/", flows.flows_xlsx, name="flows_xlsx"),
    path("listen/maal/", flows.flows_targets, name="flows_targets"),
]
