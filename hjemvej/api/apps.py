"""The API app: tokens, the API under /api/v1/ and the administrators' page of tokens."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hjemvej.api"
    label = "api"
    verbose_name = "API"
