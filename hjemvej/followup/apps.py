"""Deadlines and tasks, critical transitions, action plans and letters."""

from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "hjemvej.followup"
    verbose_name = "Opfølgning"
