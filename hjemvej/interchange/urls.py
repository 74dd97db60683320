"""The records page under /data/."""

from django.urls import URLPattern, path

from hjemvej.interchange import views

app_name = "interchange"

urlpatterns: list[URLPattern] = [
    path("indlaes/", views.records, name="records"),
    path("indlaes/skabelon.xlsx", views.template, name="template"),
    path("udtraek/", views.export, name="export"),
]
