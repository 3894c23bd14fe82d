"""Who may read the API (keys), and who is told when stories change (webhook endpoints, deliveries, attempts)."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    PUBLIC = "public", "Public: what readers see, at a higher rate limit"
    PREVIEW = "preview", "Preview: drafts, stories in review and scheduled stories too"


KEY_PREFIX = "nr_"


def hash_key(raw: str) -> str:
    """Keys are 32 random bytes, so a plain SHA-256 is as good as a slow password hash here, and lets a request
    find its key with one indexed look-up."""
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiKey(models.Model):
    name = models.CharField(max_length=200, help_text="Who uses it: “Partner app”, “Headless front end”.")
    scope = models.CharField(max_length=20, choices=Scope.choices, default=Scope.PUBLIC)
    # The first characters of the key, shown in the admin so an editor can tell keys apart; never the key itself.
    prefix = models.CharField(max_length=16, editable=False)
    hashed = models.CharField(max_length=64, unique=True, editable=False)
    rate_limit = models.PositiveIntegerField(
        "requests a minute", null=True, blank=True, help_text="Empty: the default for its scope."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    def issue(self) -> str:
        """A new secret for this key: stored hashed, returned once (the admin shows it once)."""
        raw = KEY_PREFIX + secrets.token_urlsafe(32)
        self.prefix, self.hashed = raw[:10], hash_key(raw)
        return raw


class Event(models.TextChoices):
    PUBLISHED = "published", "Published"
    UPDATED = "updated", "Updated"
    CORRECTED = "corrected", "Corrected"
    WITHDRAWN = "withdrawn", "Withdrawn"
    EXPIRED = "expired", "Expired"


def all_events() -> list[str]:
    return list(Event.values)


class WebhookEndpoint(models.Model):
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=500, help_text="Receives a POST with the story as ninjs for each event.")
    secret = models.CharField(
        max_length=200, help_text="Shared with the receiver: it signs each body (HMAC-SHA256) with it."
    )
    events = models.JSONField(default=all_events, help_text="Which of: " + ", ".join(Event.values))
    active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event for one endpoint: the body as sent (the same bytes on every retry, so its signature holds)."""

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=20, choices=Event.choices)
    event_id = models.CharField(max_length=64, db_index=True)
    article_id = models.PositiveBigIntegerField(null=True, blank=True)
    body = models.TextField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "webhook deliveries"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.event} → {self.endpoint}"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True, default="")
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["at", "pk"]
