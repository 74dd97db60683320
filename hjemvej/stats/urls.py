"""Statistics' pages under /statistik/."""

from django.urls import URLPattern, path

from hjemvej.stats.views import (
    count_week,
    dst,
    flows,
    index,
    outcomes,
    prevention,
    shelter_users,
    support,
)

app_name = "stats"

urlpatterns: list[URLPattern] = [
    path("", index.index, name="index"),
    path("listen/", flows.flows, name="flows"),
    path("listen/xlsx/", flows.flows_xlsx, name="flows_xlsx"),
    path("listen/maal/", flows.flows_targets, name="flows_targets"),
    path("dst/", dst.dst, name="dst"),
    path("dst/fil/", dst.dst_file, name="dst_file"),
    path("optaelling/", count_week.count_week_page, name="count_week"),
    path("optaelling/regneark/", count_week.count_week_download, name="count_week_xlsx"),
    path("stoette/", support.support_page, name="support"),
    path("brugere/", shelter_users.shelter_users, name="shelter_users"),
    path("forebyggelse/", prevention.prevention_page, name="prevention"),
    path("resultater/", outcomes.index, name="outcomes"),
    path("resultater/<slug:measure>/", outcomes.measure, name="outcome"),
    path("resultater/<slug:measure>/borgere/", outcomes.citizens, name="outcome_citizens"),
]
