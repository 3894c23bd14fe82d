"""When the database is unreachable, readers get a styled "503, try again shortly" page instead of a 500.

``DatabaseOutageMiddleware`` turns ``OperationalError``/``InterfaceError`` raised by a view or while its
template renders into that page, with ``Retry-After`` so crawlers and proxies come back later rather than
drop the page. ``articles.views.site.server_error`` does the same for the rare outage that surfaces elsewhere
(a middleware saving the session). The page is rendered without a request context: the context processors
query the database, which is what is down.

Recovery needs nothing: a connection that failed is dropped at once (``drop_failed_connections``), so the
next request connects afresh, whether or not request signals and ``conn_health_checks`` run first (the test
client skips them).
"""

import logging
import time

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
LOG_SECONDS = 60.0
_last_logged = {"at": None}


def database_unavailable() -> HttpResponse:
    """The 503 page, without touching the database or the context processors."""
    try:
        body = loader.get_template("503.html").render()
    except Exception:  # a broken template must not turn the outage page into a 500
        body = "<!DOCTYPE html><title>Temporarily unavailable</title><h1>Back shortly</h1>"
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def log_outage(exc: Exception) -> None:
    """Once a minute at most: an outage fails every request, and the log should not drown in it."""
    now = time.monotonic()
    if _last_logged["at"] is None or now - _last_logged["at"] >= LOG_SECONDS:
        _last_logged["at"] = now
        logger.error("Database unavailable, answering 503: %r", exc)


def drop_failed_connections() -> None:
    """Close this thread's connections that saw an error, unless a transaction still holds one (a test's)."""
    for connection in connections.all(initialized_only=True):
        if connection.errors_occurred and not connection.in_atomic_block:
            connection.close()


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_ERRORS):
            return None
        log_outage(exception)
        drop_failed_connections()
        return database_unavailable()
