"""The administrators' page of API tokens (/api-noegler/)."""

from django.urls import path

from hjemvej.api import views

app_name = "apitokens"

urlpatterns = [
    path("", views.token_list, name="list"),
    path("<int:pk>/tilbagekald/", views.token_revoke, name="revoke"),
]
