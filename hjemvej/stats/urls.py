"""Statistics' pages under /statistik/."""

from django.urls import URLPattern, path

from hjemvej.stats.views import index

app_name = "stats"

urlpatterns: list[URLPattern] = [
    path("", index.index, name="index"),
]
