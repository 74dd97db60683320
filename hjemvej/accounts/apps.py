"""Users, roles, municipalities, the access policy and the audit log."""

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "hjemvej.accounts"
    verbose_name = "Brugere og adgang"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_migrate

        from hjemvej.accounts.audit_partitions import after_migrate
        from hjemvej.accounts.middleware import stamp_login

        # The session limits' clock starts at every login (local, the municipality's, a test's).
        user_logged_in.connect(stamp_login, dispatch_uid="hjemvej.accounts.stamp_login")
        # migrate (as the owner role) keeps the audit log's months a year ahead (PostgreSQL).
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="hjemvej.audit_partitions")
