"""The shared bottom layer's only table: the database fallback of ``newsroom.limits`` (Redis keeps its own)."""

from django.db import models


class RateWindow(models.Model):
    """One fixed window of a limit every process shares: a name (an address digest or a key, and what is limited),
    the hits counted in it, and when it ends (``time.time()`` seconds: compared in SQL with one number, on
    PostgreSQL and SQLite alike). Rows past their end are deleted by ``limits`` a minute or so later."""

    name = models.CharField(max_length=200, unique=True)
    hits = models.PositiveIntegerField(default=0)
    expires = models.FloatField(db_index=True)

    def __str__(self):
        return f"{self.name}: {self.hits}"
