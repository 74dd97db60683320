"""API tokens: one user's key to the API, stored only as a hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    """A token that acts as its user in the API, under the same policy as the user's pages.

    Only the SHA-256 of the token is stored (a token is 256 random bits, so no slow hash is
    needed); ``prefix`` (its first characters) lets people tell their tokens apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="bruger",
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField("navn", max_length=100, blank=True)
    prefix = models.CharField("begyndelse", max_length=12, editable=False)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("oprettet", default=timezone.now, editable=False)
    created_by = models.CharField("oprettet af", max_length=150, editable=False)
    last_used_at = models.DateTimeField("sidst brugt", null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField("tilbagekaldt", null=True, blank=True, editable=False)
    revoked_by = models.CharField("tilbagekaldt af", max_length=150, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API-nøgle"
        verbose_name_plural = "API-nøgler"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def active(self) -> bool:
        """Return whether the token still opens the API (not revoked)."""
        return self.revoked_at is None


class RateCount(models.Model):
    """A token's requests in its current window of the rate limit (``HJEMVEJ_API_RATE``).

    In the database, so that every process of the web server counts the same requests: each
    request adds one with a single UPDATE (``F("count") + 1``), which no other process can lose.
    A window starts at the first request after the previous one ended (``since``).
    """

    token = models.OneToOneField(
        ApiToken, on_delete=models.CASCADE, primary_key=True, related_name="rate_count"
    )
    since = models.DateTimeField("vinduet begyndte")
    count = models.PositiveIntegerField("forespørgsler", default=0)

    class Meta:
        verbose_name = "API-nøglens forespørgsler"
        verbose_name_plural = "API-nøglernes forespørgsler"

    def __str__(self) -> str:
        return f"{self.count} siden {self.since:%Y-%m-%d %H:%M:%S}"
