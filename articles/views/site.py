"""The site's own answers: robots.txt, the health check and the error pages."""

import sys

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

from articles.caching import LONG_MAX_AGE, public_page
from articles.outage import DATABASE_ERRORS, database_unavailable, drop_failed_connections, log_outage
from newsroom import queue_health
from newsroom.db_router import REPLICA, replica_configured
from newsroom.shared_cache import cache_reachable


def healthz(request):
    """Readiness: the database and the cache, each "ok" or "down"; 503 while the database is down.

    The cache does not decide readiness: pages are served without it (slower), and taking every instance out
    of the load balancer because Redis is down would turn a slow site into no site. Nor do the workers, the
    replica or the queue: this web process serves pages without them, so ``ready`` stays about it, and
    ``degraded`` lists what is wrong elsewhere (``cache``, ``replica``, ``workers``: none has beaten within the
    lease; ``stuck_tasks``: running on a silent worker; ``queue``: a due task has waited over
    five minutes) for the monitoring to page on. ``?live`` answers whether the process serves requests at all,
    touching nothing.
    """
    if "live" in request.GET:
        return _no_store(HttpResponse("ok", content_type="text/plain"))
    checks = {"database": "ok" if _database_reachable() else "down", "cache": "ok" if cache_reachable() else "down"}
    if replica_configured():
        checks["replica"] = "ok" if _database_reachable(REPLICA) else "down"
    ready = checks["database"] == "ok"
    body = {"ready": ready, "version": settings.NEWSROOM_VERSION, **checks}
    body["degraded"] = [name for name in ("cache", "replica") if checks.get(name) == "down"]
    if ready:
        report, degraded = _queue_report()
        body |= report
        body["degraded"] += degraded
    response = _no_store(JsonResponse(body, status=200 if ready else 503))
    response["X-Newsroom-Version"] = settings.NEWSROOM_VERSION
    return response


def _queue_report() -> tuple[dict, list[str]]:
    """The workers and the task queue, and what of them is degraded."""
    try:
        health = queue_health.queue_health()
    except DATABASE_ERRORS:
        drop_failed_connections()
        return {}, ["queue"]
    workers = health.workers
    degraded = []
    if workers.alive == 0:  # queued work, purge retries and scheduled stories' announcements wait for one
        degraded.append("workers")
    if health.stuck:
        degraded.append("stuck_tasks")
    if health.oldest_waiting_seconds > queue_health.LONG_WAIT.total_seconds():
        degraded.append("queue")
    report = {
        "workers": {
            "alive": workers.alive,
            "silent": workers.silent,
            "last_heartbeat_seconds_ago": round(workers.newest_beat_seconds, 1)
            if workers.newest_beat_seconds is not None
            else None,
        },
        "tasks": {
            "waiting": health.waiting_tasks,
            "oldest_waiting_seconds": round(health.oldest_waiting_seconds, 1),
            "running": health.running,
            "stuck": health.stuck,
            "failed_last_hour": sum(health.failed_recently.values()),
        },
    }
    return report, degraded


def _database_reachable(alias: str = DEFAULT_DB_ALIAS) -> bool:
    connection = connections[alias]
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DATABASE_ERRORS:
        drop_failed_connections()
        return False
    return True


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


@public_page(max_age=LONG_MAX_AGE)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        f"Disallow: {reverse('articles:search')}",
        "Disallow: /preview/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-index'))}",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap-news'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def page_not_found(request, exception=None):
    return render(request, "404.html", {"meta": {"title": "Page not found", "robots": "noindex"}}, status=404)


def server_error(request):
    # A database outage that surfaced outside a view (a middleware saving the session) is still a 503.
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        log_outage(sys.exc_info()[1])
        drop_failed_connections()
        return database_unavailable()
    # No request context: the database or a context processor may be what failed.
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:
        return HttpResponseServerError("<!DOCTYPE html><title>Server error</title><h1>Something went wrong</h1>")
