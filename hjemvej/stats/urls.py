"""Statistics' pages under /statistik/."""

from django.urls import URLPattern, path

from hjemvej.stats.views import dst, index

app_name = "stats"

urlpatterns: list[URLPattern] = [
    path("", index.index, name="index"),
    path("dst/", dst.dst, name="dst"),
    path("dst/fil/", dst.dst_file, name="dst_file"),
]
