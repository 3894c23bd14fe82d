"""The purge outbox: one row per purge and cache target, kept until the target acknowledged it (or the purge no
longer matters), so a purge survives a node that is down, a Redis that hangs and a worker that dies
(``pagecache.outbox`` reads and writes it; ``pagecache.purge`` and ``pagecache.tasks`` send what it holds)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class PurgeDeliveryQuerySet(models.QuerySet):
    def pending(self):
        """Not acknowledged by its target, and not given up."""
        return self.filter(acknowledged_at__isnull=True, dropped_at__isnull=True)

    def due(self, now):
        return self.pending().filter(next_try_at__lte=now)


class PurgeDelivery(models.Model):
    purge = models.UUIDField(help_text="The purge this row is part of: the same for each of its targets.")
    target = models.CharField(max_length=500, help_text='The cache target\'s name: "django", "varnish:<url>" …')
    keys = models.JSONField(help_text="The keys purged, as the target is sent them.")
    attempts = models.PositiveIntegerField(default=0)
    next_try_at = models.DateTimeField(help_text="When a worker may send it (again).")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    dropped_at = models.DateTimeField(
        null=True, blank=True, help_text="Given up: its pages had expired, or its target is gone."
    )
    last_error = models.CharField(max_length=500, blank=True)
    # Django's page cache only: the site-wide purge stamp Redis gave this purge (pagecache.stamps). A Redis whose
    # stamp is lower than one acknowledged here has lost purges (restored from an older snapshot).
    stamp = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PurgeDeliveryQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["purge", "target"], name="pagecache_purge_once_per_target")]
        indexes = [
            models.Index(
                fields=["target", "next_try_at"],
                condition=Q(acknowledged_at__isnull=True, dropped_at__isnull=True),
                name="pagecache_purge_pending",
            ),
            models.Index(fields=["target", "created_at"], name="pagecache_purge_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {' '.join(self.keys)}"
